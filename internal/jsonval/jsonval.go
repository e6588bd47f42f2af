// Package jsonval reads typed values out of gjson results for the JSON
// documents of the C API (client config, credentials options), with the
// errors both report alike: "<member>: expected <type>, found <type>". The
// value itself is never quoted (it may be a secret).
package jsonval

import (
	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/tidwall/gjson"
)

// TypeName names a JSON value's type for error messages.
func TypeName(v gjson.Result) string {
	switch {
	case !v.Exists():
		return "nothing"
	case v.IsObject():
		return "an object"
	case v.IsArray():
		return "an array"
	}
	switch v.Type {
	case gjson.String:
		return "a string"
	case gjson.Number:
		return "a number"
	case gjson.True, gjson.False:
		return "a boolean"
	}
	return "null"
}

// WrongType is the InvalidArgument error for member holding v where want
// ("a string", "an integer"...) was expected.
func WrongType(member, want string, v gjson.Result) error {
	return awserr.InvalidArg("%s: expected %s, found %s", member, want, TypeName(v))
}

// String returns v as a string, or WrongType.
func String(v gjson.Result, member string) (string, error) {
	if v.Type != gjson.String {
		return "", WrongType(member, "a string", v)
	}
	return v.Str, nil
}
