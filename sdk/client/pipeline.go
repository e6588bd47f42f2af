package client

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/gosoto/gosoto/sdk/protocol"
	"github.com/gosoto/gosoto/sdk/settings"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/tidwall/gjson"
)

// This file holds the pipeline's data (Call, Endpoint), its extension
// points (Hook) and the stages that run once per call, before the first
// attempt: input, validate, endpoint, serialize.

// Endpoint is where a call goes and how it is signed.
type Endpoint struct {
	// Scheme is "https" or "http"; Host is host[:port]; Path is the
	// escaped base path the operation's path is joined to ("" for none).
	Scheme, Host, Path string
	// SigningName and SigningRegion are the SigV4 service and region.
	SigningName, SigningRegion string
}

// URL is scheme://host/path.
func (e Endpoint) URL() string { return e.Scheme + "://" + e.Host + e.Path }

// Call is one operation call as it moves through the pipeline; hooks read
// and change it. It is not safe for concurrent use (one call, one
// goroutine).
type Call struct {
	client *Client
	// Op is the operation called.
	Op *model.Operation
	// Input is the call's input JSON (boto3's request parameters);
	// BeforeValidate hooks may replace it.
	Input []byte
	// Params is the validated input, parsed (from the validate stage on).
	Params gjson.Result
	// Endpoint is where this call goes; AfterSerialize hooks may change
	// its Host (S3 moves the bucket there) along with Request.Path.
	Endpoint Endpoint
	// Request is the serialized, unsigned request (from the serialize stage
	// on); AfterSerialize hooks may change its headers, path and body.
	Request *protocol.Request
	// UnsignedPayload sends the payload hash as UNSIGNED-PAYLOAD (a hook
	// decides it, e.g. S3 over https); the operation's authtype
	// v4-unsigned-body always does.
	UnsignedPayload bool
	// Presigning is true when the call is being presigned, not sent.
	Presigning bool

	// url is the request URL, host is the Host header (after hooks).
	url, host string
	// bodyHash is the hex SHA-256 of the body, computed once.
	bodyHash string
	// stream holds a payload file and an output file (stream.go).
	stream stream
}

// Client is the client making the call.
func (c *Call) Client() *Client { return c.client }

// Settings are the client's resolved settings.
func (c *Call) Settings() *settings.Resolved { return &c.client.settings }

// Service is the model of the service called.
func (c *Call) Service() *model.Service { return c.client.svc }

// FileBody reports whether the payload streams ({"file": path}, or a
// Body of the caller's) rather than sits in memory.
func (c *Call) FileBody() bool { return c.stream.in != nil }

// Response is a response as the parse stage sees it.
type Response = protocol.Response

// Hook is one service customization: functions called at named points of
// the pipeline, each optional, as botocore registers handlers on events
// ("before-parameter-build.s3"...). Hooks of a client run in the order
// given; a hook's error ends the call (or, from AfterSend, the attempt:
// a Retryable error is retried).
type Hook struct {
	// Name identifies the hook in errors ("s3.addressing").
	Name string
	// BeforeValidate may rewrite c.Input (botocore's
	// before-parameter-build): Route 53's ids, EC2's UserData...
	BeforeValidate func(c *Call) error
	// AfterSerialize may change c.Request and c.Endpoint (botocore's
	// before-call and request-created): S3's addressing and Content-MD5.
	AfterSerialize func(c *Call) error
	// BeforeSign may change how every attempt of c is signed.
	BeforeSign func(c *Call, o *v4.Options)
	// BeforePresign may change the headers a presigned request signs.
	BeforePresign func(c *Call, header [][2]string) [][2]string
	// AfterSend sees each raw response before it is parsed and may replace
	// it, or fail the attempt (DynamoDB's CRC32, S3's 200-with-error).
	AfterSend func(c *Call, r *Response) (*Response, error)
	// AfterParse may rewrite the parsed output (without ResponseMetadata).
	AfterParse func(c *Call, r *Response, out []byte) ([]byte, error)
}

// hookErr names the hook in the error it returned, unless it is already an
// *awserr.Error (which hooks return to choose the kind).
func hookErr(h *Hook, err error) error {
	if _, ok := err.(*awserr.Error); ok {
		return err
	}
	return awserr.New(awserr.Internal, awserr.CodeInternal, "hook %s: %v", h.Name, err)
}

// newCall runs the stages before the first attempt: input, validate,
// endpoint, serialize. presign skips hashing the payload.
func (cl *Client) newCall(opName string, input []byte, presign bool, o CallOptions) (*Call, error) {
	op, err := cl.operation(opName)
	if err != nil {
		return nil, err
	}
	// input
	if len(bytes.TrimSpace(input)) == 0 {
		input = []byte("{}")
	}
	if err := checkInputText(op.Name, input); err != nil { // hostile.go
		return nil, err
	}
	c := &Call{client: cl, Op: op, Input: input, Presigning: presign, UnsignedPayload: op.AuthType == "v4-unsigned-body"}
	for i := range cl.hooks {
		if h := &cl.hooks[i]; h.BeforeValidate != nil {
			if err := h.BeforeValidate(c); err != nil {
				return nil, hookErr(h, err)
			}
		}
	}
	// Streaming forms ({"file": ...} payloads, "$output_file") leave the
	// input here (stream.go).
	if c.Input, c.stream, err = extractStreaming(op, c.Input); err != nil {
		return nil, err
	}
	if err := attachStreams(c, o); err != nil {
		return nil, err
	}
	// validate
	if err := protocol.Validate(op, c.Input); err != nil {
		return nil, err
	}
	c.Params = gjson.ParseBytes(c.Input)
	// endpoint
	c.Endpoint = cl.endpoint
	// serialize
	if c.Request, err = cl.proto.Build(cl.svc, op, c.Params); err != nil {
		return nil, awserr.As(err)
	}
	for i := range cl.hooks {
		if h := &cl.hooks[i]; h.AfterSerialize != nil {
			if err := h.AfterSerialize(c); err != nil {
				return nil, hookErr(h, err)
			}
		}
	}
	c.host = c.Endpoint.Host
	if c.Request.HostPrefix != "" {
		c.host = c.Request.HostPrefix + c.host
	}
	c.url = c.Endpoint.Scheme + "://" + c.host + escapedJoin(c.Endpoint.Path, c.Request.Path)
	if c.Request.RawQuery != "" {
		c.url += "?" + c.Request.RawQuery
	}
	if c.stream.in != nil {
		if presign {
			return c, nil
		}
		return c, hashBody(c)
	}
	if !presign && !c.UnsignedPayload {
		sum := sha256.Sum256(c.Request.Body)
		c.bodyHash = hex.EncodeToString(sum[:])
	}
	return c, nil
}

// parseOnly is a Call for the parse stage alone (ParseResponse, and calls
// sent by hand).
func (cl *Client) parseOnly(op *model.Operation) *Call {
	return &Call{client: cl, Op: op, Endpoint: cl.endpoint}
}

func escapedJoin(base, p string) string {
	if p == "" {
		p = "/"
	}
	if base == "" || base == "/" {
		return p
	}
	return strings.TrimSuffix(base, "/") + p
}

// InputSetsHeader reports whether the call's input sets a member bound to
// the named header.
func (c *Call) InputSetsHeader(name string) bool {
	if c.Op.Input == nil {
		return false
	}
	for _, m := range c.Op.Input.Shape.Members {
		if m.Location == "header" && strings.EqualFold(m.WireName(), name) {
			if v := c.Params.Get(gjson.Escape(m.Name)); v.Exists() && v.Type != gjson.Null {
				return true
			}
		}
	}
	return false
}
