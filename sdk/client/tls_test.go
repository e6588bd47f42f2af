package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testCA makes a CA and a server certificate for 127.0.0.1 signed by it;
// it returns a TLS server answering SQS ListQueues and the CA's PEM file.
func tlsServerWithTestCA(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "gosoto test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	ca, err := x509.ParseCertificate(caDER)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"QueueUrls":["https://q/1"]}`)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: key}}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600))
	return srv, path
}

func TestTLSVerificationAndCABundle(t *testing.T) {
	srv, caPath := tlsServerWithTestCA(t)
	ctx := context.Background()
	base := `{"service":"sqs","region":"us-east-1","endpoint_url":"` + srv.URL + `",` + staticCreds + `,"max_attempts":1`
	call := func(extra string, env map[string]string) error {
		c, err := New([]byte(base+extra+`}`), envOf(env))
		if err != nil {
			return err
		}
		defer c.Close()
		_, err = c.Call(ctx, "ListQueues", nil)
		return err
	}

	// Verification is on by default: the test CA is unknown.
	err := call("", nil)
	e := awserr.As(err)
	require.Error(t, err)
	assert.Equal(t, awserr.Network, e.Kind)
	assert.Contains(t, e.Message, "certificate")

	// The CA bundle from the config, from AWS_CA_BUNDLE, from the profile.
	assert.NoError(t, call(`,"ca_bundle":"`+caPath+`"`, nil))
	assert.NoError(t, call("", map[string]string{"AWS_CA_BUNDLE": caPath}))
	cfgFile := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(cfgFile, []byte("[profile p]\nca_bundle = "+caPath+"\n"), 0o600))
	assert.NoError(t, call(`,"profile":"p"`, map[string]string{"AWS_CONFIG_FILE": cfgFile}))

	// verify_ssl false, for this client only.
	assert.NoError(t, call(`,"verify_ssl":false`, nil))
	assert.Error(t, call(`,"verify_ssl":true`, nil))
	assert.Error(t, call("", nil), "another client still verifies")
	_, err = New([]byte(base+`,"verify_ssl":"no"}`), noEnv)
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)

	// Bad bundles: InvalidArgument naming the source.
	empty := filepath.Join(t.TempDir(), "empty.pem")
	require.NoError(t, os.WriteFile(empty, []byte("not a certificate\n"), 0o600))
	for _, tc := range []struct {
		extra, source string
		env           map[string]string
	}{
		{`,"ca_bundle":"/nonexistent/ca.pem"`, "ca_bundle", nil},
		{`,"ca_bundle":"` + empty + `"`, "ca_bundle", nil},
		{"", "AWS_CA_BUNDLE", map[string]string{"AWS_CA_BUNDLE": "/nonexistent/ca.pem"}},
		{"", "AWS_CA_BUNDLE", map[string]string{"AWS_CA_BUNDLE": empty}},
	} {
		_, err := New([]byte(base+tc.extra+`}`), envOf(tc.env))
		e := awserr.As(err)
		require.Error(t, err, tc)
		assert.Equal(t, awserr.InvalidArgument, e.Kind)
		assert.Contains(t, e.Message, tc.source)
	}
}

// A 3xx is never followed: the redirect target never sees the request (nor
// its Authorization or security token); the response is returned to the
// protocol as an error response.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var hits atomic.Int32
	var leaked atomic.Value
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		leaked.Store(r.Header.Get("Authorization") + r.Header.Get("X-Amz-Security-Token"))
		io.WriteString(w, `{"QueueUrls":[]}`)
	}))
	defer target.Close()
	for _, code := range []int{301, 302, 303, 307, 308} {
		redir := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL+"/elsewhere", code)
		}))
		c := newSQS(t, redir.URL, `,"max_attempts":3`)
		_, err := c.Call(context.Background(), "ListQueues", nil)
		require.Error(t, err, code)
		e := awserr.As(err)
		assert.Equal(t, code, e.StatusCode)
		redir.Close()
	}
	assert.Zero(t, hits.Load(), "the redirect target saw %v", leaked.Load())
}
