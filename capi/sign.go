package main

// #include "capi.h"
import "C"

import "github.com/gosoto/gosoto/sdk/engine"

// gosoto__go_sign signs a request document (CAPI.md, gosoto_sign).
// Requests that carry no credentials get them from the default chain of
// their profile, reading the live environment (engine.Sign keeps one chain
// per profile, so refreshable credentials are cached across calls).
//
//export gosoto__go_sign
func gosoto__go_sign(request *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		req, err := goText(request, "request_json", maxJSON)
		if err != nil {
			return nil, err
		}
		return engine.Sign(callerCtx, req, cEnv)
	})
}
