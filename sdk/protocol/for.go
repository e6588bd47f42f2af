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
	case "ec2":
		return EC2{}, nil
	case "rest-json":
		return RESTJSON{}, nil
	case "rest-xml":
		return RESTXML{}, nil
	case "":
		return nil, fmt.Errorf("service model names no protocol")
	default:
		return nil, fmt.Errorf("unknown protocol %q", p)
	}
}
