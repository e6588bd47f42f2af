package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func deepJSON(n int, open, close string) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

// assertClearError: an *awserr.Error of Kind InvalidArgument or Validation
// with a message, never a panic.
func assertClearError(t *testing.T, what string, err error) {
	t.Helper()
	require.Error(t, err, what)
	e := awserr.As(err)
	assert.Contains(t, []awserr.Kind{awserr.InvalidArgument, awserr.Validation}, e.Kind, "%s: %v", what, err)
	assert.NotEmpty(t, e.Message, what)
	assert.Less(t, len(e.Message), 4096, what)
}

// JSON nested 100,000 levels deep: call input (as an object and inside a
// member), client config, build_request, parse_response, sign request.
func TestHostileDeepJSON(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := newSQS(t, srv.URL, "")
	ctx := context.Background()
	const depth = 100000
	arrays := deepJSON(depth, "[", "]")
	objects := strings.Repeat(`{"a":`, depth) + "1" + strings.Repeat("}", depth)
	inputs := map[string]string{
		"arrays":            arrays,
		"objects":           objects,
		"member":            `{"QueueUrl":"http://q/1","MessageBody":"x","MessageAttributes":` + objects + `}`,
		"unterminated":      strings.Repeat("[", depth),
		"unterminated-objs": strings.Repeat(`{"a":`, depth),
	}
	for name, in := range inputs {
		_, err := c.Call(ctx, "SendMessage", []byte(in))
		assertClearError(t, "call "+name, err)
		_, err = c.BuildRequest(ctx, "SendMessage", []byte(in))
		assertClearError(t, "build_request "+name, err)
		_, err = New([]byte(`{"service":"sqs","region":"us-east-1","s3":`+in+`}`), noEnv)
		assertClearError(t, "config member "+name, err)
		_, err = New([]byte(in), noEnv)
		assertClearError(t, "config "+name, err)
		_, err = c.ParseResponse("ListQueues", []byte(in))
		assertClearError(t, "parse_response "+name, err)
		_, err = c.ParseResponse("ListQueues", []byte(`{"status_code":200,"headers":`+in+`}`))
		assertClearError(t, "parse_response headers "+name, err)
		_, err = v4.SignJSON([]byte(in), nil)
		assertClearError(t, "sign "+name, err)
		_, err = v4.SignJSON([]byte(`{"method":"GET","url":"http://127.0.0.1/","headers":`+in+`}`), nil)
		assertClearError(t, "sign headers "+name, err)
	}
	assert.Zero(t, hits.Load(), "nothing was sent")
}

// A deep response body from the server is an error, not a crash.
func TestHostileDeepResponse(t *testing.T) {
	body := strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(body)) }))
	defer srv.Close()
	c := newSQS(t, srv.URL, `,"max_attempts":1`)
	_, _ = c.Call(context.Background(), "ListQueues", nil) // any result, no crash
}

// Numbers out of range for integer members, and invalid UTF-8.
func TestHostileNumbersAndUTF8(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := newSQS(t, srv.URL, "")
	ctx := context.Background()
	for _, n := range []string{"1e400", "-1e400", "9223372036854775808", "-18446744073709551616", "1.5", "1e18", "99999999999999999999999999999999"} {
		_, err := c.Call(ctx, "SendMessage", []byte(`{"QueueUrl":"http://q/1","MessageBody":"x","DelaySeconds":`+n+`}`))
		assertClearError(t, "DelaySeconds "+n, err)
		_, err = New([]byte(`{"service":"sqs","max_attempts":`+n+`}`), noEnv)
		assertClearError(t, "max_attempts "+n, err)
		_, err = New([]byte(`{"service":"sqs","timeout_ms":`+n+`}`), noEnv)
		assertClearError(t, "timeout_ms "+n, err)
	}
	for _, s := range []string{"\xff", "a\xc3", "\xed\xa0\x80", "\xc0\xaf"} {
		_, err := c.Call(ctx, "SendMessage", []byte(`{"QueueUrl":"http://q/1","MessageBody":"`+s+`"}`))
		assertClearError(t, "utf8 body", err)
		_, err = c.Call(ctx, "SendMessage", []byte(`{"QueueUrl":"http://q/1","MessageBody":"x","`+s+`":1}`))
		assertClearError(t, "utf8 key", err)
		_, err = New([]byte(`{"service":"sqs","region":"`+s+`"}`), noEnv)
		assertClearError(t, "utf8 config", err)
	}
	assert.Zero(t, hits.Load(), "nothing was sent")
}

// A 100 MB input: a clear error or a bounded result, with the peak heap a
// small multiple of the input.
func TestHostileHugeInput(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MB input")
	}
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := newSQS(t, srv.URL, `,"max_attempts":1`)
	const size = 100 << 20
	in := []byte(`{"QueueUrl":"http://q/1","MessageBody":"` + strings.Repeat("x", size) + `"}`)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	var peak atomic.Uint64
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	_, err := c.Call(context.Background(), "SendMessage", in)
	close(stop)
	grown := int64(peak.Load()) - int64(before.HeapAlloc)
	t.Logf("100 MB input: err=%v; peak heap growth %d MiB (input %d MiB)", errMsg(err), grown>>20, len(in)>>20)
	assert.Less(t, grown, int64(6*len(in)), "peak heap within a few times the input")
	// Over MaxInputBytes: refused before parsing, the message naming the
	// size and the limit.
	assertClearError(t, "100 MB input", err)
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
	assert.Contains(t, errMsg(err), "over the limit of 67108864 bytes (64 MiB)")
	assert.Zero(t, hits.Load(), "nothing was sent")
}

// padInput is a SendMessage input of exactly n bytes whose MessageBody pads
// it, with an unknown member "Bogus" so that validation (which runs only
// after the size check) fails and nothing is sent.
func padInput(t *testing.T, n int) []byte {
	t.Helper()
	head, tail := `{"QueueUrl":"http://q/1","Bogus":1,"MessageBody":"`, `"}`
	pad := n - len(head) - len(tail)
	require.Positive(t, pad)
	in := make([]byte, 0, n)
	in = append(in, head...)
	in = append(in, strings.Repeat("x", pad)...)
	in = append(in, tail...)
	require.Len(t, in, n)
	return in
}

// The input size limit: one byte over MaxInputBytes is InvalidArgument
// naming the size and the limit, from Call, BuildRequest and Presign;
// exactly MaxInputBytes passes the size check and reaches validation.
func TestHostileInputSizeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("64 MiB inputs")
	}
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	c := newSQS(t, srv.URL, `,"max_attempts":1`)
	ctx := context.Background()

	over := padInput(t, MaxInputBytes+1)
	calls := map[string]func([]byte) error{
		"call":          func(in []byte) error { _, err := c.Call(ctx, "SendMessage", in); return err },
		"build_request": func(in []byte) error { _, err := c.BuildRequest(ctx, "SendMessage", in); return err },
		"presign":       func(in []byte) error { _, err := c.Presign(ctx, "SendMessage", in, time.Minute); return err },
	}
	for name, call := range calls {
		err := call(over)
		require.Error(t, err, name)
		e := awserr.As(err)
		assert.Equal(t, awserr.InvalidArgument, e.Kind, name)
		assert.Equal(t, "input for SendMessage is 67108865 bytes, over the limit of 67108864 bytes (64 MiB)", e.Message, name)
	}
	over = nil

	at := padInput(t, MaxInputBytes)
	_, err := c.Call(ctx, "SendMessage", at)
	require.Error(t, err)
	e := awserr.As(err)
	assert.Equal(t, awserr.Validation, e.Kind, "exactly the limit passes the size check: %s", errMsg(err))
	assert.Contains(t, e.Message, "Bogus")
	assert.NotContains(t, e.Message, "limit")
	assert.Zero(t, hits.Load(), "nothing was sent")
}

func TestTooLargeMessage(t *testing.T) {
	for _, c := range []struct {
		limit int64
		want  string
	}{
		{64 << 20, "config_json is 67108865 bytes, over the limit of 67108864 bytes (64 MiB)"},
		{1 << 20, "config_json is 67108865 bytes, over the limit of 1048576 bytes (1 MiB)"},
		{16 << 10, "config_json is 67108865 bytes, over the limit of 16384 bytes (16 KiB)"},
		{1000, "config_json is 67108865 bytes, over the limit of 1000 bytes (1000 bytes)"},
	} {
		e := TooLarge("config_json", 64<<20+1, c.limit)
		assert.Equal(t, awserr.InvalidArgument, e.Kind)
		assert.Equal(t, c.want, e.Message)
	}
}

// A service_model_path file is read up to MaxModelFileBytes: a file one
// byte larger (sparse, so the test writes nothing) is an error naming the
// path, its size and the limit; a file of exactly the limit is read whole;
// an endless device stops one byte past the limit.
func TestReadModelFileLimit(t *testing.T) {
	dir := t.TempDir()
	sparse := func(name string, size int64) string {
		p := filepath.Join(dir, name)
		f, err := os.Create(p)
		require.NoError(t, err)
		require.NoError(t, f.Truncate(size))
		require.NoError(t, f.Close())
		return p
	}
	over := sparse("over.json", MaxModelFileBytes+1)
	_, err := readModelFile(over)
	require.Error(t, err)
	assert.Equal(t, over+" is 67108865 bytes, over the limit of 67108864 bytes (64 MiB)", err.Error())

	doc, err := readModelFile(sparse("at.json", MaxModelFileBytes))
	require.NoError(t, err)
	assert.Len(t, doc, MaxModelFileBytes)
	doc = nil

	if _, serr := os.Stat("/dev/zero"); serr == nil {
		_, err = readModelFile("/dev/zero")
		require.Error(t, err)
		assert.Equal(t, "/dev/zero is larger than the limit of 67108864 bytes (64 MiB)", err.Error())
	}

	_, err = readModelFile(filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	small := filepath.Join(dir, "small.json")
	require.NoError(t, os.WriteFile(small, []byte(`{"metadata":{}}`), 0o600))
	doc, err = readModelFile(small)
	require.NoError(t, err)
	assert.Equal(t, `{"metadata":{}}`, string(doc))

	// End to end: a client config naming the oversized file.
	_, err = New([]byte(`{"service":"x","region":"us-east-1","service_model_path":`+strconv.Quote(over)+`,`+staticCreds+`}`), noEnv)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "service_model_path: "+over+" is 67108865 bytes, over the limit of 67108864 bytes (64 MiB)")
}

func errMsg(err error) string {
	if err == nil {
		return "<nil>"
	}
	m := err.Error()
	if len(m) > 200 {
		m = m[:200] + "..."
	}
	return m
}
