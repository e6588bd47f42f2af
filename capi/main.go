// Command capi is gosoto's C ABI: built with -buildmode=c-shared it becomes
// libgosoto.so. It owns what crossing the C boundary needs and nothing else:
// C strings in and out, handle tables, the live C environment, and the panic
// guard around every export. Every export returns a GOSOTO_* status and
// writes the result or the error JSON to its out-parameter. The contract is
// include/gosoto.h (and ../shared/docs/CAPI.md); the header cgo writes is a
// build artefact.
//
// This is the only package that imports "C".
package main

/*
#include <string.h>
#include "capi.h"
*/
import "C"

import (
	"context"
	"fmt"
	"runtime/debug"
	"unicode/utf8"
	"unsafe"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/engine"
)

func main() {}

// statusOK is GOSOTO_OK.
const statusOK C.int = 0

// version is the library version; gosoto_version returns it.
const version = "0.1.0"

var cVersion = C.CString(version) // static for the life of the process

var (
	clients = newHandleTable[*engine.Client](0x10000)
	creds   = newHandleTable[engine.Credentials](0x7f000000)
)

// cEnv reads the live process environment through C's getenv, so that a
// host that calls setenv after loading the library is obeyed (Go's own copy
// of the environment is taken once, at load).
func cEnv(key string) (string, bool) {
	ck := C.CString(key)
	defer C.free(unsafe.Pointer(ck))
	v := C.getenv(ck)
	if v == nil {
		return "", false
	}
	return C.GoString(v), true
}

// setOut stores a Go string as a new C string in *out (when out is not NULL).
func setOut(out **C.char, s []byte) {
	if out == nil {
		return
	}
	p := C.malloc(C.size_t(len(s) + 1)) // gosoto_string_free's free()
	b := unsafe.Slice((*byte)(p), len(s)+1)
	copy(b, s)
	b[len(s)] = 0
	*out = (*C.char)(p)
}

// answer is the frame of every entry point that answers one JSON document
// through *out: it clears *out, turns a panic into GOSOTO_E_INTERNAL
// (guard), refuses a NULL out, then runs body and hands the caller its
// document or its error.
func answer(out **C.char, body func() ([]byte, error)) (status C.int) {
	if out != nil {
		*out = nil
	}
	defer guard(out, &status)
	if out == nil {
		return outIsNULL()
	}
	res, err := body()
	if err != nil {
		return fail(out, err)
	}
	setOut(out, res)
	return statusOK
}

// opArgs converts the arguments the per-operation entry points share: the
// client handle, the operation name and a JSON text (textName in errors).
func opArgs(h *C.gosoto_client, operation, text *C.char, textName string) (*engine.Client, string, []byte, error) {
	c, err := clientOf(h)
	if err != nil {
		return nil, "", nil, err
	}
	op, err := goString(operation, "operation", maxSmall)
	if err != nil {
		return nil, "", nil, err
	}
	in, err := goText(text, textName, maxJSON)
	if err != nil {
		return nil, "", nil, err
	}
	return c, op, in, nil
}

// fail writes err's JSON to out and returns its status.
func fail(out **C.char, err error) C.int {
	e := awserr.As(err)
	setOut(out, e.JSON())
	return C.int(e.Kind)
}

// outIsNULL is the status of a call whose out-parameter is NULL: there is
// nowhere to put the answer, so nothing is done.
func outIsNULL() C.int { return C.int(awserr.InvalidArgument) }

// guard turns a panic into an internal error; every export defers it.
func guard(out **C.char, status *C.int) {
	if r := recover(); r != nil {
		e := awserr.New(awserr.Internal, awserr.CodeInternal, "internal error (a bug in gosoto, please report it): %v", r)
		logPanic(r, debug.Stack())
		if out != nil {
			*out = nil
		}
		*status = fail(out, e)
	}
}

func logPanic(r any, stack []byte) {
	if v, ok := cEnv("GOSOTO_LOG"); ok && v != "" {
		fmt.Printf("gosoto: recovered panic: %v\n%s", r, stack)
	}
}

// The size limits of string arguments (include/gosoto.h, "Sizes"; the
// values are in sdk/client/hostile.go).
const (
	maxJSON  = engine.MaxInputBytes   // input_json, config_json, response_json, request_json
	maxSmall = engine.MaxOptionsBytes // options_json and names
)

// callerCtx is the context of every call from C: the calling goroutine is
// locked to the C thread, so waiting for the network may block that thread
// (transport.OnCallerThread).
var callerCtx = engine.OnCallerThread(context.Background())

// goString converts a C argument, rejecting NULL, a string longer than
// limit bytes and invalid UTF-8 with a message naming the argument. The
// length is measured in C with strnlen, at most limit+1 bytes, so an
// oversized argument is never copied into Go memory (only its exact size,
// for the message, is measured further, with strlen).
func goString(s *C.char, name string, limit int) (string, error) {
	b, err := goText(s, name, limit)
	return string(b), err
}

// goText is goString for a large argument: the bytes, copied once.
func goText(s *C.char, name string, limit int) ([]byte, error) {
	if s == nil {
		return nil, awserr.InvalidArg("%s is NULL", name)
	}
	n := C.strnlen(s, C.size_t(limit)+1)
	if n > C.size_t(limit) {
		return nil, engine.TooLarge(name, int64(C.strlen(s)), int64(limit))
	}
	g := C.GoBytes(unsafe.Pointer(s), C.int(n))
	if !utf8.Valid(g) {
		return nil, awserr.InvalidArg("%s is not valid UTF-8", name)
	}
	return g, nil
}

func clientOf(h *C.gosoto_client) (*engine.Client, error) {
	if h == nil {
		return nil, awserr.InvalidArg("client is NULL")
	}
	c, ok := clients.get(uintptr(C.gosoto__client_id(h)))
	if !ok {
		return nil, awserr.InvalidArg("client handle is not valid (already freed, or not a gosoto_client)")
	}
	return c, nil
}

//export gosoto__go_version
func gosoto__go_version() *C.char { return cVersion }

//export gosoto__go_client_new
func gosoto__go_client_new(configJSON *C.char, outClient **C.gosoto_client, errJSON **C.char) (status C.int) {
	if errJSON != nil {
		*errJSON = nil
	}
	if outClient != nil {
		*outClient = nil
	}
	defer guard(errJSON, &status)
	if outClient == nil {
		return fail(errJSON, awserr.InvalidArg("out_client is NULL"))
	}
	cfg, err := goString(configJSON, "config_json", maxJSON)
	if err != nil {
		return fail(errJSON, err)
	}
	c, err := engine.NewClient([]byte(cfg), cEnv)
	if err != nil {
		return fail(errJSON, err)
	}
	*outClient = C.gosoto__client_ptr(C.uintptr_t(clients.add(c)))
	return statusOK
}

//export gosoto__go_client_free
func gosoto__go_client_free(h *C.gosoto_client) {
	defer func() { _ = recover() }()
	if h == nil {
		return
	}
	if c, ok := clients.remove(uintptr(C.gosoto__client_id(h))); ok {
		c.Close()
	}
}

// callOperation is the body of gosoto_client_call and of every generated
// per-operation entry point. service is "" for gosoto_client_call.
func callOperation(h *C.gosoto_client, service, operation string, input *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, err := clientOf(h)
		if err != nil {
			return nil, err
		}
		if service != "" && c.Service().Name != service {
			return nil, awserr.InvalidArg("this entry point is for %s, but the client is for %s", service, c.Service().Name)
		}
		in, err := goText(input, "input_json", maxJSON)
		if err != nil {
			return nil, err
		}
		return c.Call(callerCtx, operation, in)
	})
}

// gosoto__call_operation is what every generated per-operation function
// (capi/zz_*.c) calls. Not part of the public API.
//
//export gosoto__go_call_operation
func gosoto__go_call_operation(h *C.gosoto_client, service, operation, input *C.char, out **C.char) C.int {
	return callOperation(h, C.GoString(service), C.GoString(operation), input, out)
}

//export gosoto__go_client_call
func gosoto__go_client_call(h *C.gosoto_client, operation *C.char, input *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, op, in, err := opArgs(h, operation, input, "input_json")
		if err != nil {
			return nil, err
		}
		return c.Call(callerCtx, op, in)
	})
}

//export gosoto__go_client_build_request
func gosoto__go_client_build_request(h *C.gosoto_client, operation *C.char, input *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, op, in, err := opArgs(h, operation, input, "input_json")
		if err != nil {
			return nil, err
		}
		return c.BuildRequest(callerCtx, op, in)
	})
}

//export gosoto__go_client_parse_response
func gosoto__go_client_parse_response(h *C.gosoto_client, operation *C.char, response *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, op, in, err := opArgs(h, operation, response, "response_json")
		if err != nil {
			return nil, err
		}
		return c.ParseResponse(op, in)
	})
}
