package main

// #include "capi.h"
import "C"

import (
	"context"
	"time"

	"github.com/gosoto/gosoto/sdk/awserr"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
)

// gosoto_client_presign: a presigned request for any operation (see
// include/gosoto.h and client.Presign).
//
//export gosoto__go_client_presign
func gosoto__go_client_presign(h *C.gosoto_client, operation *C.char, input *C.char, expires C.long, out **C.char) (status C.int) {
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
	op, err := operationArg(operation)
	if err != nil {
		return fail(out, err)
	}
	in, err := goString(input, "input_json", maxJSON)
	if err != nil {
		return fail(out, err)
	}
	max := int64(v4.MaxPresignExpires / time.Second)
	if expires < 0 || int64(expires) > max {
		return fail(out, awserr.InvalidArg("expires_seconds: must be between 1 and %d (0 means 3600)", max))
	}
	res, err := c.Presign(context.Background(), op, []byte(in), time.Duration(expires)*time.Second)
	if err != nil {
		return fail(out, err)
	}
	setOut(out, res)
	return statusOK
}
