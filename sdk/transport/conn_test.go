package transport

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bothWaits runs a test with a plain context (reads wait in the runtime's
// poller) and with one marked OnCallerThread (reads wait in the kernel,
// on Linux), the two ways an exchange waits.
func bothWaits(t *testing.T, f func(t *testing.T, bg context.Context)) {
	t.Run("poller", func(t *testing.T) { f(t, context.Background()) })
	t.Run("kernel", func(t *testing.T) { f(t, OnCallerThread(context.Background())) })
}

// rawServer serves each connection with h on 127.0.0.1, speaking raw bytes,
// and counts connections.
func rawServer(t *testing.T, h func(n int, c net.Conn, br *bufio.Reader)) (url string, conns *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	conns = new(atomic.Int32)
	var wg sync.WaitGroup
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			n := int(conns.Add(1))
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				h(n, c, bufio.NewReader(c))
			}()
		}
	}()
	t.Cleanup(func() { l.Close(); wg.Wait() })
	return "http://" + l.Addr().String(), conns
}

// readReq reads one request and its body.
func readReq(br *bufio.Reader) (*http.Request, string, error) {
	r, err := http.ReadRequest(br)
	if err != nil {
		return nil, "", err
	}
	b, err := io.ReadAll(r.Body)
	return r, string(b), err
}

const okResp = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

func post(t *testing.T, u, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("POST", u, strings.NewReader(body))
	require.NoError(t, err)
	return req
}

func TestPooledConnectionClosedWhileIdle(t *testing.T) {
	bothWaits(t, testPooledConnectionClosedWhileIdle)
}

func testPooledConnectionClosedWhileIdle(t *testing.T, bg context.Context) {
	// The server answers one request per connection and closes it, without
	// saying so: the pooled connection is found closed before it is used.
	u, conns := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		if _, _, err := readReq(br); err == nil {
			_, _ = io.WriteString(c, okResp)
		}
	})
	tr := New(Options{ReadTimeout: time.Second})
	defer tr.CloseIdle()
	for i := 0; i < 3; i++ {
		_, err := tr.Do(bg, get(t, u))
		require.NoError(t, err)
		time.Sleep(20 * time.Millisecond) // let the FIN arrive
	}
	assert.Equal(t, int32(3), conns.Load())
}

func TestPooledConnectionDiesWithTheRequestIsReplayedOnce(t *testing.T) {
	bothWaits(t, testPooledConnectionDiesWithTheRequestIsReplayedOnce)
}

func testPooledConnectionDiesWithTheRequestIsReplayedOnce(t *testing.T, bg context.Context) {
	// Connection 1 answers once, then takes the next request and closes
	// without answering (the race the liveness check cannot see). The
	// request goes again, body included, on a new connection.
	var mu sync.Mutex
	var bodies []string
	u, conns := rawServer(t, func(n int, c net.Conn, br *bufio.Reader) {
		for i := 0; ; i++ {
			_, body, err := readReq(br)
			if err != nil {
				return
			}
			mu.Lock()
			bodies = append(bodies, body)
			mu.Unlock()
			if n == 1 && i == 1 {
				return
			}
			_, _ = io.WriteString(c, okResp)
		}
	})
	tr := New(Options{ReadTimeout: time.Second})
	defer tr.CloseIdle()
	_, err := tr.Do(bg, post(t, u, "first"))
	require.NoError(t, err)
	resp, err := tr.Do(bg, post(t, u, "second"))
	require.NoError(t, err)
	assert.Equal(t, "ok", string(resp.Body))
	assert.Equal(t, []string{"first", "second", "second"}, bodies)
	assert.Equal(t, int32(2), conns.Load())

	// A fresh connection that dies is not repeated: it is the caller's error
	// (sdk/retry decides).
	u2, _ := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) { _, _, _ = readReq(br) })
	_, err = tr.Do(bg, post(t, u2, "x"))
	assert.Contains(t, netErr(t, err).Message, "EOF")
}

func TestResponseShapes(t *testing.T) { bothWaits(t, testResponseShapes) }

func testResponseShapes(t *testing.T, bg context.Context) {
	// One connection serves every shape in turn; keep-alive must survive
	// each one that allows it.
	u, conns := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		for {
			r, _, err := readReq(br)
			if err != nil {
				return
			}
			switch r.URL.Path {
			case "/head":
				_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
			case "/chunked":
				_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
			case "/continue":
				_, _ = io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx")
			case "/nocontent":
				_, _ = io.WriteString(c, "HTTP/1.1 204 No Content\r\n\r\n")
			case "/close":
				_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nc")
				return
			case "/toclose":
				_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\n\r\nuntil the end")
				return
			default:
				_, _ = io.WriteString(c, okResp)
			}
		}
	})
	tr := New(Options{ReadTimeout: time.Second})
	defer tr.CloseIdle()
	do := func(method, path string) (int, string) {
		req, err := http.NewRequest(method, u+path, nil)
		require.NoError(t, err)
		resp, err := tr.Do(bg, req)
		require.NoError(t, err, path)
		return resp.StatusCode, string(resp.Body)
	}
	code, body := do("HEAD", "/head")
	assert.Equal(t, 200, code)
	assert.Equal(t, "", body)
	_, body = do("GET", "/chunked")
	assert.Equal(t, "abcde", body)
	code, body = do("GET", "/continue")
	assert.Equal(t, 201, code)
	assert.Equal(t, "x", body)
	code, _ = do("GET", "/nocontent")
	assert.Equal(t, 204, code)
	_, body = do("GET", "/close")
	assert.Equal(t, "c", body)
	assert.Equal(t, int32(1), conns.Load(), "all of the above on one connection")
	_, body = do("GET", "/toclose")
	assert.Equal(t, "until the end", body)
	assert.Equal(t, int32(2), conns.Load(), "Connection: close is honoured")
	_, body = do("GET", "/")
	assert.Equal(t, "ok", body)
	assert.Equal(t, int32(3), conns.Load(), "a body read to the close is not pooled")
}

func TestBytesAfterTheBodyDropTheConnection(t *testing.T) {
	bothWaits(t, testBytesAfterTheBodyDropTheConnection)
}

func testBytesAfterTheBodyDropTheConnection(t *testing.T, bg context.Context) {
	u, conns := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		for {
			if _, _, err := readReq(br); err != nil {
				return
			}
			_, _ = io.WriteString(c, okResp+"garbage")
		}
	})
	tr := New(Options{ReadTimeout: time.Second})
	defer tr.CloseIdle()
	for i := 0; i < 2; i++ {
		resp, err := tr.Do(bg, get(t, u))
		require.NoError(t, err)
		assert.Equal(t, "ok", string(resp.Body))
		time.Sleep(20 * time.Millisecond)
	}
	assert.Equal(t, int32(2), conns.Load(), "a connection with unread bytes is not reused")
}

func TestShortBodyIsANetworkError(t *testing.T) { bothWaits(t, testShortBodyIsANetworkError) }

func testShortBodyIsANetworkError(t *testing.T, bg context.Context) {
	u, _ := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		if _, _, err := readReq(br); err == nil {
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")
		}
	})
	_, err := New(Options{ReadTimeout: time.Second}).Do(bg, get(t, u))
	e := netErr(t, err)
	assert.True(t, e.Retryable)
	assert.Contains(t, e.Message, "unexpected EOF")
}

func TestCancelFromAnotherGoroutineAndNoGoroutineLeft(t *testing.T) {
	bothWaits(t, testCancelFromAnotherGoroutineAndNoGoroutineLeft)
}

func testCancelFromAnotherGoroutineAndNoGoroutineLeft(t *testing.T, bg context.Context) {
	release := make(chan struct{})
	u, _ := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		for {
			r, _, err := readReq(br)
			if err != nil {
				return
			}
			if r.URL.Path == "/stall" {
				<-release
				return
			}
			_, _ = io.WriteString(c, okResp)
		}
	})
	defer close(release)
	tr := New(Options{ReadTimeout: 10 * time.Second})
	defer tr.CloseIdle()
	_, err := tr.Do(bg, get(t, u)) // warm: one pooled connection
	require.NoError(t, err)
	before := runtime.NumGoroutine()
	for i := 0; i < 50; i++ {
		ctx, cancel := context.WithCancel(bg)
		_, err := tr.Do(ctx, get(t, u))
		require.NoError(t, err)
		cancel()
	}
	ctx, cancel := context.WithCancel(bg)
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = tr.Do(ctx, get(t, u+"/stall"))
	assert.Equal(t, CodeCanceled, netErr(t, err).Code)
	assert.Less(t, time.Since(start), 5*time.Second)
	// The canceled connection is closed, not pooled; the next call works.
	_, err = tr.Do(bg, get(t, u))
	require.NoError(t, err)
	assert.LessOrEqual(t, runtime.NumGoroutine(), before+1, "no goroutine per call is left behind")
}

func TestCallerThreadMarkChoosesTheWait(t *testing.T) {
	u, _ := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		for {
			if _, _, err := readReq(br); err != nil {
				return
			}
			_, _ = io.WriteString(c, okResp)
		}
	})
	tr := New(Options{ReadTimeout: time.Second})
	defer tr.CloseIdle()
	for _, tc := range []struct {
		ctx    context.Context
		kernel bool
	}{{context.Background(), false}, {OnCallerThread(context.Background()), runtime.GOOS == "linux"}} {
		_, err := tr.Do(tc.ctx, get(t, u))
		require.NoError(t, err)
		c := tr.pool.get(u) // the pool's key is scheme://host:port
		require.NotNil(t, c)
		assert.Equal(t, tc.kernel, c.dc.kernel)
		tr.pool.put(c)
	}
}
