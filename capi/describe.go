package main

// #include "capi.h"
import "C"
import "github.com/gosoto/gosoto/sdk/engine"

// Service descriptions for bindings: the operations and shapes of a model
// as JSON (model.Service.Describe), so that a binding converts values and
// names errors from the library's own model instead of a second copy.

//export gosoto__go_client_describe
func gosoto__go_client_describe(h *C.gosoto_client, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, err := clientOf(h)
		if err != nil {
			return nil, err
		}
		return engine.Describe(c), nil
	})
}

//export gosoto__go_service_describe
func gosoto__go_service_describe(service *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		name, err := goString(service, "service", maxSmall)
		if err != nil {
			return nil, err
		}
		return engine.DescribeService(name)
	})
}

// gosoto_services lists the built-in services as a JSON array of botocore
// names, sorted: ["sqs", "sts"].
//
//export gosoto__go_services
func gosoto__go_services(out **C.char) C.int {
	return answer(out, engine.Services)
}

// gosoto_client_info describes one client as resolved when it was made:
// {"service": "sqs", "region": "us-east-1", "endpoint_url": "https://..."}.
//
//export gosoto__go_client_info
func gosoto__go_client_info(h *C.gosoto_client, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, err := clientOf(h)
		if err != nil {
			return nil, err
		}
		return engine.Info(c)
	})
}
