package transport

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// This file is the HTTP/1.1 engine under Do and DoStream. The exchange runs
// entirely in the caller's goroutine: write the request, read the response
// on the same connection, no reader or writer goroutine, no channel. Under
// a C caller that matters: a cgo call from a C thread runs on a goroutine
// locked to that thread, and every hand-off to another goroutine costs a
// thread wake-up and a context switch. net/http's client makes several per
// request (its connection's read and write loops). BenchmarkRoundTrip
// shows it: on a locked thread, 38-65 µs per small exchange here against
// 128-174 µs through net/http (in-process server, 2 cores); from Python
// through the C ABI, GetQueueUrl went from 416 µs to 175 µs.
//
// Wire format and parsing are the standard library's: http.Request.Write
// writes the request exactly as http.Transport does, http.ReadResponse
// reads the response (Content-Length, chunked, read-to-close, HEAD).
//
// On Linux, for a call made on a thread of its own (OnCallerThread: the C
// API marks every call so), a read that must wait blocks that thread in
// ppoll(2) rather than parking the goroutine in the runtime's network
// poller: the kernel wakes the caller's thread directly (wait_linux.go;
// from Python, 261 µs with the runtime poller, 175 µs with ppoll). An
// ordinary goroutine keeps the poller, which lets its thread run others.
//
// Timeouts are deadlines set before each read and write (the read timeout
// is the longest wait for the next byte), capped at the context's
// deadline; cancellation moves the deadline into the past and shuts the
// socket down, which wakes a waiting read.

// conn is one pooled connection.
type conn struct {
	key string // scheme://host:port, and the proxy (proxy.go)
	dc  *deadlineConn
	// top is what HTTP reads and writes: dc, or a TLS session over it (to
	// the server, to an https proxy, or to the server through a tunnel).
	top net.Conn
	// forward: requests go to a proxy in absolute form (proxy.go) with
	// proxyAuth as their Proxy-Authorization ("" none).
	forward   bool
	proxyAuth string
	br        *bufio.Reader
	bw        *bufio.Writer
	idleAt    time.Time
	reused    bool
}

// rw is what HTTP reads and writes.
func (c *conn) rw() net.Conn {
	if c.top != nil {
		return c.top
	}
	return c.dc
}

func (c *conn) close() { _ = c.rw().Close() }

// deadlineConn sets its deadline before each read and write: now plus the
// read timeout, capped at the call's deadline. It counts the bytes read so
// that a failure can tell "nothing received" apart.
type deadlineConn struct {
	net.Conn
	timeout  time.Duration // 0: none
	deadline time.Time     // the call's; zero: none
	fixed    bool          // the TLS handshake sets its own deadline
	set      bool          // a deadline is set on the socket
	canceled atomic.Bool
	n        int64           // bytes read in this exchange
	rc       syscall.RawConn // for waitReadable; nil where it is not used
	kernel   bool            // this exchange waits in waitReadable
}

type callerThreadKey struct{}

// OnCallerThread marks the calls made with ctx as made on a thread that
// has nothing else to do while it waits: a goroutine locked to a C thread
// that called in through cgo. Their reads then wait in the kernel on that
// thread (Linux), with no goroutine hand-off.
func OnCallerThread(ctx context.Context) context.Context {
	return context.WithValue(ctx, callerThreadKey{}, true)
}

// longAgo, as a deadline, makes every pending and later I/O fail at once.
var longAgo = time.Unix(1, 0)

// next is the deadline of the next read or write: zero for none.
func (d *deadlineConn) next() time.Time {
	t := d.deadline
	if d.timeout > 0 {
		if n := time.Now().Add(d.timeout); t.IsZero() || n.Before(t) {
			t = n
		}
	}
	return t
}

func (d *deadlineConn) arm(set func(time.Time) error) {
	if d.fixed || (d.timeout == 0 && d.deadline.IsZero()) {
		return
	}
	_ = set(d.next())
	d.set = true
	// A cancel that ran between the check above and set is not lost.
	if d.canceled.Load() {
		_ = d.Conn.SetDeadline(longAgo)
	}
}

func (d *deadlineConn) Read(p []byte) (int, error) {
	if d.kernel && !d.fixed {
		// Wait in the kernel on this thread (wait_linux.go), then read
		// what is there: no goroutine hand-off.
		if d.canceled.Load() {
			return 0, os.ErrDeadlineExceeded
		}
		if err := waitReadable(d.rc, d.next()); err != nil {
			return 0, err
		}
	} else {
		d.arm(d.Conn.SetReadDeadline)
	}
	n, err := d.Conn.Read(p)
	d.n += int64(n)
	return n, err
}

func (d *deadlineConn) Write(p []byte) (int, error) {
	d.arm(d.Conn.SetWriteDeadline)
	return d.Conn.Write(p)
}

// begin prepares the connection for an exchange under ctx's deadline.
func (d *deadlineConn) begin(ctx context.Context, timeout time.Duration) {
	d.timeout, d.n = timeout, 0
	d.deadline, _ = ctx.Deadline()
	d.kernel = d.rc != nil && ctx.Value(callerThreadKey{}) != nil
	d.canceled.Store(false)
	if d.set && timeout == 0 {
		_ = d.Conn.SetDeadline(d.deadline) // zero clears an old one
		d.set = !d.deadline.IsZero()
	}
}

// cancel makes the exchange fail now, from any goroutine: the deadline in
// the past for the runtime's poller, and a shutdown of the socket for a
// read waiting in the kernel.
func (d *deadlineConn) cancel() {
	d.canceled.Store(true)
	_ = d.Conn.SetDeadline(longAgo)
	if d.rc != nil {
		interrupt(d.rc)
	}
}

// pool keeps idle connections per scheme://host:port, most recent last.
type pool struct {
	mu    sync.Mutex
	idle  map[string][]*conn
	count int
}

// get returns an idle connection for key that is still open, or nil.
func (p *pool) get(key string) *conn {
	now := time.Now()
	for {
		p.mu.Lock()
		l := p.idle[key]
		if len(l) == 0 {
			p.mu.Unlock()
			return nil
		}
		c := l[len(l)-1]
		l[len(l)-1] = nil
		p.idle[key] = l[:len(l)-1]
		p.count--
		p.mu.Unlock()
		if now.Sub(c.idleAt) < IdleConnTimeout && c.br.Buffered() == 0 && alive(c.dc) {
			c.reused = true
			return c
		}
		c.close()
	}
}

// put returns a connection whose exchange ended cleanly to the pool.
func (p *pool) put(c *conn) {
	c.idleAt = time.Now()
	if c.dc.set {
		_ = c.dc.Conn.SetDeadline(time.Time{})
		c.dc.set = false
	}
	p.mu.Lock()
	if p.idle == nil {
		p.idle = map[string][]*conn{}
	}
	l := p.idle[c.key]
	var drop *conn
	if len(l) >= MaxIdleConnsPerHost {
		drop = l[0]
		l = append(l[:0], l[1:]...)
		p.count--
	} else if p.count >= MaxIdleConns {
		drop = p.oldestLocked()
	}
	p.idle[c.key] = append(l, c)
	p.count++
	p.mu.Unlock()
	if drop != nil {
		drop.close()
	}
}

// oldestLocked removes and returns the connection idle the longest.
func (p *pool) oldestLocked() *conn {
	var key string
	var at time.Time
	for k, l := range p.idle {
		if len(l) > 0 && (key == "" || l[0].idleAt.Before(at)) {
			key, at = k, l[0].idleAt
		}
	}
	if key == "" {
		return nil
	}
	l := p.idle[key]
	c := l[0]
	p.idle[key] = append(l[:0], l[1:]...)
	p.count--
	return c
}

func (p *pool) closeAll() {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.count = nil, 0
	p.mu.Unlock()
	for _, l := range idle {
		for _, c := range l {
			c.close()
		}
	}
}

// phaseError marks a failure to set up a connection (DNS, TCP, TLS), which
// classify reports as a connect error.
type phaseError struct {
	err       error
	handshake bool
}

func (e *phaseError) Error() string { return e.err.Error() }
func (e *phaseError) Unwrap() error { return e.err }

// route is where a request's connection goes: the server (addr, host),
// maybe through a proxy. key names its pool.
type route struct {
	key, addr, host string
	https           bool
	proxy           *url.URL
}

func (t *Transport) routeOf(req *http.Request) route {
	host := req.URL.Hostname()
	port := req.URL.Port()
	if port == "" {
		port = "80"
		if req.URL.Scheme == "https" {
			port = "443"
		}
	}
	r := route{addr: net.JoinHostPort(host, port), host: host, https: req.URL.Scheme == "https"}
	r.key = req.URL.Scheme + "://" + r.addr
	if t.opts.Proxy != nil {
		if r.proxy = t.opts.Proxy(req.URL); r.proxy != nil {
			r.key += " via " + r.proxy.String()
		}
	}
	return r
}

// dial opens a new connection: TCP, then TLS for https; through a proxy
// when the route has one (proxy.go).
func (t *Transport) dial(ctx context.Context, r route) (*conn, error) {
	to := r.addr
	if r.proxy != nil {
		to = proxyAddr(r.proxy)
	}
	nc, err := t.dialer.DialContext(ctx, "tcp", to)
	if err != nil {
		if r.proxy != nil {
			err = proxyErr(r.proxy, err)
		}
		return nil, &phaseError{err: err}
	}
	c := &conn{key: r.key, dc: &deadlineConn{Conn: nc, rc: pollable(nc)}}
	if r.proxy != nil {
		if err := t.viaProxy(ctx, c, r); err != nil {
			_ = nc.Close()
			return nil, err
		}
	} else if r.https {
		if c.top, err = t.handshake(ctx, c, c.dc, t.tlsConfig, r.host); err != nil {
			_ = nc.Close()
			return nil, err
		}
	}
	c.br = bufio.NewReaderSize(c.rw(), 16<<10)
	c.bw = bufio.NewWriterSize(c.rw(), 16<<10)
	return c, nil
}

// handshake runs a TLS client handshake over under, for serverName, within
// the handshake timeout (the read timeout, else DefaultTLSHandshakeTimeout)
// and the call's deadline.
func (t *Transport) handshake(ctx context.Context, c *conn, under net.Conn, base *tls.Config, serverName string) (*tls.Conn, error) {
	cfg := base.Clone()
	cfg.ServerName = serverName
	tc := tls.Client(under, cfg)
	hs := t.opts.ReadTimeout
	if hs == 0 {
		hs = DefaultTLSHandshakeTimeout
	}
	d := time.Now().Add(hs)
	if cd, ok := ctx.Deadline(); ok && cd.Before(d) {
		d = cd
	}
	c.dc.fixed = true
	_ = c.dc.Conn.SetDeadline(d)
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, &phaseError{err: err, handshake: true}
	}
	_ = c.dc.Conn.SetDeadline(time.Time{})
	c.dc.fixed = false
	return tc, nil
}

// exchange is one request on one connection, up to the response's head.
// finish must be called once the body has been dealt with.
type exchange struct {
	t    *Transport
	c    *conn
	resp *http.Response
	stop func() bool
}

// roundTrip sends req and reads the response head. A pooled connection
// that fails before a byte of the response arrived (the server closed it
// while idle) is replaced by a new one once, when the body can be replayed.
func (t *Transport) roundTrip(ctx context.Context, req *http.Request) (*exchange, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := t.routeOf(req)
	c := t.pool.get(r.key)
	for {
		if c == nil {
			var err error
			if c, err = t.dial(ctx, r); err != nil {
				return nil, err
			}
		}
		x, err := t.try(ctx, c, req)
		if err == nil {
			return x, nil
		}
		c.close()
		if !c.reused || c.dc.n > 0 || ctx.Err() != nil || c.dc.canceled.Load() {
			return nil, err
		}
		if req.Body != nil && req.Body != http.NoBody {
			if req.GetBody == nil {
				return nil, err
			}
			b, gerr := req.GetBody()
			if gerr != nil {
				return nil, err
			}
			r2 := *req
			r2.Body = b
			req = &r2
		}
		c = nil // a fresh connection, not another pooled one
	}
}

func (t *Transport) try(ctx context.Context, c *conn, req *http.Request) (*exchange, error) {
	c.dc.begin(ctx, t.opts.ReadTimeout)
	x := &exchange{t: t, c: c}
	if ctx.Done() != nil {
		x.stop = context.AfterFunc(ctx, c.dc.cancel)
	}
	var err error
	if c.forward {
		err = forwardRequest(req, c).WriteProxy(c.bw)
	} else {
		err = req.Write(c.bw)
	}
	if err == nil {
		err = c.bw.Flush()
	}
	if err == nil {
		x.resp, err = http.ReadResponse(c.br, req)
		// 1xx answers (100 Continue, 103 Early Hints) precede the real one.
		for err == nil && x.resp.StatusCode >= 100 && x.resp.StatusCode < 200 && x.resp.StatusCode != http.StatusSwitchingProtocols {
			x.resp, err = http.ReadResponse(c.br, req)
		}
	}
	if err != nil {
		if x.stop != nil {
			x.stop()
		}
		return nil, err
	}
	return x, nil
}

// finish ends the exchange: the connection goes back to the pool when the
// body was read to its end (ok) and both sides allow keep-alive; otherwise
// it is closed.
func (x *exchange) finish(ok bool) {
	if x.stop != nil && !x.stop() {
		ok = false // canceled: the deadline is in the past
	}
	if ok && !x.resp.Close && !x.resp.Request.Close {
		x.t.pool.put(x.c)
		return
	}
	x.c.close()
}

// maxPrealloc bounds the buffer readBody allocates from a Content-Length
// before a byte has arrived; a longer body grows as it comes.
const maxPrealloc = 64 << 20

// readBody reads the whole body, in one allocation when its length is known.
func readBody(r *http.Response) ([]byte, error) {
	if r.Body == http.NoBody { // HEAD, 204, 304
		return []byte{}, nil
	}
	if n := r.ContentLength; n >= 0 && n <= maxPrealloc {
		b := make([]byte, n)
		if _, err := io.ReadFull(r.Body, b); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		return b, nil
	}
	return io.ReadAll(r.Body)
}
