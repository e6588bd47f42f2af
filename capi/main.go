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

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/sdk/awserr"
	"github.com/gosoto/gosoto/sdk/client"
	_ "github.com/gosoto/gosoto/sdk/service/all"
)

func main() {}

// statusOK is GOSOTO_OK.
const statusOK C.int = 0

// version is the library version; gosoto_version returns it.
const version = "0.1.0"

var cVersion = C.CString(version) // static for the life of the process

var (
	clients = newHandleTable[*client.Client](0x10000)
	creds   = newHandleTable[credentials.Provider](0x7f000000)
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
	*out = C.CString(string(s))
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
	maxJSON  = client.MaxInputBytes   // input_json, config_json, response_json, request_json
	maxSmall = client.MaxOptionsBytes // options_json and names
)

// goString converts a C argument, rejecting NULL, a string longer than
// limit bytes and invalid UTF-8 with a message naming the argument. The
// length is measured in C with strnlen, at most limit+1 bytes, so an
// oversized argument is never copied into Go memory (only its exact size,
// for the message, is measured further, with strlen).
func goString(s *C.char, name string, limit int) (string, error) {
	if s == nil {
		return "", awserr.InvalidArg("%s is NULL", name)
	}
	n := C.strnlen(s, C.size_t(limit)+1)
	if n > C.size_t(limit) {
		return "", client.TooLarge(name, int64(C.strlen(s)), int64(limit))
	}
	g := C.GoStringN(s, C.int(n))
	if !utf8.ValidString(g) {
		return "", awserr.InvalidArg("%s is not valid UTF-8", name)
	}
	return g, nil
}

func clientOf(h *C.gosoto_client) (*client.Client, error) {
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

//export gosoto__go_string_free
func gosoto__go_string_free(s *C.char) {
	if s != nil {
		C.free(unsafe.Pointer(s))
	}
}

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
	c, err := client.New([]byte(cfg), cEnv)
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
func callOperation(h *C.gosoto_client, service, operation string, input *C.char, out **C.char) (status C.int) {
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
	if service != "" && c.Service().Name != service {
		return fail(out, awserr.InvalidArg("this entry point is for %s, but the client is for %s", service, c.Service().Name))
	}
	in, err := goString(input, "input_json", maxJSON)
	if err != nil {
		return fail(out, err)
	}
	res, err := c.Call(context.Background(), operation, []byte(in))
	if err != nil {
		return fail(out, err)
	}
	setOut(out, res)
	return statusOK
}

func operationArg(op *C.char) (string, error) { return goString(op, "operation", maxSmall) }

// gosoto__call_operation is what every generated per-operation function
// (capi/zz_*.c) calls. Not part of the public API.
//
//export gosoto__go_call_operation
func gosoto__go_call_operation(h *C.gosoto_client, service, operation, input *C.char, out **C.char) C.int {
	return callOperation(h, C.GoString(service), C.GoString(operation), input, out)
}

//export gosoto__go_client_call
func gosoto__go_client_call(h *C.gosoto_client, operation *C.char, input *C.char, out **C.char) (status C.int) {
	if out != nil {
		*out = nil
	}
	defer guard(out, &status)
	if out == nil {
		return outIsNULL()
	}
	op, err := operationArg(operation)
	if err != nil {
		return fail(out, err)
	}
	return callOperation(h, "", op, input, out)
}

//export gosoto__go_client_build_request
func gosoto__go_client_build_request(h *C.gosoto_client, operation *C.char, input *C.char, out **C.char) (status C.int) {
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
	res, err := c.BuildRequest(context.Background(), op, []byte(in))
	if err != nil {
		return fail(out, err)
	}
	setOut(out, res)
	return statusOK
}

//export gosoto__go_client_parse_response
func gosoto__go_client_parse_response(h *C.gosoto_client, operation *C.char, response *C.char, out **C.char) (status C.int) {
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
	in, err := goString(response, "response_json", maxJSON)
	if err != nil {
		return fail(out, err)
	}
	res, err := c.ParseResponse(op, []byte(in))
	if err != nil {
		return fail(out, err)
	}
	setOut(out, res)
	return statusOK
}
