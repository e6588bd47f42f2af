// Package protocol turns an operation's input JSON (boto3's request
// parameters) into an HTTP request and an HTTP response into output JSON
// (boto3's response dict) or a service error, for each of botocore's wire
// protocols. It also validates input against the operation's input shape.
//
// It knows the service model (sdk/model) and nothing of credentials,
// signing, endpoints resolution or transport: a Request here is unsigned and
// relative to whatever endpoint the client resolved.
package protocol

import (
	"net/http"

	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// Request is a serialized, unsigned request.
type Request struct {
	Method string
	// Path is the escaped request path, to be joined to the endpoint's path
	// ("/" for most query and json operations).
	Path string
	// RawQuery is the escaped query string, without "?" ("" for none).
	RawQuery string
	// Header holds the operation's own headers in the order they are to be
	// sent (Content-Type, X-Amz-Target, bound members...). Host,
	// Content-Length, X-Amz-Date and the auth headers are not included: the
	// client adds those.
	Header [][2]string
	// Body is the payload; nil for none.
	Body []byte
	// HostPrefix is the operation's expanded endpoint hostPrefix ("" for none),
	// to be put in front of the endpoint's host.
	HostPrefix string
}

// Response is a received HTTP response.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Protocol serializes requests and parses responses of one wire protocol.
// Implementations are stateless and safe for concurrent use.
type Protocol interface {
	// Build serializes input for op. The input has been validated.
	Build(svc *model.Service, op *model.Operation, input gjson.Result) (*Request, error)
	// Parse turns a response into the operation's output members as a JSON
	// object (without ResponseMetadata) and the request id. For an error
	// response it returns an *awserr.Error of Kind Service carrying the
	// service's code, message, type, status code and request id.
	Parse(svc *model.Service, op *model.Operation, resp *Response) (out []byte, requestID string, err error)
}
