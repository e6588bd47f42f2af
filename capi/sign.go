package main

// #include "capi.h"
import "C"

import (
	"context"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/sdk/awserr"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
)

// resolveForSign resolves credentials for gosoto_sign requests that carry
// none: the default chain for the given profile, from the live environment.
func resolveForSign(profile string) (v4.Credentials, error) {
	p, err := credentials.New(credentials.Options{Profile: profile, Env: cEnv})
	if err != nil {
		return v4.Credentials{}, err
	}
	c, err := p.Retrieve(context.Background())
	if err != nil {
		return v4.Credentials{}, err
	}
	return v4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}, nil
}

//export gosoto_sign
func gosoto_sign(request *C.char, out **C.char) (status C.int) {
	if out != nil {
		*out = nil
	}
	defer guard(out, &status)
	if out == nil {
		return outIsNULL()
	}
	req, err := goString(request, "request_json")
	if err != nil {
		return fail(out, err)
	}
	res, err := v4.SignJSON([]byte(req), resolveForSign)
	if err != nil {
		return fail(out, err)
	}
	setOut(out, res)
	return statusOK
}

//export gosoto_credentials_new
func gosoto_credentials_new(options *C.char, outCreds **C.gosoto_credentials, errJSON **C.char) (status C.int) {
	if errJSON != nil {
		*errJSON = nil
	}
	if outCreds != nil {
		*outCreds = nil
	}
	defer guard(errJSON, &status)
	if outCreds == nil {
		return fail(errJSON, awserr.InvalidArg("out is NULL"))
	}
	doc, err := goString(options, "options_json")
	if err != nil {
		return fail(errJSON, err)
	}
	opts, err := credentials.ParseOptionsJSON([]byte(doc), cEnv)
	if err != nil {
		return fail(errJSON, err)
	}
	p, err := credentials.New(opts)
	if err != nil {
		return fail(errJSON, err)
	}
	*outCreds = C.gosoto__creds_ptr(C.uintptr_t(creds.add(p)))
	return statusOK
}

//export gosoto_credentials_get
func gosoto_credentials_get(h *C.gosoto_credentials, out **C.char) (status C.int) {
	if out != nil {
		*out = nil
	}
	defer guard(out, &status)
	if out == nil {
		return outIsNULL()
	}
	if h == nil {
		return fail(out, awserr.InvalidArg("creds is NULL"))
	}
	p, ok := creds.get(uintptr(C.gosoto__creds_id(h)))
	if !ok {
		return fail(out, awserr.InvalidArg("credentials handle is not valid (already freed, or not a gosoto_credentials)"))
	}
	c, err := p.Retrieve(context.Background())
	if err != nil {
		return fail(out, err)
	}
	setOut(out, c.AppendJSON(nil))
	return statusOK
}

//export gosoto_credentials_free
func gosoto_credentials_free(h *C.gosoto_credentials) {
	defer func() { _ = recover() }()
	if h != nil {
		creds.remove(uintptr(C.gosoto__creds_id(h)))
	}
}
