// Package proxy tests gosoto's clients through a real forward proxy,
// Debian's tinyproxy with Basic authentication, started by
// tests/scripts/with-tinyproxy.sh: plain http calls to the local SQS
// emulator go to the proxy in absolute form, https calls to a local TLS
// server through a CONNECT tunnel, both proved by the proxy's own log; a
// wrong password is refused by the proxy and the error shows no password;
// NO_PROXY and the config's "proxies" are obeyed. make test-proxy runs it
// (GOSOTO_PROXY_REQUIRED=1: a missing proxy fails the run).
package proxy

import (
	"context"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/engine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fixture struct {
	proxy      string // http://127.0.0.1:PORT
	user, pass string
	log        string
	sqs        string // the SQS emulator's endpoint
}

func setup(t *testing.T) fixture {
	t.Helper()
	f := fixture{proxy: os.Getenv("GOSOTO_TEST_PROXY"), user: os.Getenv("GOSOTO_TEST_PROXY_USER"),
		pass: os.Getenv("GOSOTO_TEST_PROXY_PASS"), log: os.Getenv("GOSOTO_TEST_PROXY_LOG"), sqs: os.Getenv("GOSOTO_TEST_SQS_ENDPOINT")}
	if f.proxy == "" || f.sqs == "" {
		if os.Getenv("GOSOTO_PROXY_REQUIRED") == "1" {
			t.Fatal("GOSOTO_TEST_PROXY and GOSOTO_TEST_SQS_ENDPOINT are not set (run through tests/scripts/with-tinyproxy.sh and with-sqs-emulator.sh)")
		}
		t.Skip("no proxy; run `make test-proxy`")
	}
	return f
}

// withAuth is the proxy URL carrying user and password.
func (f fixture) withAuth(pass string) string {
	u, _ := url.Parse(f.proxy)
	u.User = url.UserPassword(f.user, pass)
	return u.String()
}

// logged reports whether the proxy's log has a line containing s.
func (f fixture) logged(t *testing.T, s string) bool {
	t.Helper()
	b, err := os.ReadFile(f.log)
	require.NoError(t, err)
	return strings.Contains(string(b), s)
}

func envOf(m map[string]string) engine.Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func newClient(t *testing.T, cfg string, env map[string]string) *engine.Client {
	t.Helper()
	c, err := engine.NewClient([]byte(cfg), envOf(env))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

const keys = `"credentials":{"access_key_id":"AKIDPROXYTEST","secret_access_key":"proxy-test-secret"}`

// Plain http through HTTP_PROXY: the proxy forwards, and logs, the
// absolute-form request.
func TestHTTPThroughProxy(t *testing.T) {
	f := setup(t)
	env := map[string]string{"HTTP_PROXY": f.withAuth(f.pass)}
	c := newClient(t, `{"service":"sqs","region":"us-east-1","endpoint_url":"`+f.sqs+`",`+keys+`}`, env)
	name := fmt.Sprintf("proxied-%d", time.Now().UnixNano())
	out, err := c.Call(context.Background(), "CreateQueue", []byte(`{"QueueName":"`+name+`"}`))
	require.NoError(t, err)
	assert.Contains(t, string(out), name)
	assert.True(t, f.logged(t, "POST "+f.sqs), "the proxy carried the request (its log shows POST %s)", f.sqs)

	// NO_PROXY names the emulator: the call goes direct.
	env["NO_PROXY"] = "localhost,127.0.0.1"
	c = newClient(t, `{"service":"sqs","region":"us-east-1","endpoint_url":"`+f.sqs+`",`+keys+`}`, env)
	before, _ := os.ReadFile(f.log)
	_, err = c.Call(context.Background(), "ListQueues", []byte(`{}`))
	require.NoError(t, err)
	after, _ := os.ReadFile(f.log)
	assert.Equal(t, len(before), len(after), "NO_PROXY: nothing went through the proxy")
}

// https through HTTPS_PROXY: a CONNECT tunnel (in the proxy's log) to a
// local TLS server, the server's certificate checked through the tunnel.
func TestHTTPSThroughTunnel(t *testing.T) {
	f := setup(t)
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Proxy-Authorization") != "" {
			w.WriteHeader(500) // the proxy's credentials must not reach the server
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		fmt.Fprint(w, `{"QueueUrls":["https://queue.test/1/tunneled"]}`)
	}))
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600))
	cfg := `{"service":"sqs","region":"us-east-1","endpoint_url":"` + srv.URL + `","ca_bundle":"` + ca + `",` + keys + `}`

	c := newClient(t, cfg, map[string]string{"HTTPS_PROXY": f.withAuth(f.pass)})
	out, err := c.Call(context.Background(), "ListQueues", []byte(`{}`))
	require.NoError(t, err)
	assert.Contains(t, string(out), "tunneled")
	assert.True(t, f.logged(t, "CONNECT "+strings.TrimPrefix(srv.URL, "https://")), "the proxy opened the tunnel")

	// The config's proxies win over the environment's.
	c = newClient(t, `{"service":"sqs","region":"us-east-1","endpoint_url":"`+srv.URL+`","ca_bundle":"`+ca+`",`+keys+
		`,"proxies":{"https":"`+f.withAuth(f.pass)+`"}}`, map[string]string{"HTTPS_PROXY": "http://127.0.0.1:1"})
	_, err = c.Call(context.Background(), "ListQueues", []byte(`{}`))
	require.NoError(t, err)

	// A wrong password: the proxy refuses the tunnel; the error says so
	// and shows no password.
	c = newClient(t, cfg+``, map[string]string{"HTTPS_PROXY": f.withAuth("wrong-" + f.pass)})
	_, err = c.Call(context.Background(), "ListQueues", []byte(`{}`))
	require.Error(t, err)
	e := awserr.As(err)
	assert.Equal(t, awserr.Network, e.Kind)
	// tinyproxy answers a tunnel's bad credentials with 401 (RFC 9110 wants
	// 407): either way the refusal and its status reach the caller.
	assert.Regexp(t, `proxy 127\.0\.0\.1:\d+: CONNECT .*: 40[17] `, e.Message)
	assert.NotContains(t, string(e.JSON()), f.pass)
}
