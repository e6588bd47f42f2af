package settings

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/endpoints"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// Resolved holds every setting of a client once the environment and the
// shared config file have been consulted.
type Resolved struct {
	Region      string
	Endpoint    endpoints.Endpoint
	MaxAttempts int
	RetryMode   string
	// UseFIPS and UseDualStack are the endpoint variants in effect (they
	// shaped Endpoint unless an endpoint URL was configured).
	UseFIPS, UseDualStack bool
	// CABundle is the path of a PEM file of CA certificates to trust
	// instead of the system's ("" = the system's).
	CABundle string
	// S3 holds the S3 settings, resolved for S3 and S3 Control clients
	// only (s3.go).
	S3 S3
	// ConfiguredEndpoint is the configured endpoint URL (endpoint_url,
	// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's services
	// section or endpoint_url), "" when none: the rule sets' SDK::Endpoint.
	ConfiguredEndpoint string
	// BuiltIns are the rule sets' built-in parameters (builtins.go).
	BuiltIns BuiltIns
	// Proxy holds the client's proxies (proxy.go).
	Proxy *ProxySettings
	// clientContext: see ClientContext.
	clientContext map[string]gjson.Result
}

// Resolve resolves region, endpoint, maximum attempts, retry mode, the
// endpoint variants and the CA bundle in one go, reading the shared files
// at most once.
func Resolve(c *Config, svc *model.Service, env Env) (Resolved, error) {
	s := &sources{c: c, env: env}
	var r Resolved
	var err error
	if r.Region, err = s.region(); err != nil {
		return r, err
	}
	if r.UseFIPS, err = s.useFIPS(); err != nil {
		return r, err
	}
	if r.UseDualStack, err = s.useDualStack(); err != nil {
		return r, err
	}
	if r.CABundle, err = s.caBundle(); err != nil {
		return r, err
	}
	if r.Proxy, err = s.proxies(); err != nil {
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
	if usesS3Settings(svc) { // S3 settings (s3.go)
		if r.S3, err = s.s3(); err != nil {
			return r, err
		}
	}
	r.ConfiguredEndpoint = s.configured
	if err := s.endpointSettings(svc, &r); err != nil {
		return r, err
	}
	return r, nil
}

// ResolveRegion returns the region: the config's region, else AWS_REGION,
// else AWS_DEFAULT_REGION, else the selected profile's region. No region is
// an InvalidArgument error; an invalid one is an error naming its source.
func ResolveRegion(c *Config, env Env) (string, error) {
	return (&sources{c: c, env: env}).region()
}

// ResolveEndpoint returns the endpoint URL; see ResolveEndpointInfo.
func ResolveEndpoint(c *Config, svc *model.Service, region string, env Env) (string, error) {
	ep, err := (&sources{c: c, env: env}).endpoint(svc, region)
	return ep.URL, err
}

// ResolveEndpointInfo returns the endpoint, in the order of the AWS SDKs'
// configured-endpoint rules:
//
//  1. the config's endpoint_url;
//  2. AWS_ENDPOINT_URL_<SERVICE> (see EndpointEnvName);
//  3. AWS_ENDPOINT_URL;
//  4. the profile's services section: the profile's "services = NAME"
//     names a [services NAME] section of the config file, whose
//     "<service key> =" sub-section (see ServiceConfigKey) may set
//     endpoint_url;
//  5. the profile's endpoint_url;
//  6. sdk/endpoints, with the FIPS and dual-stack variants of
//     ResolveUseFIPS and ResolveUseDualStack.
//
// Steps 2 to 5 are skipped when configured endpoint URLs are ignored: the
// config's ignore_configured_endpoint_urls, else
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's
// ignore_configured_endpoint_urls ("true" or "false", any case). A
// configured URL must be http or https with a host and no query, fragment
// or user info; the error names where it came from. A configured endpoint
// is signed for region with the model's signing name.
func ResolveEndpointInfo(c *Config, svc *model.Service, region string, env Env) (endpoints.Endpoint, error) {
	return (&sources{c: c, env: env}).endpoint(svc, region)
}

// ResolveMaxAttempts returns max_attempts of the config, else
// AWS_MAX_ATTEMPTS, else the profile's max_attempts, else
// DefaultMaxAttempts. A value that is not an integer of at least 1 is an
// error naming its source.
func ResolveMaxAttempts(c *Config, env Env) (int, error) {
	return (&sources{c: c, env: env}).maxAttempts()
}

// ResolveRetryMode returns retry_mode of the config, else AWS_RETRY_MODE,
// else the profile's retry_mode, else DefaultRetryMode, checked against
// RetryModes.
func ResolveRetryMode(c *Config, env Env) (string, error) {
	return (&sources{c: c, env: env}).retryMode()
}

// ResolveUseFIPS returns use_fips_endpoint of the config, else
// AWS_USE_FIPS_ENDPOINT, else the profile's use_fips_endpoint, else false.
// A value other than true or false (any case) is an error naming its
// source.
func ResolveUseFIPS(c *Config, env Env) (bool, error) {
	return (&sources{c: c, env: env}).useFIPS()
}

// ResolveUseDualStack returns use_dualstack_endpoint of the config, else
// AWS_USE_DUALSTACK_ENDPOINT, else the profile's use_dualstack_endpoint,
// else false, checked as ResolveUseFIPS does.
func ResolveUseDualStack(c *Config, env Env) (bool, error) {
	return (&sources{c: c, env: env}).useDualStack()
}

// ResolveCABundle returns ca_bundle of the config, else AWS_CA_BUNDLE, else
// the profile's ca_bundle, else "", with a leading ~ expanded.
func ResolveCABundle(c *Config, env Env) (string, error) {
	return (&sources{c: c, env: env}).caBundle()
}

// serviceID returns svc's serviceId (its name when the model has none).
func serviceID(svc *model.Service) string {
	if id := svc.Metadata.ServiceID; id != "" {
		return id
	}
	return svc.Name
}

// EndpointEnvName returns AWS_ENDPOINT_URL_<SERVICE> for svc: the model's
// serviceId upper-cased with spaces turned into "_" (AWS_ENDPOINT_URL_SQS,
// AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER).
func EndpointEnvName(svc *model.Service) string {
	return "AWS_ENDPOINT_URL_" + strings.ToUpper(strings.ReplaceAll(serviceID(svc), " ", "_"))
}

// ServiceConfigKey returns the key of svc in a [services NAME] section of
// the config file: the serviceId lower-cased with spaces turned into "_"
// ("s3", "dynamodb", "elastic_load_balancing").
func ServiceConfigKey(svc *model.Service) string {
	return strings.ToLower(strings.ReplaceAll(serviceID(svc), " ", "_"))
}

// sources reads the environment and loads the profile once, on demand.
type sources struct {
	c       *Config
	env     Env
	loaded  bool
	profile Profile
	perr    error
	// configured is the configured endpoint URL endpoint found ("" none).
	configured string
}

func (s *sources) lookup(key string) (string, bool) { return s.env.Lookup(key) }

func (s *sources) loadProfile() (Profile, error) {
	if !s.loaded {
		s.loaded = true
		env := s.env
		if env == nil {
			env = func(string) (string, bool) { return "", false }
		}
		s.profile, s.perr = LoadProfile(Source{Profile: s.c.Profile, ConfigFile: s.c.ConfigFile, CredentialsFile: s.c.CredentialsFile, Env: env})
	}
	return s.profile, s.perr
}

// profileSource names a profile setting in messages.
func profileSource(p Profile, key string) string {
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
	if s.c.FallbackRegion != "" {
		return s.c.FallbackRegion, nil
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
		s.configured = u
		return endpoints.Endpoint{URL: u, SigningRegion: region, SigningName: svc.SigningName()}, nil
	}
	if s.c.EndpointURL != "" {
		return custom("endpoint_url", s.c.EndpointURL)
	}
	ignore, err := s.ignoreConfiguredEndpoints()
	if err != nil {
		return endpoints.Endpoint{}, err
	}
	if !ignore {
		name := EndpointEnvName(svc)
		if v, ok := s.lookup(name); ok && v != "" {
			return custom(name, v)
		}
		if v, ok := s.lookup("AWS_ENDPOINT_URL"); ok && v != "" {
			return custom("AWS_ENDPOINT_URL", v)
		}
		p, err := s.loadProfile()
		if err != nil {
			return endpoints.Endpoint{}, err
		}
		key := ServiceConfigKey(svc)
		if u := p.Services[key]["endpoint_url"]; u != "" {
			where := "profile " + p.Name + " services " + p.Settings["services"] + " " + key + " endpoint_url (" + p.ConfigFile + ")"
			return custom(where, u)
		}
		if p.EndpointURL != "" {
			return custom(profileSource(p, "endpoint_url"), p.EndpointURL)
		}
	}
	var opts endpoints.Options
	if opts.UseFIPS, err = s.useFIPS(); err != nil {
		return endpoints.Endpoint{}, err
	}
	if opts.UseDualStack, err = s.useDualStack(); err != nil {
		return endpoints.Endpoint{}, err
	}
	return endpoints.Resolve(svc, region, opts)
}

// ignoreConfiguredEndpoints reads ignore_configured_endpoint_urls from the
// config, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS or the profile.
func (s *sources) ignoreConfiguredEndpoints() (bool, error) {
	return s.boolSetting(s.c.IgnoreConfiguredEndpointURLs, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls")
}

func (s *sources) useFIPS() (bool, error) {
	return s.boolSetting(s.c.UseFIPS, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")
}

func (s *sources) useDualStack() (bool, error) {
	return s.boolSetting(s.c.UseDualStack, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")
}

// boolSetting resolves a boolean: the config's value, else the environment
// variable (empty counts as unset), else the profile's key, else false.
func (s *sources) boolSetting(fromConfig *bool, envKey, profileKey string) (bool, error) {
	if fromConfig != nil {
		return *fromConfig, nil
	}
	if v, ok := s.lookup(envKey); ok && v != "" {
		return parseBool(envKey, v)
	}
	p, err := s.loadProfile()
	if err != nil {
		return false, err
	}
	if v := p.Settings[profileKey]; v != "" {
		return parseBool(profileSource(p, profileKey), v)
	}
	return false, nil
}

// parseBool accepts true and false in any case, as the AWS SDKs do.
func parseBool(where, v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, awserr.InvalidArg("%s: %q is not true or false", where, v)
}

func (s *sources) caBundle() (string, error) {
	if s.c.CABundle != "" {
		return s.expand(s.c.CABundle), nil
	}
	if v, ok := s.lookup("AWS_CA_BUNDLE"); ok && v != "" {
		return s.expand(v), nil
	}
	p, err := s.loadProfile()
	if err != nil {
		return "", err
	}
	return s.expand(p.CABundle), nil
}

// expand expands a leading ~ (kept as is when no home directory is known).
func (s *sources) expand(path string) string {
	if e := ExpandHome(s.env, path); e != "" {
		return e
	}
	return path
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
