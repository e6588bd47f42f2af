package s3test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// s3rver checks the access key id of a SigV4 request but not its
// signature. So that these tests prove the signatures right, every request
// goes through a proxy that recomputes the SigV4 signature of requests made
// with the S3RVER key (header or presigned), written here from the
// specification independently of sdk/signer/v4, and checks that the body
// sent hashes to the signed X-Amz-Content-Sha256. A request that fails is
// answered 403 SignatureDoesNotMatch and recorded; TestMain fails the run.

const secret = "S3RVER"

var (
	verified atomic.Int64
	badMu    sync.Mutex
	bad      []string
)

func TestMain(m *testing.M) {
	target := os.Getenv("GOSOTO_S3_ENDPOINT")
	if target == "" {
		os.Exit(m.Run())
	}
	u, err := url.Parse(target)
	if err != nil {
		fmt.Fprintln(os.Stderr, "GOSOTO_S3_ENDPOINT:", err)
		os.Exit(2)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		if err := verifySigV4(r, body); err != nil {
			badMu.Lock()
			bad = append(bad, r.Method+" "+r.RequestURI+": "+err.Error())
			badMu.Unlock()
			w.WriteHeader(403)
			fmt.Fprintf(w, "<Error><Code>SignatureDoesNotMatch</Code><Message>test proxy: %s</Message></Error>", err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		proxy.ServeHTTP(w, r)
	}))
	os.Setenv("GOSOTO_S3_ENDPOINT", srv.URL)
	code := m.Run()
	srv.Close()
	if len(bad) > 0 {
		fmt.Fprintf(os.Stderr, "requests whose SigV4 signature or payload hash is wrong:\n  %s\n", strings.Join(bad, "\n  "))
		code = 1
	}
	fmt.Printf("SigV4 signatures recomputed and matched: %d requests\n", verified.Load())
	os.Exit(code)
}

// verifySigV4 checks a request signed with the S3RVER key; others pass.
func verifySigV4(r *http.Request, body []byte) error {
	q := r.URL.Query()
	var akid, date, region, service, signedHeaders, signature, payloadHash, amzDate string
	presigned := q.Get("X-Amz-Algorithm") != ""
	if presigned {
		cred := strings.Split(q.Get("X-Amz-Credential"), "/")
		if len(cred) != 5 {
			return fmt.Errorf("bad X-Amz-Credential")
		}
		akid, date, region, service = cred[0], cred[1], cred[2], cred[3]
		signedHeaders, signature, amzDate = q.Get("X-Amz-SignedHeaders"), q.Get("X-Amz-Signature"), q.Get("X-Amz-Date")
		payloadHash = "UNSIGNED-PAYLOAD"
	} else {
		auth := r.Header.Get("Authorization")
		if auth == "" {
			return nil
		}
		rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 ")
		if !ok {
			return fmt.Errorf("not AWS4-HMAC-SHA256")
		}
		for _, part := range strings.Split(rest, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch k {
			case "Credential":
				cred := strings.Split(v, "/")
				if len(cred) != 5 {
					return fmt.Errorf("bad Credential")
				}
				akid, date, region, service = cred[0], cred[1], cred[2], cred[3]
			case "SignedHeaders":
				signedHeaders = v
			case "Signature":
				signature = v
			}
		}
		amzDate = r.Header.Get("X-Amz-Date")
		payloadHash = r.Header.Get("X-Amz-Content-Sha256")
		if payloadHash == "" {
			return fmt.Errorf("no X-Amz-Content-Sha256")
		}
		if payloadHash != "UNSIGNED-PAYLOAD" {
			sum := sha256.Sum256(body)
			if hex.EncodeToString(sum[:]) != payloadHash {
				return fmt.Errorf("the body (%d bytes) does not hash to X-Amz-Content-Sha256", len(body))
			}
		}
	}
	if akid != "S3RVER" {
		return nil
	}
	if !strings.HasPrefix(amzDate, date) || service != "s3" {
		return fmt.Errorf("bad date or service in the scope")
	}

	// Canonical URI: the path as sent, each segment decoded and encoded
	// again (S3: no normalization, no double encoding).
	rawPath, rawQuery, _ := strings.Cut(r.RequestURI, "?")
	var cu strings.Builder
	for i, seg := range strings.Split(rawPath, "/") {
		if i > 0 {
			cu.WriteByte('/')
		}
		d, err := url.PathUnescape(seg)
		if err != nil {
			return fmt.Errorf("bad path escape")
		}
		cu.WriteString(encode(d))
	}
	// Canonical query: decoded pairs, encoded, sorted; no signature.
	var pairs []string
	for _, p := range strings.Split(rawQuery, "&") {
		if p == "" {
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("bad query escape")
		}
		if dk == "X-Amz-Signature" {
			continue
		}
		pairs = append(pairs, encode(dk)+"="+encode(dv))
	}
	sort.Strings(pairs)
	// Canonical headers.
	var ch strings.Builder
	for _, name := range strings.Split(signedHeaders, ";") {
		var v string
		switch name {
		case "host":
			v = r.Host
		case "content-length":
			v = fmt.Sprint(r.ContentLength)
		default:
			v = strings.Join(r.Header.Values(name), ",")
		}
		ch.WriteString(name + ":" + strings.Join(strings.Fields(v), " ") + "\n")
	}
	creq := strings.Join([]string{r.Method, cu.String(), strings.Join(pairs, "&"), ch.String(), signedHeaders, payloadHash}, "\n")
	h := sha256.Sum256([]byte(creq))
	scope := date + "/" + region + "/" + service + "/aws4_request"
	sts := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(h[:])
	key := mac([]byte("AWS4"+secret), date)
	key = mac(key, region)
	key = mac(key, service)
	key = mac(key, "aws4_request")
	if want := hex.EncodeToString(mac(key, sts)); want != signature {
		return fmt.Errorf("signature mismatch; canonical request:\n%s", creq)
	}
	verified.Add(1)
	return nil
}

func mac(key []byte, s string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	return m.Sum(nil)
}

// encode is RFC 3986 percent-encoding of everything but the unreserved
// characters.
func encode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
