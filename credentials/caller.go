package credentials

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/tidwall/gjson"
)

// Caller invokes an AWS operation for a credentials provider; sdk/client
// implements it with the generated service client (see
// client.CredentialsCaller). Input and output are boto3-shaped JSON
// (request parameters in, response dict out). Failures should be
// *awserr.Error values.
type Caller func(ctx context.Context, c Call) ([]byte, error)

// Call is one operation a provider asks a Caller to perform.
type Call struct {
	// Service is the botocore service name ("sts") and Operation the
	// operation's model name ("AssumeRole").
	Service, Operation string
	// Region is the region to call.
	Region string
	// EndpointURL is the configured endpoint (AWS_ENDPOINT_URL_STS,
	// AWS_ENDPOINT_URL, the profile's services section or endpoint_url), ""
	// to resolve it from Region with the FIPS and dual-stack variants.
	EndpointURL string
	// UseFIPS and UseDualStack select endpoint variants.
	UseFIPS, UseDualStack bool
	// Credentials sign the call; nil means an unsigned call.
	Credentials Provider
	// Input is the request parameters as JSON.
	Input []byte
}

var defaultCaller atomic.Pointer[Caller]

// SetDefaultCaller registers the Caller used when Options.Caller is nil.
// sdk/client registers one in its init function, so any program that links
// sdk/client (capi does) can assume roles without further set-up.
func SetDefaultCaller(c Caller) {
	if c == nil {
		defaultCaller.Store(nil)
		return
	}
	defaultCaller.Store(&c)
}

func (o Options) caller() Caller {
	if o.Caller != nil {
		return o.Caller
	}
	if c := defaultCaller.Load(); c != nil {
		return *c
	}
	return nil
}

// defaultHTTPClient sends requests to link-local endpoints: no proxy (the
// metadata endpoints must not go through one), short connection timeouts.
var defaultHTTPClient = &http.Client{Transport: &http.Transport{
	Proxy:                 nil,
	DialContext:           (&net.Dialer{Timeout: 2 * time.Second}).DialContext,
	MaxIdleConns:          4,
	IdleConnTimeout:       30 * time.Second,
	ResponseHeaderTimeout: 5 * time.Second,
}}

// proxiedHTTPClient sends requests to public endpoints (SSO), honouring
// the proxy variables.
var proxiedHTTPClient = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	TLSHandshakeTimeout:   10 * time.Second,
	MaxIdleConns:          4,
	IdleConnTimeout:       30 * time.Second,
	ResponseHeaderTimeout: 30 * time.Second,
}}

func (o Options) httpClient(public bool) *http.Client {
	switch {
	case o.HTTPClient != nil:
		return o.HTTPClient
	case public:
		return proxiedHTTPClient
	}
	return defaultHTTPClient
}

// callSettings are the settings of the STS and SSO calls of a chain: the
// environment and the selected profile decide them, for every hop.
type callSettings struct {
	opts                  Options
	region                string
	useFIPS, useDualStack bool
	profile               Profile // the selected profile (may be empty)
	ignoreConfigured      bool
}

func newCallSettings(o Options, prof Profile) *callSettings {
	env := o.env()
	s := &callSettings{opts: o, profile: prof}
	s.region = firstNonEmpty(o.Region, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), prof.Region, "us-east-1")
	s.useFIPS = isTrue(firstNonEmpty(env.get("AWS_USE_FIPS_ENDPOINT"), prof.UseFIPSEndpoint))
	s.useDualStack = isTrue(firstNonEmpty(env.get("AWS_USE_DUALSTACK_ENDPOINT"), prof.UseDualStackEndpoint))
	s.ignoreConfigured = isTrue(firstNonEmpty(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), prof.Settings["ignore_configured_endpoint_urls"]))
	return s
}

// endpointFor returns the configured endpoint URL of a service ("sts",
// "sso", "sso_oidc": the services-section key) or "": AWS_ENDPOINT_URL_<KEY>,
// AWS_ENDPOINT_URL, the profile's services section, the profile's
// endpoint_url, unless configured endpoints are ignored.
func (s *callSettings) endpointFor(key string) string {
	if s.ignoreConfigured {
		return ""
	}
	env := s.opts.env()
	if v := env.get("AWS_ENDPOINT_URL_" + strings.ToUpper(key)); v != "" {
		return v
	}
	if v := env.get("AWS_ENDPOINT_URL"); v != "" {
		return v
	}
	if sec := s.profile.Services[key]; sec != nil && sec["endpoint_url"] != "" {
		return sec["endpoint_url"]
	}
	return s.profile.EndpointURL
}

// publicEndpoint builds https://<prefix>[-fips].<region>.<domain> for a
// service without a configured endpoint.
func (s *callSettings) publicEndpoint(prefix, region string) string {
	if s.useFIPS {
		prefix += "-fips"
	}
	domain := "amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		domain = "amazonaws.com.cn"
	}
	if s.useDualStack {
		domain = "api.aws"
		if strings.HasPrefix(region, "cn-") {
			domain = "api.amazonwebservices.com.cn"
		}
	}
	return "https://" + prefix + "." + region + "." + domain
}

func (s *callSettings) stsCall(op string, creds Provider, input []byte) Call {
	return Call{Service: "sts", Operation: op, Region: s.region, EndpointURL: s.endpointFor("sts"),
		UseFIPS: s.useFIPS, UseDualStack: s.useDualStack, Credentials: creds, Input: input}
}

// callSTS performs an STS call through the Caller and parses the
// credentials of its output.
func (s *callSettings) callSTS(ctx context.Context, source string, c Call) (Credentials, error) {
	caller := s.opts.caller()
	if caller == nil {
		return Credentials{}, awserr.New(awserr.Credentials, CodeCredentialsSource,
			"%s: no STS caller: set credentials.Options.Caller or link sdk/client", source)
	}
	out, err := caller(ctx, c)
	if err != nil {
		e := awserr.As(err)
		msg := source + ": sts " + c.Operation + " failed: " + e.Error()
		return Credentials{}, &awserr.Error{Kind: awserr.Credentials, Code: e.Code, Message: msg,
			Retryable: e.Retryable, StatusCode: e.StatusCode, RequestID: e.RequestID, Err: err}
	}
	return parseSTSCredentials(out, source)
}

// parseSTSCredentials reads {"Credentials": {...}, "AssumedRoleUser": {"Arn"}}.
func parseSTSCredentials(out []byte, source string) (Credentials, error) {
	if !gjson.ValidBytes(out) {
		return Credentials{}, sourceErr("%s: the STS response is not JSON", source)
	}
	r := gjson.ParseBytes(out)
	cr := r.Get("Credentials")
	c := Credentials{AccessKeyID: cr.Get("AccessKeyId").String(), SecretAccessKey: cr.Get("SecretAccessKey").String(),
		SessionToken: cr.Get("SessionToken").String(), Source: source}
	if !c.HasKeys() {
		return Credentials{}, sourceErr("%s: the STS response has no Credentials.AccessKeyId and SecretAccessKey", source)
	}
	if exp := cr.Get("Expiration"); exp.Exists() {
		t, err := parseTime(exp)
		if err != nil {
			return Credentials{}, sourceErr("%s: the STS response's Credentials.Expiration: %v", source, err)
		}
		c.CanExpire, c.Expires = true, t
	}
	c.AccountID = arnAccount(r.Get("AssumedRoleUser.Arn").String())
	return c, nil
}

// parseTime reads an ISO 8601 string or epoch seconds.
func parseTime(v gjson.Result) (time.Time, error) {
	if v.Type == gjson.Number {
		sec := v.Float()
		return time.Unix(int64(sec), int64((sec-float64(int64(sec)))*1e9)).UTC(), nil
	}
	s := v.String()
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if sec, err := strconv.ParseFloat(s, 64); err == nil {
		return time.Unix(int64(sec), 0).UTC(), nil
	}
	return time.Time{}, errors.New("not an ISO 8601 time (e.g. 2026-11-28T22:00:00Z)")
}

// arnAccount returns the account field of an ARN ("" when absent).
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}

// CodeCredentialsSource is the error code of a configured source that
// failed (a broken profile, a role that cannot be assumed, a process that
// exits with an error...).
const CodeCredentialsSource = "CredentialsSourceError"

func sourceErr(format string, args ...any) *awserr.Error {
	return awserr.New(awserr.Credentials, CodeCredentialsSource, format, args...)
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func isTrue(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "true") }

func asAWSErr(err error) *awserr.Error {
	var e *awserr.Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
