package protocol

import (
	"fmt"

	"github.com/gosoto/gosoto/sdk/model"
)

// For returns the Protocol implementation for the service's wire protocol
// (svc.Protocol()).
func For(svc *model.Service) (Protocol, error) {
	if svc == nil {
		return nil, fmt.Errorf("no service model")
	}
	switch p := svc.Protocol(); p {
	case "json":
		return JSONRPC{}, nil
	case "query":
		return Query{}, nil
	case "ec2", "rest-json", "rest-xml":
		return nil, fmt.Errorf("protocol %q is not supported yet", p)
	case "":
		return nil, fmt.Errorf("service model names no protocol")
	default:
		return nil, fmt.Errorf("unknown protocol %q", p)
	}
}
