package protocol

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// This file holds what rest-json and rest-xml share: the codec interface
// and the HTTP bindings of input members (URI labels, query string,
// headers, prefix headers, host labels, payload members). The response
// side is in restresponse.go. Only the body codec differs between the two.

// restCodec is the body codec of a REST protocol.
type restCodec interface {
	// body serializes the input's unbound members (sh is the input shape,
	// vals its members' values, unset ones zero) as a document, or returns
	// nil when there is none to send.
	body(op *model.Operation, sh *model.Shape, vals []gjson.Result) ([]byte, error)
	// payload serializes a structure (or document) payload member's value.
	payload(m *model.Member, v gjson.Result) ([]byte, error)
	// emptyPayload is the body sent when a structure payload member is unset.
	emptyPayload() []byte
	contentType() string
	// parseBody reads a structured body into the output object of sh,
	// leaving out members bound elsewhere. body is not empty.
	parseBody(dst []byte, sh *model.Shape, body []byte) ([]byte, error)
	// parsePayload reads a structure payload member from body (not empty).
	parsePayload(dst []byte, m *model.Member, body []byte) ([]byte, error)
}

// buildREST serializes input for a REST protocol.
func buildREST(op *model.Operation, input gjson.Result, codec restCodec) (*Request, error) {
	input, err := fillIdempotencyTokens(op, input)
	if err != nil {
		return nil, awserr.New(awserr.Internal, awserr.CodeInternal, "%s: %v", op.Name, err)
	}
	tmpl, constQuery, _ := strings.Cut(op.HTTP.RequestURI, "?")
	req := &Request{Method: op.HTTP.Method}
	b := restBuilder{op: op, query: make([]byte, 0, 64)}
	b.query = append(b.query, constQuery...)
	if op.Input != nil && input.IsObject() {
		sh := op.Input.Shape
		vals := memberValues(sh, input)
		if err := b.bind(sh, vals); err != nil {
			return nil, err
		}
		if err := b.payload(sh, vals, codec); err != nil {
			return nil, err
		}
	}
	if req.Path, err = renderURI(op, tmpl, b.labels); err != nil {
		return nil, err
	}
	req.RawQuery = string(b.query)
	req.Header = b.header
	req.Body = b.body
	if len(b.body) > 0 && op.HTTPChecksumRequired && !hasHeader(b.header, "Content-MD5") {
		sum := md5.Sum(b.body)
		req.Header = append(req.Header, [2]string{"Content-MD5", base64.StdEncoding.EncodeToString(sum[:])})
	}
	if req.HostPrefix, err = expandHostPrefix(op, input); err != nil {
		return nil, err
	}
	return req, nil
}

// memberValues returns the input value of each member of sh, by index;
// unset and null members are zero Results.
func memberValues(sh *model.Shape, input gjson.Result) []gjson.Result {
	vals := make([]gjson.Result, len(sh.Members))
	input.ForEach(func(k, v gjson.Result) bool {
		if v.Type == gjson.Null {
			return true
		}
		for i, m := range sh.Members {
			if m.Name == k.Str {
				vals[i] = v
				break
			}
		}
		return true
	})
	return vals
}

type restBuilder struct {
	op     *model.Operation
	labels map[string]string
	query  []byte
	header [][2]string
	body   []byte
}

func (b *restBuilder) fail(format string, args ...any) error {
	return awserr.New(awserr.Validation, awserr.CodeValidation, "%s: %s", b.op.Name, fmt.Sprintf(format, args...))
}

func (b *restBuilder) addQuery(k, v string) {
	if len(b.query) > 0 {
		b.query = append(b.query, '&')
	}
	b.query = appendPercent(b.query, k)
	b.query = append(b.query, '=')
	b.query = appendPercent(b.query, v)
}

// bind places the members bound to the URI, query string and headers.
func (b *restBuilder) bind(sh *model.Shape, vals []gjson.Result) error {
	// Named query parameters take precedence over a map's entries.
	named := map[string]bool{}
	for i, m := range sh.Members {
		if m.Location == "querystring" && vals[i].Exists() && m.Shape.Type != "map" {
			named[m.WireName()] = true
		}
	}
	for i, m := range sh.Members {
		v := vals[i]
		if !v.Exists() {
			continue
		}
		switch m.Location {
		case "uri":
			s, err := restScalar(m.Ref, v, m.Name, tsISO8601)
			if err != nil {
				return b.fail("%v", err)
			}
			if b.labels == nil {
				b.labels = map[string]string{}
			}
			b.labels[m.WireName()] = s
		case "querystring":
			if err := b.bindQuery(m, v, named); err != nil {
				return err
			}
		case "header":
			s, ok, err := headerText(m.Ref, v, m.Name)
			if err != nil {
				return b.fail("%v", err)
			}
			if ok {
				b.header = append(b.header, [2]string{m.WireName(), s})
			}
		case "headers":
			if !v.IsObject() {
				return b.fail("parameter %s: expected an object", m.Name)
			}
			prefix := m.LocationName
			var err error
			v.ForEach(func(k, ev gjson.Result) bool {
				if ev.Type == gjson.Null {
					return true
				}
				var s string
				if s, err = restScalar(m.Shape.Value, ev, m.Name+"."+k.Str, tsRFC822); err == nil {
					b.header = append(b.header, [2]string{prefix + k.Str, s})
				}
				return err == nil
			})
			if err != nil {
				return b.fail("%v", err)
			}
		}
	}
	return nil
}

func (b *restBuilder) bindQuery(m *model.Member, v gjson.Result, named map[string]bool) error {
	switch m.Shape.Type {
	case "map":
		if !v.IsObject() {
			return b.fail("parameter %s: expected an object", m.Name)
		}
		var err error
		v.ForEach(func(k, ev gjson.Result) bool {
			if ev.Type == gjson.Null || named[k.Str] {
				return true
			}
			if ev.IsArray() {
				ev.ForEach(func(_, e gjson.Result) bool {
					if e.Type != gjson.Null {
						var s string
						if s, err = restScalar(m.Shape.Value.Shape.Member, e, m.Name+"."+k.Str, tsISO8601); err == nil {
							b.addQuery(k.Str, s)
						}
					}
					return err == nil
				})
				return err == nil
			}
			var s string
			if s, err = restScalar(m.Shape.Value, ev, m.Name+"."+k.Str, tsISO8601); err == nil {
				b.addQuery(k.Str, s)
			}
			return err == nil
		})
		if err != nil {
			return b.fail("%v", err)
		}
	case "list":
		if !v.IsArray() {
			return b.fail("parameter %s: expected an array", m.Name)
		}
		var err error
		v.ForEach(func(_, e gjson.Result) bool {
			if e.Type == gjson.Null {
				return true
			}
			var s string
			if s, err = restScalar(m.Shape.Member, e, m.Name, tsISO8601); err == nil {
				b.addQuery(m.WireName(), s)
			}
			return err == nil
		})
		if err != nil {
			return b.fail("%v", err)
		}
	default:
		s, err := restScalar(m.Ref, v, m.Name, tsISO8601)
		if err != nil {
			return b.fail("%v", err)
		}
		b.addQuery(m.WireName(), s)
	}
	return nil
}

// payload sets the body: the payload member when the shape names one, else
// the unbound members as a document.
func (b *restBuilder) payload(sh *model.Shape, vals []gjson.Result, codec restCodec) error {
	if sh.Payload == "" {
		body, err := codec.body(b.op, sh, vals)
		if err != nil {
			return b.fail("%v", err)
		}
		b.body = body
		if len(body) > 0 {
			b.setContentType(codec.contentType())
		}
		return nil
	}
	var m *model.Member
	idx := -1
	for i, mm := range sh.Members {
		if mm.Name == sh.Payload {
			m, idx = mm, i
		}
	}
	if m == nil {
		return b.fail("input shape %s names an unknown payload member %q", sh.Name, sh.Payload)
	}
	v := vals[idx]
	switch {
	case m.Shape.Type == "blob":
		// A streaming payload may later come from a file; for now it is
		// the member's bytes.
		if v.Exists() {
			raw, err := decodeBase64(v.Str)
			if err != nil || v.Type != gjson.String {
				return b.fail("parameter %s: invalid base64 blob", m.Name)
			}
			b.body = raw
		}
		b.setContentType("application/octet-stream")
	case m.Shape.Type == "string":
		if v.Exists() {
			if v.Type != gjson.String {
				return b.fail("parameter %s: expected a string", m.Name)
			}
			b.body = []byte(v.Str)
			b.setContentType("text/plain")
		}
	default:
		if !v.Exists() {
			b.body = codec.emptyPayload()
		} else {
			body, err := codec.payload(m, v)
			if err != nil {
				return b.fail("%v", err)
			}
			b.body = body
		}
		if len(b.body) > 0 {
			b.setContentType(codec.contentType())
		}
	}
	return nil
}

func (b *restBuilder) setContentType(ct string) {
	if !hasHeader(b.header, "Content-Type") {
		b.header = append([][2]string{{"Content-Type", ct}}, b.header...)
	}
}

func hasHeader(h [][2]string, name string) bool {
	for _, kv := range h {
		if strings.EqualFold(kv[0], name) {
			return true
		}
	}
	return false
}

// renderURI fills the path template's {Label} and {Label+} (greedy: "/"
// kept) placeholders, percent-encoding the values as botocore does.
func renderURI(op *model.Operation, tmpl string, labels map[string]string) (string, error) {
	if !strings.Contains(tmpl, "{") {
		if tmpl == "" {
			return "/", nil
		}
		return tmpl, nil
	}
	out := make([]byte, 0, len(tmpl)+32)
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			out = append(out, tmpl...)
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			return "", awserr.InvalidArg("operation %s: malformed requestUri %q", op.Name, op.HTTP.RequestURI)
		}
		out = append(out, tmpl[:i]...)
		name := tmpl[i+1 : i+j]
		greedy := strings.HasSuffix(name, "+")
		name = strings.TrimSuffix(name, "+")
		val, ok := labels[name]
		if !ok {
			return "", awserr.New(awserr.Validation, awserr.CodeValidation,
				"Parameter validation failed:\nMissing required URI label parameter %q of %s", name, op.Name)
		}
		if greedy {
			out = appendPercentKeep(out, val, '/')
		} else {
			out = appendPercent(out, val)
		}
		tmpl = tmpl[i+j+1:]
	}
	return string(out), nil
}

// appendPercentKeep is appendPercent leaving keep unescaped.
func appendPercentKeep(dst []byte, s string, keep byte) []byte {
	for {
		i := strings.IndexByte(s, keep)
		if i < 0 {
			return appendPercent(dst, s)
		}
		dst = appendPercent(dst, s[:i])
		dst = append(dst, keep)
		s = s[i+1:]
	}
}

// restScalar renders a scalar input value for a URI label, query parameter
// or header; tsDef is the location's default timestamp format.
func restScalar(ref *model.Ref, v gjson.Result, path, tsDef string) (string, error) {
	switch ref.Shape.Type {
	case "timestamp":
		t, ok := inputTimestamp(v)
		if !ok {
			return "", fmt.Errorf("parameter %s: invalid timestamp %s", path, abbrev(v.Raw))
		}
		return formatTimestamp(t, ref.TimestampFmt(), tsDef), nil
	case "structure", "list", "map":
		return "", fmt.Errorf("parameter %s: a %s cannot be bound here", path, ref.Shape.Type)
	}
	return queryScalar(ref, v, path)
}

// headerText renders a member bound to a header; ok is false when nothing
// is to be sent (an empty list).
func headerText(ref *model.Ref, v gjson.Result, path string) (string, bool, error) {
	sh := ref.Shape
	if ref.JSONValue {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(v.Raw)); err != nil {
			return "", false, fmt.Errorf("parameter %s: invalid JSON value", path)
		}
		return base64.StdEncoding.EncodeToString(buf.Bytes()), true, nil
	}
	if sh.Type != "list" {
		s, err := restScalar(ref, v, path, tsRFC822)
		return s, err == nil, err
	}
	if !v.IsArray() {
		return "", false, fmt.Errorf("parameter %s: expected an array", path)
	}
	var sb strings.Builder
	n := 0
	var err error
	v.ForEach(func(_, e gjson.Result) bool {
		if e.Type == gjson.Null {
			return true
		}
		var s string
		if s, err = restScalar(sh.Member, e, path, tsRFC822); err != nil {
			return false
		}
		if n > 0 {
			sb.WriteByte(',')
		}
		n++
		if sh.Member.Shape.Type == "string" && strings.ContainsAny(s, `",`) {
			s = `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
		}
		sb.WriteString(s)
		return true
	})
	if err != nil {
		return "", false, err
	}
	return sb.String(), n > 0, nil
}
