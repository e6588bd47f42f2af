package transport

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"os"
	"sync"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
)

// TLSConfig returns the TLS settings of a client: nil (Go's defaults: the
// system's roots, verification on) when no CA bundle is given and
// verification is not disabled; with caBundle, a config whose RootCAs are
// exactly the certificates of that PEM file; with insecure, a config that
// skips certificate verification (the client config's "verify_ssl": false,
// a gosoto extension that affects that one client only).
//
// source names where the bundle path came from ("ca_bundle",
// "AWS_CA_BUNDLE", ...) for the error: a file that cannot be read or holds
// no PEM certificate is an InvalidArgument error naming source and path.
func TLSConfig(caBundle, source string, insecure bool) (*tls.Config, error) {
	if caBundle == "" && !insecure {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if caBundle != "" {
		pool, err := loadBundle(caBundle, source)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	if insecure {
		cfg.InsecureSkipVerify = true
	}
	return cfg, nil
}

// bundles caches parsed CA bundles by path, size and modification time:
// parsing a system bundle (AWS_CA_BUNDLE often names one) costs ~3 ms,
// which every client of a process would otherwise pay again.
var bundles sync.Map // bundleKey -> *x509.CertPool

type bundleKey struct {
	path  string
	size  int64
	mtime time.Time
}

// maxBundle bounds what is read of a CA bundle file (a system bundle is
// about 200 KB).
const maxBundle = 16 << 20

func loadBundle(path, source string) (*x509.CertPool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, awserr.InvalidArg("%s: cannot read the CA bundle %q: %v", source, path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, awserr.InvalidArg("%s: cannot read the CA bundle %q: %v", source, path, err)
	}
	key := bundleKey{path, st.Size(), st.ModTime()}
	if p, ok := bundles.Load(key); ok {
		return p.(*x509.CertPool), nil
	}
	if st.Size() > maxBundle {
		return nil, awserr.InvalidArg("%s: the CA bundle %q is larger than %d bytes", source, path, maxBundle)
	}
	pem, err := io.ReadAll(io.LimitReader(f, maxBundle+1))
	if err != nil {
		return nil, awserr.InvalidArg("%s: cannot read the CA bundle %q: %v", source, path, err)
	}
	if len(pem) > maxBundle {
		return nil, awserr.InvalidArg("%s: the CA bundle %q is larger than %d bytes", source, path, maxBundle)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, awserr.InvalidArg("%s: the CA bundle %q holds no PEM certificate", source, path)
	}
	bundles.Store(key, pool)
	return pool, nil
}
