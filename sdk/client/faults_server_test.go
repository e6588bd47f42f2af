package client

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// faultServer is a raw HTTP/1.1 server on 127.0.0.1 that answers the Nth
// request with script[N] (the last entry repeats), so a test can make each
// attempt of a call fail in its own way: a status and body, a reset
// connection, a stall, a truncated body, a lying Content-Length...
type faultServer struct {
	t      *testing.T
	ln     net.Listener
	url    string
	script []fault
	done   chan struct{}
	wg     sync.WaitGroup
	hits   atomic.Int32

	mu   sync.Mutex
	reqs []faultReq
}

// faultReq is one request the server read.
type faultReq struct {
	header http.Header
	body   []byte
	at     time.Time
}

// fault answers one request on conn. The server closes conn afterwards.
type fault func(s *faultServer, conn net.Conn)

func newFaultServer(t *testing.T, script ...fault) *faultServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &faultServer{t: t, ln: ln, url: "http://" + ln.Addr().String(), script: script, done: make(chan struct{})}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.close)
	return s
}

func (s *faultServer) close() {
	select {
	case <-s.done:
		return
	default:
	}
	close(s.done)
	s.ln.Close()
	s.wg.Wait()
}

func (s *faultServer) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			go func() { <-s.done; conn.Close() }() // unblock a stalled fault
			req, err := http.ReadRequest(bufio.NewReader(conn))
			if err != nil {
				return
			}
			body, _ := io.ReadAll(req.Body)
			s.mu.Lock()
			s.reqs = append(s.reqs, faultReq{header: req.Header, body: body, at: time.Now()})
			s.mu.Unlock()
			n := int(s.hits.Add(1)) - 1
			if n >= len(s.script) {
				n = len(s.script) - 1
			}
			s.script[n](s, conn)
		}()
	}
}

func (s *faultServer) requests() []faultReq {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]faultReq(nil), s.reqs...)
}

// writeHead writes a status line and headers (Connection: close added).
func writeHead(conn net.Conn, status int, header map[string]string) {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	keys := make([]string, 0, len(header))
	for k := range header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\r\n", k, header[k])
	}
	b.WriteString("Connection: close\r\n\r\n")
	io.WriteString(conn, b.String())
}

func withDefaults(h map[string]string, body string) map[string]string {
	out := map[string]string{"Content-Length": fmt.Sprint(len(body)), "x-amzn-RequestId": "rid"}
	for k, v := range h {
		out[k] = v
	}
	return out
}

// respond answers status with body (Content-Length right unless h sets it).
func respond(status int, h map[string]string, body string) fault {
	return func(_ *faultServer, conn net.Conn) {
		writeHead(conn, status, withDefaults(h, body))
		io.WriteString(conn, body)
	}
}

// resetConn closes conn with a TCP RST.
func resetConn(conn net.Conn) {
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// resetBefore resets the connection before any byte of the response.
func resetBefore() fault { return func(_ *faultServer, conn net.Conn) { resetConn(conn) } }

// resetDuring sends the headers and part of the body, then resets.
func resetDuring(body string) fault {
	return func(_ *faultServer, conn net.Conn) {
		writeHead(conn, 200, withDefaults(nil, body))
		io.WriteString(conn, body[:len(body)/2])
		time.Sleep(20 * time.Millisecond)
		resetConn(conn)
	}
}

// stallBefore sends nothing until the server closes.
func stallBefore() fault { return func(s *faultServer, _ net.Conn) { <-s.done } }

// stallMid sends the headers and part of the body, then stalls.
func stallMid(body string) fault {
	return func(s *faultServer, conn net.Conn) {
		writeHead(conn, 200, withDefaults(nil, body))
		io.WriteString(conn, body[:len(body)/2])
		<-s.done
	}
}

// truncated promises the whole body but closes (FIN) half way.
func truncated(body string) fault {
	return func(_ *faultServer, conn net.Conn) {
		writeHead(conn, 200, withDefaults(nil, body))
		io.WriteString(conn, body[:len(body)/2])
	}
}

// wrongLength sends the whole body with a Content-Length that cuts it.
func wrongLength(body string, n int) fault {
	return func(_ *faultServer, conn net.Conn) {
		writeHead(conn, 200, withDefaults(map[string]string{"Content-Length": fmt.Sprint(n)}, body))
		io.WriteString(conn, body)
	}
}
