package client

import (
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/gosoto/gosoto/sdk/transport"
)

// transportOptions builds the client's transport settings: timeouts, the
// TLS settings of its CA bundle (ca_bundle, else AWS_CA_BUNDLE, else the
// profile's ca_bundle) and of "verify_ssl", and its proxies.
func transportOptions(cfg *settings.Config, res settings.Resolved, env settings.Env) (transport.Options, error) {
	o := transport.Options{ConnectTimeout: cfg.ConnectTimeout, ReadTimeout: cfg.ReadTimeout}
	source := "ca_bundle"
	if cfg.CABundle == "" {
		source = "ca_bundle of the profile"
		if env != nil {
			if v, ok := env("AWS_CA_BUNDLE"); ok && v != "" {
				source = "AWS_CA_BUNDLE"
			}
		}
	}
	insecure := cfg.VerifySSL != nil && !*cfg.VerifySSL
	tc, err := transport.TLSConfig(res.CABundle, source, insecure)
	if err != nil {
		return o, err
	}
	o.TLSConfig = tc
	// Proxies: the config's, else the environment's (settings/proxy.go).
	if p := res.Proxy; p != nil && len(p.Proxies) > 0 {
		o.Proxy = p.For
		o.ForwardHTTPS = p.ForwardHTTPS
		if p.CABundle != "" || p.ClientCert != "" {
			if o.ProxyTLSConfig, err = transport.ProxyTLSConfig(p.CABundle, p.ClientCert, p.ClientKey, insecure); err != nil {
				return o, err
			}
		}
	}
	return o, nil
}
