package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// newS3 makes an S3 client without S3's hooks (they are sdk/customize/s3's):
// what is tested here is the generic streaming of blob payloads.
func newS3(t *testing.T, endpoint, extra string, env func(string) (string, bool)) *Client {
	t.Helper()
	c, err := New([]byte(`{"service":"s3","region":"us-west-2","endpoint_url":"`+endpoint+`",`+staticCreds+extra+`}`), env)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

func TestStreamingBodies(t *testing.T) {
	var puts, gets atomic.Int32
	content := strings.Repeat("0123456789", 100000) // 1 MB
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "PUT":
			b, _ := io.ReadAll(r.Body)
			if r.ContentLength != int64(len(b)) {
				w.WriteHeader(400)
				return
			}
			got.Store(string(b))
			if puts.Add(1) == 1 {
				w.WriteHeader(503)
				fmt.Fprint(w, `<Error><Code>SlowDown</Code><Message>slow</Message></Error>`)
				return
			}
			w.Header().Set("ETag", `"e"`)
		case "GET":
			if r.URL.Path == "/b-1/missing" {
				w.WriteHeader(404)
				fmt.Fprint(w, `<Error><Code>NoSuchKey</Code><Message>no</Message></Error>`)
				return
			}
			if gets.Add(1) == 1 {
				// Half a body, then the connection breaks.
				w.Header().Set("Content-Length", fmt.Sprint(len(content)))
				w.WriteHeader(200)
				io.WriteString(w, content[:len(content)/2])
				panic(http.ErrAbortHandler)
			}
			w.Header().Set("Content-Length", fmt.Sprint(len(content)))
			w.Header().Set("x-amz-meta-k", "v")
			io.WriteString(w, content)
		}
	}))
	defer srv.Close()
	c := newS3(t, srv.URL, `,"max_attempts":3`, noEnv)
	c.retryer.SetRand(func() float64 { return 0 }) // no backoff delay
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	require.NoError(t, os.WriteFile(in, []byte(content), 0o600))

	out, err := c.Call(context.Background(), "PutObject", []byte(`{"Bucket":"b-1","Key":"k","Body":{"file":"`+in+`"}}`))
	require.NoError(t, err)
	assert.Equal(t, `"e"`, gjson.GetBytes(out, "ETag").Str)
	assert.EqualValues(t, 2, puts.Load())
	assert.Equal(t, content, got.Load())

	dst := filepath.Join(dir, "out")
	out, err = c.Call(context.Background(), "GetObject", []byte(`{"Bucket":"b-1","Key":"k","$output_file":"`+dst+`"}`))
	require.NoError(t, err)
	assert.Equal(t, fmt.Sprintf(`{"file":%q,"size":%d}`, dst, len(content)), gjson.GetBytes(out, "Body").Raw)
	assert.Equal(t, "v", gjson.GetBytes(out, "Metadata.k").Str)
	assert.EqualValues(t, 2, gets.Load())
	b, err := os.ReadFile(dst)
	require.NoError(t, err)
	assert.Equal(t, content, string(b))

	// An error response is not written; nothing is left behind.
	miss := filepath.Join(dir, "miss")
	_, err = c.Call(context.Background(), "GetObject", []byte(`{"Bucket":"b-1","Key":"missing","$output_file":"`+miss+`"}`))
	assert.Equal(t, "NoSuchKey", awserr.As(err).Code)
	_, serr := os.Stat(miss)
	assert.True(t, os.IsNotExist(serr))
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 2) // in, out

	// Bad forms.
	_, err = c.Call(context.Background(), "ListBuckets", []byte(`{"$output_file":"/tmp/x"}`))
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
	_, err = c.Call(context.Background(), "PutObject", []byte(`{"Bucket":"b-1","Key":"k","Body":{"path":"/x"}}`))
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
	_, err = c.Call(context.Background(), "PutObject", []byte(`{"Bucket":"b-1","Key":"k","Body":{"file":"`+filepath.Join(dir, "nope")+`"}}`))
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)

	// build_request names the file.
	built, err := c.BuildRequest(context.Background(), "PutObject", []byte(`{"Bucket":"b-1","Key":"k","Body":{"file":"`+in+`"}}`))
	require.NoError(t, err)
	r := gjson.ParseBytes(built)
	assert.Equal(t, in, r.Get("body_file").Str)
	var cl string
	for _, kv := range r.Get("headers").Array() {
		if strings.EqualFold(kv.Get("0").Str, "Content-Length") {
			cl = kv.Get("1").Str
		}
	}
	assert.Equal(t, fmt.Sprint(len(content)), cl)
}
