package main

// #include "capi.h"
import "C"

import (
	"sync"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/sdk/client"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
)

// signProviders keeps one default chain per profile for gosoto_sign
// requests that carry no credentials, so that refreshable credentials (IMDS,
// SSO, assume role...) are cached across calls instead of fetched per
// signature. The chain itself reads the live environment.
var signProviders sync.Map // profile -> credentials.Provider

// resolveForSign resolves credentials for gosoto_sign requests that carry
// none: the default chain for the given profile, from the live environment.
func resolveForSign(profile string) (v4.Credentials, error) {
	p, ok := signProviders.Load(profile)
	if !ok {
		np, err := credentials.New(credentials.Options{Profile: profile, Env: cEnv, Caller: client.CredentialsCaller(cEnv)})
		if err != nil {
			return v4.Credentials{}, err
		}
		p, _ = signProviders.LoadOrStore(profile, np)
	}
	c, err := p.(credentials.Provider).Retrieve(callerCtx)
	if err != nil {
		return v4.Credentials{}, err
	}
	return v4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}, nil
}

//export gosoto__go_sign
func gosoto__go_sign(request *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		req, err := goText(request, "request_json", maxJSON)
		if err != nil {
			return nil, err
		}
		return v4.SignJSON(req, resolveForSign)
	})
}
