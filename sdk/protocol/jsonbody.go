package protocol

import (
	"fmt"
	"strconv"

	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// This file holds the JSON body codec shared by the json protocol and (next)
// rest-json: input JSON to a wire body by shape, and a wire body to output
// JSON by shape.

// appendJSONStruct serializes the structure members of v (input order) as a
// JSON object. Null members are left out. Members not in the shape are
// ignored (Validate has rejected them). skip, when non-nil, leaves out
// members bound elsewhere (rest-json headers, URI...).
func appendJSONStruct(dst []byte, sh *model.Shape, v gjson.Result, skip func(*model.Member) bool) ([]byte, error) {
	dst = append(dst, '{')
	n := 0
	var err error
	v.ForEach(func(k, mv gjson.Result) bool {
		m, ok := sh.MemberByName(k.Str)
		if !ok || mv.Type == gjson.Null || (skip != nil && skip(m)) {
			return true
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = jsonx.AppendString(dst, m.WireName())
		dst = append(dst, ':')
		dst, err = appendJSONValue(dst, m.Ref, mv, k.Str)
		return err == nil
	})
	if err != nil {
		return dst, err
	}
	return append(dst, '}'), nil
}

// appendJSONValue serializes one input value of shape ref as wire JSON.
func appendJSONValue(dst []byte, ref *model.Ref, v gjson.Result, path string) ([]byte, error) {
	sh := ref.Shape
	if sh.Document {
		return append(dst, v.Raw...), nil
	}
	switch sh.Type {
	case "structure":
		if !v.IsObject() {
			return dst, fmt.Errorf("parameter %s: expected an object", path)
		}
		return appendJSONStruct(dst, sh, v, nil)
	case "list":
		if !v.IsArray() {
			return dst, fmt.Errorf("parameter %s: expected an array", path)
		}
		dst = append(dst, '[')
		i := 0
		var err error
		v.ForEach(func(_, ev gjson.Result) bool {
			if i > 0 {
				dst = append(dst, ',')
			}
			if ev.Type == gjson.Null {
				dst = append(dst, "null"...)
			} else {
				dst, err = appendJSONValue(dst, sh.Member, ev, path+"["+strconv.Itoa(i)+"]")
			}
			i++
			return err == nil
		})
		if err != nil {
			return dst, err
		}
		return append(dst, ']'), nil
	case "map":
		if !v.IsObject() {
			return dst, fmt.Errorf("parameter %s: expected an object", path)
		}
		dst = append(dst, '{')
		i := 0
		var err error
		v.ForEach(func(k, ev gjson.Result) bool {
			if ev.Type == gjson.Null {
				return true
			}
			if i > 0 {
				dst = append(dst, ',')
			}
			i++
			dst = jsonx.AppendString(dst, k.Str)
			dst = append(dst, ':')
			dst, err = appendJSONValue(dst, sh.Value, ev, path+"."+k.Str)
			return err == nil
		})
		if err != nil {
			return dst, err
		}
		return append(dst, '}'), nil
	case "timestamp":
		t, ok := inputTimestamp(v)
		if !ok {
			return dst, fmt.Errorf("parameter %s: invalid timestamp %s", path, v.Raw)
		}
		s := formatTimestamp(t, ref.TimestampFmt(), tsUnix)
		if f := ref.TimestampFmt(); f == "" || f == tsUnix {
			return append(dst, s...), nil
		}
		return jsonx.AppendString(dst, s), nil
	case "blob":
		if v.Type != gjson.String {
			return dst, fmt.Errorf("parameter %s: expected a base64 string", path)
		}
		return jsonx.AppendString(dst, v.Str), nil
	case "integer", "long", "short", "byte", "biginteger":
		n, ok := intValue(v)
		if !ok {
			return dst, fmt.Errorf("parameter %s: expected an integer, got %s", path, v.Raw)
		}
		return strconv.AppendInt(dst, n, 10), nil
	case "float", "double", "bigdecimal":
		f, ok := floatValue(v)
		if !ok {
			return dst, fmt.Errorf("parameter %s: expected a number, got %s", path, v.Raw)
		}
		if v.Type == gjson.Number {
			return append(dst, v.Raw...), nil
		}
		return jsonx.AppendFloat(dst, f), nil
	case "boolean":
		if v.Type != gjson.True && v.Type != gjson.False {
			return dst, fmt.Errorf("parameter %s: expected a boolean", path)
		}
		return append(dst, v.Raw...), nil
	default: // string, character
		if v.Type != gjson.String {
			return dst, fmt.Errorf("parameter %s: expected a string", path)
		}
		return jsonx.AppendString(dst, v.Str), nil
	}
}

// jsonOut maps wire JSON values to output JSON by shape.
type jsonOut struct {
	// rest leaves out members bound to the status code or headers
	// (rest-json), which are read from the response elsewhere.
	rest bool
}

// appendStruct writes the members of wire object v as output JSON, in model
// order, under model member names. Absent and null members are left out;
// unknown ones ignored.
func (p jsonOut) appendStruct(dst []byte, sh *model.Shape, v gjson.Result) ([]byte, error) {
	if !v.IsObject() {
		return dst, fmt.Errorf("%s: expected a JSON object, got %s", sh.Name, typeName(v))
	}
	// Index the wire object once; small structures dominate, so a slice
	// scan beats a map.
	var kv [16][2]gjson.Result
	pairs := kv[:0]
	v.ForEach(func(k, mv gjson.Result) bool {
		pairs = append(pairs, [2]gjson.Result{k, mv})
		return true
	})
	dst = append(dst, '{')
	n := 0
	for _, m := range sh.Members {
		if p.rest && boundElsewhere(m) {
			continue
		}
		name := m.WireName()
		var mv gjson.Result
		found := false
		for _, p := range pairs {
			if p[0].Str == name {
				mv, found = p[1], true
				break
			}
		}
		if !found || mv.Type == gjson.Null {
			continue
		}
		mark := len(dst)
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = jsonx.AppendString(dst, m.Name)
		dst = append(dst, ':')
		var err error
		dst, err = p.appendValue(dst, m.Ref, mv)
		if err != nil {
			return dst[:mark], fmt.Errorf("%s.%s: %w", sh.Name, m.Name, err)
		}
		n++
	}
	if n == 0 && sh.Union {
		// A union member this model does not know (botocore's
		// SDK_UNKNOWN_MEMBER); "__type" is not a member.
		for _, kv := range pairs {
			if kv[0].Str != "__type" && kv[1].Type != gjson.Null {
				dst = append(dst, `"SDK_UNKNOWN_MEMBER":{"name":`...)
				dst = jsonx.AppendString(dst, kv[0].Str)
				dst = append(dst, '}')
				break
			}
		}
	}
	return append(dst, '}'), nil
}

func (p jsonOut) appendValue(dst []byte, ref *model.Ref, v gjson.Result) ([]byte, error) {
	sh := ref.Shape
	if sh.Document {
		return append(dst, v.Raw...), nil
	}
	switch sh.Type {
	case "structure":
		return p.appendStruct(dst, sh, v)
	case "list":
		if !v.IsArray() {
			return dst, fmt.Errorf("expected a JSON array, got %s", typeName(v))
		}
		dst = append(dst, '[')
		i := 0
		var err error
		v.ForEach(func(_, ev gjson.Result) bool {
			if i > 0 {
				dst = append(dst, ',')
			}
			i++
			if ev.Type == gjson.Null {
				dst = append(dst, "null"...)
				return true
			}
			dst, err = p.appendValue(dst, sh.Member, ev)
			return err == nil
		})
		if err != nil {
			return dst, err
		}
		return append(dst, ']'), nil
	case "map":
		if !v.IsObject() {
			return dst, fmt.Errorf("expected a JSON object, got %s", typeName(v))
		}
		dst = append(dst, '{')
		i := 0
		var err error
		v.ForEach(func(k, ev gjson.Result) bool {
			if ev.Type == gjson.Null {
				return true
			}
			if i > 0 {
				dst = append(dst, ',')
			}
			i++
			dst = jsonx.AppendString(dst, k.String())
			dst = append(dst, ':')
			dst, err = p.appendValue(dst, sh.Value, ev)
			return err == nil
		})
		if err != nil {
			return dst, err
		}
		return append(dst, '}'), nil
	case "timestamp":
		switch v.Type {
		case gjson.Number:
			ts, ok := parseEpochText(v.Raw)
			if !ok {
				return dst, fmt.Errorf("invalid timestamp %s", v.Raw)
			}
			return appendISO(dst, ts), nil
		case gjson.String:
			ts, ok := parseTimestampText(v.Str)
			if !ok {
				return dst, fmt.Errorf("invalid timestamp %q", v.Str)
			}
			return appendISO(dst, ts), nil
		}
		return dst, fmt.Errorf("expected a timestamp, got %s", typeName(v))
	case "blob":
		if v.Type != gjson.String {
			return dst, fmt.Errorf("expected a base64 string, got %s", typeName(v))
		}
		if !validBase64(v.Str) {
			return dst, fmt.Errorf("invalid base64 blob")
		}
		return jsonx.AppendString(dst, v.Str), nil
	case "integer", "long", "short", "byte", "biginteger":
		n, ok := intValue(v)
		if !ok {
			return dst, fmt.Errorf("expected an integer, got %s", abbrev(v.Raw))
		}
		return strconv.AppendInt(dst, n, 10), nil
	case "float", "double", "bigdecimal":
		switch v.Type {
		case gjson.Number, gjson.String:
			out, ok := appendFloatText(dst, v.String())
			if !ok {
				return dst, fmt.Errorf("expected a number, got %q", abbrev(v.Str))
			}
			return out, nil
		}
		return dst, fmt.Errorf("expected a number, got %s", typeName(v))
	case "boolean":
		if v.Type != gjson.True && v.Type != gjson.False {
			return dst, fmt.Errorf("expected a boolean, got %s", typeName(v))
		}
		return append(dst, v.Raw...), nil
	default:
		if ref.JSONValue {
			return append(dst, v.Raw...), nil
		}
		if v.Type != gjson.String {
			// Like botocore, hand through what the service sent.
			return append(dst, v.Raw...), nil
		}
		return jsonx.AppendString(dst, v.Str), nil
	}
}

// typeName names a JSON value's type as the validation messages do.
func typeName(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return "<string>"
	case gjson.Number:
		return "<number>"
	case gjson.True, gjson.False:
		return "<boolean>"
	case gjson.Null:
		return "<null>"
	}
	if v.IsArray() {
		return "<array>"
	}
	if v.IsObject() {
		return "<object>"
	}
	return "<invalid>"
}

func abbrev(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}
