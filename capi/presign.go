package main

// #include "capi.h"
import "C"

import (
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
)

// gosoto_client_presign: a presigned request for any operation (see
// include/gosoto.h and client.Presign).
//
//export gosoto__go_client_presign
func gosoto__go_client_presign(h *C.gosoto_client, operation *C.char, input *C.char, expires C.long, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, op, in, err := opArgs(h, operation, input, "input_json")
		if err != nil {
			return nil, err
		}
		max := int64(v4.MaxPresignExpires / time.Second)
		if expires < 0 || int64(expires) > max {
			return nil, awserr.InvalidArg("expires_seconds: must be between 1 and %d (0 means 3600)", max)
		}
		return c.Presign(callerCtx, op, in, time.Duration(expires)*time.Second)
	})
}
