package transport

import (
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCABundleIsParsedOncePerFileVersion(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	path := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(path, certPEM, 0o600))

	a, err := TLSConfig(path, "ca_bundle", false)
	require.NoError(t, err)
	b, err := TLSConfig(path, "ca_bundle", false)
	require.NoError(t, err)
	assert.Same(t, a.RootCAs, b.RootCAs, "the second client reuses the parsed bundle")

	// A changed file is read again.
	require.NoError(t, os.WriteFile(path, append(certPEM, certPEM...), 0o600))
	future := time.Now().Add(time.Minute)
	require.NoError(t, os.Chtimes(path, future, future))
	c, err := TLSConfig(path, "ca_bundle", false)
	require.NoError(t, err)
	assert.NotSame(t, a.RootCAs, c.RootCAs)

	// And one that holds no certificate any more is an error again.
	require.NoError(t, os.WriteFile(path, []byte("not pem"), 0o600))
	_, err = TLSConfig(path, "AWS_CA_BUNDLE", false)
	assert.ErrorContains(t, err, `AWS_CA_BUNDLE: the CA bundle "`+path+`" holds no PEM certificate`)
	_, err = TLSConfig(filepath.Join(t.TempDir(), "missing.pem"), "ca_bundle", false)
	assert.ErrorContains(t, err, "cannot read the CA bundle")
}
