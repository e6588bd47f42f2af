package protocol

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// This file holds the response side of the REST bindings shared by
// rest-json and rest-xml: status-code, header and prefix-header members,
// payload members, and modeled error members.

// parseREST parses a REST response; errors go to parseErr.
func parseREST(svc *model.Service, op *model.Operation, resp *Response, codec restCodec,
	parseErr func(*model.Service, *model.Operation, *Response, string) *awserr.Error) ([]byte, string, error) {
	rid := restRequestID(resp.Header)
	if resp.StatusCode >= 300 {
		e := parseErr(svc, op, resp, rid)
		return nil, e.RequestID, e
	}
	if op.Output == nil {
		return []byte("{}"), rid, nil
	}
	out, err := restOutput(make([]byte, 0, len(resp.Body)+64), op.Output.Shape, resp, codec)
	if err != nil {
		return nil, rid, parserError(resp, rid, "%s response: %v", op.Name, err)
	}
	return out, rid, nil
}

// restRequestID returns the request id from x-amzn-RequestId or S3's
// x-amz-request-id.
func restRequestID(h http.Header) string {
	for _, k := range []string{"X-Amzn-Requestid", "X-Amz-Request-Id", "X-Amzn-Request-Id"} {
		if v, ok := headerValue(h, k); ok && v != "" {
			return v
		}
	}
	return ""
}

// headerValue looks a header up case-insensitively (canonical keys first,
// then any spelling a caller may have stored), joining repeated values
// with ",".
func headerValue(h http.Header, name string) (string, bool) {
	if h == nil {
		return "", false
	}
	if vs, ok := h[http.CanonicalHeaderKey(name)]; ok {
		return strings.Join(vs, ","), true
	}
	for k, vs := range h {
		if strings.EqualFold(k, name) {
			return strings.Join(vs, ","), true
		}
	}
	return "", false
}

// restOutput builds the output object of sh: members bound to the status
// code and headers, then the payload member or the body members.
func restOutput(dst []byte, sh *model.Shape, resp *Response, codec restCodec) ([]byte, error) {
	mark := len(dst)
	body := bytes.TrimSpace(resp.Body)
	if sh.Payload != "" {
		dst = append(dst, '{')
		m, ok := sh.MemberByName(sh.Payload)
		if !ok {
			return dst[:mark], fmt.Errorf("output shape %s names an unknown payload member %q", sh.Name, sh.Payload)
		}
		switch {
		case m.Shape.Type == "blob":
			if len(resp.Body) > 0 || m.IsStreaming() {
				dst = jsonx.AppendString(dst, m.Name)
				dst = append(dst, ':')
				dst = appendStreamingBlob(dst, resp.Body)
			}
		case m.Shape.Type == "string":
			if len(resp.Body) > 0 || m.IsStreaming() {
				dst = jsonx.AppendString(dst, m.Name)
				dst = append(dst, ':')
				dst = jsonx.AppendString(dst, string(resp.Body))
			}
		case len(body) > 0:
			dst = jsonx.AppendString(dst, m.Name)
			dst = append(dst, ':')
			var err error
			if dst, err = codec.parsePayload(dst, m, body); err != nil {
				return dst[:mark], err
			}
		}
		dst = append(dst, '}')
	} else if len(body) > 0 {
		var err error
		if dst, err = codec.parseBody(dst, sh, body); err != nil {
			return dst[:mark], err
		}
	} else {
		dst = append(dst, "{}"...)
	}
	return appendBound(dst, sh, resp)
}

// appendBound adds the status-code, header and prefix-header members to
// the output object that ends dst.
func appendBound(dst []byte, sh *model.Shape, resp *Response) ([]byte, error) {
	if len(dst) < 2 || dst[len(dst)-1] != '}' {
		return dst, fmt.Errorf("internal: output is not an object")
	}
	closing := len(dst) - 1
	empty := dst[closing-1] == '{'
	var extra []byte
	add := func(name string) {
		if !empty || len(extra) > 0 {
			extra = append(extra, ',')
		}
		extra = jsonx.AppendString(extra, name)
		extra = append(extra, ':')
	}
	for _, m := range sh.Members {
		switch m.Location {
		case "statusCode":
			add(m.Name)
			extra = strconv.AppendInt(extra, int64(resp.StatusCode), 10)
		case "header":
			v, ok := headerValue(resp.Header, m.WireName())
			if !ok {
				continue
			}
			mark := len(extra)
			add(m.Name)
			var err error
			if extra, err = appendHeaderValue(extra, m.Ref, v); err == errAbsent {
				extra = extra[:mark]
				continue
			} else if err != nil {
				return dst, fmt.Errorf("header %s: %v", m.WireName(), err)
			}
		case "headers":
			add(m.Name)
			var err error
			if extra, err = appendPrefixHeaders(extra, m, resp.Header); err != nil {
				return dst, err
			}
		}
	}
	if len(extra) == 0 {
		return dst, nil
	}
	dst = append(dst[:closing], extra...)
	return append(dst, '}'), nil
}

// appendHeaderValue converts a header's text to output JSON by shape.
func appendHeaderValue(dst []byte, ref *model.Ref, s string) ([]byte, error) {
	sh := ref.Shape
	if ref.JSONValue {
		raw, err := decodeBase64(strings.TrimSpace(s))
		if err != nil || !gjson.ValidBytes(raw) {
			return dst, fmt.Errorf("invalid base64-encoded JSON value")
		}
		return append(dst, bytes.TrimSpace(raw)...), nil
	}
	switch sh.Type {
	case "list":
		dst = append(dst, '[')
		for i, item := range splitHeaderList(s, sh.Member.Shape.Type == "timestamp") {
			if i > 0 {
				dst = append(dst, ',')
			}
			var err error
			if dst, err = appendHeaderValue(dst, sh.Member, item); err == errAbsent {
				dst = append(dst, "null"...)
			} else if err != nil {
				return dst, err
			}
		}
		return append(dst, ']'), nil
	case "structure", "map":
		return dst, fmt.Errorf("a %s cannot be bound to a header", sh.Type)
	case "blob":
		return jsonx.AppendString(dst, strings.TrimSpace(s)), nil
	case "string", "character":
		return jsonx.AppendString(dst, s), nil
	case "timestamp":
		t, ok := parseTimestampText(s)
		if !ok {
			return dst, fmt.Errorf("invalid timestamp %q", abbrev(s))
		}
		return appendISO(dst, t), nil
	}
	return xmlScalar(dst, ref, s)
}

// splitHeaderList splits a comma-separated header list, honouring double
// quotes (with backslash escapes) and, for timestamps, the comma inside
// each HTTP date ("Mon, 16 Dec 2019 23:48:18 GMT").
func splitHeaderList(s string, timestamps bool) []string {
	var items []string
	var cur strings.Builder
	quoted, inQuotes, escaped := false, false, false
	flush := func() {
		item := cur.String()
		if !quoted {
			item = strings.TrimSpace(item)
		}
		items = append(items, item)
		cur.Reset()
		quoted = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			cur.WriteByte(c)
			escaped = false
		case inQuotes && c == '\\':
			escaped = true
		case c == '"' && (inQuotes || strings.TrimSpace(cur.String()) == ""):
			if !inQuotes {
				cur.Reset()
			}
			inQuotes = !inQuotes
			quoted = true
		case c == ',' && !inQuotes:
			flush()
		default:
			if !(quoted && !inQuotes) {
				cur.WriteByte(c)
			}
		}
	}
	flush()
	if timestamps {
		merged := items[:0:0]
		for i := 0; i < len(items); i++ {
			if i+1 < len(items) && len(items[i]) == 3 && isWeekday(items[i]) {
				merged = append(merged, items[i]+", "+items[i+1])
				i++
				continue
			}
			merged = append(merged, items[i])
		}
		items = merged
	}
	return items
}

func isWeekday(s string) bool {
	switch s {
	case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
		return true
	}
	return false
}

// appendPrefixHeaders writes the map of headers whose names start with the
// member's prefix, keyed by the rest of the name. Header names are
// case-insensitive: when the transport canonicalized them ("X-Amz-Meta-Foo")
// the original spelling is lost, and the key is lowercased, as S3 stores
// user metadata names.
func appendPrefixHeaders(dst []byte, m *model.Member, h http.Header) ([]byte, error) {
	prefix := m.LocationName
	keys := make([]string, 0, len(h))
	for k := range h {
		if len(k) >= len(prefix) && strings.EqualFold(k[:len(prefix)], prefix) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	dst = append(dst, '{')
	n := 0
	for _, k := range keys {
		name := k[len(prefix):]
		if prefix != "" && k == http.CanonicalHeaderKey(k) {
			name = strings.ToLower(name)
		}
		mark := len(dst)
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = jsonx.AppendString(dst, name)
		dst = append(dst, ':')
		var err error
		if dst, err = appendHeaderValue(dst, m.Shape.Value, strings.Join(h[k], ",")); err == errAbsent {
			dst = dst[:mark]
			continue
		} else if err != nil {
			return dst, fmt.Errorf("header %s: %v", k, err)
		}
		n++
	}
	return append(dst, '}'), nil
}

// appendStreamingBlob writes a blob payload as a base64 JSON string. It is
// the one place a streaming body is consumed, so that a form that writes
// the body to a file can replace it.
func appendStreamingBlob(dst []byte, body []byte) []byte {
	n := base64.StdEncoding.EncodedLen(len(body))
	dst = append(dst, '"')
	start := len(dst)
	dst = append(dst, make([]byte, n)...)
	base64.StdEncoding.Encode(dst[start:], body)
	return append(dst, '"')
}

// modeledErrorFields parses an exception shape's members from an error
// response (headers, status code and body) for ErrorFields.
func modeledErrorFields(sh *model.Shape, resp *Response, parseBody func(dst []byte) ([]byte, error)) *ErrorFields {
	var dst []byte
	var err error
	if parseBody != nil {
		dst, err = parseBody(nil)
	}
	if parseBody == nil || err != nil {
		dst = []byte("{}")
	}
	out, err := appendBound(dst, sh, resp)
	if err != nil {
		out = dst
	}
	return &ErrorFields{Shape: sh.Name, JSON: out}
}

// boundElsewhere reports whether an output member is read from the
// response's status line or headers rather than its body.
func boundElsewhere(m *model.Member) bool {
	switch m.Location {
	case "header", "headers", "statusCode":
		return true
	}
	return false
}
