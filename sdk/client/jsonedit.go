package client

import (
	"bytes"

	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/tidwall/gjson"
)

// SetMember sets a top-level member of a JSON object to the raw JSON val,
// replacing it when present, else adding it first. Hooks use it to edit
// inputs and outputs without re-encoding them.
func SetMember(obj []byte, name string, val []byte) []byte {
	obj = bytes.TrimSpace(obj)
	if r := gjson.GetBytes(obj, gjson.Escape(name)); r.Exists() && r.Index > 0 {
		out := make([]byte, 0, len(obj)+len(val))
		out = append(out, obj[:r.Index]...)
		out = append(out, val...)
		return append(out, obj[r.Index+len(r.Raw):]...)
	}
	if len(obj) < 2 || obj[0] != '{' {
		obj = []byte("{}")
	}
	out := make([]byte, 0, len(obj)+len(name)+len(val)+4)
	out = append(out, '{')
	out = jsonx.AppendString(out, name)
	out = append(out, ':')
	out = append(out, val...)
	if len(bytes.TrimSpace(obj[1:len(obj)-1])) > 0 {
		out = append(out, ',')
	}
	return append(out, obj[1:]...)
}
