package v4

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"github.com/gosoto/gosoto/internal/testdata"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// The conformance suites: sigv4-aws-c-auth/v4 (header and query signing)
// and sigv4-botocore (header signing), each run through Sign and through
// SignJSON. See README.md sections 1 and 2 of the shared test data.

const suiteHost = "https://example.amazonaws.com"

type cAuthContext struct {
	Credentials struct {
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
		Token           string `json:"token"`
	} `json:"credentials"`
	ExpirationInSeconds int64  `json:"expiration_in_seconds"`
	Normalize           bool   `json:"normalize"`
	Region              string `json:"region"`
	Service             string `json:"service"`
	SignBody            bool   `json:"sign_body"`
	Timestamp           string `json:"timestamp"`
	OmitSessionToken    bool   `json:"omit_session_token"`
}

// cAuthCase is one aws-c-auth v4 case prepared for a variant.
type cAuthCase struct {
	dir  string
	req  *Request
	cred Credentials
	opts Options
	in   httpText
}

func loadCAuthCase(t *testing.T, dir string, query bool) cAuthCase {
	t.Helper()
	var ctx cAuthContext
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "context.json"))), &ctx); err != nil {
		t.Fatal(err)
	}
	in := parseHTTPText(t, readFile(t, filepath.Join(dir, "request.txt")))
	ts, err := time.Parse(time.RFC3339, ctx.Timestamp)
	if err != nil {
		t.Fatal(err)
	}
	r := &Request{Method: in.method, URL: suiteHost + in.target, Header: in.header}
	o := Options{
		Service:              ctx.Service,
		Region:               ctx.Region,
		Time:                 ts,
		DisableNormalizePath: !ctx.Normalize,
		OmitSessionToken:     ctx.OmitSessionToken,
	}
	if ctx.SignBody {
		r.Body = in.body
		o.ContentSHA256Header = !query
	}
	if query {
		if ctx.ExpirationInSeconds <= 0 {
			t.Fatal("context.json has no expiration_in_seconds")
		}
		o.PresignExpires = time.Duration(ctx.ExpirationInSeconds) * time.Second
	}
	c := Credentials{ctx.Credentials.AccessKeyID, ctx.Credentials.SecretAccessKey, ctx.Credentials.Token}
	return cAuthCase{dir: dir, req: r, cred: c, opts: o, in: in}
}

func caseDirs(t *testing.T, root string) []string {
	t.Helper()
	ents, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range ents {
		if e.IsDir() {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) == 0 {
		t.Fatalf("no cases in %s", root)
	}
	return dirs
}

func TestConformanceAWSCAuthV4(t *testing.T) {
	root := testdata.Dir(t, "sigv4-aws-c-auth/v4")
	s := new(Signer)
	for _, via := range []string{"Sign", "SignJSON"} {
		for _, variant := range []string{"header", "query"} {
			pass, total := 0, 0
			for _, name := range caseDirs(t, root) {
				total++
				if t.Run(via+"/"+variant+"/"+name, func(t *testing.T) {
					tc := loadCAuthCase(t, filepath.Join(root, name), variant == "query")
					var out signOutput
					if via == "Sign" {
						out = signDirect(t, s, tc.req, tc.cred, tc.opts)
					} else {
						out = signViaJSON(t, tc.req, tc.cred, tc.opts)
					}
					checkCAuth(t, tc, variant, out)
				}) {
					pass++
				}
			}
			t.Logf("aws-c-auth v4 %s via %s: %d/%d passed", variant, via, pass, total)
		}
	}
}

func checkCAuth(t *testing.T, tc cAuthCase, variant string, out signOutput) {
	t.Helper()
	want := func(f string) string { return readFile(t, filepath.Join(tc.dir, variant+"-"+f)) }
	wantCreq, wantSts, wantSig := want("canonical-request.txt"), want("string-to-sign.txt"), want("signature.txt")
	if out.creq != wantCreq {
		t.Errorf("canonical request:\n got %q\nwant %q", out.creq, wantCreq)
	}
	if out.sts != wantSts {
		t.Errorf("string to sign:\n got %q\nwant %q", out.sts, wantSts)
	}
	if out.sig != wantSig {
		t.Errorf("signature: got %s want %s", out.sig, wantSig)
	}
	// Upstream's third mode: sign the expected canonical request directly.
	if sts, sig := signCanonical(tc.cred.SecretAccessKey, tc.opts, wantCreq); sts != wantSts || sig != wantSig {
		t.Errorf("signing the expected canonical request: sts %q sig %s", sts, sig)
	}

	exp := parseHTTPText(t, want("signed-request.txt"))
	if !strings.HasPrefix(out.url, suiteHost) {
		t.Fatalf("url %q does not start with %s", out.url, suiteHost)
	}
	gotTarget := strings.TrimPrefix(out.url, suiteHost)
	if exp.method != tc.req.Method {
		t.Errorf("method: want %s", exp.method)
	}
	if variant == "header" {
		if gotTarget != exp.target {
			t.Errorf("target: got %q want %q", gotTarget, exp.target)
		}
	} else {
		gp, gq := splitTarget(gotTarget)
		ep, eq := splitTarget(exp.target)
		if gp != ep || !reflect.DeepEqual(gq, eq) {
			t.Errorf("presigned target:\n got %q %q\nwant %q %q", gp, gq, ep, eq)
		}
	}
	if g, w := headerMultiset(out.header, false), headerMultiset(exp.header, false); !reflect.DeepEqual(g, w) {
		t.Errorf("signed headers:\n got %q\nwant %q", g, w)
	}
	if string(exp.body) != string(tc.in.body) {
		t.Errorf("body changed")
	}
}

// signCanonical computes the string to sign and signature of a given
// canonical request, from the key derivation up (no cache).
func signCanonical(secret string, o Options, creq string) (string, string) {
	date := o.Time.UTC().Format("20060102T150405Z")
	h := sha256.Sum256([]byte(creq))
	sts := Algorithm + "\n" + date + "\n" + date[:8] + "/" + o.Region + "/" + o.Service + "/aws4_request\n" + hex.EncodeToString(h[:])
	k := []byte("AWS4" + secret)
	for _, d := range []string{date[:8], o.Region, o.Service, "aws4_request"} {
		k = hmacSHA256(k, d)
	}
	m := hmac.New(sha256.New, k)
	m.Write([]byte(sts))
	return sts, hex.EncodeToString(m.Sum(nil))
}

// botocoreCase is one case of the aws4_testsuite layout.
type botocoreCase struct {
	name, base string // base: path without extension
}

func botocoreCases(t *testing.T, root string) []botocoreCase {
	t.Helper()
	var cases []botocoreCase
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".req") {
			base := strings.TrimSuffix(p, ".req")
			rel, _ := filepath.Rel(root, filepath.Dir(p))
			cases = append(cases, botocoreCase{name: filepath.ToSlash(rel), base: base})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("no cases in %s", root)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].name < cases[j].name })
	return cases
}

// botocoreSreqAuthzMismatch lists the cases whose upstream .sreq carries an
// Authorization that disagrees with the case's own .authz: in
// get-vanilla-with-session-token the .sreq signature is not the one of .authz
// (07ec16..., also the signature of the same request in aws-c-auth's
// get-vanilla-with-session-token). For these the .authz value is compared.
var botocoreSreqAuthzMismatch = map[string]bool{"get-vanilla-with-session-token": true}

func TestConformanceBotocore(t *testing.T) {
	root := testdata.Dir(t, "sigv4-botocore")
	s := new(Signer)
	ts := time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	for _, via := range []string{"Sign", "SignJSON"} {
		pass, total := 0, 0
		for _, bc := range botocoreCases(t, root) {
			total++
			if t.Run(via+"/"+bc.name, func(t *testing.T) {
				in := parseHTTPText(t, readFile(t, bc.base+".req"))
				wantCreq := readFile(t, bc.base+".creq")
				wantSts := readFile(t, bc.base+".sts")
				wantAuthz := readFile(t, bc.base+".authz")
				sreq := parseHTTPText(t, readFile(t, bc.base+".sreq"))
				c := Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
				o := Options{Service: "service", Region: "us-east-1", Time: ts}
				for _, l := range strings.Split(wantCreq, "\n") {
					if v, ok := strings.CutPrefix(l, "x-amz-security-token:"); ok {
						c.SessionToken = v
					}
				}
				if c.SessionToken == "" {
					// post-sts-header-after: the token is sent but not signed.
					for _, h := range sreq.header {
						if strings.EqualFold(h[0], "X-Amz-Security-Token") {
							c.SessionToken = strings.TrimLeft(h[1], " ")
							o.OmitSessionToken = true
						}
					}
				}
				r := &Request{Method: in.method, URL: suiteHost + in.target, Header: in.header, Body: in.body}
				var out signOutput
				if via == "Sign" {
					out = signDirect(t, s, r, c, o)
				} else {
					out = signViaJSON(t, r, c, o)
				}
				if out.creq != wantCreq {
					t.Errorf("canonical request:\n got %q\nwant %q", out.creq, wantCreq)
				}
				if out.sts != wantSts {
					t.Errorf("string to sign:\n got %q\nwant %q", out.sts, wantSts)
				}
				var authz string
				for _, h := range out.header {
					if h[0] == "Authorization" {
						authz = h[1]
					}
				}
				if authz != wantAuthz {
					t.Errorf("authorization:\n got %q\nwant %q", authz, wantAuthz)
				}
				if !strings.HasSuffix(wantAuthz, "Signature="+out.sig) {
					t.Errorf("signature %s does not match .authz", out.sig)
				}
				if got := strings.TrimPrefix(out.url, suiteHost); got != sreq.target || sreq.method != in.method {
					t.Errorf("request line: got %s %q want %s %q", in.method, got, sreq.method, sreq.target)
				}
				for i, h := range sreq.header {
					if strings.EqualFold(h[0], "Authorization") && strings.TrimLeft(h[1], " ") != wantAuthz {
						if !botocoreSreqAuthzMismatch[bc.name] {
							t.Errorf(".sreq Authorization differs from .authz")
						}
						// Known upstream inconsistency: .authz is the reference.
						sreq.header[i][1] = wantAuthz
					}
				}
				if g, w := headerMultiset(out.header, true), headerMultiset(sreq.header, true); !reflect.DeepEqual(g, w) {
					t.Errorf("signed headers:\n got %q\nwant %q", g, w)
				}
			}) {
				pass++
			}
		}
		t.Logf("botocore via %s: %d/%d passed", via, pass, total)
	}
}
