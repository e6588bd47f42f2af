package v4

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// httpText is a request in the suites' text format.
type httpText struct {
	method, target string
	header         [][2]string
	body           []byte
}

// parseHTTPText parses the suites' request format: "METHOD target HTTP/1.1",
// "Name:value" lines (a line starting with white space continues the
// previous value, newline included), then an optional blank line and body.
func parseHTTPText(t *testing.T, s string) httpText {
	t.Helper()
	s = strings.ReplaceAll(s, "\r", "")
	head, body, hasBody := strings.Cut(s, "\n\n")
	head = strings.TrimSuffix(head, "\n")
	lines := strings.Split(head, "\n")
	var r httpText
	first := lines[0]
	sp := strings.IndexByte(first, ' ')
	if sp < 0 || !strings.HasSuffix(first, " HTTP/1.1") {
		t.Fatalf("bad request line %q", first)
	}
	r.method = first[:sp]
	r.target = first[sp+1 : len(first)-len(" HTTP/1.1")]
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		if l[0] == ' ' || l[0] == '\t' {
			if len(r.header) == 0 {
				t.Fatalf("continuation line without header: %q", l)
			}
			r.header[len(r.header)-1][1] += "\n" + l
			continue
		}
		n, v, ok := strings.Cut(l, ":")
		if !ok {
			t.Fatalf("bad header line %q", l)
		}
		r.header = append(r.header, [2]string{n, v})
	}
	if hasBody {
		r.body = []byte(body)
	}
	return r
}

// headerMultiset renders headers as sorted "lowername:value" lines.
func headerMultiset(h [][2]string, trim bool) []string {
	out := make([]string, 0, len(h))
	for _, p := range h {
		v := p[1]
		if trim {
			v = strings.TrimLeft(v, " ")
		}
		out = append(out, strings.ToLower(p[0])+":"+v)
	}
	sort.Strings(out)
	return out
}

// splitTarget splits a request target into path and sorted query pieces.
func splitTarget(target string) (string, []string) {
	path, q, _ := strings.Cut(target, "?")
	var pieces []string
	if q != "" {
		pieces = strings.Split(q, "&")
	}
	sort.Strings(pieces)
	return path, pieces
}

// signOutput is what a signing run produced, from Sign or SignJSON.
type signOutput struct {
	url, creq, sts, sig string
	header              [][2]string
}

// signViaJSON builds the gosoto_sign document for the request, calls
// SignJSON and reads its output.
func signViaJSON(t *testing.T, r *Request, c Credentials, o Options) signOutput {
	t.Helper()
	doc := map[string]any{
		"method":  r.Method,
		"url":     r.URL,
		"headers": r.Header,
		"service": o.Service,
		"region":  o.Region,
		"time":    o.Time.UTC().Format("2006-01-02T15:04:05Z07:00"),
		"credentials": map[string]any{
			"access_key_id":     c.AccessKeyID,
			"secret_access_key": c.SecretAccessKey,
			"session_token":     c.SessionToken,
		},
		"normalize_path":        !o.DisableNormalizePath,
		"double_uri_encode":     !o.DisableDoubleURIEncode,
		"omit_session_token":    o.OmitSessionToken,
		"content_sha256_header": o.ContentSHA256Header,
	}
	if r.Header == nil {
		doc["headers"] = [][2]string{}
	}
	switch {
	case r.BodySHA256 != "":
		doc["body_sha256"] = r.BodySHA256
	case r.UnsignedPayload:
		doc["unsigned_payload"] = true
	default:
		doc["body_base64"] = r.Body // encoding/json writes []byte as base64
	}
	if o.PresignExpires > 0 {
		doc["presign_expires"] = int64(o.PresignExpires.Seconds())
	}
	in, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	out, err := SignJSON(in, func(string) (Credentials, error) {
		t.Fatal("resolver called although credentials were given")
		return Credentials{}, nil
	})
	if err != nil {
		t.Fatalf("SignJSON: %v", err)
	}
	if !gjson.ValidBytes(out) {
		t.Fatalf("SignJSON output is not valid JSON: %s", out)
	}
	g := gjson.ParseBytes(out)
	var so signOutput
	so.url = g.Get("url").Str
	so.creq = g.Get("canonical_request").Str
	so.sts = g.Get("string_to_sign").Str
	so.sig = g.Get("signature").Str
	for _, h := range g.Get("headers").Array() {
		a := h.Array()
		if len(a) != 2 {
			t.Fatalf("output header is not a pair: %s", h.Raw)
		}
		so.header = append(so.header, [2]string{a[0].Str, a[1].Str})
	}
	return so
}

// signDirect signs with Sign (Debug on).
func signDirect(t *testing.T, s *Signer, r *Request, c Credentials, o Options) signOutput {
	t.Helper()
	o.Debug = true
	res, err := s.Sign(r, c, o)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return signOutput{url: res.URL, creq: res.CanonicalRequest, sts: res.StringToSign, sig: res.Signature, header: res.Header}
}
