package credentials

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/tidwall/gjson"
)

// Caller invokes an AWS operation for a credentials provider; sdk/client
// implements it with a client of the service (client.CredentialsCaller),
// and the engine hands it to every chain it makes. Input and output are boto3-shaped JSON
// (request parameters in, response dict out). Failures should be
// *awserr.Error values.
type Caller func(ctx context.Context, c Call) ([]byte, error)

// Call is one operation a provider asks a Caller to perform.
type Call struct {
	// Service is the botocore service name ("sts", "sso", "sso-oidc") and
	// Operation the operation's model name ("AssumeRole").
	Service, Operation string
	// Region is the region to call; "" lets the Caller resolve it from
	// Source's settings as any client does (the Caller falls back to
	// us-east-1 when none is set).
	Region string
	// Source selects the environment, shared files and profile whose
	// settings the call uses: configured endpoint URLs (AWS_ENDPOINT_URL_STS,
	// the profile's services section...), FIPS and dual-stack, the CA
	// bundle. The credentials package resolves no endpoint itself.
	Source settings.Source
	// Credentials sign the call; nil means an unsigned call.
	Credentials Provider
	// Input is the request parameters as JSON.
	Input []byte
}

// defaultHTTPClient sends the requests of the IMDS and container sources to
// their link-local endpoints: no proxy (the metadata endpoints must not go
// through one), short connection timeouts.
var defaultHTTPClient = &http.Client{Transport: &http.Transport{
	Proxy:                 nil,
	DialContext:           (&net.Dialer{Timeout: 2 * time.Second}).DialContext,
	MaxIdleConns:          4,
	IdleConnTimeout:       30 * time.Second,
	ResponseHeaderTimeout: 5 * time.Second,
}}

func (o Options) httpClient() *http.Client {
	if o.HTTPClient != nil {
		return o.HTTPClient
	}
	return defaultHTTPClient
}

// callSettings carry the options whose environment and selected profile
// decide the settings of every STS and SSO call of a chain, hop after hop.
type callSettings struct {
	opts Options
}

func newCallSettings(o Options) *callSettings { return &callSettings{opts: o} }

// call is a call of service in region ("" for the one the settings give).
func (s *callSettings) call(service, op, region string, creds Provider, input []byte) Call {
	return Call{Service: service, Operation: op, Region: region, Source: s.opts.source(), Credentials: creds, Input: input}
}

// stsCall is an STS call in the options' region (o.Region, else what the
// settings give).
func (s *callSettings) stsCall(op string, creds Provider, input []byte) Call {
	return s.call("sts", op, s.opts.Region, creds, input)
}

// invoke performs c through the Caller; a failure names the source and
// the operation.
func (s *callSettings) invoke(ctx context.Context, source string, c Call) (gjson.Result, error) {
	caller := s.opts.Caller
	if caller == nil {
		return gjson.Result{}, awserr.New(awserr.Credentials, CodeCredentialsSource,
			"%s: no caller for %s %s: set credentials.Options.Caller", source, c.Service, c.Operation)
	}
	out, err := caller(ctx, c)
	if err != nil {
		e := awserr.As(err)
		msg := source + ": " + c.Service + " " + c.Operation + " failed: " + e.Error()
		return gjson.Result{}, &awserr.Error{Kind: awserr.Credentials, Code: e.Code, Message: msg,
			Retryable: e.Retryable, StatusCode: e.StatusCode, RequestID: e.RequestID, Err: err}
	}
	if !gjson.ValidBytes(out) {
		return gjson.Result{}, sourceErr("%s: the %s %s response is not JSON", source, c.Service, c.Operation)
	}
	return gjson.ParseBytes(out), nil
}

// callSTS performs an STS call through the Caller and parses the
// credentials of its output.
func (s *callSettings) callSTS(ctx context.Context, source string, c Call) (Credentials, error) {
	out, err := s.invoke(ctx, source, c)
	if err != nil {
		return Credentials{}, err
	}
	return parseSTSCredentials(out, source)
}

// parseSTSCredentials reads {"Credentials": {...}, "AssumedRoleUser": {"Arn"}}.
func parseSTSCredentials(r gjson.Result, source string) (Credentials, error) {
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
