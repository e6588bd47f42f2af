package client

import (
	"unicode/utf8"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/limitio"
)

// Size limits on the text callers hand to the library (include/gosoto.h,
// CONVENTIONS, "Sizes"). The C entry points measure their string arguments
// against these with strnlen before copying anything into Go memory
// (capi/main.go, goString); the Go entry points check call input again in
// checkInputText.
const (
	// MaxInputBytes bounds every large JSON argument: operation input (call,
	// build_request, presign, paginator, waiter), response_json, sign's
	// request_json, and config_json (which may carry a whole service model
	// inline, "service_model"). Blobs travel as base64 in JSON, so an
	// in-memory blob payload (S3 PutObject "Body") can be about 48 MiB;
	// larger payloads use the streaming form {"file": path}.
	MaxInputBytes = 64 << 20
	// MaxOptionsBytes bounds the small arguments: the options_json of
	// gosoto_credentials_new and gosoto_client_call_ex, and names
	// (operation, waiter_name, service).
	MaxOptionsBytes = 1 << 20
	// MaxModelFileBytes bounds a service_model_path file (the largest
	// botocore model, ec2, is under 2 MiB).
	MaxModelFileBytes = 64 << 20
)

// TooLarge is the error for an argument of size bytes over its limit: kind
// InvalidArgument, the message naming the argument, its size and the limit.
func TooLarge(name string, size, limit int64) *awserr.Error {
	return awserr.InvalidArg("%v", &limitio.TooLargeError{Path: name, Size: size, Limit: limit})
}

// checkInputText rejects call input that is larger than MaxInputBytes or
// not valid UTF-8 (JSON text is UTF-8; the C entry points reject both at
// the boundary too), before anything is parsed or sent.
func checkInputText(opName string, input []byte) error {
	if len(input) > MaxInputBytes {
		return TooLarge("input for "+opName, int64(len(input)), MaxInputBytes)
	}
	if !utf8.Valid(input) {
		return awserr.InvalidArg("input for %s is not valid UTF-8", opName)
	}
	return nil
}

// readModelFile reads a service_model_path file, at most MaxModelFileBytes
// of it (limitio.ReadFile). Its errors are plain, like os.ReadFile's, for
// the caller to prefix.
func readModelFile(path string) ([]byte, error) { return limitio.ReadFile(path, MaxModelFileBytes) }
