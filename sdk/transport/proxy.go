package transport

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/url"

	"github.com/gosoto/gosoto/internal/awserr"
)

// This file is the way through a proxy (Options.Proxy): an http request is
// sent to the proxy in absolute form ("GET http://host/path HTTP/1.1");
// an https request goes through a CONNECT tunnel, and TLS to the server
// runs inside it. A proxy URL's user and password become its
// Proxy-Authorization (Basic); an https proxy is reached over TLS with
// Options.ProxyTLSConfig. With Options.ForwardHTTPS an https request goes
// to an https proxy in absolute form, without a tunnel. Errors name the
// proxy by host and port only: its URL may hold a password.

// proxyAddr is the proxy's host:port (80 for http, 443 for https).
func proxyAddr(p *url.URL) string {
	port := p.Port()
	if port == "" {
		port = "80"
		if p.Scheme == "https" {
			port = "443"
		}
	}
	return net.JoinHostPort(p.Hostname(), port)
}

// proxyErr names the proxy in a failure to reach it.
func proxyErr(p *url.URL, err error) error {
	return fmt.Errorf("proxy %s: %w", proxyAddr(p), err)
}

// proxyAuthorization is the Basic credentials of the proxy URL ("" none).
func proxyAuthorization(p *url.URL) string {
	if p.User == nil {
		return ""
	}
	pass, _ := p.User.Password()
	if p.User.Username() == "" && pass == "" {
		return ""
	}
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(p.User.Username()+":"+pass))
}

// viaProxy sets c up to carry requests of r through r.proxy: TLS to an
// https proxy, then a tunnel (and TLS to the server inside it) for https,
// or absolute-form requests.
func (t *Transport) viaProxy(ctx context.Context, c *conn, r route) error {
	p := r.proxy
	var to net.Conn = c.dc
	if p.Scheme == "https" {
		cfg := t.opts.ProxyTLSConfig
		if cfg == nil {
			cfg = t.tlsConfig
		}
		tc, err := t.handshake(ctx, c, c.dc, cfg, p.Hostname())
		if err != nil {
			return &phaseError{err: proxyErr(p, err), handshake: true}
		}
		to = tc
	}
	auth := proxyAuthorization(p)
	if !r.https || t.opts.ForwardHTTPS && p.Scheme == "https" {
		c.top, c.forward, c.proxyAuth = to, true, auth
		return nil
	}
	if err := t.connect(ctx, c, to, r.addr, auth); err != nil {
		return &phaseError{err: proxyErr(p, err)}
	}
	tc, err := t.handshake(ctx, c, to, t.tlsConfig, r.host)
	if err != nil {
		return err
	}
	c.top = tc
	return nil
}

// connect asks the proxy on to open a tunnel to addr.
func (t *Transport) connect(ctx context.Context, c *conn, to net.Conn, addr, auth string) error {
	c.dc.begin(ctx, t.opts.ReadTimeout)
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: addr}, Host: addr, Header: http.Header{}}
	if auth != "" {
		req.Header.Set("Proxy-Authorization", auth)
	}
	if err := req.Write(to); err != nil {
		return err
	}
	br := bufio.NewReader(to)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		return fmt.Errorf("reading the answer to CONNECT %s: %w", addr, err)
	}
	// A 2xx answer to CONNECT has no body (whatever its headers say): the
	// tunnel starts right after the head. Any other answer ends here.
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("CONNECT %s: %s", addr, resp.Status)
	}
	if br.Buffered() > 0 {
		return fmt.Errorf("CONNECT %s: the proxy sent data before the tunnel was used", addr)
	}
	return nil
}

// forwardRequest is req as it goes to a forwarding proxy: with the proxy's
// credentials. (WriteProxy writes the absolute form.)
func forwardRequest(req *http.Request, c *conn) *http.Request {
	if c.proxyAuth == "" {
		return req
	}
	r2 := *req
	r2.Header = req.Header.Clone()
	r2.Header.Set("Proxy-Authorization", c.proxyAuth)
	return &r2
}

// ProxyTLSConfig is TLSConfig for the connection to an https proxy: its CA
// bundle, and the client certificate (and key, when apart) presented to it.
func ProxyTLSConfig(caBundle, clientCert, clientKey string, insecure bool) (*tls.Config, error) {
	cfg, err := TLSConfig(caBundle, "proxies_config.proxy_ca_bundle", insecure)
	if err != nil {
		return nil, err
	}
	if clientCert == "" {
		return cfg, nil
	}
	if cfg == nil {
		cfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if clientKey == "" {
		clientKey = clientCert
	}
	cert, err := tls.LoadX509KeyPair(clientCert, clientKey)
	if err != nil {
		return nil, awserr.InvalidArg("proxies_config.proxy_client_cert: %v", err)
	}
	cfg.Certificates = []tls.Certificate{cert}
	return cfg, nil
}
