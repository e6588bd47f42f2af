package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testProxy is a forward proxy: absolute-form requests are forwarded,
// CONNECT opens a tunnel. It requires Basic user:pass when auth is set and
// records what it saw.
type testProxy struct {
	auth string
	rt   http.RoundTripper // forwards absolute-form requests; nil: http.DefaultTransport
	mu   sync.Mutex
	seen []string // "GET http://...", "CONNECT host:port"
}

func (p *testProxy) record(s string) { p.mu.Lock(); p.seen = append(p.seen, s); p.mu.Unlock() }

func (p *testProxy) lines() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

func (p *testProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.auth != "" && r.Header.Get("Proxy-Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(p.auth)) {
		p.record("407 " + r.Method)
		w.WriteHeader(http.StatusProxyAuthRequired)
		return
	}
	if r.Method == http.MethodConnect {
		p.record("CONNECT " + r.Host)
		up, err := net.Dial("tcp", r.Host)
		if err != nil {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		hj, _ := w.(http.Hijacker)
		down, _, err := hj.Hijack()
		if err != nil {
			up.Close()
			return
		}
		io.WriteString(down, "HTTP/1.1 200 Connection established\r\n\r\n")
		go func() { io.Copy(up, down); up.Close() }()
		io.Copy(down, up)
		down.Close()
		return
	}
	p.record(r.Method + " " + r.URL.String())
	if !r.URL.IsAbs() {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	out, _ := http.NewRequest(r.Method, r.URL.String(), r.Body)
	out.Header = r.Header.Clone()
	out.Header.Del("Proxy-Authorization")
	rt := p.rt
	if rt == nil {
		rt = http.DefaultTransport
	}
	resp, err := rt.RoundTrip(out)
	if err != nil {
		w.WriteHeader(http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

func echoOrigin(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Proxy-Authorization") != "" {
			w.WriteHeader(500) // the proxy's credentials must not reach the server
			return
		}
		io.WriteString(w, name+" "+r.URL.Path)
	})
}

func poolOf(srv *httptest.Server) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(srv.Certificate())
	return p
}

func proxied(u string) func(*url.URL) *url.URL {
	pu, _ := url.Parse(u)
	return func(*url.URL) *url.URL { return pu }
}

func TestProxyForwardsHTTPAndTunnelsHTTPS(t *testing.T) {
	plain := httptest.NewServer(echoOrigin("plain"))
	defer plain.Close()
	secure := httptest.NewTLSServer(echoOrigin("secure"))
	defer secure.Close()
	p := &testProxy{auth: "user:p@ss"}
	ps := httptest.NewServer(p)
	defer ps.Close()
	pu, _ := url.Parse(ps.URL)
	pu.User = url.UserPassword("user", "p@ss")

	tr := New(Options{TLSConfig: &tls.Config{RootCAs: poolOf(secure)}, Proxy: proxied(pu.String())})
	defer tr.CloseIdle()
	for i := 0; i < 2; i++ { // the second time over the pooled tunnel
		resp, err := tr.Do(context.Background(), get(t, plain.URL+"/a"))
		require.NoError(t, err)
		assert.Equal(t, "plain /a", string(resp.Body))
		resp, err = tr.Do(context.Background(), get(t, secure.URL+"/b"))
		require.NoError(t, err)
		assert.Equal(t, "secure /b", string(resp.Body))
	}
	seen := p.lines()
	assert.Equal(t, []string{"GET " + plain.URL + "/a", "CONNECT " + strings.TrimPrefix(secure.URL, "https://"), "GET " + plain.URL + "/a"}, seen,
		"http in absolute form, https through one tunnel, reused")
}

func TestProxyErrorsNameTheProxyNotItsPassword(t *testing.T) {
	secure := httptest.NewTLSServer(echoOrigin("secure"))
	defer secure.Close()
	p := &testProxy{auth: "user:right"}
	ps := httptest.NewServer(p)
	defer ps.Close()
	pu, _ := url.Parse(ps.URL)
	addr := pu.Host
	pu.User = url.UserPassword("user", "wrong-hunter2")
	tr := New(Options{TLSConfig: &tls.Config{RootCAs: poolOf(secure)}, Proxy: proxied(pu.String())})
	_, err := tr.Do(context.Background(), get(t, secure.URL+"/"))
	require.Error(t, err)
	e := awserr.As(err)
	assert.Equal(t, awserr.Network, e.Kind)
	assert.Contains(t, e.Message, "proxy "+addr+": CONNECT")
	assert.Contains(t, e.Message, "407")
	assert.NotContains(t, e.Message, "hunter2")

	// A proxy that is not there.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	down := l.Addr().String()
	l.Close()
	tr = New(Options{Proxy: proxied("http://u:hunter2@" + down)})
	_, err = tr.Do(context.Background(), get(t, "http://127.0.0.1:1/"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "proxy "+down)
	assert.NotContains(t, err.Error(), "hunter2")
	assert.True(t, awserr.As(err).Retryable)
}

// An https proxy, reached over TLS with its own CA; with ForwardHTTPS the
// https request goes to it in absolute form.
func TestHTTPSProxy(t *testing.T) {
	secure := httptest.NewTLSServer(echoOrigin("secure"))
	defer secure.Close()
	p := &testProxy{}
	ps := httptest.NewTLSServer(p)
	defer ps.Close()
	ptls := &tls.Config{RootCAs: poolOf(ps)}
	tr := New(Options{TLSConfig: &tls.Config{RootCAs: poolOf(secure)}, Proxy: proxied(ps.URL), ProxyTLSConfig: ptls})
	resp, err := tr.Do(context.Background(), get(t, secure.URL+"/t"))
	require.NoError(t, err)
	assert.Equal(t, "secure /t", string(resp.Body))
	assert.Equal(t, []string{"CONNECT " + strings.TrimPrefix(secure.URL, "https://")}, p.lines())

	// ProxyTLSConfig is what the proxy's certificate is checked with: with
	// a trust that lacks its CA the handshake with the proxy fails, and
	// the error says so.
	tr = New(Options{TLSConfig: &tls.Config{RootCAs: poolOf(secure)}, Proxy: proxied(ps.URL), ProxyTLSConfig: &tls.Config{RootCAs: x509.NewCertPool()}})
	_, err = tr.Do(context.Background(), get(t, secure.URL+"/t"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "proxy "+strings.TrimPrefix(ps.URL, "https://"))

	// ForwardHTTPS: the https request goes to the proxy in absolute form.
	p.rt = secure.Client().Transport
	tr = New(Options{TLSConfig: &tls.Config{RootCAs: poolOf(secure)}, Proxy: proxied(ps.URL), ProxyTLSConfig: ptls, ForwardHTTPS: true})
	resp, err = tr.Do(context.Background(), get(t, secure.URL+"/f"))
	require.NoError(t, err)
	assert.Equal(t, "secure /f", string(resp.Body))
	assert.Equal(t, "GET "+secure.URL+"/f", p.lines()[len(p.lines())-1])
}
