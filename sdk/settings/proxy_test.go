package settings

import (
	"net/url"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func proxyFor(t *testing.T, doc string, env map[string]string, target string) string {
	t.Helper()
	r, err := resolveBuiltIns(t, doc, sqsModel(), env)
	require.NoError(t, err)
	u, err := url.Parse(target)
	require.NoError(t, err)
	if p := r.Proxy.For(u); p != nil {
		return p.String()
	}
	return ""
}

// The environment's proxies, as urllib (and so botocore) reads them.
func TestProxiesFromEnvironment(t *testing.T) {
	sqs := `{"service":"sqs","region":"us-east-1"}`
	env := map[string]string{"HTTPS_PROXY": "http://127.0.0.1:3128", "HTTP_PROXY": "proxy.test:8080"}
	assert.Equal(t, "http://127.0.0.1:3128", proxyFor(t, sqs, env, "https://sqs.us-east-1.amazonaws.com/"))
	assert.Equal(t, "http://proxy.test:8080", proxyFor(t, sqs, env, "http://127.0.0.1:9324/"), "loopback is proxied too, and host:port means http")
	// lower case wins; an empty lower-case variable unsets.
	env = map[string]string{"HTTPS_PROXY": "http://upper:1", "https_proxy": "http://lower:2", "HTTP_PROXY": "http://upper:3", "http_proxy": ""}
	assert.Equal(t, "http://lower:2", proxyFor(t, sqs, env, "https://sqs.us-east-1.amazonaws.com/"))
	assert.Equal(t, "", proxyFor(t, sqs, env, "http://sqs.us-east-1.amazonaws.com/"))
	// NO_PROXY: names, suffixes, leading dots, ports, "*".
	env = map[string]string{"HTTPS_PROXY": "http://p:1", "HTTP_PROXY": "http://p:1", "NO_PROXY": " .internal.test, 127.0.0.1:9324,EXAMPLE.com"}
	for target, want := range map[string]string{
		"https://a.internal.test/":      "",
		"https://internal.test/":        "",
		"https://xinternal.test/":       "http://p:1",
		"http://127.0.0.1:9324/":        "",
		"http://127.0.0.1:9325/":        "http://p:1",
		"https://s3.example.com/":       "",
		"https://sqs.amazonaws.com/":    "http://p:1",
		"http://[::1]:80/":              "http://p:1",
		"https://bucket.example.com:8/": "",
	} {
		assert.Equal(t, want, proxyFor(t, sqs, env, target), target)
	}
	env["no_proxy"] = "*"
	assert.Equal(t, "", proxyFor(t, sqs, env, "https://sqs.amazonaws.com/"))
	// Under CGI, HTTP_PROXY is ignored (httpoxy).
	env = map[string]string{"HTTP_PROXY": "http://p:1", "REQUEST_METHOD": "GET"}
	assert.Equal(t, "", proxyFor(t, sqs, env, "http://sqs.amazonaws.com/"))
}

// The config's proxies replace the environment's, NO_PROXY included.
func TestProxiesFromConfig(t *testing.T) {
	env := map[string]string{"HTTPS_PROXY": "http://env:1", "NO_PROXY": "*"}
	doc := `{"service":"sqs","region":"us-east-1","proxies":{"https":"http://user:p%40ss@127.0.0.1:3128"},
		"proxies_config":{"proxy_ca_bundle":"/ca.pem","proxy_client_cert":["/c.pem","/k.pem"],"proxy_use_forwarding_for_https":true}}`
	assert.Equal(t, "http://user:p%40ss@127.0.0.1:3128", proxyFor(t, doc, env, "https://sqs.us-east-1.amazonaws.com/"))
	assert.Equal(t, "", proxyFor(t, doc, env, "http://sqs.us-east-1.amazonaws.com/"), "no http proxy configured")
	r, err := resolveBuiltIns(t, doc, sqsModel(), env)
	require.NoError(t, err)
	assert.Equal(t, "/ca.pem", r.Proxy.CABundle)
	assert.Equal(t, "/c.pem", r.Proxy.ClientCert)
	assert.Equal(t, "/k.pem", r.Proxy.ClientKey)
	assert.True(t, r.Proxy.ForwardHTTPS)
}

func TestProxyErrorsHidePasswords(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"service":"sqs","proxies":"http://p"}`, "proxies: expected a JSON object"},
		{`{"service":"sqs","proxies":{"https":"http://user:hunter2@"}}`, "proxies.https: invalid proxy URL (value hidden"},
		{`{"service":"sqs","proxies_config":{"proxy_client_cert":["a"]}}`, "proxy_client_cert: expected a path or [certificate path, key path]"},
		{`{"service":"sqs","proxies_config":{"colour":1}}`, `unknown key "proxies_config.colour"`},
	} {
		_, err := ParseConfig([]byte(tc.doc))
		require.Error(t, err, tc.doc)
		assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
		assert.Contains(t, err.Error(), tc.want)
		assert.NotContains(t, err.Error(), "hunter2")
	}
}
