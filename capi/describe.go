package main

// #include "capi.h"
import "C"

import (
	"encoding/json"

	"github.com/gosoto/gosoto/sdk/awserr"
	"github.com/gosoto/gosoto/sdk/model"
)

// Service descriptions for bindings: the operations and shapes of a model
// as JSON (model.Service.Describe), so that a binding converts values and
// names errors from the library's own model instead of a second copy.

//export gosoto__go_client_describe
func gosoto__go_client_describe(h *C.gosoto_client, out **C.char) (status C.int) {
	if out != nil {
		*out = nil
	}
	defer guard(out, &status)
	if out == nil {
		return outIsNULL()
	}
	c, err := clientOf(h)
	if err != nil {
		return fail(out, err)
	}
	setOut(out, c.Service().Describe())
	return statusOK
}

//export gosoto__go_service_describe
func gosoto__go_service_describe(service *C.char, out **C.char) (status C.int) {
	if out != nil {
		*out = nil
	}
	defer guard(out, &status)
	if out == nil {
		return outIsNULL()
	}
	name, err := goString(service, "service", maxSmall)
	if err != nil {
		return fail(out, err)
	}
	svc, err := model.Lookup(name)
	if err != nil {
		return fail(out, awserr.InvalidArg("%v", err))
	}
	setOut(out, svc.Describe())
	return statusOK
}

// gosoto_services lists the built-in services as a JSON array of botocore
// names, sorted: ["sqs", "sts"].
//
//export gosoto__go_services
func gosoto__go_services(out **C.char) (status C.int) {
	if out != nil {
		*out = nil
	}
	defer guard(out, &status)
	if out == nil {
		return outIsNULL()
	}
	b, err := json.Marshal(model.Names())
	if err != nil {
		return fail(out, err)
	}
	setOut(out, b)
	return statusOK
}

// gosoto_client_info describes one client as resolved when it was made:
// {"service": "sqs", "region": "us-east-1", "endpoint_url": "https://..."}.
//
//export gosoto__go_client_info
func gosoto__go_client_info(h *C.gosoto_client, out **C.char) (status C.int) {
	if out != nil {
		*out = nil
	}
	defer guard(out, &status)
	if out == nil {
		return outIsNULL()
	}
	c, err := clientOf(h)
	if err != nil {
		return fail(out, err)
	}
	b, err := json.Marshal(struct {
		Service     string `json:"service"`
		Region      string `json:"region"`
		EndpointURL string `json:"endpoint_url"`
	}{c.Service().Name, c.Region(), c.Endpoint()})
	if err != nil {
		return fail(out, err)
	}
	setOut(out, b)
	return statusOK
}
