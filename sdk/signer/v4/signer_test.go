package v4

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosoto/gosoto/internal/awserr"
)

const (
	testSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testToken  = "SESSIONTOKEN/with+chars=="
)

var (
	testTime  = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
	testCreds = Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: testSecret, SessionToken: testToken}
	testOpts  = Options{Service: "service", Region: "us-east-1", Time: testTime, Debug: true}
)

func headerValue(h [][2]string, name string) (string, bool) {
	for _, p := range h {
		if strings.EqualFold(p[0], name) {
			return p[1], true
		}
	}
	return "", false
}

func headerNames(h [][2]string) []string {
	var n []string
	for _, p := range h {
		n = append(n, p[0])
	}
	return n
}

func requireInvalidArg(t *testing.T, err error, member string) {
	t.Helper()
	require.Error(t, err)
	var e *awserr.Error
	require.True(t, errors.As(err, &e), "want *awserr.Error, got %T", err)
	assert.Equal(t, awserr.InvalidArgument, e.Kind)
	assert.Contains(t, e.Message, member)
	for _, secret := range []string{testSecret, testToken} {
		assert.NotContains(t, err.Error(), secret)
	}
}

func TestSignErrors(t *testing.T) {
	ok := func() (*Request, Credentials, Options) {
		return &Request{Method: "GET", URL: "https://example.amazonaws.com/"}, testCreds, testOpts
	}
	cases := []struct {
		name, member string
		mod          func(r *Request, c *Credentials, o *Options)
	}{
		{"no method", "method", func(r *Request, c *Credentials, o *Options) { r.Method = "" }},
		{"bad method", "method", func(r *Request, c *Credentials, o *Options) { r.Method = "GE T" }},
		{"no url", "url", func(r *Request, c *Credentials, o *Options) { r.URL = "" }},
		{"relative url", "url", func(r *Request, c *Credentials, o *Options) { r.URL = "/path" }},
		{"no host", "url", func(r *Request, c *Credentials, o *Options) { r.URL = "https:///path" }},
		{"space in host", "url", func(r *Request, c *Credentials, o *Options) { r.URL = "https://exa mple.com/" }},
		{"bad scheme", "url", func(r *Request, c *Credentials, o *Options) { r.URL = "1http://example.com/" }},
		{"no service", "service", func(r *Request, c *Credentials, o *Options) { o.Service = "" }},
		{"slash in region", "region", func(r *Request, c *Credentials, o *Options) { o.Region = "us/east" }},
		{"no access key", "access key id", func(r *Request, c *Credentials, o *Options) { c.AccessKeyID = "" }},
		{"bad access key", "access key id", func(r *Request, c *Credentials, o *Options) { c.AccessKeyID = "AK/ID" }},
		{"no secret", "secret access key", func(r *Request, c *Credentials, o *Options) { c.SecretAccessKey = "" }},
		{"bad header name", "headers[1]", func(r *Request, c *Credentials, o *Options) {
			r.Header = [][2]string{{"Ok", "v"}, {"Bad Name", testSecret}}
		}},
		{"empty header name", "headers[0]", func(r *Request, c *Credentials, o *Options) { r.Header = [][2]string{{"", "v"}} }},
		{"bad body hash", "body_sha256", func(r *Request, c *Credentials, o *Options) { r.BodySHA256 = "abc" }},
		{"non-hex body hash", "body_sha256", func(r *Request, c *Credentials, o *Options) { r.BodySHA256 = strings.Repeat("g", 64) }},
		{"two payloads", "body", func(r *Request, c *Credentials, o *Options) { r.Body = []byte("x"); r.UnsignedPayload = true }},
		{"hash and body", "body", func(r *Request, c *Credentials, o *Options) { r.Body = []byte("x"); r.BodySHA256 = EmptySHA256 }},
		{"negative expiry", "presign_expires", func(r *Request, c *Credentials, o *Options) { o.PresignExpires = -time.Second }},
		{"short expiry", "presign_expires", func(r *Request, c *Credentials, o *Options) { o.PresignExpires = time.Millisecond }},
		{"long expiry", "presign_expires", func(r *Request, c *Credentials, o *Options) { o.PresignExpires = MaxPresignExpires + time.Second }},
		{"bad year", "time", func(r *Request, c *Credentials, o *Options) { o.Time = time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC) }},
	}
	var s Signer
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, c, o := ok()
			tc.mod(r, &c, &o)
			res, err := s.Sign(r, c, o)
			assert.Nil(t, res)
			requireInvalidArg(t, err, tc.member)
			if o.PresignExpires == 0 {
				dst := [][2]string{{"Keep", "me"}}
				out, err := s.AppendSignedHeaders(dst, r, &c, &o)
				requireInvalidArg(t, err, tc.member)
				assert.Equal(t, dst, out, "dst must come back unchanged on error")
			}
		})
	}
	r, c, o := ok()
	o.PresignExpires = time.Hour
	_, err := s.AppendSignedHeaders(nil, r, &c, &o)
	requireInvalidArg(t, err, "presign_expires")
}

func TestHeaderOrderAndRepeats(t *testing.T) {
	var s Signer
	r := &Request{
		Method: "POST",
		URL:    "https://sqs.us-east-1.amazonaws.com:443/?Action=Send",
		Header: [][2]string{
			{"X-Multi", " b "},
			{"Content-Type", "text/plain"},
			{"Authorization", "stale"},
			{"x-multi", "a\t  c"},
			{"User-Agent", "gosoto/1"},
			{"X-Amz-Date", "19990101T000000Z"},
			{"X-Amz-Security-Token", "stale-token"},
			{"X-MULTI", "z"},
		},
		Body: []byte("hello"),
	}
	o := testOpts
	o.ContentSHA256Header = true
	res, err := s.Sign(r, testCreds, o)
	require.NoError(t, err)
	assert.Equal(t, []string{"Host", "X-Multi", "Content-Type", "x-multi", "User-Agent", "X-MULTI",
		"X-Amz-Security-Token", "X-Amz-Date", "X-Amz-Content-Sha256", "Authorization"}, headerNames(res.Header))
	host, _ := headerValue(res.Header, "Host")
	assert.Equal(t, "sqs.us-east-1.amazonaws.com", host, "default port dropped")
	date, _ := headerValue(res.Header, "X-Amz-Date")
	assert.Equal(t, "20150830T123600Z", date)
	tok, _ := headerValue(res.Header, "X-Amz-Security-Token")
	assert.Equal(t, testToken, tok)
	sha, _ := headerValue(res.Header, "X-Amz-Content-Sha256")
	assert.Equal(t, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", sha)
	assert.Equal(t, strings.Join([]string{
		"POST", "/", "Action=Send",
		"content-type:text/plain",
		"host:sqs.us-east-1.amazonaws.com",
		"x-amz-content-sha256:" + sha,
		"x-amz-date:20150830T123600Z",
		"x-amz-security-token:" + testToken,
		"x-multi:b,a c,z",
		"",
		"content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-multi",
		sha,
	}, "\n"), res.CanonicalRequest)
	auth, _ := headerValue(res.Header, "Authorization")
	assert.Equal(t, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "+
		"SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-multi, Signature="+res.Signature, auth)
	sts, sig := signCanonical(testSecret, o, res.CanonicalRequest)
	assert.Equal(t, sts, res.StringToSign)
	assert.Equal(t, sig, res.Signature)
	assert.Equal(t, r.URL, res.URL)

	// The fast path yields the same headers, appended after what dst holds.
	c := testCreds
	out, err := s.AppendSignedHeaders([][2]string{{"Pre", "x"}}, r, &c, &o)
	require.NoError(t, err)
	assert.Equal(t, append([][2]string{{"Pre", "x"}}, res.Header...), out)
}

func TestHostFromURL(t *testing.T) {
	var s Signer
	for url, want := range map[string]string{
		"https://h.example.com:443/":        "h.example.com",
		"http://h.example.com:80/":          "h.example.com",
		"http://h.example.com:443/":         "h.example.com:443",
		"https://127.0.0.1:4576/queue":      "127.0.0.1:4576",
		"https://user:pw@h.example.com/x?y": "h.example.com",
		"HTTPS://H.example.com:443#frag":    "H.example.com",
		"https://[::1]:8443/":               "[::1]:8443",
	} {
		res, err := s.Sign(&Request{Method: "GET", URL: url}, testCreds, testOpts)
		require.NoError(t, err, url)
		got, _ := headerValue(res.Header, "Host")
		assert.Equal(t, want, got, url)
		assert.Contains(t, res.CanonicalRequest, "\nhost:"+want+"\n", url)
	}
	// A Host header given by the caller wins and is not duplicated.
	res, err := s.Sign(&Request{Method: "GET", URL: "https://a.example.com/", Header: [][2]string{{"host", "b.example.com"}}}, testCreds, testOpts)
	require.NoError(t, err)
	assert.Equal(t, [][2]string{{"host", "b.example.com"}}, res.Header[:1])
	assert.NotEqual(t, "Host", res.Header[1][0])
}

func TestPathAndQueryEncoding(t *testing.T) {
	var s Signer
	cases := []struct {
		url        string
		s3         bool
		path, qury string
	}{
		{"https://h/a%20b/./c/../d+e", false, "/a%2520b/d%2Be", ""},
		{"https://h/bucket/a%20b/./c/../d+e", true, "/bucket/a%20b/./c/../d%2Be", ""},
		{"https://h/bucket/%7euser/%2F", true, "/bucket/~user/%2F", ""},
		{"https://h", false, "/", ""},
		{"https://h?b=2&a=1&a=0&c", false, "/", "a=0&a=1&b=2&c="},
		{"https://h/?k=a+b&k2=%2a%7E&ሴ=x&pct=%zz", false, "/", "%E1%88%B4=x&k=a%20b&k2=%2A~&pct=%25zz"},
		{"https://h//x//y/", false, "/x/y/", ""},
		{"https://h/x/..", false, "/", ""},
	}
	for _, tc := range cases {
		o := testOpts
		o.DisableNormalizePath, o.DisableDoubleURIEncode = tc.s3, tc.s3
		res, err := s.Sign(&Request{Method: "GET", URL: tc.url}, testCreds, o)
		require.NoError(t, err, tc.url)
		lines := strings.Split(res.CanonicalRequest, "\n")
		assert.Equal(t, tc.path, lines[1], tc.url)
		assert.Equal(t, tc.qury, lines[2], tc.url)
	}
}

func TestPresign(t *testing.T) {
	var s Signer
	o := testOpts
	o.PresignExpires = 15 * time.Minute
	o.ContentSHA256Header = true // no effect when presigning
	r := &Request{Method: "GET", URL: "https://b.s3.amazonaws.com/k?X-Amz-Signature=old&v=1&x-amz-expires=9#f", UnsignedPayload: true,
		Header: [][2]string{{"X-Amz-Security-Token", "stale"}}}
	res, err := s.Sign(r, testCreds, o)
	require.NoError(t, err)
	assert.Equal(t, [][2]string{{"Host", "b.s3.amazonaws.com"}}, res.Header)
	assert.True(t, strings.HasPrefix(res.URL, "https://b.s3.amazonaws.com/k?v=1&X-Amz-Algorithm=AWS4-HMAC-SHA256&"), res.URL)
	assert.NotContains(t, res.URL, "old")
	assert.NotContains(t, res.URL, "x-amz-expires")
	assert.Contains(t, res.URL, "&X-Amz-Expires=900&")
	assert.Contains(t, res.URL, "&X-Amz-Security-Token=SESSIONTOKEN%2Fwith%2Bchars%3D%3D&")
	assert.True(t, strings.HasSuffix(res.URL, "&X-Amz-Signature="+res.Signature))
	assert.True(t, strings.HasSuffix(res.CanonicalRequest, "\nhost\nUNSIGNED-PAYLOAD"), res.CanonicalRequest)
	assert.Contains(t, res.CanonicalRequest, "X-Amz-Security-Token=SESSIONTOKEN")

	o.OmitSessionToken = true
	res2, err := s.Sign(r, testCreds, o)
	require.NoError(t, err)
	assert.NotContains(t, res2.CanonicalRequest, "Security-Token")
	assert.Contains(t, res2.URL, "&X-Amz-Security-Token=SESSIONTOKEN")
	assert.NotEqual(t, res.Signature, res2.Signature)
}

func TestSecretsNeverShown(t *testing.T) {
	var s Signer
	_, err := s.Sign(&Request{Method: "GET", URL: "https://h/"}, testCreds, testOpts)
	require.NoError(t, err)
	for _, v := range []string{
		fmt.Sprint(testCreds), fmt.Sprintf("%+v", testCreds), fmt.Sprintf("%#v", testCreds),
		fmt.Sprint(&s), fmt.Sprintf("%+v", &s), fmt.Sprintf("%#v", &s),
	} {
		assert.NotContains(t, v, testSecret)
		assert.NotContains(t, v, testToken)
	}
	assert.Contains(t, testCreds.String(), "AKIDEXAMPLE")
}

func TestKeyCacheConcurrent(t *testing.T) {
	var s Signer
	const workers, perWorker = 8, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				// More distinct scopes than the cache holds, shared between workers.
				n := (w*7 + i) % (maxKeys + 10)
				c := Credentials{AccessKeyID: "AKID", SecretAccessKey: fmt.Sprintf("secret-%d", n%5)}
				o := Options{Service: "svc", Region: fmt.Sprintf("r-%d", n), Time: testTime.Add(time.Duration(n%3) * 24 * time.Hour), Debug: true}
				res, err := s.Sign(&Request{Method: "GET", URL: "https://h/"}, c, o)
				if err != nil {
					errs <- err
					return
				}
				if _, sig := signCanonical(c.SecretAccessKey, o, res.CanonicalRequest); sig != res.Signature {
					errs <- fmt.Errorf("worker %d: signature %s, want %s", w, res.Signature, sig)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	assert.LessOrEqual(t, len(s.keys), maxKeys)
}

func TestKeyCacheSecretChange(t *testing.T) {
	var s Signer
	r := &Request{Method: "GET", URL: "https://h/"}
	a, err := s.Sign(r, Credentials{AccessKeyID: "AKID", SecretAccessKey: "one"}, testOpts)
	require.NoError(t, err)
	b, err := s.Sign(r, Credentials{AccessKeyID: "AKID", SecretAccessKey: "two"}, testOpts)
	require.NoError(t, err)
	assert.NotEqual(t, a.Signature, b.Signature, "same access key, new secret: new key")
	c, err := s.Sign(r, Credentials{AccessKeyID: "AKID", SecretAccessKey: "one"}, testOpts)
	require.NoError(t, err)
	assert.Equal(t, a.Signature, c.Signature)
}

func TestTimeDefaultsToNow(t *testing.T) {
	var s Signer
	o := testOpts
	o.Time = time.Time{}
	before := time.Now().UTC().Add(-time.Second)
	res, err := s.Sign(&Request{Method: "GET", URL: "https://h/"}, testCreds, o)
	require.NoError(t, err)
	d, _ := headerValue(res.Header, "X-Amz-Date")
	ts, err := time.Parse("20060102T150405Z", d)
	require.NoError(t, err)
	assert.False(t, ts.Before(before.Truncate(time.Second)))
	assert.WithinDuration(t, time.Now(), ts, 5*time.Second)
	// A non-UTC time is converted.
	o.Time = testTime.In(time.FixedZone("X", -7*3600))
	res, err = s.Sign(&Request{Method: "GET", URL: "https://h/"}, testCreds, o)
	require.NoError(t, err)
	d, _ = headerValue(res.Header, "X-Amz-Date")
	assert.Equal(t, "20150830T123600Z", d)
}

func TestUppercaseBodyHash(t *testing.T) {
	var s Signer
	o := testOpts
	o.ContentSHA256Header = true
	res, err := s.Sign(&Request{Method: "PUT", URL: "https://h/", BodySHA256: strings.ToUpper(EmptySHA256)}, testCreds, o)
	require.NoError(t, err)
	v, _ := headerValue(res.Header, "X-Amz-Content-Sha256")
	assert.Equal(t, EmptySHA256, v)
	assert.True(t, strings.HasSuffix(res.CanonicalRequest, "\n"+EmptySHA256))
}

func TestAppendSignedHeadersAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts differ under the race detector")
	}
	var s Signer
	r := &Request{Method: "POST", URL: "https://sqs.us-east-1.amazonaws.com/",
		Header:     [][2]string{{"Content-Type", "application/x-amz-json-1.0"}, {"X-Amz-Target", "AmazonSQS.SendMessage"}, {"Content-Length", "42"}},
		BodySHA256: EmptySHA256}
	c := testCreds
	o := testOpts
	dst := make([][2]string, 0, 16)
	var err error
	allocs := testing.AllocsPerRun(200, func() {
		dst, err = s.AppendSignedHeaders(dst[:0], r, &c, &o)
	})
	require.NoError(t, err)
	assert.LessOrEqual(t, allocs, 4.0, "allocations per signature on the hot path")
	res, err := s.Sign(r, c, o)
	require.NoError(t, err)
	assert.Equal(t, res.Header, dst)
}
