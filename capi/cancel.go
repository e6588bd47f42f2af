package main

// #include "capi.h"
import "C"

import (
	"context"
	"sync"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/tidwall/gjson"
)

// Per-call options and cancellation (include/gosoto.h,
// gosoto_client_call_ex): a cancel token is a context that C names by a
// number; gosoto_cancel cancels it, which ends every call using it.

// cancelTokens maps token ids to their contexts. Ids are never reused.
var cancelTokens = struct {
	mu   sync.Mutex
	next uint64
	m    map[uint64]cancelToken
}{m: map[uint64]cancelToken{}}

type cancelToken struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func cancelTokenOf(id uint64) (cancelToken, bool) {
	cancelTokens.mu.Lock()
	defer cancelTokens.mu.Unlock()
	t, ok := cancelTokens.m[id]
	return t, ok
}

//export gosoto__go_cancel_token_new
func gosoto__go_cancel_token_new(out *C.uint64_t) (status C.int) {
	defer guard(nil, &status)
	if out == nil {
		return C.int(awserr.InvalidArgument)
	}
	ctx, cancel := context.WithCancel(callerCtx)
	cancelTokens.mu.Lock()
	defer cancelTokens.mu.Unlock()
	cancelTokens.next++
	cancelTokens.m[cancelTokens.next] = cancelToken{ctx, cancel}
	*out = C.uint64_t(cancelTokens.next)
	return statusOK
}

//export gosoto__go_cancel
func gosoto__go_cancel(token C.uint64_t) (status C.int) {
	defer guard(nil, &status)
	t, ok := cancelTokenOf(uint64(token))
	if !ok {
		return C.int(awserr.InvalidArgument)
	}
	t.cancel()
	return statusOK
}

//export gosoto__go_cancel_token_free
func gosoto__go_cancel_token_free(token C.uint64_t) {
	var status C.int
	defer guard(nil, &status)
	cancelTokens.mu.Lock()
	defer cancelTokens.mu.Unlock()
	// Calls still using the token keep its context: they are not canceled
	// by the free, and a later gosoto_cancel of this id does nothing.
	delete(cancelTokens.m, uint64(token))
}

// callContext makes the context of one call from its options JSON
// ({"timeout_ms": N, "cancel_token": T}, NULL or {} for none). The cancel
// function must be called when the call ends.
func callContext(options *C.char) (context.Context, context.CancelFunc, error) {
	ctx, cancel := callerCtx, context.CancelFunc(func() {})
	if options == nil {
		return ctx, cancel, nil
	}
	doc, err := goString(options, "options_json", maxSmall)
	if err != nil {
		return nil, nil, err
	}
	if !gjson.Valid(doc) || !gjson.Parse(doc).IsObject() {
		return nil, nil, awserr.InvalidArg("options_json: must be a JSON object")
	}
	var timeout time.Duration
	var bad error
	gjson.Parse(doc).ForEach(func(k, v gjson.Result) bool {
		switch k.String() {
		case "timeout_ms":
			if v.Type != gjson.Number || v.Num != float64(int64(v.Num)) || v.Num < 0 || v.Num > 1<<40 {
				bad = awserr.InvalidArg("options_json: timeout_ms must be a non-negative integer (0: no per-call timeout)")
				return false
			}
			timeout = time.Duration(v.Num) * time.Millisecond
		case "cancel_token":
			if v.Type != gjson.Number || v.Num != float64(uint64(v.Num)) || v.Num < 1 {
				bad = awserr.InvalidArg("options_json: cancel_token must be a token from gosoto_cancel_token_new")
				return false
			}
			t, ok := cancelTokenOf(uint64(v.Num))
			if !ok {
				bad = awserr.InvalidArg("options_json: cancel_token %d is not valid (freed, or never made)", uint64(v.Num))
				return false
			}
			ctx = t.ctx
		default:
			bad = awserr.InvalidArg("options_json: unknown member %q (valid: timeout_ms, cancel_token)", k.String())
			return false
		}
		return true
	})
	if bad != nil {
		return nil, nil, bad
	}
	if timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, timeout)
	}
	return ctx, cancel, nil
}

//export gosoto__go_client_call_ex
func gosoto__go_client_call_ex(h *C.gosoto_client, operation, input, options *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, op, in, err := opArgs(h, operation, input, "input_json")
		if err != nil {
			return nil, err
		}
		ctx, cancel, err := callContext(options)
		if err != nil {
			return nil, err
		}
		defer cancel()
		return c.Call(ctx, op, in)
	})
}
