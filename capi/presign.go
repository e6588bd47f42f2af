package main

// #include "capi.h"
import "C"
import "github.com/gosoto/gosoto/sdk/engine"

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
		return engine.Presign(callerCtx, c, op, in, int64(expires))
	})
}
