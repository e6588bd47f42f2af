package credentials

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/tidwall/gjson"
)

// IMDS endpoints of the two endpoint modes.
const (
	IMDSEndpointIPv4 = "http://169.254.169.254"
	IMDSEndpointIPv6 = "http://[fd00:ec2::254]"
)

// IMDS tuning.
const (
	// IMDSTimeout bounds each request to the instance metadata service, so
	// that a machine that is not on EC2 fails fast.
	IMDSTimeout = time.Second
	// IMDSTokenTTL is the lifetime asked for an IMDSv2 session token; the
	// token is reused until imdsTokenMargin before it expires.
	IMDSTokenTTL    = 21600 * time.Second
	imdsTokenMargin = time.Minute
)

const (
	imdsTokenPath = "/latest/api/token"
	imdsCredsPath = "/latest/meta-data/iam/security-credentials/"
)

// IMDSEndpoint returns the instance metadata endpoint o selects:
// Options.IMDSEndpoint, else AWS_EC2_METADATA_SERVICE_ENDPOINT, else the
// profile's ec2_metadata_service_endpoint, else the endpoint of the mode
// (Options.IMDSEndpointMode, else AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE,
// else ec2_metadata_service_endpoint_mode, else IPv4; case-insensitive):
// IMDSEndpointIPv4 or IMDSEndpointIPv6. An invalid mode or URL is an error
// naming it. The result has no trailing slash.
func IMDSEndpoint(o Options) (string, error) {
	env := o.env()
	prof, err := settings.LoadProfile(o.source())
	if err != nil {
		return "", err
	}
	ep, from := o.IMDSEndpoint, "the IMDS endpoint option"
	if ep == "" {
		ep, from = env.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT"), "AWS_EC2_METADATA_SERVICE_ENDPOINT"
	}
	if ep == "" {
		ep, from = prof.Settings["ec2_metadata_service_endpoint"], "ec2_metadata_service_endpoint of profile "+prof.Name
	}
	if ep != "" {
		u, err := url.Parse(ep)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(ep, " \t") {
			return "", sourceErr("imds: %s %q is not a valid URI (invalid uri character or missing http(s)://host)", from, ep)
		}
		return strings.TrimRight(ep, "/"), nil
	}
	mode, from := o.IMDSEndpointMode, "the IMDS endpoint mode option"
	if mode == "" {
		mode, from = env.Get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"), "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"
	}
	if mode == "" {
		mode, from = prof.Settings["ec2_metadata_service_endpoint_mode"], "ec2_metadata_service_endpoint_mode of profile "+prof.Name
	}
	switch strings.ToLower(strings.TrimSpace(mode)) {
	case "", "ipv4":
		return IMDSEndpointIPv4, nil
	case "ipv6":
		return IMDSEndpointIPv6, nil
	}
	return "", sourceErr("imds: %s: `%s` is not a valid endpoint mode (valid: IPv4, IPv6)", from, mode)
}

// NewIMDSProvider returns the EC2 instance metadata source behind a Cache
// with static stability (see StaticStabilityExtension).
func NewIMDSProvider(o Options) *Cache {
	return NewCache(&IMDSProvider{Options: o}, CacheOptions{Name: SourceIMDS, Now: o.Now, StaticStability: true})
}

// IMDSProvider gets the credentials of the instance's IAM role from the EC2
// instance metadata service: IMDSv2 (a session token from PUT
// /latest/api/token, reused until shortly before it expires and fetched
// again on a 401), falling back to IMDSv1 when the token request answers
// 403, 404 or 405 or times out, unless AWS_EC2_METADATA_V1_DISABLED (or the
// profile's ec2_metadata_v1_disabled) is true. AWS_EC2_METADATA_DISABLED=true
// turns it off. Every request has a timeout of IMDSTimeout. An endpoint
// that does not answer, or an instance without a role, is passed over
// (*NotFoundError). Use NewIMDSProvider for the cached form.
type IMDSProvider struct {
	// Options supply the environment, the profile, the endpoint overrides,
	// the HTTP client and the clock.
	Options Options

	mu       sync.Mutex
	token    string
	tokenExp time.Time
	tokenEP  string
}

// imdsUnreachable is the NotFoundError of an endpoint that did not answer.
type imdsUnreachable struct{ nf *NotFoundError }

func (e *imdsUnreachable) Error() string     { return e.nf.Error() }
func (e *imdsUnreachable) Unwrap() error     { return e.nf }
func (e *imdsUnreachable) Unreachable() bool { return true }

func notFoundIMDS(reason string) error { return &NotFoundError{Source: SourceIMDS, Reason: reason} }

// Retrieve fetches the role's credentials.
func (p *IMDSProvider) Retrieve(ctx context.Context) (Credentials, error) {
	o := p.Options
	env := o.env()
	if isTrue(env.Get("AWS_EC2_METADATA_DISABLED")) {
		return Credentials{}, notFoundIMDS("AWS_EC2_METADATA_DISABLED is true")
	}
	ep, err := IMDSEndpoint(o)
	if err != nil {
		return Credentials{}, err
	}
	v1Disabled := isTrue(env.Get("AWS_EC2_METADATA_V1_DISABLED"))
	if !v1Disabled {
		if prof, err := settings.LoadProfile(o.source()); err == nil {
			v1Disabled = isTrue(prof.Settings["ec2_metadata_v1_disabled"])
		}
	}
	tok, err := p.sessionToken(ctx, ep, v1Disabled)
	if err != nil {
		return Credentials{}, err
	}
	role, err := p.get(ctx, ep, imdsCredsPath, &tok, v1Disabled)
	if err != nil {
		return Credentials{}, err
	}
	role = strings.TrimSpace(strings.SplitN(role, "\n", 2)[0])
	if role == "" {
		return Credentials{}, notFoundIMDS("no IAM role attached to the instance")
	}
	body, err := p.get(ctx, ep, imdsCredsPath+url.PathEscape(role), &tok, v1Disabled)
	if err != nil {
		return Credentials{}, err
	}
	if !gjson.Valid(body) {
		return Credentials{}, sourceErr("imds: the credentials of role %s are not JSON", role)
	}
	doc := gjson.Parse(body)
	if code := doc.Get("Code").String(); code != "" && code != "Success" {
		return Credentials{}, sourceErr("imds: the credentials of role %s: Code %q", role, code)
	}
	c := Credentials{AccessKeyID: doc.Get("AccessKeyId").String(), SecretAccessKey: doc.Get("SecretAccessKey").String(),
		SessionToken: doc.Get("Token").String(), AccountID: doc.Get("AccountId").String(), Source: SourceIMDS}
	if !c.HasKeys() {
		return Credentials{}, sourceErr("imds: the credentials of role %s have no AccessKeyId and SecretAccessKey", role)
	}
	if exp := doc.Get("Expiration"); exp.Exists() {
		t, err := parseTime(exp)
		if err != nil {
			return Credentials{}, sourceErr("imds: the credentials of role %s: Expiration: %v", role, err)
		}
		c.CanExpire, c.Expires = true, t
	}
	return c, nil
}

// get performs a metadata GET with the session token *tok ("" means
// IMDSv1), fetching a new token and retrying once on a 401.
func (p *IMDSProvider) get(ctx context.Context, ep, path string, tok *string, v1Disabled bool) (string, error) {
	for attempt := 0; ; attempt++ {
		status, body, err := p.do(ctx, http.MethodGet, ep+path, *tok)
		if err != nil {
			return "", unreachableErr(ep, err)
		}
		switch {
		case status == http.StatusOK:
			return body, nil
		case status == http.StatusUnauthorized && attempt == 0:
			p.mu.Lock()
			p.token = ""
			p.mu.Unlock()
			if *tok, err = p.sessionToken(ctx, ep, v1Disabled); err != nil {
				return "", err
			}
			continue
		case status == http.StatusNotFound && path == imdsCredsPath:
			return "", notFoundIMDS("no IAM role attached to the instance (404 from " + ep + path + ")")
		case status == http.StatusForbidden:
			return "", notFoundIMDS("request forbidden: IMDS is disabled or blocked (403 from " + ep + path + ")")
		}
		return "", sourceErr("imds: GET %s%s: HTTP %d", ep, path, status)
	}
}

// sessionToken returns the cached IMDSv2 token or fetches one; "" means
// fall back to IMDSv1.
func (p *IMDSProvider) sessionToken(ctx context.Context, ep string, v1Disabled bool) (string, error) {
	now := p.Options.now()
	p.mu.Lock()
	if p.token != "" && p.tokenEP == ep && now.Before(p.tokenExp) {
		t := p.token
		p.mu.Unlock()
		return t, nil
	}
	p.mu.Unlock()
	status, body, err := p.do(ctx, http.MethodPut, ep+imdsTokenPath, "")
	fallback := ""
	switch {
	case err != nil && isTimeout(err):
		fallback = "the token request timed out"
	case err != nil:
		return "", unreachableErr(ep, err)
	case status == http.StatusOK:
		tok := strings.TrimSpace(body)
		ttl := IMDSTokenTTL
		p.mu.Lock()
		p.token, p.tokenEP, p.tokenExp = tok, ep, now.Add(ttl-imdsTokenMargin)
		p.mu.Unlock()
		return tok, nil
	case status == http.StatusForbidden || status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		fallback = "the token request answered HTTP " + strconv.Itoa(status)
	default:
		return "", sourceErr("imds: PUT %s%s: HTTP %d", ep, imdsTokenPath, status)
	}
	if v1Disabled {
		return "", sourceErr("imds: %s (request forbidden: IMDSv2 unavailable) and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED)", fallback)
	}
	logf("imds: %s; falling back to IMDSv1", fallback)
	return "", nil
}

// do sends one request with the IMDS timeout and returns the status and
// body.
func (p *IMDSProvider) do(ctx context.Context, method, u, token string) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, IMDSTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return 0, "", err
	}
	if method == http.MethodPut {
		req.Header.Set("X-aws-ec2-metadata-token-ttl-seconds", strconv.Itoa(int(IMDSTokenTTL/time.Second)))
	} else if token != "" {
		req.Header.Set("X-aws-ec2-metadata-token", token)
	}
	resp, err := p.Options.httpClient().Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, "", err
	}
	return resp.StatusCode, string(b), nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

func unreachableErr(ep string, err error) error {
	reason := "no answer from " + ep + ": " + redactURLError(err)
	if isTimeout(err) {
		reason = "no answer within " + IMDSTimeout.String() + " from " + ep
	}
	return &imdsUnreachable{nf: &NotFoundError{Source: SourceIMDS, Reason: reason}}
}
