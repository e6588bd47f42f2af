package client

import (
	"strings"

	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// route53IDShapes are the Route 53 input shapes whose values the API
// returns with a type prefix ("/hostedzone/Z123", "/change/C456",
// "/delegationset/N789") but wants bare in request URIs. As boto3 does, a
// client of Route 53 keeps only what follows the last "/", so that an Id
// from CreateHostedZone can be passed on as it is.
var route53IDShapes = map[string]bool{"ResourceId": true, "DelegationSetId": true, "ChangeId": true}

// route53FixIDs returns input with the prefixed ids of a Route 53 operation
// made bare; for other services, or when nothing changes, input itself.
func route53FixIDs(svc *model.Service, op *model.Operation, input []byte) []byte {
	if svc == nil || svc.Metadata.ServiceID != "Route 53" || op.Input == nil || op.Input.Shape == nil {
		return input
	}
	doc := gjson.ParseBytes(input)
	if !doc.IsObject() {
		return input
	}
	var ms []member
	changed := false
	for _, m := range op.Input.Shape.Members {
		if !route53IDShapes[m.ShapeName] {
			continue
		}
		v := doc.Get(gjson.Escape(m.Name))
		if v.Type != gjson.String || !strings.Contains(v.Str, "/") {
			continue
		}
		if !changed {
			var err error
			if ms, err = objectMembers(input, "input_json"); err != nil {
				return input
			}
			changed = true
		}
		raw, err := appendJSON(nil, v.Str[strings.LastIndex(v.Str, "/")+1:])
		if err != nil {
			return input
		}
		ms = setMember(ms, m.Name, strings.TrimSpace(string(raw)))
	}
	if !changed {
		return input
	}
	return encodeMembers(ms)
}
