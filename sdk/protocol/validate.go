package protocol

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// Validate checks input (the operation's request parameters as a JSON
// object) against op's input shape before anything is sent, the way
// botocore's ParamValidator does. It returns nil, an *awserr.Error of Kind
// InvalidArgument when input is not a JSON object, or one of Kind
// Validation (code ParamValidationError) whose message lists every problem
// found, one a line, after "Parameter validation failed:".
//
// A member whose value is JSON null counts as not set.
func Validate(op *model.Operation, input []byte) error {
	if op == nil {
		return awserr.InvalidArg("no operation given")
	}
	if !gjson.ValidBytes(input) {
		return awserr.InvalidArg("input for %s is not valid JSON: %s", op.Name, syntaxProblem(input))
	}
	v := gjson.ParseBytes(input)
	if !v.IsObject() {
		return awserr.InvalidArg("input for %s must be a JSON object, got %s", op.Name, typeName(v))
	}
	var val validator
	if op.Input == nil {
		v.ForEach(func(k, mv gjson.Result) bool {
			if mv.Type != gjson.Null {
				val.addf("Unknown parameter in input: %s, must be one of: ", strconv.Quote(k.String()))
			}
			return true
		})
	} else {
		val.structure(op.Input.Shape, v, "")
	}
	if len(val.problems) == 0 {
		return nil
	}
	return awserr.New(awserr.Validation, awserr.CodeValidation, "Parameter validation failed:\n%s", strings.Join(val.problems, "\n"))
}

// syntaxProblem describes why input is not JSON (error path only).
func syntaxProblem(input []byte) string {
	if len(strings.TrimSpace(string(input))) == 0 {
		return "empty document"
	}
	var raw json.RawMessage
	err := json.Unmarshal(input, &raw)
	if se, ok := err.(*json.SyntaxError); ok {
		return se.Error() + " at byte offset " + strconv.FormatInt(se.Offset, 10)
	}
	if err != nil {
		return err.Error()
	}
	return "invalid document"
}

type validator struct {
	problems []string
	depth    int
}

func (v *validator) addf(format string, args ...any) {
	v.problems = append(v.problems, sprintf(format, args...))
}

// maxValidateDepth bounds recursion over nested input.
const maxValidateDepth = 200

func member(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// showValue renders a value for a message; sensitive values are hidden.
func showValue(sh *model.Shape, v gjson.Result) string {
	if sh.Sensitive {
		return "*** sensitive ***"
	}
	return abbrev(v.Raw)
}

func (v *validator) invalidType(path string, sh *model.Shape, val gjson.Result, valid string) {
	v.addf("Invalid type for parameter %s, value: %s, type: %s, valid types: %s", path, showValue(sh, val), typeName(val), valid)
}

func (v *validator) structure(sh *model.Shape, val gjson.Result, path string) {
	where := path
	if where == "" {
		where = "input"
	}
	for _, req := range sh.Required {
		mv := val.Get(gjsonKey(req))
		if !mv.Exists() || mv.Type == gjson.Null {
			v.addf("Missing required parameter in %s: %s", where, strconv.Quote(req))
		}
	}
	set := 0
	val.ForEach(func(k, mv gjson.Result) bool {
		name := k.String()
		m, ok := sh.MemberByName(name)
		if !ok {
			names := make([]string, len(sh.Members))
			for i, mm := range sh.Members {
				names[i] = mm.Name
			}
			v.addf("Unknown parameter in %s: %s, must be one of: %s", where, strconv.Quote(name), strings.Join(names, ", "))
			return true
		}
		if mv.Type == gjson.Null {
			return true
		}
		set++
		v.value(m.Ref, mv, member(path, name))
		if path == "" && m.Location != "" {
			v.bound(m, mv, name)
		}
		return true
	})
	if sh.Union && set != 1 {
		names := make([]string, len(sh.Members))
		for i, mm := range sh.Members {
			names[i] = mm.Name
		}
		v.addf("Invalid number of parameters set for tagged union structure %s. Can only set one of the following keys: %s.", where, strings.Join(names, ", "))
	}
}

func (v *validator) value(ref *model.Ref, val gjson.Result, path string) {
	sh := ref.Shape
	if sh.Document || ref.JSONValue {
		// Any JSON value: a document, or a jsonvalue string that is sent
		// as JSON (boto3 takes the decoded value).
		return
	}
	if v.depth++; v.depth > maxValidateDepth {
		v.depth--
		v.addf("Invalid value for parameter %s: nested deeper than %d levels", path, maxValidateDepth)
		return
	}
	defer func() { v.depth-- }()
	switch sh.Type {
	case "structure":
		if !val.IsObject() {
			v.invalidType(path, sh, val, "<object>")
			return
		}
		v.structure(sh, val, path)
	case "list":
		if !val.IsArray() {
			v.invalidType(path, sh, val, "<array>")
			return
		}
		n := 0
		val.ForEach(func(_, ev gjson.Result) bool {
			v.value(sh.Member, ev, path+"["+strconv.Itoa(n)+"]")
			n++
			return true
		})
		v.minLength(path, sh, val, n)
	case "map":
		if !val.IsObject() {
			v.invalidType(path, sh, val, "<object>")
			return
		}
		n := 0
		val.ForEach(func(k, ev gjson.Result) bool {
			n++
			v.value(sh.Key, k, path+" (key: "+k.String()+")")
			v.value(sh.Value, ev, path+"."+k.String())
			return true
		})
		v.minLength(path, sh, val, n)
	case "string", "character":
		if val.Type != gjson.String {
			v.invalidType(path, sh, val, "<string>")
			return
		}
		v.minLength(path, sh, val, utf8.RuneCountInString(val.Str))
	case "integer", "long", "short", "byte", "biginteger":
		n, ok := intValue(val)
		if !ok {
			v.invalidType(path, sh, val, "<integer>")
			return
		}
		lo, hi := int64(math.MinInt32), int64(math.MaxInt32)
		switch sh.Type {
		case "long", "biginteger":
			lo, hi = math.MinInt64, math.MaxInt64
		case "short":
			lo, hi = math.MinInt16, math.MaxInt16
		case "byte":
			lo, hi = math.MinInt8, math.MaxInt8
		}
		if sh.Type != "long" && sh.Type != "biginteger" && (n < lo || n > hi) ||
			(sh.Type == "long" || sh.Type == "biginteger") && !fitsInt64(val.Raw) {
			v.addf("Invalid range for parameter %s, value: %s, valid range: %d-%d", path, showValue(sh, val), lo, hi)
			return
		}
		if sh.Min != nil && float64(n) < *sh.Min {
			v.addf("Invalid value for parameter %s, value: %s, valid min value: %s", path, showValue(sh, val), fmtNum(*sh.Min))
		}
	case "float", "double", "bigdecimal":
		if _, ok := floatValue(val); !ok {
			v.invalidType(path, sh, val, "<number>, \"NaN\", \"Infinity\", \"-Infinity\"")
		}
	case "boolean":
		if val.Type != gjson.True && val.Type != gjson.False {
			v.invalidType(path, sh, val, "<boolean>")
		}
	case "timestamp":
		if val.Type != gjson.String && val.Type != gjson.Number {
			v.invalidType(path, sh, val, "<string>, <number>")
			return
		}
		if _, ok := inputTimestamp(val); !ok {
			v.addf("Invalid timestamp for parameter %s, value: %s, valid formats: ISO 8601 string (2015-01-25T08:00:00Z), epoch seconds", path, showValue(sh, val))
		}
	case "blob":
		if val.Type != gjson.String {
			v.invalidType(path, sh, val, "<string> (base64)")
			return
		}
		b, err := decodeBase64(val.Str)
		if err != nil {
			v.addf("Invalid base64 for parameter %s, value: %s: %v", path, showValue(sh, val), err)
			return
		}
		v.minLength(path, sh, val, len(b))
	}
}

func (v *validator) minLength(path string, sh *model.Shape, val gjson.Result, n int) {
	if sh.Min != nil && float64(n) < *sh.Min {
		v.addf("Invalid length for parameter %s, value: %s, valid min length: %s", path, showValue(sh, val), fmtNum(*sh.Min))
	}
}

// fitsInt64 reports whether an integral JSON number fits in int64.
func fitsInt64(raw string) bool {
	if _, err := strconv.ParseInt(raw, 10, 64); err == nil {
		return true
	}
	f, err := strconv.ParseFloat(raw, 64)
	return err == nil && f >= -9.223372036854775e18 && f <= 9.223372036854775e18
}

func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// bound checks a member bound to a header, URI label or query string: CR,
// LF and NUL are rejected in its values (and, for prefix headers, in its
// keys, which must be header-name tokens), so that no input can split or
// smuggle a header or a request line.
func (v *validator) bound(m *model.Member, val gjson.Result, path string) {
	switch m.Location {
	case "header", "headers", "uri", "querystring":
	default:
		return
	}
	if m.JSONValue {
		return // sent base64-encoded
	}
	var walk func(val gjson.Result, path string)
	walk = func(val gjson.Result, path string) {
		switch {
		case val.Type == gjson.String:
			if strings.ContainsAny(val.Str, "\r\n\x00") {
				v.addf("Invalid value for parameter %s: it is sent in the %s and must not contain CR, LF or NUL characters", path, locationWord(m.Location))
			}
		case val.IsArray():
			i := 0
			val.ForEach(func(_, e gjson.Result) bool {
				walk(e, path+"["+strconv.Itoa(i)+"]")
				i++
				return true
			})
		case val.IsObject():
			val.ForEach(func(k, e gjson.Result) bool {
				if m.Location == "headers" && !validHeaderToken(m.LocationName+k.Str) {
					v.addf("Invalid key for parameter %s: %q does not make a valid HTTP header name", path, k.Str)
				} else if strings.ContainsAny(k.Str, "\r\n\x00") {
					v.addf("Invalid key for parameter %s: it is sent in the %s and must not contain CR, LF or NUL characters", path, locationWord(m.Location))
				}
				walk(e, path+"."+k.Str)
				return true
			})
		}
	}
	walk(val, path)
}

func locationWord(loc string) string {
	switch loc {
	case "uri":
		return "request URI"
	case "querystring":
		return "query string"
	}
	return "HTTP headers"
}

// validHeaderToken reports whether s is an RFC 9110 token (a header name).
func validHeaderToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}
