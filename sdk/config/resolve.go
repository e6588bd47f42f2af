package config

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/sdk/awserr"
	"github.com/gosoto/gosoto/sdk/endpoints"
	"github.com/gosoto/gosoto/sdk/model"
)

// Resolved holds every setting of a client once the environment and the
// shared config file have been consulted.
type Resolved struct {
	Region      string
	Endpoint    endpoints.Endpoint
	MaxAttempts int
	RetryMode   string
}

// Resolve resolves region, endpoint, maximum attempts and retry mode in one
// go, reading the shared files at most once.
func Resolve(c *Config, svc *model.Service, env credentials.Env) (Resolved, error) {
	s := &sources{c: c, env: env}
	var r Resolved
	var err error
	if r.Region, err = s.region(); err != nil {
		return r, err
	}
	if r.Endpoint, err = s.endpoint(svc, r.Region); err != nil {
		return r, err
	}
	if r.MaxAttempts, err = s.maxAttempts(); err != nil {
		return r, err
	}
	if r.RetryMode, err = s.retryMode(); err != nil {
		return r, err
	}
	return r, nil
}

// ResolveRegion returns the region: the config's region, else AWS_REGION,
// else AWS_DEFAULT_REGION, else the selected profile's region. No region is
// an InvalidArgument error; an invalid one is an error naming its source.
func ResolveRegion(c *Config, env credentials.Env) (string, error) {
	return (&sources{c: c, env: env}).region()
}

// ResolveEndpoint returns the endpoint URL; see ResolveEndpointInfo.
func ResolveEndpoint(c *Config, svc *model.Service, region string, env credentials.Env) (string, error) {
	ep, err := (&sources{c: c, env: env}).endpoint(svc, region)
	return ep.URL, err
}

// ResolveEndpointInfo returns the endpoint: the config's endpoint_url, else
// AWS_ENDPOINT_URL_<SERVICE> (SERVICE is the model's serviceId upper-cased
// with spaces turned into "_", e.g. AWS_ENDPOINT_URL_SQS,
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER), else AWS_ENDPOINT_URL, else
// the profile's endpoint_url, else sdk/endpoints. The environment and
// profile URLs are ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the
// profile's ignore_configured_endpoint_urls) is "true". A configured URL
// must be http or https with a host and no query, fragment or user info;
// the error names where it came from. A configured endpoint is signed for
// region with the model's signing name.
func ResolveEndpointInfo(c *Config, svc *model.Service, region string, env credentials.Env) (endpoints.Endpoint, error) {
	return (&sources{c: c, env: env}).endpoint(svc, region)
}

// ResolveMaxAttempts returns max_attempts of the config, else
// AWS_MAX_ATTEMPTS, else the profile's max_attempts, else
// DefaultMaxAttempts. A value that is not an integer of at least 1 is an
// error naming its source.
func ResolveMaxAttempts(c *Config, env credentials.Env) (int, error) {
	return (&sources{c: c, env: env}).maxAttempts()
}

// ResolveRetryMode returns retry_mode of the config, else AWS_RETRY_MODE,
// else the profile's retry_mode, else DefaultRetryMode, checked against
// RetryModes.
func ResolveRetryMode(c *Config, env credentials.Env) (string, error) {
	return (&sources{c: c, env: env}).retryMode()
}

// EndpointEnvName returns AWS_ENDPOINT_URL_<SERVICE> for svc.
func EndpointEnvName(svc *model.Service) string {
	id := svc.Metadata.ServiceID
	if id == "" {
		id = svc.Name
	}
	return "AWS_ENDPOINT_URL_" + strings.ToUpper(strings.ReplaceAll(id, " ", "_"))
}

// sources reads the environment and loads the profile once, on demand.
type sources struct {
	c       *Config
	env     credentials.Env
	loaded  bool
	profile credentials.Profile
	perr    error
}

func (s *sources) lookup(key string) (string, bool) { return s.env.Lookup(key) }

func (s *sources) loadProfile() (credentials.Profile, error) {
	if !s.loaded {
		s.loaded = true
		env := s.env
		if env == nil {
			env = func(string) (string, bool) { return "", false }
		}
		s.profile, s.perr = credentials.LoadProfile(credentials.Options{Profile: s.c.Profile, Env: env})
	}
	return s.profile, s.perr
}

// profileSource names a profile setting in messages.
func profileSource(p credentials.Profile, key string) string {
	return "profile " + p.Name + " " + key + " (" + p.SettingFile(key) + ")"
}

func (s *sources) region() (string, error) {
	if s.c.Region != "" {
		return s.c.Region, checkRegion("region", s.c.Region)
	}
	for _, k := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
		if v, ok := s.lookup(k); ok {
			return v, checkRegion(k, v)
		}
	}
	p, err := s.loadProfile()
	if err != nil {
		return "", err
	}
	if p.Region != "" {
		return p.Region, checkRegion(profileSource(p, "region"), p.Region)
	}
	return "", awserr.InvalidArg("no region: set region in the client config, AWS_REGION or AWS_DEFAULT_REGION")
}

func checkRegion(where, region string) error {
	if err := endpoints.ValidateRegion(region); err != nil {
		e := awserr.As(err)
		return awserr.InvalidArg("%s: %s", where, e.Message)
	}
	return nil
}

func (s *sources) endpoint(svc *model.Service, region string) (endpoints.Endpoint, error) {
	if svc == nil {
		return endpoints.Endpoint{}, awserr.InvalidArg("endpoint: no service model")
	}
	custom := func(where, raw string) (endpoints.Endpoint, error) {
		u, err := checkEndpointURL(where, raw)
		if err != nil {
			return endpoints.Endpoint{}, err
		}
		return endpoints.Endpoint{URL: u, SigningRegion: region, SigningName: svc.SigningName()}, nil
	}
	if s.c.EndpointURL != "" {
		return custom("endpoint_url", s.c.EndpointURL)
	}
	ignore := false
	if v, ok := s.lookup("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"); ok {
		ignore = strings.EqualFold(v, "true")
	} else {
		p, err := s.loadProfile()
		if err != nil {
			return endpoints.Endpoint{}, err
		}
		ignore = strings.EqualFold(p.Settings["ignore_configured_endpoint_urls"], "true")
	}
	if !ignore {
		name := EndpointEnvName(svc)
		if v, ok := s.lookup(name); ok {
			return custom(name, v)
		}
		if v, ok := s.lookup("AWS_ENDPOINT_URL"); ok {
			return custom("AWS_ENDPOINT_URL", v)
		}
		p, err := s.loadProfile()
		if err != nil {
			return endpoints.Endpoint{}, err
		}
		if p.EndpointURL != "" {
			return custom(profileSource(p, "endpoint_url"), p.EndpointURL)
		}
	}
	return endpoints.Resolve(svc, region, endpoints.Options{})
}

// checkEndpointURL validates an endpoint URL and returns it without a
// trailing "/".
func checkEndpointURL(where, raw string) (string, error) {
	shown := strconv.Quote(raw)
	if strings.Contains(raw, "@") {
		shown = "(value hidden: it has user info)"
	}
	bad := func(why string) (string, error) {
		return "", awserr.InvalidArg("%s: invalid endpoint URL %s: %s", where, shown, why)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("not a URL")
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	case "":
		return bad("no scheme (expected http:// or https://)")
	default:
		return bad("scheme must be http or https")
	}
	switch {
	case u.Host == "" || u.Hostname() == "":
		return bad("no host")
	case u.User != nil:
		return bad("user info is not allowed")
	case u.RawQuery != "" || u.ForceQuery:
		return bad("a query string is not allowed")
	case u.Fragment != "":
		return bad("a fragment is not allowed")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return bad("invalid port")
		}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return strings.TrimSuffix(u.String(), "/"), nil
}

func (s *sources) maxAttempts() (int, error) {
	if s.c.MaxAttempts != 0 {
		if s.c.MaxAttempts < 1 {
			return 0, awserr.InvalidArg("max_attempts: must be at least 1")
		}
		return s.c.MaxAttempts, nil
	}
	parse := func(where, v string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 {
			return 0, awserr.InvalidArg("%s: max attempts %q is not an integer of at least 1", where, v)
		}
		return n, nil
	}
	if v, ok := s.lookup("AWS_MAX_ATTEMPTS"); ok {
		return parse("AWS_MAX_ATTEMPTS", v)
	}
	p, err := s.loadProfile()
	if err != nil {
		return 0, err
	}
	if p.MaxAttempts != "" {
		return parse(profileSource(p, "max_attempts"), p.MaxAttempts)
	}
	return DefaultMaxAttempts, nil
}

func (s *sources) retryMode() (string, error) {
	if s.c.RetryMode != "" {
		return s.c.RetryMode, checkRetryMode("retry_mode", s.c.RetryMode)
	}
	if v, ok := s.lookup("AWS_RETRY_MODE"); ok {
		return v, checkRetryMode("AWS_RETRY_MODE", v)
	}
	p, err := s.loadProfile()
	if err != nil {
		return "", err
	}
	if p.RetryMode != "" {
		return p.RetryMode, checkRetryMode(profileSource(p, "retry_mode"), p.RetryMode)
	}
	return DefaultRetryMode, nil
}
