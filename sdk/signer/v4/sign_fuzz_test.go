package v4

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
)

var fuzzCreds = Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", SessionToken: "tok"}

// FuzzSignJSON: gosoto_sign's request_json. Any document gives either an
// *awserr.Error or an output that is valid JSON with a 64-hex signature,
// and the secret key never appears in either.
func FuzzSignJSON(f *testing.F) {
	f.Add(`{"method": "GET", "url": "https://example.amazonaws.com/path?Param2=value2&Param1=value1",
 "headers": [["Host", "example.amazonaws.com"], ["My-Header1", "value1"]], "service": "service", "region": "us-east-1",
 "time": "2015-08-30T12:36:00Z", "credentials": {"access_key_id": "AKIDEXAMPLE", "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}}`)
	f.Add(`{"method": "PUT", "url": "https://b.s3.amazonaws.com/a%20b/./c//d?x", "body_base64": "aGk=", "service": "s3", "region": "eu-west-1",
 "normalize_path": false, "double_uri_encode": false, "content_sha256_header": true, "presign_expires": 3600}`)
	f.Add(`{"method": "POST", "url": "http://127.0.0.1:1/", "unsigned_payload": true, "service": "sqs", "region": "us-east-1", "omit_session_token": true, "profile": "p"}`)
	f.Add(`{"method": "GET", "url": "https://h/", "body_sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "service": "s", "region": "r", "time": 1440938160}`)
	f.Fuzz(func(t *testing.T, doc string) {
		out, err := SignJSON([]byte(doc), func(string) (Credentials, error) { return fuzzCreds, nil })
		if err != nil {
			var e *awserr.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *awserr.Error", err, err)
			}
			if strings.Contains(e.Message, fuzzCreds.SecretAccessKey) {
				t.Fatalf("error message carries the secret: %q", e.Message)
			}
			return
		}
		var res struct {
			URL       string      `json:"url"`
			Headers   [][2]string `json:"headers"`
			Signature string      `json:"signature"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("output is not the documented JSON: %v: %s", err, out)
		}
		if len(res.Signature) != 64 || strings.Trim(res.Signature, "0123456789abcdef") != "" {
			t.Fatalf("signature %q is not 64 lower-case hex digits", res.Signature)
		}
		if strings.Contains(string(out), fuzzCreds.SecretAccessKey) {
			t.Fatalf("output carries the secret key")
		}
	})
}

// FuzzCanonical: SigV4 canonicalization (path normalization and encoding,
// query sorting and encoding, header names and values) of arbitrary URLs
// and headers, through Sign with and without presigning. Sign either fails
// with an *awserr.Error or returns a deterministic signature; a presigned
// URL keeps its scheme and host.
func FuzzCanonical(f *testing.F) {
	f.Add("GET", "https://example.amazonaws.com/path?Param2=value2&Param1=value1", "My-Header1", "  a   b  ", uint8(0))
	f.Add("GET", "https://example.amazonaws.com/./a/../b//c/%2F%7e~?a=b&a=a&=&x", "X-Amz-Meta", "\tv\t", uint8(1))
	f.Add("POST", "http://[::1]:8080/%zz%/é?%G0=%20+&b=%", "host", "other", uint8(2))
	f.Add("PUT", "https://h/k?X-Amz-Signature=1&X-Amz-Credential=c", "Authorization", "x", uint8(7))
	f.Add("GET", "https://h:443/a#frag?q", "", "", uint8(4))
	start := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, method, url, hk, hv string, flags uint8) {
		r := &Request{Method: method, URL: url, Header: [][2]string{{hk, hv}, {"X-Rep", hv}, {"x-rep", hk}}}
		o := Options{Service: "service", Region: "us-east-1", Time: start, Debug: true,
			DisableNormalizePath: flags&1 != 0, DisableDoubleURIEncode: flags&2 != 0,
			OmitSessionToken: flags&4 != 0, ContentSHA256Header: flags&8 != 0}
		if flags&16 != 0 {
			o.PresignExpires = time.Hour
		}
		var s Signer
		res, err := s.Sign(r, fuzzCreds, o)
		if err != nil {
			var e *awserr.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *awserr.Error", err, err)
			}
			return
		}
		again, err := s.Sign(r, fuzzCreds, o)
		if err != nil || again.Signature != res.Signature || again.CanonicalRequest != res.CanonicalRequest {
			t.Fatalf("signing twice differs: %v", err)
		}
		lines := strings.Split(res.CanonicalRequest, "\n")
		if len(lines) < 6 || lines[0] != method {
			t.Fatalf("canonical request %q does not start with the method", res.CanonicalRequest)
		}
		if !strings.HasPrefix(lines[1], "/") || strings.ContainsAny(lines[1]+lines[2], " \t\r\x00") {
			t.Fatalf("canonical URI / query %q %q not encoded", lines[1], lines[2])
		}
		for _, kv := range res.Header {
			if strings.ContainsAny(kv[0], "\r\n\x00 :") {
				t.Fatalf("header name %q", kv[0])
			}
		}
		if o.PresignExpires > 0 && !strings.Contains(res.URL, "X-Amz-Signature="+res.Signature) {
			t.Fatalf("presigned URL %q lacks the signature", res.URL)
		}
	})
}
