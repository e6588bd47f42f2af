package main

/*
#include "capi.h"

// gosoto_credentials_fn is the callback of gosoto_credentials_new_callback
// (include/gosoto.h).
typedef int (*gosoto_credentials_fn)(void *user_data, char *buf, size_t buf_len);

// Go cannot call a C function pointer; this trampoline does.
// user_data travels through Go as an integer, so that Go never holds it as
// a pointer (it may be any value the caller chose).
static inline int gosoto__call_credentials_fn(gosoto_credentials_fn fn, uintptr_t user_data, char *buf, size_t buf_len) {
	return fn((void *)user_data, buf, buf_len);
}
*/
import "C"

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/engine"
)

// callbackBufLen is the size of the buffer a credentials callback fills.
const callbackBufLen = 16 << 10

// maxCallbackMessage bounds the callback's own error message in an error.
const maxCallbackMessage = 512

// credsOf looks a credentials handle up.
func credsOf(h *C.gosoto_credentials) (engine.Credentials, error) {
	if h == nil {
		return nil, awserr.InvalidArg("creds is NULL")
	}
	p, ok := creds.get(uintptr(C.gosoto__creds_id(h)))
	if !ok {
		return nil, awserr.InvalidArg("credentials handle is not valid (already freed, or not a gosoto_credentials)")
	}
	return p, nil
}

//export gosoto__go_credentials_new
func gosoto__go_credentials_new(options *C.char, outCreds **C.gosoto_credentials, errJSON **C.char) (status C.int) {
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
	doc, err := goString(options, "options_json", maxSmall)
	if err != nil {
		return fail(errJSON, err)
	}
	p, err := engine.NewCredentials([]byte(doc), cEnv)
	if err != nil {
		return fail(errJSON, err)
	}
	*outCreds = C.gosoto__creds_ptr(C.uintptr_t(creds.add(p)))
	return statusOK
}

//export gosoto__go_credentials_get
func gosoto__go_credentials_get(h *C.gosoto_credentials, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		p, err := credsOf(h)
		if err != nil {
			return nil, err
		}
		return engine.CredentialsJSON(callerCtx, p)
	})
}

// gosoto_credentials_free removes the handle from the table. Clients made
// with gosoto_client_new_with_credentials hold their own reference to the
// provider, so they keep working.
//
//export gosoto__go_credentials_free
func gosoto__go_credentials_free(h *C.gosoto_credentials) {
	defer func() { _ = recover() }()
	if h != nil {
		creds.remove(uintptr(C.gosoto__creds_id(h)))
	}
}

//export gosoto__go_client_new_with_credentials
func gosoto__go_client_new_with_credentials(configJSON *C.char, h *C.gosoto_credentials, outClient **C.gosoto_client, errJSON **C.char) (status C.int) {
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
	p, err := credsOf(h)
	if err != nil {
		return fail(errJSON, err)
	}
	cfg, err := goString(configJSON, "config_json", maxJSON)
	if err != nil {
		return fail(errJSON, err)
	}
	c, err := engine.NewClientWithCredentials([]byte(cfg), cEnv, p)
	if err != nil {
		return fail(errJSON, err)
	}
	*outClient = C.gosoto__client_ptr(C.uintptr_t(clients.add(c)))
	return statusOK
}

//export gosoto__go_credentials_new_callback
func gosoto__go_credentials_new_callback(fn C.gosoto_credentials_fn, userData unsafe.Pointer, outCreds **C.gosoto_credentials, errJSON **C.char) (status C.int) {
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
	if fn == nil {
		return fail(errJSON, awserr.InvalidArg("fn is NULL"))
	}
	// user_data is the caller's opaque value: it is only handed back to fn,
	// never dereferenced, and kept as an integer (see the trampoline).
	ud := C.uintptr_t(uintptr(userData))
	p := engine.NewCallbackCredentials(func(context.Context) ([]byte, error) { return callCredentialsFn(fn, ud) })
	*outCreds = C.gosoto__creds_ptr(C.uintptr_t(creds.add(p)))
	return statusOK
}

// callCredentialsFn runs the C callback once with a fresh buffer and parses
// what it wrote. The buffer is zeroed first and its last byte forced to
// NUL afterwards, so a callback that overflows its message or forgets the
// terminator is read up to buf_len-1 bytes, never past the buffer.
func callCredentialsFn(fn C.gosoto_credentials_fn, ud C.uintptr_t) ([]byte, error) {
	buf := (*C.char)(C.calloc(1, C.size_t(callbackBufLen)))
	if buf == nil {
		return nil, errors.New("cannot allocate the callback's buffer")
	}
	defer C.free(unsafe.Pointer(buf))
	rc := C.gosoto__call_credentials_fn(fn, ud, buf, C.size_t(callbackBufLen))
	b := unsafe.Slice((*byte)(unsafe.Pointer(buf)), callbackBufLen)
	b[callbackBufLen-1] = 0
	text := C.GoString(buf)
	if rc != 0 {
		return nil, errors.New("the callback failed (status " + strconv.Itoa(int(rc)) + "): " + callbackMessage(text))
	}
	return []byte(text), nil
}

// callbackMessage is the callback's error message made safe to embed:
// valid UTF-8, one line, at most maxCallbackMessage bytes.
func callbackMessage(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxCallbackMessage {
		cut := maxCallbackMessage
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	if s == "" {
		return "(no message)"
	}
	return s
}
