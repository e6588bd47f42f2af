package protocol

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// JSONRPC is the "json" protocol (AWS JSON 1.0 and 1.1): every operation is
// a POST to the endpoint's root with an X-Amz-Target header naming it and
// the input structure as a JSON body.
type JSONRPC struct{}

var _ Protocol = JSONRPC{}

// Build implements Protocol.
func (JSONRPC) Build(svc *model.Service, op *model.Operation, input gjson.Result) (*Request, error) {
	input, err := fillIdempotencyTokens(op, input)
	if err != nil {
		return nil, awserr.New(awserr.Internal, awserr.CodeInternal, "%s: %v", op.Name, err)
	}
	ver := svc.Metadata.JSONVersion
	if ver == "" {
		ver = "1.0"
	}
	req := &Request{Method: "POST", Path: requestPath(op)}
	req.Header = append(req.Header,
		[2]string{"Content-Type", "application/x-amz-json-" + ver},
		[2]string{"X-Amz-Target", svc.Metadata.TargetPrefix + "." + op.Name})
	if svc.Metadata.AWSQueryCompatible {
		req.Header = append(req.Header, [2]string{"x-amzn-query-mode", "true"})
	}
	if op.Input == nil || !input.IsObject() {
		req.Body = []byte("{}")
	} else {
		body, err := appendJSONStruct(make([]byte, 0, len(input.Raw)+16), op.Input.Shape, input, nil)
		if err != nil {
			return nil, awserr.New(awserr.Validation, awserr.CodeValidation, "%s: %v", op.Name, err)
		}
		req.Body = body
	}
	hp, err := expandHostPrefix(op, input)
	if err != nil {
		return nil, err
	}
	req.HostPrefix = hp
	return req, nil
}

// Parse implements Protocol.
func (JSONRPC) Parse(svc *model.Service, op *model.Operation, resp *Response) ([]byte, string, error) {
	rid := headerRequestID(resp.Header)
	if resp.StatusCode >= 300 {
		return nil, rid, parseJSONError(svc, op, resp, rid)
	}
	body := bytes.TrimSpace(resp.Body)
	if op.Output == nil || len(body) == 0 {
		return []byte("{}"), rid, nil
	}
	if !gjson.ValidBytes(body) {
		return nil, rid, parserError(resp, rid, "%s: response body is not valid JSON", op.Name)
	}
	v := gjson.ParseBytes(body)
	out, err := jsonOut{}.appendStruct(make([]byte, 0, len(body)+len(body)/4), op.Output.Shape, v)
	if err != nil {
		return nil, rid, parserError(resp, rid, "%s response: %v", op.Name, err)
	}
	return out, rid, nil
}

// parserError is the error for a response that cannot be read: a network
// error (a truncated or garbled body is what a broken connection or a
// misbehaving proxy produces), and retryable.
func parserError(resp *Response, rid, format string, args ...any) *awserr.Error {
	e := awserr.New(awserr.Network, "ResponseParserError", format, args...)
	e.Retryable = true
	e.StatusCode = resp.StatusCode
	e.RequestID = rid
	e.Header = resp.Header
	return e
}

// headerRequestID returns the request id from the response headers.
func headerRequestID(h http.Header) string {
	if h == nil {
		return ""
	}
	for _, k := range []string{"X-Amzn-Requestid", "X-Amz-Request-Id", "X-Amzn-Request-Id"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// sanitizeErrorCode turns "ns#Code:http://..." into "Code".
func sanitizeErrorCode(code string) string {
	if i := strings.IndexByte(code, ':'); i >= 0 {
		code = code[:i]
	}
	if i := strings.LastIndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	return strings.TrimSpace(code)
}

func parseJSONError(svc *model.Service, op *model.Operation, resp *Response, rid string) *awserr.Error {
	e := &awserr.Error{Kind: awserr.Service, StatusCode: resp.StatusCode, RequestID: rid, Header: resp.Header}
	body := bytes.TrimSpace(resp.Body)
	var v gjson.Result
	if len(body) > 0 && gjson.ValidBytes(body) {
		v = gjson.ParseBytes(body)
		if !v.IsObject() {
			v = gjson.Result{}
		}
	}
	code := ""
	if resp.Header != nil {
		code = resp.Header.Get("X-Amzn-Errortype")
	}
	if code == "" {
		code = v.Get("__type").String()
	}
	if code == "" {
		code = v.Get("code").String()
	}
	if code == "" {
		code = v.Get("Code").String()
	}
	if code == "" && len(body) > 0 && body[0] == '<' {
		// A proxy or an auth layer in front of the service (moto's does)
		// may answer in the query protocol's XML envelope.
		scanXMLError(body, e)
		code = e.Code
	}
	e.Code = sanitizeErrorCode(code)
	for _, k := range []string{"message", "Message", "errorMessage"} {
		if m := v.Get(k); m.Exists() {
			e.Message = m.String()
			break
		}
	}
	shapeCode := e.Code
	if svc != nil && svc.Metadata.AWSQueryCompatible && resp.Header != nil {
		if q := resp.Header.Get("X-Amzn-Query-Error"); q != "" {
			c, t, _ := strings.Cut(q, ";")
			if c != "" {
				e.Code = c
			}
			e.Type = t
		}
	}
	if e.Code == "" {
		e.Code = strconv.Itoa(resp.StatusCode)
		if e.Message == "" {
			e.Message = http.StatusText(resp.StatusCode)
		}
	}
	sh := errorShape(svc, op, shapeCode)
	if sh == nil && e.Code != shapeCode {
		sh = errorShape(svc, op, e.Code)
	}
	if sh != nil && v.IsObject() {
		if b, err := (jsonOut{}).appendStruct(nil, sh, v); err == nil {
			e.Err = &ErrorFields{Shape: sh.Name, JSON: b}
		}
	} else if sh != nil {
		e.Err = &ErrorFields{Shape: sh.Name, JSON: []byte("{}")}
	}
	return e
}

// requestPath returns the operation's request path ("/" by default).
func requestPath(op *model.Operation) string {
	if op.HTTP.RequestURI == "" {
		return "/"
	}
	return op.HTTP.RequestURI
}

// expandHostPrefix fills the operation's endpoint hostPrefix template with
// the input's hostLabel members.
func expandHostPrefix(op *model.Operation, input gjson.Result) (string, error) {
	hp := op.HostPrefix
	if hp == "" || !strings.Contains(hp, "{") {
		return hp, nil
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(hp, '{')
		if i < 0 {
			b.WriteString(hp)
			break
		}
		j := strings.IndexByte(hp[i:], '}')
		if j < 0 {
			return "", awserr.InvalidArg("operation %s: malformed hostPrefix %q", op.Name, op.HostPrefix)
		}
		name := hp[i+1 : i+j]
		b.WriteString(hp[:i])
		val := ""
		if input.IsObject() {
			val = input.Get(gjsonKey(name)).String()
		}
		if !validHostLabel(val) {
			return "", awserr.New(awserr.Validation, awserr.CodeValidation,
				"Parameter validation failed:\nInvalid value for parameter %s, value: %q, must be a valid host label", name, val)
		}
		b.WriteString(val)
		hp = hp[i+j+1:]
	}
	return b.String(), nil
}

func validHostLabel(s string) bool {
	if s == "" || len(s) > 63 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' && i > 0
		if !ok {
			return false
		}
	}
	return true
}

// gjsonKey escapes a member name for use as a gjson path.
func gjsonKey(k string) string {
	if !strings.ContainsAny(k, `.*?\|#@!:`) {
		return k
	}
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		switch k[i] {
		case '.', '*', '?', '\\', '|', '#', '@', '!', ':':
			b.WriteByte('\\')
		}
		b.WriteByte(k[i])
	}
	return b.String()
}
