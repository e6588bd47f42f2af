package protocol

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// Query is the "query" protocol (AWS Query): the input as form parameters
// in a POST body, Action and Version first, and XML responses.
type Query struct{}

var _ Protocol = Query{}

const formContentType = "application/x-www-form-urlencoded; charset=utf-8"

// Build implements Protocol.
func (Query) Build(svc *model.Service, op *model.Operation, input gjson.Result) (*Request, error) {
	input, err := fillIdempotencyTokens(op, input)
	if err != nil {
		return nil, awserr.New(awserr.Internal, awserr.CodeInternal, "%s: %v", op.Name, err)
	}
	enc := formEncoder{buf: make([]byte, 0, 64+len(input.Raw)*2)}
	enc.add("Action", op.Name)
	enc.add("Version", svc.Metadata.APIVersion)
	if op.Input != nil && input.IsObject() {
		if err := (queryEncoder{}).structure(&enc, op.Input.Shape, input, ""); err != nil {
			return nil, awserr.New(awserr.Validation, awserr.CodeValidation, "%s: %v", op.Name, err)
		}
	}
	hp, err := expandHostPrefix(op, input)
	if err != nil {
		return nil, err
	}
	return &Request{
		Method:     "POST",
		Path:       requestPath(op),
		Header:     [][2]string{{"Content-Type", formContentType}},
		Body:       enc.buf,
		HostPrefix: hp,
	}, nil
}

// formEncoder appends name=value pairs form-encoded as botocore's request
// body is (urlencode: A-Z a-z 0-9 - _ . ~ as is, a space as '+', the rest
// percent-encoded). Servers that re-encode the form before checking the
// signature (moto does) only agree on that form.
type formEncoder struct{ buf []byte }

func (f *formEncoder) add(name, value string) {
	if len(f.buf) > 0 {
		f.buf = append(f.buf, '&')
	}
	f.buf = appendFormEscaped(f.buf, name)
	f.buf = append(f.buf, '=')
	f.buf = appendFormEscaped(f.buf, value)
}

// appendFormEscaped is appendPercent with a space written as '+'.
func appendFormEscaped(dst []byte, s string) []byte {
	for len(s) > 0 {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return appendPercent(dst, s)
		}
		dst = append(appendPercent(dst, s[:i]), '+')
		s = s[i+1:]
	}
	return dst
}

const upperHex = "0123456789ABCDEF"

func appendPercent(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
	}
	return dst
}

// queryEncoder flattens input into query parameters. The ec2 protocol
// (next) differs only in naming and list rules, hence the flag.
type queryEncoder struct {
	ec2 bool
}

func joinPrefix(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// memberName is the parameter name of a structure member.
func (q queryEncoder) memberName(m *model.Member) string {
	if q.ec2 {
		if m.QueryName != "" {
			return m.QueryName
		}
		if m.LocationName != "" {
			return strings.ToUpper(m.LocationName[:1]) + m.LocationName[1:]
		}
		return m.Name
	}
	return m.WireName()
}

func (q queryEncoder) structure(f *formEncoder, sh *model.Shape, v gjson.Result, prefix string) error {
	var err error
	v.ForEach(func(k, mv gjson.Result) bool {
		m, ok := sh.MemberByName(k.Str)
		if !ok || mv.Type == gjson.Null {
			return true
		}
		err = q.value(f, m.Ref, mv, joinPrefix(prefix, q.memberName(m)))
		return err == nil
	})
	return err
}

func (q queryEncoder) value(f *formEncoder, ref *model.Ref, v gjson.Result, prefix string) error {
	sh := ref.Shape
	switch sh.Type {
	case "structure":
		if !v.IsObject() {
			return fmt.Errorf("parameter %s: expected an object", prefix)
		}
		return q.structure(f, sh, v, prefix)
	case "list":
		return q.list(f, ref, v, prefix)
	case "map":
		return q.mapValue(f, ref, v, prefix)
	}
	s, err := queryScalar(ref, v, prefix)
	if err != nil {
		return err
	}
	f.add(prefix, s)
	return nil
}

func (q queryEncoder) list(f *formEncoder, ref *model.Ref, v gjson.Result, prefix string) error {
	sh := ref.Shape
	if !v.IsArray() {
		return fmt.Errorf("parameter %s: expected an array", prefix)
	}
	elems := v.Array()
	if len(elems) == 0 {
		if !q.ec2 {
			f.add(prefix, "")
		}
		return nil
	}
	var listPrefix string
	switch {
	case q.ec2:
		listPrefix = prefix
	case ref.IsFlattened():
		listPrefix = prefix
		if n := sh.Member.LocationName; n != "" {
			if i := strings.LastIndexByte(prefix, '.'); i >= 0 {
				listPrefix = prefix[:i+1] + n
			} else {
				listPrefix = n
			}
		}
	default:
		name := sh.Member.LocationName
		if name == "" {
			name = "member"
		}
		listPrefix = prefix + "." + name
	}
	for i, e := range elems {
		if e.Type == gjson.Null {
			continue
		}
		if err := q.value(f, sh.Member, e, listPrefix+"."+strconv.Itoa(i+1)); err != nil {
			return err
		}
	}
	return nil
}

func (q queryEncoder) mapValue(f *formEncoder, ref *model.Ref, v gjson.Result, prefix string) error {
	sh := ref.Shape
	if !v.IsObject() {
		return fmt.Errorf("parameter %s: expected an object", prefix)
	}
	full := prefix
	if !ref.IsFlattened() {
		full += ".entry"
	}
	keyName, valName := "key", "value"
	if sh.Key.LocationName != "" {
		keyName = sh.Key.LocationName
	}
	if sh.Value.LocationName != "" {
		valName = sh.Value.LocationName
	}
	i := 0
	var err error
	v.ForEach(func(k, ev gjson.Result) bool {
		if ev.Type == gjson.Null {
			return true
		}
		i++
		p := full + "." + strconv.Itoa(i) + "."
		f.add(p+keyName, k.String())
		err = q.value(f, sh.Value, ev, p+valName)
		return err == nil
	})
	return err
}

// queryScalar renders a scalar input value as a query parameter value.
func queryScalar(ref *model.Ref, v gjson.Result, path string) (string, error) {
	switch ref.Shape.Type {
	case "timestamp":
		t, ok := inputTimestamp(v)
		if !ok {
			return "", fmt.Errorf("parameter %s: invalid timestamp %s", path, v.Raw)
		}
		return formatTimestamp(t, ref.TimestampFmt(), tsISO8601), nil
	case "boolean":
		switch v.Type {
		case gjson.True:
			return "true", nil
		case gjson.False:
			return "false", nil
		}
		return "", fmt.Errorf("parameter %s: expected a boolean", path)
	case "integer", "long", "short", "byte", "biginteger":
		n, ok := intValue(v)
		if !ok {
			return "", fmt.Errorf("parameter %s: expected an integer, got %s", path, v.Raw)
		}
		return strconv.FormatInt(n, 10), nil
	case "float", "double", "bigdecimal":
		if v.Type == gjson.Number && !strings.ContainsAny(v.Raw, "eE") {
			return v.Raw, nil
		}
		fv, ok := floatValue(v)
		if !ok {
			return "", fmt.Errorf("parameter %s: expected a number, got %s", path, v.Raw)
		}
		return wireFloat(fv), nil
	default: // string, blob (already base64)
		if v.Type != gjson.String {
			return "", fmt.Errorf("parameter %s: expected a string", path)
		}
		return v.Str, nil
	}
}

// Parse implements Protocol.
func (Query) Parse(svc *model.Service, op *model.Operation, resp *Response) ([]byte, string, error) {
	rid := xmlRequestID(resp.Body)
	if rid == "" {
		rid = headerRequestID(resp.Header)
	}
	if resp.StatusCode >= 300 {
		return nil, rid, parseXMLError(svc, op, resp, rid)
	}
	body := bytes.TrimSpace(resp.Body)
	if op.Output == nil || len(body) == 0 {
		return []byte("{}"), rid, nil
	}
	wrapper := op.Output.ResultWrapper
	if wrapper == "" && bytes.Contains(body, []byte("<"+op.Name+"Result")) {
		// Models without the trait still get the conventional wrapper.
		wrapper = op.Name + "Result"
	}
	out, err := parseXMLOutput(op.Output.Shape, wrapper, body)
	if err != nil {
		return nil, rid, parserError(resp, rid, "%s response: %v", op.Name, err)
	}
	return out, rid, nil
}

// parseXMLOutput reads a query/ec2 response document: the root element
// (<OpResponse>) holds the output, inside the resultWrapper element when
// wrapper is not empty.
func parseXMLOutput(out *model.Shape, wrapper string, body []byte) ([]byte, error) {
	r := newXMLReader(body)
	root, err := r.root()
	if err != nil {
		return nil, err
	}
	if wrapper == "" {
		return r.structure(make([]byte, 0, len(body)), out, root)
	}
	var res []byte
	for {
		tok, err := r.token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == wrapper && res == nil {
				if res, err = r.structure(make([]byte, 0, len(body)), out, t); err != nil {
					return nil, err
				}
				continue
			}
			if err := r.skip(); err != nil {
				return nil, err
			}
		case xml.EndElement:
			if res == nil {
				res = []byte("{}")
			}
			return res, nil
		}
	}
}

// xmlRequestID finds the request id element of a query/ec2 response body.
func xmlRequestID(body []byte) string {
	for _, tag := range []string{"RequestId", "RequestID", "requestId"} {
		open := "<" + tag + ">"
		i := bytes.Index(body, []byte(open))
		if i < 0 {
			continue
		}
		rest := body[i+len(open):]
		j := bytes.Index(rest, []byte("</"+tag+">"))
		if j < 0 {
			continue
		}
		return strings.TrimSpace(string(rest[:j]))
	}
	return ""
}

// parseXMLError reads <ErrorResponse><Error><Type/><Code/><Message/>...
// </Error><RequestId/></ErrorResponse> (and ec2's
// <Response><Errors><Error>...). A body that is not XML gives an error
// named after the HTTP status.
func parseXMLError(svc *model.Service, op *model.Operation, resp *Response, rid string) *awserr.Error {
	e := &awserr.Error{Kind: awserr.Service, StatusCode: resp.StatusCode, RequestID: rid, Header: resp.Header}
	body := bytes.TrimSpace(resp.Body)
	found := false
	if len(body) > 0 {
		found = scanXMLError(body, e)
	}
	if e.Code == "" {
		e.Code = strconv.Itoa(resp.StatusCode)
		if e.Message == "" {
			e.Message = http.StatusText(resp.StatusCode)
		}
	}
	if !found {
		return e
	}
	sh := errorShape(svc, op, e.Code)
	if sh == nil {
		return e
	}
	r := newXMLReader(body)
	for {
		tok, err := r.token()
		if err != nil {
			return e
		}
		if t, ok := tok.(xml.StartElement); ok && t.Name.Local == "Error" {
			if b, err := r.structure(nil, sh, t); err == nil {
				e.Err = &ErrorFields{Shape: sh.Name, JSON: b}
			}
			return e
		}
	}
}

// scanXMLError fills code, message and type from the first <Error>
// element; it reports whether one was found.
func scanXMLError(body []byte, e *awserr.Error) bool {
	r := newXMLReader(body)
	for {
		tok, err := r.token()
		if err != nil {
			return false
		}
		t, ok := tok.(xml.StartElement)
		if !ok || t.Name.Local != "Error" {
			continue
		}
		for {
			tok, err := r.token()
			if err != nil {
				return true
			}
			switch c := tok.(type) {
			case xml.StartElement:
				var dst *string
				switch c.Name.Local {
				case "Code":
					dst = &e.Code
				case "Message":
					dst = &e.Message
				case "Type":
					dst = &e.Type
				}
				if dst == nil {
					if r.skip() != nil {
						return true
					}
					continue
				}
				s, err := r.text()
				if err != nil {
					return true
				}
				if c.Name.Local != "Message" {
					s = strings.TrimSpace(s)
				}
				*dst = s
			case xml.EndElement:
				return true
			}
		}
	}
}
