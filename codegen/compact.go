package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/tidwall/gjson"
)

// dropped lists the keys removed from operations, shapes, shape references
// and client context parameters: text for humans and traits the runtime never
// reads. Only keys in those positions go; a member or shape that happens to
// be called "documentation" stays.
var dropped = map[string]bool{
	"documentation":     true,
	"documentationUrl":  true,
	"deprecatedMessage": true,
	"box":               true,
	"pattern":           true,
	"examples":          true,
	"synthetic":         true,
}

// compactModel builds the document embedded in a service package from
// api-2.json, paginators-1.json and waiters-2.json (either may be nil).
//
// It is api-2.json with the dropped keys removed and all insignificant
// white space gone, keys and members in model order, plus two top-level keys
// that botocore's service-2 format does not have and model.Load ignores:
// "paginators" (paginators-1.json's "pagination" object) and "waiters"
// (waiters-2.json's "waiters" object), "{}" when absent. To keep the file
// diffable, every top-level key and every entry of "operations", "shapes",
// "paginators" and "waiters" starts a line.
func compactModel(api, paginators, waiters []byte) ([]byte, error) {
	for what, doc := range map[string][]byte{"api-2.json": api, "paginators-1.json": paginators, "waiters-2.json": waiters} {
		if doc != nil && !gjson.ValidBytes(doc) {
			return nil, fmt.Errorf("%s: not valid JSON", what)
		}
	}
	root := gjson.ParseBytes(api)
	if !root.IsObject() {
		return nil, fmt.Errorf("api-2.json: not a JSON object")
	}
	var b bytes.Buffer
	var err error
	b.WriteByte('{')
	first := true
	root.ForEach(func(k, v gjson.Result) bool {
		key := k.String()
		if dropped[key] {
			return true
		}
		if key == "paginators" || key == "waiters" {
			err = fmt.Errorf("api-2.json has a top-level %q key, which codegen uses itself", key)
			return false
		}
		if !first {
			b.WriteString(",\n")
		}
		first = false
		b.WriteString(k.Raw)
		b.WriteByte(':')
		switch key {
		case "operations":
			err = section(&b, v, operation)
		case "shapes":
			err = section(&b, v, shape)
		case "clientContextParams":
			err = object(&b, v, func(b *bytes.Buffer, v gjson.Result) error { return filtered(b, v, nil) })
		default:
			err = verbatim(&b, v)
		}
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	for _, extra := range []struct {
		key, from string
		doc       []byte
	}{{"paginators", "pagination", paginators}, {"waiters", "waiters", waiters}} {
		b.WriteString(",\n\"" + extra.key + "\":")
		v := gjson.GetBytes(extra.doc, extra.from)
		if !v.IsObject() {
			b.WriteString("{}")
			continue
		}
		if err := section(&b, v, verbatim); err != nil {
			return nil, err
		}
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

type emitFunc func(*bytes.Buffer, gjson.Result) error

// section writes an object with one entry per line.
func section(b *bytes.Buffer, v gjson.Result, entry emitFunc) error {
	if !v.IsObject() {
		return verbatim(b, v)
	}
	b.WriteByte('{')
	n := 0
	var err error
	v.ForEach(func(k, v gjson.Result) bool {
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n" + k.Raw + ":")
		n++
		err = entry(b, v)
		return err == nil
	})
	if n > 0 {
		b.WriteByte('\n')
	}
	b.WriteByte('}')
	return err
}

// object writes an object, each value through entry.
func object(b *bytes.Buffer, v gjson.Result, entry emitFunc) error {
	if !v.IsObject() {
		return verbatim(b, v)
	}
	b.WriteByte('{')
	n := 0
	var err error
	v.ForEach(func(k, v gjson.Result) bool {
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k.Raw + ":")
		n++
		err = entry(b, v)
		return err == nil
	})
	b.WriteByte('}')
	return err
}

// filtered writes an object without its dropped keys; the values of the keys
// in special go through their emitFunc, the others are copied verbatim.
func filtered(b *bytes.Buffer, v gjson.Result, special map[string]emitFunc) error {
	if !v.IsObject() {
		return verbatim(b, v)
	}
	b.WriteByte('{')
	n := 0
	var err error
	v.ForEach(func(k, v gjson.Result) bool {
		if dropped[k.String()] {
			return true
		}
		if n > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k.Raw + ":")
		n++
		if f := special[k.String()]; f != nil {
			err = f(b, v)
		} else {
			err = verbatim(b, v)
		}
		return err == nil
	})
	b.WriteByte('}')
	return err
}

// verbatim writes a value minified, strings and key order untouched.
func verbatim(b *bytes.Buffer, v gjson.Result) error {
	return json.Compact(b, []byte(v.Raw))
}

// ref writes a shape reference.
func ref(b *bytes.Buffer, v gjson.Result) error { return filtered(b, v, nil) }

// refs writes an array of shape references (an operation's errors).
func refs(b *bytes.Buffer, v gjson.Result) error {
	if !v.IsArray() {
		return verbatim(b, v)
	}
	b.WriteByte('[')
	var err error
	for i, e := range v.Array() {
		if i > 0 {
			b.WriteByte(',')
		}
		if err = ref(b, e); err != nil {
			break
		}
	}
	b.WriteByte(']')
	return err
}

var (
	operationKeys = map[string]emitFunc{"input": ref, "output": ref, "errors": refs}
	shapeKeys     = map[string]emitFunc{"member": ref, "key": ref, "value": ref, "members": members}
)

func operation(b *bytes.Buffer, v gjson.Result) error { return filtered(b, v, operationKeys) }
func shape(b *bytes.Buffer, v gjson.Result) error     { return filtered(b, v, shapeKeys) }
func members(b *bytes.Buffer, v gjson.Result) error   { return object(b, v, ref) }
