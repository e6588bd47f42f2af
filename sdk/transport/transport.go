// Package transport sends one HTTP request and reads the whole response,
// over HTTP/1.1 with keep-alive connection pooling, a connect timeout per
// connection attempt, a read timeout (the longest wait for the next byte
// of a response), and the call's deadline and cancellation from its
// context. Failures become *awserr.Error values of Kind Network that
// sdk/retry can classify. The exchange runs in the caller's goroutine
// (conn.go says why).
//
// It owns the connections and nothing above them: it knows nothing of
// services, signing, credentials, endpoints or retries (one Do is one
// attempt), and it never reads the environment.
package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
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

// Pool settings.
const (
	MaxIdleConnsPerHost = 64
	MaxIdleConns        = 256
	IdleConnTimeout     = 90 * time.Second
	// DefaultTLSHandshakeTimeout bounds the TLS handshake when ReadTimeout
	// is 0 (with a read timeout, the handshake gets ReadTimeout).
	DefaultTLSHandshakeTimeout = 10 * time.Second
)

// Response is a received HTTP response: the status, the headers and, unless
// a Sink took it, the whole body.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// Options configures a Transport. Zero durations mean no limit.
type Options struct {
	// ConnectTimeout bounds each TCP connection attempt (per dial).
	ConnectTimeout time.Duration
	// ReadTimeout is the longest wait for the next byte of a response,
	// headers and body alike, and for the next byte of a request body to
	// be taken by the server while it is being uploaded. A slow exchange
	// that keeps making progress never times out.
	ReadTimeout time.Duration
	// TLSConfig, if set, is used for HTTPS (a custom CA bundle...).
	TLSConfig *tls.Config
	// Proxy, if set, gives the proxy of each request (nil: direct); see
	// proxy.go.
	Proxy func(target *url.URL) *url.URL
	// ProxyTLSConfig is used for the TLS connection to an https proxy (nil:
	// TLSConfig's trust).
	ProxyTLSConfig *tls.Config
	// ForwardHTTPS sends https requests to an https proxy in absolute form
	// instead of through a CONNECT tunnel.
	ForwardHTTPS bool
}

// Transport sends requests. One Transport is shared by every call of a
// client; it is safe for concurrent use.
type Transport struct {
	opts      Options
	dialer    *net.Dialer
	tlsConfig *tls.Config
	pool      pool
}

// New returns a Transport with its own connection pool.
func New(o Options) *Transport {
	cfg := o.TLSConfig
	if cfg == nil {
		cfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	cfg = cfg.Clone()
	// HTTP/1.1 only, as AWS SDKs speak to AWS APIs; resumed sessions
	// make a new connection's handshake cheaper.
	cfg.NextProtos = []string{"http/1.1"}
	if cfg.ClientSessionCache == nil {
		cfg.ClientSessionCache = tls.NewLRUClientSessionCache(64)
	}
	return &Transport{
		opts:      o,
		dialer:    &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second},
		tlsConfig: cfg,
	}
}

// CloseIdle closes the idle pooled connections.
func (t *Transport) CloseIdle() { t.pool.closeAll() }

// Do sends req (one attempt) and reads the whole response body. The context
// bounds the whole exchange. Any status code is a response, not an error;
// redirects are returned as they are.
//
// Errors are *awserr.Error of Kind Network:
//
//   - awserr.CodeNetwork ("EndpointConnectionError"): the connection could
//     not be made or broke (refused, reset, DNS, TLS...); Retryable.
//   - CodeConnectTimeout ("ConnectTimeoutError"): a connection attempt
//     (TCP connect or TLS handshake) took too long; Retryable.
//   - awserr.CodeTimeout ("ReadTimeoutError"): no byte of the response for
//     ReadTimeout; Retryable.
//   - CodeDeadline ("TimeoutError"): ctx's deadline passed; not Retryable.
//   - CodeCanceled ("RequestCanceled"): ctx was canceled; not Retryable.
//
// Messages name the endpoint (scheme, host and path; never the query
// string, which may hold a presigned signature or token) and the cause.
func (t *Transport) Do(ctx context.Context, req *http.Request) (*Response, error) {
	resp, _, err := t.DoStream(ctx, req, inMemory)
	return resp, err
}

// inMemory is the Sink of Do: every body is read into memory.
func inMemory(int, http.Header) (io.Writer, error) { return nil, nil }

// classify turns a failure of one exchange into an *awserr.Error.
func classify(ctx context.Context, u *url.URL, err error) *awserr.Error {
	where := endpointName(u)
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err // url.Error's text repeats the full URL, query included
	}
	var pe *phaseError
	connecting := errors.As(err, &pe)
	e := &awserr.Error{Kind: awserr.Network, Err: err}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		e.Code, e.Message = CodeCanceled, "request to "+where+" canceled"
	case ctx.Err() != nil || pastDeadline(ctx):
		e.Code, e.Message = CodeDeadline, "request to "+where+" ran past the call's deadline"
	case connecting && isTimeout(err):
		e.Code, e.Retryable = CodeConnectTimeout, true
		e.Message = "connect timeout on endpoint URL " + where + ": " + cause.Error()
	case !connecting && isTimeout(err):
		e.Code, e.Retryable = awserr.CodeTimeout, true
		e.Message = "read timeout on endpoint URL " + where + ": no data received for the read timeout"
	default:
		e.Code, e.Retryable = awserr.CodeNetwork, true
		e.Message = "could not connect to the endpoint URL " + where + ": " + cause.Error()
	}
	return e
}

func pastDeadline(ctx context.Context) bool {
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}

func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// endpointName quotes scheme://host/path of u, without query or user info.
func endpointName(u *url.URL) string {
	if u == nil {
		return `""`
	}
	v := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	return `"` + v.String() + `"`
}
