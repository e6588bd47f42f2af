package protocol

import (
	"bytes"
	"errors"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// RESTJSON is the "rest-json" protocol: the operation's HTTP method and
// URI template, members bound to the URI, query string and headers, and
// the other members (or the payload member) as a JSON body.
type RESTJSON struct{}

var _ Protocol = RESTJSON{}

// Build implements Protocol.
func (RESTJSON) Build(_ *model.Service, op *model.Operation, input gjson.Result) (*Request, error) {
	return buildREST(op, input, restJSONCodec{})
}

// Parse implements Protocol.
func (RESTJSON) Parse(svc *model.Service, op *model.Operation, resp *Response) ([]byte, string, error) {
	return parseREST(svc, op, resp, restJSONCodec{}, parseRESTJSONError)
}

type restJSONCodec struct{}

func (restJSONCodec) contentType() string  { return "application/json" }
func (restJSONCodec) emptyPayload() []byte { return []byte("{}") }

// body is the JSON object of the unbound members; "{}" when the shape has
// body members but none is set, nothing when it has none.
func (restJSONCodec) body(_ *model.Operation, sh *model.Shape, vals []gjson.Result) ([]byte, error) {
	hasBody, set := false, false
	for i, m := range sh.Members {
		if m.Location == "" {
			hasBody = true
			set = set || vals[i].Exists()
		}
	}
	if !hasBody {
		return nil, nil
	}
	if !set {
		return []byte("{}"), nil
	}
	dst := []byte{'{'}
	n := 0
	for i, m := range sh.Members {
		if m.Location != "" || !vals[i].Exists() {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = appendJSONKey(dst, m.WireName())
		var err error
		if dst, err = appendJSONValue(dst, m.Ref, vals[i], m.Name); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}

func appendJSONKey(dst []byte, k string) []byte {
	dst = jsonx.AppendString(dst, k)
	return append(dst, ':')
}

func (restJSONCodec) payload(m *model.Member, v gjson.Result) ([]byte, error) {
	return appendJSONValue(nil, m.Ref, v, m.Name)
}

func (restJSONCodec) parseBody(dst []byte, sh *model.Shape, body []byte) ([]byte, error) {
	if !gjson.ValidBytes(body) {
		return dst, errors.New("response body is not valid JSON")
	}
	return jsonOut{rest: true}.appendStruct(dst, sh, gjson.ParseBytes(body))
}

func (restJSONCodec) parsePayload(dst []byte, m *model.Member, body []byte) ([]byte, error) {
	if !gjson.ValidBytes(body) {
		return dst, errors.New("response body is not valid JSON")
	}
	return jsonOut{rest: true}.appendValue(dst, m.Ref, gjson.ParseBytes(body))
}

// parseRESTJSONError reads a rest-json error: the code from the
// x-amzn-ErrorType header, else the body's code, Code or __type (namespace
// and ":..." suffix stripped); the message from message or Message; a
// modeled exception's members from the headers, status code and body.
func parseRESTJSONError(svc *model.Service, op *model.Operation, resp *Response, rid string) *awserr.Error {
	e := parseJSONError(svc, op, resp, rid)
	var ef *ErrorFields
	if !errors.As(e.Err, &ef) {
		return e
	}
	sh := svc.Shapes[ef.Shape]
	if sh == nil {
		return e
	}
	body := bytes.TrimSpace(resp.Body)
	var parse func([]byte) ([]byte, error)
	if len(body) > 0 && gjson.ValidBytes(body) && gjson.ParseBytes(body).IsObject() {
		parse = func(dst []byte) ([]byte, error) {
			return jsonOut{rest: true}.appendStruct(dst, sh, gjson.ParseBytes(body))
		}
	}
	e.Err = modeledErrorFields(sh, resp, parse)
	return e
}
