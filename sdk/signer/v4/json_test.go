package v4

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/gosoto/gosoto/internal/awserr"
)

const jsonCreds = `"credentials":{"access_key_id":"AKIDEXAMPLE","secret_access_key":"` + testSecret + `","session_token":"` + testToken + `"}`

// jsonDoc is a valid request with extra members spliced in.
func jsonDoc(extra string) []byte {
	d := `{"method":"GET","url":"https://example.amazonaws.com/","service":"service","region":"us-east-1","time":"2015-08-30T12:36:00Z",` + jsonCreds
	if extra != "" {
		d += "," + extra
	}
	return []byte(d + "}")
}

func noResolve(t *testing.T) func(string) (Credentials, error) {
	return func(string) (Credentials, error) {
		t.Fatal("resolver must not be called")
		return Credentials{}, nil
	}
}

func TestSignJSONErrors(t *testing.T) {
	base := `"method":"GET","url":"https://h/","service":"s","region":"r",` + jsonCreds
	cases := []struct {
		name, doc, member string
	}{
		{"empty", ``, "request"},
		{"malformed", `{"method":`, "malformed"},
		{"not an object", `[1,2]`, "object"},
		{"missing method", `{"url":"https://h/","service":"s","region":"r",` + jsonCreds + `}`, "method"},
		{"missing url", `{"method":"GET","service":"s","region":"r",` + jsonCreds + `}`, "url"},
		{"missing service", `{"method":"GET","url":"https://h/","region":"r",` + jsonCreds + `}`, "service"},
		{"missing region", `{"method":"GET","url":"https://h/","service":"s",` + jsonCreds + `}`, "region"},
		{"null method", `{"method":null,"url":"https://h/","service":"s","region":"r"}`, "method"},
		{"empty method", `{` + strings.Replace(base, `"GET"`, `""`, 1) + `}`, "method"},
		{"method not string", `{` + strings.Replace(base, `"GET"`, `1`, 1) + `}`, "method"},
		{"url not string", `{` + strings.Replace(base, `"https://h/"`, `["x"]`, 1) + `}`, "url"},
		{"bad url", `{` + strings.Replace(base, `"https://h/"`, `"not a url"`, 1) + `}`, "url"},
		{"unknown member", `{` + base + `,"bogus":1}`, `"bogus"`},
		{"duplicate member", `{` + base + `,"method":"PUT"}`, "method"},
		{"headers not array", `{` + base + `,"headers":{"a":"b"}}`, "headers"},
		{"header not pair", `{` + base + `,"headers":[["a","b"],["c"]]}`, "headers[1]"},
		{"header too long", `{` + base + `,"headers":[["a","b","c"]]}`, "headers[0]"},
		{"header not array", `{` + base + `,"headers":["a:b"]}`, "headers[0]"},
		{"header value not string", `{` + base + `,"headers":[["a",1]]}`, "headers[0]"},
		{"bad header name", `{` + base + `,"headers":[["a b","v"]]}`, "headers[0]"},
		{"bad base64", `{` + base + `,"body_base64":"!!!"}`, "body_base64"},
		{"base64 not string", `{` + base + `,"body_base64":12}`, "body_base64"},
		{"bad sha", `{` + base + `,"body_sha256":"xyz"}`, "body_sha256"},
		{"two payloads", `{` + base + `,"body_base64":"eA==","unsigned_payload":true}`, "body_base64 and unsigned_payload"},
		{"unsigned not bool", `{` + base + `,"unsigned_payload":"yes"}`, "unsigned_payload"},
		{"bad time", `{` + base + `,"time":"yesterday"}`, "time"},
		{"time not string", `{` + base + `,"time":1440938160}`, "time"},
		{"credentials not object", `{"method":"GET","url":"https://h/","service":"s","region":"r","credentials":"x"}`, "credentials"},
		{"credentials unknown", `{"method":"GET","url":"https://h/","service":"s","region":"r","credentials":{"access_key_id":"A","secret_access_key":"S","token":"T"}}`, `"credentials.token"`},
		{"credentials no secret", `{"method":"GET","url":"https://h/","service":"s","region":"r","credentials":{"access_key_id":"A"}}`, "credentials.secret_access_key"},
		{"credentials empty key", `{"method":"GET","url":"https://h/","service":"s","region":"r","credentials":{"access_key_id":"","secret_access_key":"S"}}`, "credentials.access_key_id"},
		{"credentials token type", `{"method":"GET","url":"https://h/","service":"s","region":"r","credentials":{"access_key_id":"A","secret_access_key":"S","session_token":5}}`, "credentials.session_token"},
		{"profile not string", `{` + base + `,"profile":true}`, "profile"},
		{"expires not number", `{` + base + `,"presign_expires":"3600"}`, "presign_expires"},
		{"expires fraction", `{` + base + `,"presign_expires":1.5}`, "presign_expires"},
		{"expires zero", `{` + base + `,"presign_expires":0}`, "presign_expires"},
		{"expires too long", `{` + base + `,"presign_expires":604801}`, "presign_expires"},
		{"normalize not bool", `{` + base + `,"normalize_path":1}`, "normalize_path"},
		{"double not bool", `{` + base + `,"double_uri_encode":"false"}`, "double_uri_encode"},
		{"omit not bool", `{` + base + `,"omit_session_token":null,"content_sha256_header":0}`, "content_sha256_header"},
		{"bad region", `{` + strings.Replace(base, `"r"`, `"us east"`, 1) + `}`, "region"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := SignJSON([]byte(tc.doc), noResolve(t))
			assert.Nil(t, out)
			requireInvalidArg(t, err, tc.member)
		})
	}
	t.Run("no credentials and no resolver", func(t *testing.T) {
		_, err := SignJSON([]byte(`{"method":"GET","url":"https://h/","service":"s","region":"r"}`), nil)
		requireInvalidArg(t, err, "credentials")
	})
}

func TestSignJSONResolve(t *testing.T) {
	doc := `{"method":"GET","url":"https://example.amazonaws.com/","service":"service","region":"us-east-1","time":"2015-08-30T12:36:00Z","profile":"dev"}`
	var got string
	out, err := SignJSON([]byte(doc), func(p string) (Credentials, error) {
		got = p
		return Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: testSecret}, nil
	})
	require.NoError(t, err)
	assert.Equal(t, "dev", got)
	// get-vanilla of the aws-c-auth suite.
	assert.Equal(t, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", gjson.GetBytes(out, "signature").Str)

	sentinel := awserr.New(awserr.Credentials, awserr.CodeNoCredentials, "no credentials in profile dev")
	_, err = SignJSON([]byte(`{"method":"GET","url":"https://h/","service":"s","region":"r"}`), func(p string) (Credentials, error) {
		assert.Equal(t, "", p)
		return Credentials{}, sentinel
	})
	assert.Same(t, sentinel, err, "resolver errors are returned as they are")
	plain := errors.New("plain")
	_, err = SignJSON([]byte(`{"method":"GET","url":"https://h/","service":"s","region":"r","profile":null}`), func(string) (Credentials, error) {
		return Credentials{}, plain
	})
	assert.Same(t, plain, err)
}

func TestSignJSONOutput(t *testing.T) {
	out, err := SignJSON(jsonDoc(`"headers":[["My-Header","a"],["my-header","b"]],"body_sha256":"`+strings.ToUpper(EmptySHA256)+`","content_sha256_header":true`), noResolve(t))
	require.NoError(t, err)
	require.True(t, gjson.ValidBytes(out))
	g := gjson.ParseBytes(out)
	var keys []string
	g.ForEach(func(k, _ gjson.Result) bool { keys = append(keys, k.Str); return true })
	assert.Equal(t, []string{"url", "headers", "canonical_request", "string_to_sign", "signature"}, keys)
	assert.Equal(t, "https://example.amazonaws.com/", g.Get("url").Str)
	var names []string
	for _, h := range g.Get("headers").Array() {
		require.Len(t, h.Array(), 2)
		names = append(names, h.Array()[0].Str)
	}
	assert.Equal(t, []string{"Host", "My-Header", "my-header", "X-Amz-Security-Token", "X-Amz-Date", "X-Amz-Content-Sha256", "Authorization"}, names)
	assert.Contains(t, g.Get("canonical_request").Str, "\nmy-header:a,b\n")
	assert.Len(t, g.Get("signature").Str, 64)

	// Defaults: time is now; normalize and double encoding are on.
	out, err = SignJSON([]byte(`{"method":"GET","url":"https://h/a/../b%20c","service":"s","region":"r",`+jsonCreds+`}`), noResolve(t))
	require.NoError(t, err)
	creq := gjson.GetBytes(out, "canonical_request").Str
	assert.True(t, strings.HasPrefix(creq, "GET\n/b%2520c\n"), creq)
	date := gjson.GetBytes(out, `headers.#(0=="X-Amz-Date").1`).Str
	ts, err := time.Parse("20060102T150405Z", date)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), ts, 5*time.Second)

	// S3 style: no normalization, single encoding, unsigned payload, presigned.
	doc := `{"method":"GET","url":"https://b.s3.amazonaws.com/a/../b%20c","service":"s3","region":"us-east-1","time":"2015-08-30T12:36:00Z",` + jsonCreds +
		`,"normalize_path":false,"double_uri_encode":false,"unsigned_payload":true,"presign_expires":60,"omit_session_token":true}`
	out, err = SignJSON([]byte(doc), noResolve(t))
	require.NoError(t, err)
	g = gjson.ParseBytes(out)
	assert.True(t, strings.HasPrefix(g.Get("canonical_request").Str, "GET\n/a/../b%20c\nX-Amz-Algorithm="), g.Get("canonical_request").Str)
	assert.True(t, strings.HasSuffix(g.Get("canonical_request").Str, "\nUNSIGNED-PAYLOAD"))
	assert.NotContains(t, g.Get("canonical_request").Str, "Security-Token")
	assert.Contains(t, g.Get("url").Str, "X-Amz-Expires=60&")
	assert.Contains(t, g.Get("url").Str, "&X-Amz-Security-Token=")
	assert.Equal(t, `[["Host","b.s3.amazonaws.com"]]`, g.Get("headers").Raw)
}
