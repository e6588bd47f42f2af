package s3

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/client"
	"github.com/gosoto/gosoto/sdk/client/clienttest"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// newS3 makes an S3 client with S3's hooks; endpoint "" means the resolved
// AWS endpoint.
func newS3(t *testing.T, endpoint, extra string, env func(string) (string, bool)) *client.Client {
	t.Helper()
	cfg := `{"service":"s3","region":"us-west-2",` + clienttest.StaticCreds
	if endpoint != "" {
		cfg += `,"endpoint_url":"` + endpoint + `"`
	}
	return clienttest.New(t, cfg+extra+`}`, env, Hooks())
}

var (
	build  = clienttest.Build
	header = clienttest.Header
	noEnv  = clienttest.NoEnv
)

func TestS3Addressing(t *testing.T) {
	key := `"Key":"dir/a b+c.txt"`
	cases := []struct {
		name, endpoint, extra, bucket, wantURL string
	}{
		{"virtual by default", "", "", "my-bucket", "https://my-bucket.s3.us-west-2.amazonaws.com/dir/a%20b%2Bc.txt"},
		{"path by config", "", `,"s3":{"addressing_style":"path"}`, "my-bucket", "https://s3.us-west-2.amazonaws.com/my-bucket/dir/a%20b%2Bc.txt"},
		{"force_path_style", "", `,"s3":{"force_path_style":true}`, "my-bucket", "https://s3.us-west-2.amazonaws.com/my-bucket/dir/a%20b%2Bc.txt"},
		{"dots over https", "", "", "my.bucket", "https://s3.us-west-2.amazonaws.com/my.bucket/dir/a%20b%2Bc.txt"},
		{"upper case", "", `,"s3":{"addressing_style":"virtual"}`, "MyBucket", "https://s3.us-west-2.amazonaws.com/MyBucket/dir/a%20b%2Bc.txt"},
		{"underscore", "", "", "my_bucket", "https://s3.us-west-2.amazonaws.com/my_bucket/dir/a%20b%2Bc.txt"},
		{"too short", "", "", "ab", "https://s3.us-west-2.amazonaws.com/ab/dir/a%20b%2Bc.txt"},
		{"IP endpoint", "http://127.0.0.1:9000", "", "my-bucket", "http://127.0.0.1:9000/my-bucket/dir/a%20b%2Bc.txt"},
		{"IPv6 endpoint", "http://[::1]:9000", "", "my-bucket", "http://[::1]:9000/my-bucket/dir/a%20b%2Bc.txt"},
		{"single-label endpoint", "http://localhost:4566", "", "my-bucket", "http://localhost:4566/my-bucket/dir/a%20b%2Bc.txt"},
		{"custom DNS endpoint", "http://s3.example.test:8080", "", "my.bucket", "http://my.bucket.s3.example.test:8080/dir/a%20b%2Bc.txt"},
		{"virtual forced on localhost", "http://localhost:4566", `,"s3":{"addressing_style":"virtual"}`, "my-bucket", "http://my-bucket.localhost:4566/dir/a%20b%2Bc.txt"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newS3(t, tc.endpoint, tc.extra, noEnv)
			r := build(t, c, "GetObject", `{"Bucket":"`+tc.bucket+`",`+key+`}`)
			assert.Equal(t, tc.wantURL, r.Get("url").Str)
			host, _ := header(r, "Host")
			assert.Equal(t, strings.SplitN(strings.SplitN(tc.wantURL, "://", 2)[1], "/", 2)[0], host)
		})
	}
	// A bucket-only operation in virtual style has the path "/".
	c := newS3(t, "", "", noEnv)
	r := build(t, c, "ListObjectsV2", `{"Bucket":"my-bucket","MaxKeys":2}`)
	assert.Equal(t, "https://my-bucket.s3.us-west-2.amazonaws.com/?list-type=2&max-keys=2", r.Get("url").Str)
	// No bucket at all.
	r = build(t, c, "ListBuckets", `{}`)
	assert.Equal(t, "https://s3.us-west-2.amazonaws.com/", r.Get("url").Str)
}

func TestS3AddressingFromProfile(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config")
	require.NoError(t, os.WriteFile(cfg, []byte("[profile dev]\ns3 =\n  addressing_style = path\n  payload_signing_enabled = false\n"), 0o600))
	env := settings.MapEnv(map[string]string{"AWS_CONFIG_FILE": cfg, "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none"), "AWS_PROFILE": "dev"})
	c := newS3(t, "", "", env)
	r := build(t, c, "PutObject", `{"Bucket":"my-bucket","Key":"k","Body":"aGVsbG8="}`)
	assert.Equal(t, "https://s3.us-west-2.amazonaws.com/my-bucket/k", r.Get("url").Str)
	sha, _ := header(r, "X-Amz-Content-Sha256")
	assert.Equal(t, "UNSIGNED-PAYLOAD", sha)

	// The client config wins over the profile.
	c = newS3(t, "", `,"s3":{"addressing_style":"virtual","payload_signing_enabled":true}`, env)
	r = build(t, c, "PutObject", `{"Bucket":"my-bucket","Key":"k","Body":"aGVsbG8="}`)
	assert.Equal(t, "https://my-bucket.s3.us-west-2.amazonaws.com/k", r.Get("url").Str)
	sha, _ = header(r, "X-Amz-Content-Sha256")
	assert.Equal(t, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", sha)

	_, err := client.New([]byte(`{"service":"s3","region":"us-east-1","s3":{"addressing_style":"sideways"}}`), noEnv)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "s3.addressing_style")
	_, err = client.New([]byte(`{"service":"s3","region":"us-east-1","s3":{"colour":"blue"}}`), noEnv)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"s3.colour"`)
}

func TestS3Signing(t *testing.T) {
	c := newS3(t, "", "", noEnv)
	// Every request carries X-Amz-Content-Sha256, signed.
	r := build(t, c, "GetObject", `{"Bucket":"b-1","Key":"a/../b//c"}`)
	sha, ok := header(r, "X-Amz-Content-Sha256")
	assert.True(t, ok)
	assert.Equal(t, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sha)
	auth, _ := header(r, "Authorization")
	assert.Contains(t, auth, "x-amz-content-sha256")
	// The key's dot segments and double slash are kept, not normalized.
	assert.Equal(t, "https://b-1.s3.us-west-2.amazonaws.com/a/../b//c", r.Get("url").Str)

	// payload_signing_enabled false: UNSIGNED-PAYLOAD over https only.
	c = newS3(t, "", `,"s3":{"payload_signing_enabled":false}`, noEnv)
	r = build(t, c, "PutObject", `{"Bucket":"b-1","Key":"k","Body":"aGVsbG8="}`)
	sha, _ = header(r, "X-Amz-Content-Sha256")
	assert.Equal(t, "UNSIGNED-PAYLOAD", sha)
	c = newS3(t, "http://127.0.0.1:1", `,"s3":{"payload_signing_enabled":false}`, noEnv)
	r = build(t, c, "PutObject", `{"Bucket":"b-1","Key":"k","Body":"aGVsbG8="}`)
	sha, _ = header(r, "X-Amz-Content-Sha256")
	assert.Equal(t, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", sha)

	// Other services are not touched.
	sqs := clienttest.New(t, `{"service":"sqs","region":"us-east-1",`+clienttest.StaticCreds+`}`, nil, nil)
	r = build(t, sqs, "ListQueues", `{}`)
	_, ok = header(r, "X-Amz-Content-Sha256")
	assert.False(t, ok)
}

func TestS3ContentMD5(t *testing.T) {
	c := newS3(t, "", "", noEnv)
	r := build(t, c, "DeleteObjects", `{"Bucket":"b-1","Delete":{"Objects":[{"Key":"a"}]}}`)
	md5v, ok := header(r, "Content-MD5")
	require.True(t, ok, r.Raw)
	body, _ := base64.StdEncoding.DecodeString(r.Get("body_base64").Str)
	assert.Contains(t, string(body), "<Key>a</Key>")
	assert.Len(t, md5v, 24)
	// Not on blob payloads.
	r = build(t, c, "PutObject", `{"Bucket":"b-1","Key":"k","Body":"aGVsbG8="}`)
	_, ok = header(r, "Content-MD5")
	assert.False(t, ok)
}

func TestS3ResponseQuirks(t *testing.T) {
	c := newS3(t, "", "", noEnv)
	errBody := base64.StdEncoding.EncodeToString([]byte(`<?xml version="1.0" encoding="UTF-8"?>

<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message><RequestId>RID1</RequestId></Error>`))
	_, err := c.ParseResponse("CompleteMultipartUpload", []byte(`{"status_code":200,"headers":[],"body_base64":"`+errBody+`"}`))
	require.Error(t, err)
	e := awserr.As(err)
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Equal(t, "InternalError", e.Code)
	assert.Equal(t, 500, e.StatusCode)
	assert.True(t, e.Retryable)

	okBody := base64.StdEncoding.EncodeToString([]byte(`<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>"x-2"</ETag></CompleteMultipartUploadResult>`))
	out, err := c.ParseResponse("CompleteMultipartUpload", []byte(`{"status_code":200,"headers":[],"body_base64":"`+okBody+`"}`))
	require.NoError(t, err)
	assert.Equal(t, "b", gjson.GetBytes(out, "Bucket").Str)

	// A truncated document is an error too; an empty body is not.
	part := base64.StdEncoding.EncodeToString([]byte(`<?xml version="1.0" encoding="UTF-8"?><CompleteMultipartUploadResult><Bucket>b</Bu`))
	_, err = c.ParseResponse("CompleteMultipartUpload", []byte(`{"status_code":200,"headers":[],"body_base64":"`+part+`"}`))
	assert.Equal(t, 500, awserr.As(err).StatusCode)
	_, err = c.ParseResponse("CompleteMultipartUpload", []byte(`{"status_code":200,"headers":[]}`))
	assert.NoError(t, err)
	// Other operations are not concerned.
	_, err = c.ParseResponse("PutBucketTagging", []byte(`{"status_code":200,"headers":[],"body_base64":"`+errBody+`"}`))
	assert.NoError(t, err)

	loc := base64.StdEncoding.EncodeToString([]byte(`<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>`))
	out, err = c.ParseResponse("GetBucketLocation", []byte(`{"status_code":200,"headers":[],"body_base64":"`+loc+`"}`))
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", gjson.GetBytes(out, "LocationConstraint").Str)
	empty := base64.StdEncoding.EncodeToString([]byte(`<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>`))
	out, err = c.ParseResponse("GetBucketLocation", []byte(`{"status_code":200,"headers":[],"body_base64":"`+empty+`"}`))
	require.NoError(t, err)
	v := gjson.GetBytes(out, "LocationConstraint")
	assert.True(t, v.Exists() && v.Type == gjson.Null, string(out))
}

func TestPresign(t *testing.T) {
	c, err := client.NewWith([]byte(`{"service":"s3","region":"us-west-2",`+clienttest.StaticCreds+`}`), noEnv, client.Options{
		Hooks: func(*model.Service) []client.Hook { return Hooks() },
		Now:   func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }})
	require.NoError(t, err)
	b, err := c.Presign(context.Background(), "get_object", []byte(`{"Bucket":"my-bucket","Key":"a b"}`), 900*time.Second)
	require.NoError(t, err)
	p := gjson.ParseBytes(b)
	u := p.Get("url").Str
	assert.True(t, strings.HasPrefix(u, "https://my-bucket.s3.us-west-2.amazonaws.com/a%20b?"), u)
	for _, s := range []string{"X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Credential=AKIDTEST%2F20260102%2Fus-west-2%2Fs3%2Faws4_request",
		"X-Amz-Date=20260102T030405Z", "X-Amz-Expires=900", "X-Amz-SignedHeaders=host", "X-Amz-Security-Token=tok", "X-Amz-Signature="} {
		assert.Contains(t, u, s)
	}
	assert.Equal(t, "GET", p.Get("method").Str)
	assert.Equal(t, `[["Host","my-bucket.s3.us-west-2.amazonaws.com"]]`, p.Get("headers").Raw)
	assert.EqualValues(t, 900, p.Get("expires").Int())

	// A PUT with metadata: the metadata headers are signed and returned,
	// the default Content-Type is not.
	b, err = c.Presign(context.Background(), "PutObject", []byte(`{"Bucket":"my-bucket","Key":"k","Metadata":{"a":"1"}}`), 0)
	require.NoError(t, err)
	p = gjson.ParseBytes(b)
	assert.Equal(t, "PUT", p.Get("method").Str)
	assert.Contains(t, p.Get("url").Str, "X-Amz-SignedHeaders=host%3Bx-amz-meta-a")
	assert.Contains(t, p.Get("url").Str, "X-Amz-Expires=3600")
	assert.Equal(t, `[["Host","my-bucket.s3.us-west-2.amazonaws.com"],["x-amz-meta-a","1"]]`, p.Get("headers").Raw)

	_, err = c.Presign(context.Background(), "GetObject", []byte(`{"Bucket":"b-1","Key":"k"}`), 8*24*time.Hour)
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
	_, err = c.Presign(context.Background(), "GetObject", []byte(`{"Bucket":"b-1"}`), time.Minute)
	assert.Equal(t, awserr.Validation, awserr.As(err).Kind)
}

// TestStreamingBodies sends a payload from a file and writes one to a
// file against a local server that fails the first attempt of each.
