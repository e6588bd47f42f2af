package transport

import (
	"crypto/tls"
	"crypto/x509"
	"os"

	"github.com/gosoto/gosoto/sdk/awserr"
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
		pem, err := os.ReadFile(caBundle)
		if err != nil {
			return nil, awserr.InvalidArg("%s: cannot read the CA bundle %q: %v", source, caBundle, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, awserr.InvalidArg("%s: the CA bundle %q holds no PEM certificate", source, caBundle)
		}
		cfg.RootCAs = pool
	}
	if insecure {
		cfg.InsecureSkipVerify = true
	}
	return cfg, nil
}
