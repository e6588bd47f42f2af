// Package route53 holds Amazon Route 53's client hooks: the ids the API
// returns with a type prefix ("/hostedzone/Z123", "/change/C456",
// "/delegationset/N789") go into requests bare, as boto3 sends them, so
// that an Id from CreateHostedZone can be passed on as it is.
package route53

import (
	"strings"

	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/client"
	"github.com/tidwall/gjson"
)

// Hooks are Route 53's hooks.
func Hooks() []client.Hook { return []client.Hook{{Name: "route53.ids", BeforeValidate: bareIDs}} }

// idShapes are the input shapes whose values keep only what follows their
// last "/".
var idShapes = map[string]bool{"ResourceId": true, "DelegationSetId": true, "ChangeId": true}

// bareIDs makes the prefixed ids of the input bare.
func bareIDs(c *client.Call) error {
	op := c.Op
	if op.Input == nil || op.Input.Shape == nil {
		return nil
	}
	doc := gjson.ParseBytes(c.Input)
	if !doc.IsObject() {
		return nil // validation reports it
	}
	for _, m := range op.Input.Shape.Members {
		if !idShapes[m.ShapeName] {
			continue
		}
		v := doc.Get(gjson.Escape(m.Name))
		if v.Type != gjson.String || !strings.Contains(v.Str, "/") {
			continue
		}
		id := v.Str[strings.LastIndex(v.Str, "/")+1:]
		c.Input = client.SetMember(c.Input, m.Name, jsonx.AppendString(nil, id))
	}
	return nil
}
