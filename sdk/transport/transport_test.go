package transport

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// server starts an httptest server on 127.0.0.1 that counts new connections.
// release is closed at cleanup so that stalled handlers return.
func server(t *testing.T, h func(w http.ResponseWriter, r *http.Request, release chan struct{})) (srv *httptest.Server, conns *atomic.Int32) {
	t.Helper()
	conns = new(atomic.Int32)
	release := make(chan struct{})
	srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h(w, r, release) }))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(func() { close(release); srv.Close() })
	return srv, conns
}

func get(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	require.NoError(t, err)
	return req
}

func netErr(t *testing.T, err error) *awserr.Error {
	t.Helper()
	require.Error(t, err)
	var e *awserr.Error
	require.True(t, errors.As(err, &e), "%T %v", err, err)
	assert.Equal(t, awserr.Network, e.Kind)
	return e
}

func wait(w http.ResponseWriter, r *http.Request, release chan struct{}) {
	select {
	case <-release:
	case <-r.Context().Done():
	}
}

func TestOKAndKeepAlive(t *testing.T) { bothWaits(t, testOKAndKeepAlive) }

func testOKAndKeepAlive(t *testing.T, bg context.Context) {
	srv, conns := server(t, func(w http.ResponseWriter, r *http.Request, release chan struct{}) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Amzn-Requestid", "rid")
		w.WriteHeader(201)
		_, _ = w.Write(append([]byte("echo:"), body...))
	})
	tr := New(Options{ConnectTimeout: time.Second, ReadTimeout: 2 * time.Second})
	defer tr.CloseIdle()
	for i := 0; i < 5; i++ {
		req, err := http.NewRequest("POST", srv.URL+"/x", strings.NewReader("hello"))
		require.NoError(t, err)
		resp, err := tr.Do(bg, req)
		require.NoError(t, err)
		assert.Equal(t, 201, resp.StatusCode)
		assert.Equal(t, "rid", resp.Header.Get("X-Amzn-Requestid"))
		assert.Equal(t, "echo:hello", string(resp.Body))
	}
	assert.Equal(t, int32(1), conns.Load(), "one kept-alive connection for sequential calls")

	// Concurrent calls open several connections, which are then reused.
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := tr.Do(bg, get(t, srv.URL))
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	n := conns.Load()
	assert.LessOrEqual(t, n, int32(9))
	for i := 0; i < 5; i++ {
		_, err := tr.Do(bg, get(t, srv.URL))
		require.NoError(t, err)
	}
	assert.Equal(t, n, conns.Load(), "no new connection once the pool is warm")

	tr.CloseIdle()
	_, err := tr.Do(bg, get(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, n+1, conns.Load(), "CloseIdle dropped the pool")
}

func TestIdleLongerThanReadTimeoutKeepsConnection(t *testing.T) {
	bothWaits(t, testIdleLongerThanReadTimeoutKeepsConnection)
}

func testIdleLongerThanReadTimeoutKeepsConnection(t *testing.T, bg context.Context) {
	srv, conns := server(t, func(w http.ResponseWriter, r *http.Request, release chan struct{}) { _, _ = w.Write([]byte("ok")) })
	tr := New(Options{ReadTimeout: 100 * time.Millisecond})
	_, err := tr.Do(bg, get(t, srv.URL))
	require.NoError(t, err)
	time.Sleep(300 * time.Millisecond)
	resp, err := tr.Do(bg, get(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, "ok", string(resp.Body))
	assert.Equal(t, int32(1), conns.Load(), "an idle pooled connection does not hit the read timeout")
}

func TestTLSKeepAlive(t *testing.T) { bothWaits(t, testTLSKeepAlive) }

func testTLSKeepAlive(t *testing.T, bg context.Context) {
	var proto atomic.Value
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proto.Store(r.Proto)
		_, _ = w.Write([]byte("h"))
	}))
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.EnableHTTP2 = true // offered; the client speaks HTTP/1.1
	srv.StartTLS()
	defer srv.Close()
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	tr := New(Options{ConnectTimeout: time.Second, ReadTimeout: time.Second, TLSConfig: &tls.Config{RootCAs: pool}})
	defer tr.CloseIdle()
	for i := 0; i < 3; i++ {
		resp, err := tr.Do(bg, get(t, srv.URL))
		require.NoError(t, err)
		assert.Equal(t, "h", string(resp.Body))
	}
	assert.Equal(t, "HTTP/1.1", proto.Load())
	assert.Equal(t, int32(1), conns.Load(), "one TLS connection kept alive")

	// A server whose certificate the client does not trust is a network
	// error, not a response.
	_, err := New(Options{ReadTimeout: time.Second}).Do(bg, get(t, srv.URL))
	e := netErr(t, err)
	assert.Equal(t, awserr.CodeNetwork, e.Code)
	assert.Contains(t, e.Message, "certificate")
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	tr := New(Options{ConnectTimeout: time.Second, ReadTimeout: time.Second})
	_, err = tr.Do(context.Background(), get(t, "http://"+addr+"/queue?X-Amz-Security-Token=SECRETTOKEN"))
	e := netErr(t, err)
	assert.Equal(t, awserr.CodeNetwork, e.Code)
	assert.True(t, e.Retryable)
	assert.Contains(t, e.Message, `"http://`+addr+`/queue"`)
	assert.Contains(t, e.Message, "refused")
	assert.NotContains(t, e.Message, "SECRETTOKEN")
	assert.NotContains(t, string(e.JSON()), "SECRETTOKEN")
}

func TestReadTimeoutBeforeHeaders(t *testing.T) { bothWaits(t, testReadTimeoutBeforeHeaders) }

func testReadTimeoutBeforeHeaders(t *testing.T, bg context.Context) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, release chan struct{}) { wait(w, r, release) })
	tr := New(Options{ReadTimeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := tr.Do(bg, get(t, srv.URL))
	e := netErr(t, err)
	assert.Equal(t, awserr.CodeTimeout, e.Code)
	assert.True(t, e.Retryable)
	assert.Contains(t, e.Message, srv.Listener.Addr().String())
	el := time.Since(start)
	assert.GreaterOrEqual(t, el, 200*time.Millisecond)
	assert.Less(t, el, 2*time.Second)
}

func TestReadTimeoutMidBody(t *testing.T) { bothWaits(t, testReadTimeoutMidBody) }

func testReadTimeoutMidBody(t *testing.T, bg context.Context) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, release chan struct{}) {
		w.Header().Set("Content-Length", "100")
		_, _ = w.Write([]byte("0123456789"))
		w.(http.Flusher).Flush()
		wait(w, r, release)
	})
	tr := New(Options{ReadTimeout: 200 * time.Millisecond})
	start := time.Now()
	_, err := tr.Do(bg, get(t, srv.URL))
	e := netErr(t, err)
	assert.Equal(t, awserr.CodeTimeout, e.Code)
	assert.True(t, e.Retryable)
	assert.Less(t, time.Since(start), 2*time.Second)
}

func TestSlowButProgressingBodyDoesNotTimeOut(t *testing.T) {
	bothWaits(t, testSlowButProgressingBodyDoesNotTimeOut)
}

func testSlowButProgressingBodyDoesNotTimeOut(t *testing.T, bg context.Context) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, release chan struct{}) {
		w.Header().Set("Content-Length", "12")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		for i := 0; i < 12; i++ {
			time.Sleep(60 * time.Millisecond)
			_, _ = w.Write([]byte{'a' + byte(i)})
			w.(http.Flusher).Flush()
		}
	})
	tr := New(Options{ReadTimeout: 250 * time.Millisecond})
	start := time.Now()
	resp, err := tr.Do(bg, get(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, "abcdefghijkl", string(resp.Body))
	assert.Greater(t, time.Since(start), 500*time.Millisecond, "the whole response took longer than the read timeout")
}

func TestSlowButProgressingUploadDoesNotTimeOut(t *testing.T) {
	bothWaits(t, testSlowButProgressingUploadDoesNotTimeOut)
}

func testSlowButProgressingUploadDoesNotTimeOut(t *testing.T, bg context.Context) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, release chan struct{}) {
		b, _ := io.ReadAll(r.Body)
		_, _ = w.Write([]byte{byte(len(b))})
	})
	pr, pw := io.Pipe()
	go func() {
		for i := 0; i < 8; i++ {
			time.Sleep(60 * time.Millisecond)
			_, _ = pw.Write([]byte("x"))
		}
		_ = pw.Close()
	}()
	req, err := http.NewRequest("PUT", srv.URL, pr)
	require.NoError(t, err)
	req.ContentLength = 8
	tr := New(Options{ReadTimeout: 200 * time.Millisecond})
	resp, err := tr.Do(bg, req)
	require.NoError(t, err)
	assert.Equal(t, []byte{8}, resp.Body)
}

func TestContextCancelAndDeadline(t *testing.T) { bothWaits(t, testContextCancelAndDeadline) }

func testContextCancelAndDeadline(t *testing.T, bg context.Context) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, release chan struct{}) { wait(w, r, release) })
	tr := New(Options{ReadTimeout: 10 * time.Second})

	ctx, cancel := context.WithCancel(bg)
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := tr.Do(ctx, get(t, srv.URL))
	e := netErr(t, err)
	assert.Equal(t, CodeCanceled, e.Code)
	assert.False(t, e.Retryable)
	assert.Less(t, time.Since(start), 2*time.Second)

	ctx, cancel2 := context.WithTimeout(bg, 100*time.Millisecond)
	defer cancel2()
	_, err = tr.Do(ctx, get(t, srv.URL))
	e = netErr(t, err)
	assert.Equal(t, CodeDeadline, e.Code)
	assert.False(t, e.Retryable)
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestClassifyConnectTimeout(t *testing.T) {
	// A real connect timeout needs an unroutable address; check the
	// classification on the error a dial returns for one.
	u, _ := url.Parse("https://sqs.us-east-1.amazonaws.com/q?X-Amz-Signature=abc")
	err := &url.Error{Op: "Get", URL: u.String(), Err: &net.OpError{Op: "dial", Net: "tcp", Err: timeoutErr{}}}
	e := classify(context.Background(), u, &phaseError{err: err})
	assert.Equal(t, CodeConnectTimeout, e.Code)
	assert.True(t, e.Retryable)
	assert.Contains(t, e.Message, `"https://sqs.us-east-1.amazonaws.com/q"`)
	assert.NotContains(t, e.Message, "abc")

	e = classify(context.Background(), u, &url.Error{Op: "Get", URL: u.String(), Err: io.ErrUnexpectedEOF})
	assert.Equal(t, awserr.CodeNetwork, e.Code)
	assert.True(t, e.Retryable)
}

func TestNoReadTimeoutWhenZero(t *testing.T) { bothWaits(t, testNoReadTimeoutWhenZero) }

func testNoReadTimeoutWhenZero(t *testing.T, bg context.Context) {
	srv, _ := server(t, func(w http.ResponseWriter, r *http.Request, release chan struct{}) {
		time.Sleep(150 * time.Millisecond)
		_, _ = io.Copy(w, bytes.NewReader([]byte("late")))
	})
	tr := New(Options{})
	resp, err := tr.Do(bg, get(t, srv.URL))
	require.NoError(t, err)
	assert.Equal(t, "late", string(resp.Body))
}
