package v4

import (
	"encoding/base64"
	"strconv"
	"time"

	"github.com/tidwall/gjson"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonx"
)

// jsonSigner is the Signer behind SignJSON; sharing it shares the key cache.
var jsonSigner Signer

// SignJSON implements gosoto_sign: it takes the request JSON of CAPI.md
// ("Signing (gosoto_sign)") and returns the output JSON
//
//	{"url", "headers": [[name, value], ...], "canonical_request", "string_to_sign", "signature"}
//
// resolve is called when the request has no "credentials"; its argument is
// the "profile" member ("" when absent). Errors from resolve are returned
// as they are. Every bad input (malformed JSON, a missing or unknown member,
// a member of the wrong type, a bad URL or base64...) is an *awserr.Error of
// kind InvalidArgument whose message names the member at fault.
func SignJSON(req []byte, resolve func(profile string) (Credentials, error)) ([]byte, error) {
	in, err := parseSignJSON(req)
	if err != nil {
		return nil, err
	}
	creds := in.creds
	if !in.hasCreds {
		if resolve == nil {
			return nil, awserr.InvalidArg("credentials: missing, and no credentials resolver is configured")
		}
		if creds, err = resolve(in.profile); err != nil {
			return nil, err
		}
	}
	in.opts.Debug = true
	res, err := jsonSigner.Sign(&in.req, creds, in.opts)
	if err != nil {
		return nil, err
	}
	return appendResultJSON(make([]byte, 0, 1024), res), nil
}

// appendResultJSON writes the output document of gosoto_sign.
func appendResultJSON(b []byte, res *Result) []byte {
	b = append(b, `{"url":`...)
	b = jsonx.AppendString(b, res.URL)
	b = append(b, `,"headers":[`...)
	for i, h := range res.Header {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = jsonx.AppendString(b, h[0])
		b = append(b, ',')
		b = jsonx.AppendString(b, h[1])
		b = append(b, ']')
	}
	b = append(b, `],"canonical_request":`...)
	b = jsonx.AppendString(b, res.CanonicalRequest)
	b = append(b, `,"string_to_sign":`...)
	b = jsonx.AppendString(b, res.StringToSign)
	b = append(b, `,"signature":`...)
	b = jsonx.AppendString(b, res.Signature)
	return append(b, '}')
}

// signInput is a parsed gosoto_sign request.
type signInput struct {
	req      Request
	opts     Options
	creds    Credentials
	hasCreds bool
	profile  string
}

// parseSignJSON reads and checks the request document.
func parseSignJSON(doc []byte) (*signInput, error) {
	if len(doc) == 0 {
		return nil, awserr.InvalidArg("request: empty document")
	}
	if !gjson.ValidBytes(doc) {
		return nil, awserr.InvalidArg("request: malformed JSON")
	}
	root := gjson.ParseBytes(doc)
	if !root.IsObject() {
		return nil, awserr.InvalidArg("request: must be a JSON object")
	}
	in := &signInput{}
	seen := map[string]bool{}
	var payloads []string
	var err error
	root.ForEach(func(k, v gjson.Result) bool {
		name := k.Str
		if seen[name] {
			err = awserr.InvalidArg("%s: given more than once", quoteName(name))
			return false
		}
		seen[name] = true
		if v.Type == gjson.Null && name != "method" && name != "url" && name != "service" && name != "region" {
			return true // null is "not given" for optional members
		}
		switch name {
		case "method":
			in.req.Method, err = str(name, v, true)
		case "url":
			in.req.URL, err = str(name, v, true)
		case "service":
			in.opts.Service, err = str(name, v, true)
		case "region":
			in.opts.Region, err = str(name, v, true)
		case "headers":
			in.req.Header, err = headers(v)
		case "body_base64":
			var s string
			if s, err = str(name, v, false); err == nil {
				in.req.Body, err = decodeBase64(s)
				if s != "" {
					payloads = append(payloads, name)
				}
			}
		case "body_sha256":
			if in.req.BodySHA256, err = str(name, v, true); err == nil {
				payloads = append(payloads, name)
			}
		case "unsigned_payload":
			if in.req.UnsignedPayload, err = boolean(name, v); err == nil && in.req.UnsignedPayload {
				payloads = append(payloads, name)
			}
		case "time":
			var s string
			if s, err = str(name, v, true); err == nil {
				if in.opts.Time, err = time.Parse(time.RFC3339, s); err != nil {
					err = awserr.InvalidArg("time: not an RFC 3339 timestamp (like 2015-08-30T12:36:00Z)")
				}
			}
		case "credentials":
			in.creds, err = credentials(v)
			in.hasCreds = err == nil
		case "profile":
			in.profile, err = str(name, v, false)
		case "presign_expires":
			var n int64
			if v.Type != gjson.Number {
				err = awserr.InvalidArg("presign_expires: must be a number of seconds")
			} else if n, err = strconv.ParseInt(v.Raw, 10, 64); err != nil {
				err = awserr.InvalidArg("presign_expires: must be a whole number of seconds")
			} else if n < 1 || n > int64(MaxPresignExpires/time.Second) {
				err = awserr.InvalidArg("presign_expires: must be between 1 and %d seconds", int64(MaxPresignExpires/time.Second))
			} else {
				in.opts.PresignExpires = time.Duration(n) * time.Second
			}
		case "normalize_path":
			var b bool
			b, err = boolean(name, v)
			in.opts.DisableNormalizePath = !b
		case "double_uri_encode":
			var b bool
			b, err = boolean(name, v)
			in.opts.DisableDoubleURIEncode = !b
		case "omit_session_token":
			in.opts.OmitSessionToken, err = boolean(name, v)
		case "content_sha256_header":
			in.opts.ContentSHA256Header, err = boolean(name, v)
		default:
			err = awserr.InvalidArg("%s: unknown member", quoteName(name))
		}
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	for _, m := range []string{"method", "url", "service", "region"} {
		if !seen[m] {
			return nil, awserr.InvalidArg("%s: missing", m)
		}
	}
	if len(payloads) > 1 {
		return nil, awserr.InvalidArg("%s and %s: give only one of body_base64, body_sha256 and unsigned_payload", payloads[0], payloads[1])
	}
	return in, nil
}

// quoteName quotes a member name for an error message, shortened.
func quoteName(n string) string { return strconv.Quote(truncate(n, 64)) }

func str(name string, v gjson.Result, nonEmpty bool) (string, error) {
	if v.Type != gjson.String {
		return "", awserr.InvalidArg("%s: must be a string", name)
	}
	if nonEmpty && v.Str == "" {
		return "", awserr.InvalidArg("%s: must not be empty", name)
	}
	return v.Str, nil
}

func boolean(name string, v gjson.Result) (bool, error) {
	switch v.Type {
	case gjson.True:
		return true, nil
	case gjson.False:
		return false, nil
	}
	return false, awserr.InvalidArg("%s: must be true or false", name)
}

func decodeBase64(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(s); err != nil {
			return nil, awserr.InvalidArg("body_base64: not valid base64")
		}
	}
	return b, nil
}

// headers reads [[name, value], ...].
func headers(v gjson.Result) ([][2]string, error) {
	if !v.IsArray() {
		return nil, awserr.InvalidArg("headers: must be an array of [name, value] arrays")
	}
	var out [][2]string
	var err error
	i := 0
	v.ForEach(func(_, h gjson.Result) bool {
		if !h.IsArray() {
			err = awserr.InvalidArg("headers[%d]: must be a [name, value] array", i)
			return false
		}
		var pair [2]string
		n := 0
		h.ForEach(func(_, e gjson.Result) bool {
			if n >= 2 || e.Type != gjson.String {
				n = -1
				return false
			}
			pair[n] = e.Str
			n++
			return true
		})
		if n != 2 {
			err = awserr.InvalidArg("headers[%d]: must be an array of two strings, [name, value]", i)
			return false
		}
		out = append(out, pair)
		i++
		return true
	})
	return out, err
}

// credentials reads {"access_key_id", "secret_access_key", "session_token"}.
func credentials(v gjson.Result) (Credentials, error) {
	var c Credentials
	if !v.IsObject() {
		return c, awserr.InvalidArg("credentials: must be an object")
	}
	var err error
	seen := map[string]bool{}
	v.ForEach(func(k, e gjson.Result) bool {
		name := "credentials." + k.Str
		if seen[k.Str] {
			err = awserr.InvalidArg("%s: given more than once", quoteName(name))
			return false
		}
		seen[k.Str] = true
		switch k.Str {
		case "access_key_id":
			c.AccessKeyID, err = str(name, e, true)
		case "secret_access_key":
			c.SecretAccessKey, err = str(name, e, true)
		case "session_token":
			if e.Type != gjson.Null {
				c.SessionToken, err = str(name, e, false)
			}
		default:
			err = awserr.InvalidArg("%s: unknown member", quoteName(name))
		}
		return err == nil
	})
	if err != nil {
		return Credentials{}, err
	}
	for _, m := range []string{"access_key_id", "secret_access_key"} {
		if !seen[m] {
			return Credentials{}, awserr.InvalidArg("credentials.%s: missing", m)
		}
	}
	return c, nil
}
