package protocol

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// Timestamp formats of botocore's timestampFormat trait.
const (
	tsISO8601 = "iso8601"
	tsUnix    = "unixTimestamp"
	tsRFC822  = "rfc822"
)

// isoOut is the layout of timestamps in output JSON: UTC, fractional
// seconds only when non-zero, trailing zeros trimmed.
const isoOut = "2006-01-02T15:04:05.999999999Z"

// appendISO appends t as an output JSON string in ISO 8601 UTC.
func appendISO(dst []byte, t time.Time) []byte {
	dst = append(dst, '"')
	dst = t.UTC().AppendFormat(dst, isoOut)
	return append(dst, '"')
}

// formatTimestamp renders t for the wire in the given timestampFormat
// (fmtName "" means def).
func formatTimestamp(t time.Time, fmtName, def string) string {
	if fmtName == "" {
		fmtName = def
	}
	t = t.UTC()
	switch fmtName {
	case tsUnix:
		return formatEpoch(t)
	case tsRFC822:
		return t.Format("Mon, 02 Jan 2006 15:04:05 GMT")
	default:
		if t.Nanosecond() != 0 {
			// botocore writes microseconds when there is a fraction.
			return t.Format("2006-01-02T15:04:05.000000Z")
		}
		return t.Format("2006-01-02T15:04:05Z")
	}
}

// formatEpoch renders t as epoch seconds, with up to millisecond-precision
// digits when it has a fraction.
func formatEpoch(t time.Time) string {
	s := strconv.FormatInt(t.Unix(), 10)
	ns := t.Nanosecond()
	if ns == 0 {
		return s
	}
	frac := strings.TrimRight(fmt.Sprintf("%09d", ns), "0")
	if t.Unix() < 0 {
		// Unix() floors; rebuild from the float for the rare negative case.
		return strconv.FormatFloat(float64(t.UnixNano())/1e9, 'f', -1, 64)
	}
	return s + "." + frac
}

// parseEpochText parses decimal epoch seconds exactly ("1398796238.123").
func parseEpochText(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	neg := false
	body := s
	if body[0] == '-' || body[0] == '+' {
		neg = body[0] == '-'
		body = body[1:]
	}
	ip, fp, hasDot := strings.Cut(body, ".")
	if isDigits(ip) && ip != "" && (!hasDot || isDigits(fp)) && len(ip) <= 12 {
		sec, _ := strconv.ParseInt(ip, 10, 64)
		var ns int64
		if fp != "" {
			if len(fp) > 9 {
				fp = fp[:9]
			}
			n, _ := strconv.ParseInt(fp, 10, 64)
			for i := len(fp); i < 9; i++ {
				n *= 10
			}
			ns = n
		}
		if neg {
			sec, ns = -sec, -ns
		}
		return time.Unix(sec, ns).UTC(), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e14 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	us := math.Round(frac * 1e6)
	return time.Unix(int64(sec), int64(us)*1000).UTC(), true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"20060102T150405Z",
	"2006-01-02",
}

var httpLayouts = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT",
	time.RFC1123,
	time.RFC1123Z,
	"Mon, 2 Jan 2006 15:04:05 GMT",
	"Monday, 02-Jan-06 15:04:05 GMT",
	time.ANSIC,
}

// parseTimestampText parses a timestamp written as ISO 8601, an HTTP date or
// epoch seconds.
func parseTimestampText(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, ok := parseEpochText(s); ok {
		return t, true
	}
	for _, l := range isoLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	for _, l := range httpLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// inputTimestamp reads an input timestamp: ISO 8601 (or HTTP date) string or
// epoch seconds number.
func inputTimestamp(v gjson.Result) (time.Time, bool) {
	switch v.Type {
	case gjson.Number:
		return parseEpochText(v.Raw)
	case gjson.String:
		return parseTimestampText(v.Str)
	}
	return time.Time{}, false
}

// decodeBase64 decodes standard base64, with or without padding.
func decodeBase64(s string) ([]byte, error) {
	if strings.HasSuffix(s, "=") || len(s)%4 == 0 {
		return base64.StdEncoding.DecodeString(s)
	}
	return base64.RawStdEncoding.DecodeString(s)
}

// validBase64 reports whether s is standard base64 (padded or not).
func validBase64(s string) bool {
	if s == "" {
		return true
	}
	_, err := decodeBase64(s)
	return err == nil
}

// floatValue reads a float input: a number or one of "NaN", "Infinity",
// "-Infinity".
func floatValue(v gjson.Result) (float64, bool) {
	switch v.Type {
	case gjson.Number:
		f, err := strconv.ParseFloat(v.Raw, 64)
		return f, err == nil || isRangeErr(err)
	case gjson.String:
		switch v.Str {
		case "NaN":
			return math.NaN(), true
		case "Infinity":
			return math.Inf(1), true
		case "-Infinity":
			return math.Inf(-1), true
		}
	}
	return 0, false
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// intValue reads an integral JSON number ("3", "3.0", "3e2") within int64.
func intValue(v gjson.Result) (int64, bool) {
	if v.Type != gjson.Number {
		return 0, false
	}
	if n, err := strconv.ParseInt(v.Raw, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(v.Raw, 64)
	if err != nil || f != math.Trunc(f) || f < -9.223372036854775e18 || f > 9.223372036854775e18 {
		return 0, false
	}
	return int64(f), true
}

// appendFloatText appends a float read from wire text (a number or
// NaN/Infinity spelling) as output JSON.
func appendFloatText(dst []byte, s string) ([]byte, bool) {
	switch strings.TrimSpace(s) {
	case "NaN":
		return jsonx.AppendFloat(dst, math.NaN()), true
	case "Infinity", "+Infinity", "inf", "Inf":
		return jsonx.AppendFloat(dst, math.Inf(1)), true
	case "-Infinity", "-inf", "-Inf":
		return jsonx.AppendFloat(dst, math.Inf(-1)), true
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil && !isRangeErr(err) {
		return dst, false
	}
	return jsonx.AppendFloat(dst, f), true
}

// wireFloat renders an input float for a text wire format (query).
func wireFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// errorShape finds the service's exception shape for an error code: a shape
// whose error trait code or whose name equals code, preferring the
// operation's declared errors.
func errorShape(svc *model.Service, op *model.Operation, code string) *model.Shape {
	if code == "" {
		return nil
	}
	if op != nil {
		for _, r := range op.Errors {
			if r.Shape.Error != nil && r.Shape.Error.Code == code {
				return r.Shape
			}
		}
		for _, r := range op.Errors {
			if r.Shape.Name == code && (r.Shape.Error == nil || r.Shape.Error.Code == "") {
				return r.Shape
			}
		}
	}
	if svc == nil {
		return nil
	}
	for _, s := range svc.Shapes {
		if s.Type == "structure" && s.Error != nil && s.Error.Code == code {
			return s
		}
	}
	if s, ok := svc.Shapes[code]; ok && s.Type == "structure" && (s.Exception || s.Error != nil) {
		if s.Error == nil || s.Error.Code == "" || s.Error.Code == code {
			return s
		}
	}
	return nil
}

// ErrorFields carries the members of a modeled service error (the
// exception shape's members, parsed like an output) as a JSON object. Parse
// sets it as the Err of the *awserr.Error it returns when the error code
// names an exception shape of the service, so that callers can surface the
// modeled members as botocore does.
type ErrorFields struct {
	// Shape is the exception shape's name.
	Shape string
	// JSON is the parsed members, a JSON object.
	JSON []byte
}

// Error implements error.
func (f *ErrorFields) Error() string { return "modeled error " + f.Shape + ": " + string(f.JSON) }

// ErrorShapeName implements awserr.Modeled.
func (f *ErrorFields) ErrorShapeName() string { return f.Shape }

// ErrorFieldsJSON implements awserr.Modeled.
func (f *ErrorFields) ErrorFieldsJSON() []byte { return f.JSON }

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// fillIdempotencyTokens returns input with a fresh UUID v4 set for every
// top-level idempotencyToken member the caller left unset, as botocore
// does. Input is returned unchanged when there is nothing to fill.
func fillIdempotencyTokens(op *model.Operation, input gjson.Result) (gjson.Result, error) {
	if op.Input == nil || !input.IsObject() {
		return input, nil
	}
	var add []byte
	for _, m := range op.Input.Shape.Members {
		if !m.IdempotencyToken {
			continue
		}
		if v := input.Get(gjsonKey(m.Name)); v.Exists() && v.Type != gjson.Null {
			continue
		}
		id, err := newUUID()
		if err != nil {
			return input, err
		}
		add = append(add, ',')
		add = jsonx.AppendString(add, m.Name)
		add = append(add, ':')
		add = jsonx.AppendString(add, id)
	}
	if add == nil {
		return input, nil
	}
	raw := strings.TrimSpace(input.Raw)
	body := strings.TrimSpace(raw[1 : len(raw)-1])
	if body == "" {
		add = add[1:]
	}
	doc := raw[:len(raw)-1] + string(add) + "}"
	return gjson.Parse(doc), nil
}

// newUUID returns a random (version 4) UUID.
func newUUID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("idempotency token: %v", err)
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}
