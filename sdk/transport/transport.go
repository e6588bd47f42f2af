// Package transport sends one HTTP request and reads the whole response,
// with keep-alive connection pooling (HTTP/1.1, and HTTP/2 over TLS), a
// connect timeout per connection attempt, a read timeout (the longest wait
// for the next byte of a response), and the call's deadline and
// cancellation from its context. Failures become *awserr.Error values of
// Kind Network that sdk/retry can classify.
//
// It owns the http.Transport and nothing above it: it knows nothing of
// services, signing, credentials, endpoints or retries (one Do is one
// attempt), and it never reads the environment (a proxy, if any, is passed
// in Options).
package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gosoto/gosoto/sdk/awserr"
	"github.com/gosoto/gosoto/sdk/protocol"
)

// Error codes of the errors Do returns, besides awserr.CodeNetwork
// ("EndpointConnectionError") and awserr.CodeTimeout ("ReadTimeoutError").
const (
	// CodeConnectTimeout: a connection attempt took longer than
	// ConnectTimeout. Retryable. (sdk/retry.CodeConnectTimeout has the same
	// value.)
	CodeConnectTimeout = "ConnectTimeoutError"
	// CodeDeadline: the context's deadline (the call's timeout, retries
	// included) passed. Not retryable: the time for the call is spent.
	CodeDeadline = "TimeoutError"
	// CodeCanceled: the context was canceled. Not retryable.
	CodeCanceled = "RequestCanceled"
)

// Pool and protocol settings of the underlying http.Transport.
const (
	MaxIdleConnsPerHost = 64
	MaxIdleConns        = 256
	IdleConnTimeout     = 90 * time.Second
	// DefaultTLSHandshakeTimeout bounds the TLS handshake when ReadTimeout
	// is 0 (with a read timeout, the handshake gets ReadTimeout).
	DefaultTLSHandshakeTimeout = 10 * time.Second
)

// Options configures a Transport. Zero durations mean no limit.
type Options struct {
	// ConnectTimeout bounds each TCP connection attempt (per dial).
	ConnectTimeout time.Duration
	// ReadTimeout is the longest wait for the next byte of a response,
	// headers and body alike, counted from when the request has been sent
	// (and reset while a request body is being uploaded). A slow response
	// that keeps making progress never times out.
	ReadTimeout time.Duration
	// TLSConfig, if set, is used for HTTPS (a custom CA bundle...).
	TLSConfig *tls.Config
	// Proxy selects a proxy per request (as http.Transport.Proxy); nil means
	// no proxy. The caller builds it from its own environment lookup.
	Proxy func(*http.Request) (*url.URL, error)
}

// Transport sends requests. One Transport is shared by every call of a
// client; it is safe for concurrent use.
type Transport struct {
	opts   Options
	tr     *http.Transport
	client *http.Client
}

// New returns a Transport with its own connection pool.
func New(o Options) *Transport {
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	hs := o.ReadTimeout
	if hs == 0 {
		hs = DefaultTLSHandshakeTimeout
	}
	tr := &http.Transport{
		Proxy:                 o.Proxy,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       o.TLSConfig,
		ForceAttemptHTTP2:     true, // keep HTTP/2 over TLS despite the custom dialer
		MaxIdleConns:          MaxIdleConns,
		MaxIdleConnsPerHost:   MaxIdleConnsPerHost,
		IdleConnTimeout:       IdleConnTimeout,
		TLSHandshakeTimeout:   hs,
		ExpectContinueTimeout: time.Second,
		// The request is signed: no Accept-Encoding added behind its back,
		// and the body is returned as the server sent it.
		DisableCompression: true,
	}
	return &Transport{
		opts: o,
		tr:   tr,
		client: &http.Client{
			Transport: tr,
			// AWS responses are returned as they are, redirects included.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

// CloseIdle closes the idle pooled connections.
func (t *Transport) CloseIdle() { t.tr.CloseIdleConnections() }

// errReadTimeout is the cancel cause set by the read-timeout watchdog.
var errReadTimeout = errors.New("read timeout")

// Do sends req (one attempt) and reads the whole response body. The context
// bounds the whole exchange. Any status code is a response, not an error.
//
// Errors are *awserr.Error of Kind Network:
//
//   - awserr.CodeNetwork ("EndpointConnectionError"): the connection could
//     not be made or broke (refused, reset, DNS, TLS...); Retryable.
//   - CodeConnectTimeout ("ConnectTimeoutError"): a connection attempt took
//     longer than ConnectTimeout; Retryable.
//   - awserr.CodeTimeout ("ReadTimeoutError"): no byte of the response for
//     ReadTimeout; Retryable.
//   - CodeDeadline ("TimeoutError"): ctx's deadline passed; not Retryable.
//   - CodeCanceled ("RequestCanceled"): ctx was canceled; not Retryable.
//
// Messages name the endpoint (scheme, host and path; never the query
// string, which may hold a presigned signature or token) and the cause.
func (t *Transport) Do(ctx context.Context, req *http.Request) (*protocol.Response, error) {
	reqCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wd *watchdog
	if t.opts.ReadTimeout > 0 {
		wd = newWatchdog(t.opts.ReadTimeout, cancel)
		defer wd.stop()
		reqCtx = httptrace.WithClientTrace(reqCtx, &httptrace.ClientTrace{
			GotConn:              func(httptrace.GotConnInfo) { wd.start() },
			WroteHeaders:         wd.touch,
			WroteRequest:         func(httptrace.WroteRequestInfo) { wd.touch() },
			Got100Continue:       wd.touch,
			GotFirstResponseByte: wd.touch,
		})
	}
	r := req.WithContext(reqCtx)
	if wd != nil && r.Body != nil && r.Body != http.NoBody {
		r.Body = &progressReader{r: r.Body, wd: wd}
		if gb := req.GetBody; gb != nil {
			r.GetBody = func() (io.ReadCloser, error) {
				b, err := gb()
				if err != nil || b == nil || b == http.NoBody {
					return b, err
				}
				return &progressReader{r: b, wd: wd}, nil
			}
		}
	}

	resp, err := t.client.Do(r)
	if err != nil {
		return nil, classify(ctx, reqCtx, req.URL, err)
	}
	defer resp.Body.Close()
	var body io.Reader = resp.Body
	if wd != nil {
		body = &progressReader{r: resp.Body, wd: wd}
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return nil, classify(ctx, reqCtx, req.URL, err)
	}
	return &protocol.Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// classify turns a failure of one exchange into an *awserr.Error.
func classify(ctx, reqCtx context.Context, u *url.URL, err error) *awserr.Error {
	where := endpointName(u)
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err // url.Error's text repeats the full URL, query included
	}
	e := &awserr.Error{Kind: awserr.Network, Err: err}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		e.Code, e.Message = CodeCanceled, "request to "+where+" canceled"
	case ctx.Err() != nil:
		e.Code, e.Message = CodeDeadline, "request to "+where+" ran past the call's deadline"
	case errors.Is(context.Cause(reqCtx), errReadTimeout):
		e.Code, e.Retryable = awserr.CodeTimeout, true
		e.Message = "read timeout on endpoint URL " + where + ": no data received for the read timeout"
	case isDialTimeout(cause):
		e.Code, e.Retryable = CodeConnectTimeout, true
		e.Message = "connect timeout on endpoint URL " + where + ": " + cause.Error()
	default:
		e.Code, e.Retryable = awserr.CodeNetwork, true
		e.Message = "could not connect to the endpoint URL " + where + ": " + cause.Error()
	}
	return e
}

func isDialTimeout(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" && op.Timeout() {
		return true
	}
	var te interface{ Timeout() bool }
	// TLS handshake timeouts are connection-setup timeouts too.
	return errors.As(err, &te) && te.Timeout() && !errors.As(err, &op)
}

// endpointName quotes scheme://host/path of u, without query or user info.
func endpointName(u *url.URL) string {
	if u == nil {
		return `""`
	}
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return `"` + v.String() + `"`
}

// watchdog cancels a request when no progress has been seen for timeout.
// It is armed when a connection is obtained; touch records progress. Rather
// than resetting a timer on every read, the timer re-arms itself for the
// remaining time when it fires early.
type watchdog struct {
	timeout time.Duration
	cancel  context.CancelCauseFunc
	base    time.Time    // monotonic origin
	last    atomic.Int64 // time of the last progress, since base

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

func newWatchdog(timeout time.Duration, cancel context.CancelCauseFunc) *watchdog {
	return &watchdog{timeout: timeout, cancel: cancel, base: time.Now()}
}

func (w *watchdog) touch() { w.last.Store(int64(time.Since(w.base))) }

// start arms the watchdog (again, for a retried connection).
func (w *watchdog) start() {
	w.touch()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	if w.timer == nil {
		w.timer = time.AfterFunc(w.timeout, w.fire)
	} else {
		w.timer.Reset(w.timeout)
	}
}

func (w *watchdog) fire() {
	idle := time.Since(w.base) - time.Duration(w.last.Load())
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	if idle >= w.timeout {
		w.stopped = true
		w.cancel(errReadTimeout)
		return
	}
	w.timer.Reset(w.timeout - idle)
}

func (w *watchdog) stop() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
	if w.timer != nil {
		w.timer.Stop()
	}
}

// progressReader touches the watchdog on every read that moves data.
type progressReader struct {
	r  io.Reader
	wd *watchdog
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.wd.touch()
	}
	return n, err
}

func (p *progressReader) Close() error {
	if c, ok := p.r.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
