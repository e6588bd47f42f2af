// Package customize holds each service's behaviours as client hooks, in one
// package per service (sdk/customize/<service>), and the table that gives
// a client its service's hooks, as botocore registers its handlers on
// events named for a service ("before-parameter-build.s3"). The generic
// client stages know no service; a new service behaviour is a hook here.
//
// It knows the client's hook points and the model; nothing of C.
package customize

import (
	"strings"

	"github.com/gosoto/gosoto/sdk/client"
	"github.com/gosoto/gosoto/sdk/customize/dynamodb"
	"github.com/gosoto/gosoto/sdk/customize/route53"
	"github.com/gosoto/gosoto/sdk/customize/s3"
	"github.com/gosoto/gosoto/sdk/model"
)

// byServiceID maps a model's service id, hyphenized as botocore names its
// events ("s3", "route-53", "dynamodb"), to its hooks.
var byServiceID = map[string]func() []client.Hook{
	"dynamodb": dynamodb.Hooks,
	"route-53": route53.Hooks,
	"s3":       s3.Hooks,
}

// For returns the hooks of a client of svc (nil for a service without
// any). A model loaded at run time gets its service's hooks through its
// service id, as a built-in one does.
func For(svc *model.Service) []client.Hook {
	if f := byServiceID[EventName(svc)]; f != nil {
		return f()
	}
	return nil
}

// EventName is the name botocore gives svc in its event names: the
// service id lower-cased with spaces as "-" ("Route 53" is "route-53"),
// else the service's name.
func EventName(svc *model.Service) string {
	id := svc.Metadata.ServiceID
	if id == "" {
		return svc.Name
	}
	return strings.ToLower(strings.ReplaceAll(id, " ", "-"))
}
