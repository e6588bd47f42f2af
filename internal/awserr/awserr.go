// Package awserr defines gosoto's one error type: a value with a Kind (which
// becomes the C status code), an AWS-style code and message, and the
// response metadata of the call that failed. Every layer returns *Error for
// failures a caller must tell apart; capi turns it into the error JSON of
// CAPI.md. It knows nothing of services, protocols or C.
//
// No message built here may carry a secret: callers name inputs, never
// values of credentials.
package awserr

import (
	"errors"
	"fmt"
	"net/http"
	"sort"

	"github.com/gosoto/gosoto/internal/jsonx"
)

// Kind classifies an error. Its numeric value is the C status code.
type Kind int

// The kinds, numbered as the GOSOTO_E_* codes of include/gosoto.h.
const (
	InvalidArgument Kind = 1 // NULL, malformed JSON, unknown operation, bad config
	Validation      Kind = 2 // input does not match the operation's input shape
	Credentials     Kind = 3 // no credentials could be resolved or refreshed
	Service         Kind = 4 // the service answered with an error
	Network         Kind = 5 // connection, TLS, timeout after all retries
	Internal        Kind = 6 // a bug: recovered panic etc.
)

var kindNames = map[Kind]string{
	InvalidArgument: "invalid_argument",
	Validation:      "validation",
	Credentials:     "credentials",
	Service:         "service",
	Network:         "network",
	Internal:        "internal",
}

// String returns the kind's name as it appears in the error JSON's "Kind".
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "internal"
}

// Codes used for errors that do not come from a service.
const (
	CodeInvalidArgument = "InvalidArgument"
	CodeValidation      = "ParamValidationError"
	CodeNoCredentials   = "NoCredentialsError"
	CodeNetwork         = "EndpointConnectionError"
	CodeTimeout         = "ReadTimeoutError"
	CodeInternal        = "InternalError"
)

// Error is a failed call.
type Error struct {
	Kind    Kind
	Code    string // the service's error code, or one of the Code* constants
	Message string
	Type    string // "Sender" or "Receiver" for service errors, else ""
	// Retryable reports whether repeating the call may succeed.
	Retryable bool

	// Response metadata, when a response was received.
	StatusCode    int
	RequestID     string
	Header        http.Header
	RetryAttempts int

	// Err is the underlying cause, if any (not shown in the JSON beyond Message).
	Err error
}

// Modeled is implemented by the cause of a service error that matched an
// error shape of the operation's model (sdk/protocol's ErrorFields).
type Modeled interface {
	error
	// ErrorShapeName is the model's shape name ("QueueDoesNotExist").
	ErrorShapeName() string
	// ErrorFieldsJSON is the error's modeled members as a JSON object.
	ErrorFieldsJSON() []byte
}

// New returns an error of the given kind and code.
func New(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidArg is a shorthand for an InvalidArgument error.
func InvalidArg(format string, args ...any) *Error {
	return New(InvalidArgument, CodeInvalidArgument, format, args...)
}

// Error implements error.
func (e *Error) Error() string {
	if e.Code != "" {
		return e.Code + ": " + e.Message
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// As returns err as an *Error, wrapping a foreign error as Internal.
func As(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: Internal, Code: CodeInternal, Message: err.Error(), Err: err}
}

// JSON returns the error document of CAPI.md:
//
//	{"Error": {"Code", "Message", "Type"}, "ResponseMetadata": {...}, "Kind", "Retryable"}
func (e *Error) JSON() []byte {
	b := make([]byte, 0, 256)
	b = append(b, `{"Error":{"Code":`...)
	b = jsonx.AppendString(b, e.Code)
	b = append(b, `,"Message":`...)
	b = jsonx.AppendString(b, e.Message)
	if e.Type != "" {
		b = append(b, `,"Type":`...)
		b = jsonx.AppendString(b, e.Type)
	}
	b = append(b, '}')
	var m Modeled
	if errors.As(e.Err, &m) {
		// The service's modeled error: its shape name (so bindings can
		// raise client.exceptions.<Shape> whatever code the wire used) and
		// its members at the top level, as boto3 lays them out.
		b = append(b, `,"ErrorShape":`...)
		b = jsonx.AppendString(b, m.ErrorShapeName())
		if f := m.ErrorFieldsJSON(); len(f) > 2 && f[0] == '{' && f[len(f)-1] == '}' {
			b = append(b, ',')
			b = append(b, f[1:len(f)-1]...)
		}
	}
	b = append(b, `,"ResponseMetadata":`...)
	b = AppendResponseMetadata(b, e.RequestID, e.StatusCode, e.Header, e.RetryAttempts)
	b = append(b, `,"Kind":`...)
	b = jsonx.AppendString(b, e.Kind.String())
	b = append(b, `,"Retryable":`...)
	if e.Retryable {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	return append(b, '}')
}

// AppendResponseMetadata appends boto3's ResponseMetadata object. Header
// names are lower-cased as botocore shows them; repeated values are joined
// with ", ".
func AppendResponseMetadata(b []byte, requestID string, status int, h http.Header, attempts int) []byte {
	b = append(b, `{"RequestId":`...)
	b = jsonx.AppendString(b, requestID)
	if status != 0 {
		b = append(b, `,"HTTPStatusCode":`...)
		b = fmt.Appendf(b, "%d", status)
	}
	if h != nil {
		b = append(b, `,"HTTPHeaders":{`...)
		keys := make([]string, 0, len(h))
		for k := range h {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonx.AppendString(b, lower(k))
			b = append(b, ':')
			v := h[k]
			joined := ""
			for j, s := range v {
				if j > 0 {
					joined += ", "
				}
				joined += s
			}
			b = jsonx.AppendString(b, joined)
		}
		b = append(b, '}')
	}
	b = append(b, `,"RetryAttempts":`...)
	b = fmt.Appendf(b, "%d", attempts)
	return append(b, '}')
}

func lower(s string) string {
	bs := []byte(s)
	for i, c := range bs {
		if c >= 'A' && c <= 'Z' {
			bs[i] = c + 32
		}
	}
	return string(bs)
}
