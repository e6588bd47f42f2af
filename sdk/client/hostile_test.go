package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/sdk/awserr"
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
