package settings

import (
	"net"
	"net/url"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonval"
	"github.com/tidwall/gjson"
)

// This file holds the proxy settings, as botocore reads them:
//
//	{"proxies": {"http": "http://proxy:3128", "https": "http://user:pass@proxy:3128"},
//	 "proxies_config": {"proxy_ca_bundle": "/path/ca.pem",
//	                    "proxy_client_cert": "/path/cert.pem" | ["/path/cert.pem", "/path/key.pem"],
//	                    "proxy_use_forwarding_for_https": false}}
//
// Without "proxies", the environment's: HTTP_PROXY and HTTPS_PROXY (the
// lower-case names win over the upper-case ones, an empty lower-case one
// unsets), and NO_PROXY, with urllib's rules (as botocore uses them): "*"
// bypasses every host; otherwise a comma-separated list of names, a leading
// "." ignored, each matching the host (with or without its port) or any
// host ending in "." + name. Unlike Go's http.ProxyFromEnvironment, a
// loopback host is proxied like any other unless NO_PROXY names it, and
// the variables are read through the live environment when the client is
// made. HTTP_PROXY is ignored under CGI (REQUEST_METHOD set).

// ProxySettings are a client's proxies.
type ProxySettings struct {
	// Proxies maps a request's scheme ("http", "https") to its proxy URL.
	Proxies map[string]*url.URL
	// noProxy is NO_PROXY's list (environment proxies only); bypassAll is
	// its "*".
	noProxy   []string
	bypassAll bool
	// CABundle is the PEM file of CAs that sign an https proxy's
	// certificate ("" = the client's trust).
	CABundle string
	// ClientCert and ClientKey are the PEM files of the certificate the
	// client presents to the proxy ("" = none; the key may be in the cert).
	ClientCert, ClientKey string
	// ForwardHTTPS sends https requests to an https proxy as absolute URLs
	// rather than through a CONNECT tunnel.
	ForwardHTTPS bool
}

// For returns the proxy of a request to target (nil: go direct).
func (p *ProxySettings) For(target *url.URL) *url.URL {
	if p == nil || len(p.Proxies) == 0 {
		return nil
	}
	proxy := p.Proxies[target.Scheme]
	if proxy == nil || p.bypass(target.Host) {
		return nil
	}
	return proxy
}

// bypass is urllib's proxy_bypass_environment on NO_PROXY.
func (p *ProxySettings) bypass(hostport string) bool {
	if p.bypassAll {
		return true
	}
	host := strings.ToLower(hostport)
	hostonly := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		hostonly = strings.Trim(h, "[]")
	}
	for _, name := range p.noProxy {
		if hostonly == name || host == name || strings.HasSuffix(hostonly, "."+name) || strings.HasSuffix(host, "."+name) {
			return true
		}
	}
	return false
}

// ProxiesConfig is the config's proxies_config object.
type ProxiesConfig struct {
	CABundle, ClientCert, ClientKey string
	ForwardHTTPS                    bool
}

// parseProxies reads the config's "proxies" object: scheme -> URL.
func parseProxies(v gjson.Result) (map[string]*url.URL, error) {
	if !v.IsObject() {
		return nil, jsonval.WrongType("proxies", `a JSON object ({"http": URL, "https": URL})`, v)
	}
	out := map[string]*url.URL{}
	var err error
	v.ForEach(func(k, v gjson.Result) bool {
		key := "proxies." + k.String()
		var raw string
		if raw, err = jsonval.String(v, key); err != nil {
			return false
		}
		if raw == "" {
			return true
		}
		var u *url.URL
		if u, err = proxyURL(key, raw); err == nil {
			out[k.String()] = u
		}
		return err == nil
	})
	return out, err
}

// parseProxiesConfig reads the config's "proxies_config" object.
func parseProxiesConfig(v gjson.Result) (ProxiesConfig, error) {
	var pc ProxiesConfig
	if !v.IsObject() {
		return pc, jsonval.WrongType("proxies_config", "a JSON object", v)
	}
	var err error
	v.ForEach(func(k, v gjson.Result) bool {
		key := "proxies_config." + k.String()
		switch k.String() {
		case "proxy_ca_bundle":
			pc.CABundle, err = jsonval.String(v, key)
		case "proxy_client_cert":
			if v.IsArray() {
				a := v.Array()
				if len(a) != 2 || a[0].Type != gjson.String || a[1].Type != gjson.String {
					err = awserr.InvalidArg("%s: expected a path or [certificate path, key path]", key)
					return false
				}
				pc.ClientCert, pc.ClientKey = a[0].Str, a[1].Str
			} else {
				pc.ClientCert, err = jsonval.String(v, key)
			}
		case "proxy_use_forwarding_for_https":
			var b *bool
			if b, err = boolean(v, key); err == nil {
				pc.ForwardHTTPS = *b
			}
		default:
			err = awserr.InvalidArg("client config: unknown key %q (valid: proxy_ca_bundle, proxy_client_cert, proxy_use_forwarding_for_https)", key)
		}
		return err == nil
	})
	return pc, err
}

// proxyURL parses a proxy URL as botocore fixes it up: "host:port" and
// "//host:port" mean http. The error never shows a password.
func proxyURL(where, raw string) (*url.URL, error) {
	fixed := raw
	switch {
	case strings.HasPrefix(raw, "http:") || strings.HasPrefix(raw, "https:"):
	case strings.HasPrefix(raw, "//"):
		fixed = "http:" + raw
	default:
		fixed = "http://" + raw
	}
	u, err := url.Parse(fixed)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		shown := "(value hidden: it may hold a password)"
		if !strings.Contains(raw, "@") {
			shown = `"` + raw + `"`
		}
		return nil, awserr.InvalidArg("%s: invalid proxy URL %s", where, shown)
	}
	return u, nil
}

// proxies resolves the proxy settings: the config's proxies, else the
// environment's.
func (s *sources) proxies() (*ProxySettings, error) {
	pc := s.c.ProxiesConfig
	p := &ProxySettings{CABundle: s.expand(pc.CABundle), ClientCert: s.expand(pc.ClientCert), ClientKey: s.expand(pc.ClientKey), ForwardHTTPS: pc.ForwardHTTPS}
	if s.c.Proxies != nil {
		p.Proxies = s.c.Proxies
		return p, nil
	}
	p.Proxies = map[string]*url.URL{}
	cgi := s.isSet("REQUEST_METHOD")
	for _, scheme := range []string{"http", "https"} {
		name, raw := s.proxyVar(scheme + "_proxy")
		if raw == "" || scheme == "http" && cgi {
			continue
		}
		u, err := proxyURL(name, raw)
		if err != nil {
			return nil, err
		}
		p.Proxies[scheme] = u
	}
	if _, raw := s.proxyVar("no_proxy"); raw != "" {
		if strings.TrimSpace(raw) == "*" {
			p.bypassAll = true
		}
		for _, name := range strings.Split(raw, ",") {
			if name = strings.ToLower(strings.TrimLeft(strings.TrimSpace(name), ".")); name != "" {
				p.noProxy = append(p.noProxy, name)
			}
		}
	}
	return p, nil
}

// proxyVar reads a proxy variable as urllib does: the lower-case name if it
// is set (empty means unset), else the upper-case one. name is returned for
// messages.
func (s *sources) proxyVar(lower string) (name, value string) {
	if s.env != nil {
		if v, ok := s.env(lower); ok {
			return lower, v
		}
	}
	upper := strings.ToUpper(lower)
	v, _ := s.lookup(upper)
	return upper, v
}

func (s *sources) isSet(key string) bool {
	if s.env == nil {
		return false
	}
	_, ok := s.env(key)
	return ok
}
