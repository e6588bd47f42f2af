// Package settings is gosoto's one settings layer, below both the client
// and the credentials: the environment (Env: the live C environment inside
// the library), the shared config and credentials files and their
// profiles (files*.go), the client config document of gosoto_client_new
// (CAPI.md, "Client config"; config.go), and every setting's precedence:
// the config key, else the environment variable, else the profile's key,
// else the default (resolve.go, s3.go). Region, endpoint URL, FIPS and
// dual-stack, retries, CA bundle and S3's settings are resolved here; the
// credentials package reads profiles here and resolves no endpoint.
//
// It knows nothing of C, protocols, signing, credentials providers or
// transport, and reads the environment only through the Env it is given.
package settings

import (
	"math"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonval"
	"github.com/tidwall/gjson"
)

// Defaults. The timeouts follow the AWS SDKs: a short connect timeout (as
// the AWS SDK for Java v2; one connection attempt rarely needs more than
// 2s, and a failed attempt is retried) and botocore's 60s read timeout. No
// per-call deadline by default.
const (
	DefaultMaxAttempts    = 3
	DefaultRetryMode      = "standard"
	DefaultConnectTimeout = 2 * time.Second
	DefaultReadTimeout    = 60 * time.Second
	DefaultTimeout        = time.Duration(0)
)

// RetryModes lists the valid retry modes.
var RetryModes = []string{"standard", "legacy", "adaptive"}

// Config is a parsed client config.
type Config struct {
	// Service is the botocore service name ("sqs"); may be "" when a model is
	// given.
	Service string
	// ServiceModel is the raw service_model JSON object (nil when absent).
	ServiceModel []byte
	// ServiceModelPath is the path of a service-2.json to load ("" when absent).
	ServiceModelPath string
	// Region, EndpointURL and Profile are "" when not given; see
	// ResolveRegion, ResolveEndpoint.
	Region, EndpointURL, Profile string
	// ConfigFile and CredentialsFile, when set, override the shared files'
	// paths (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). Not keys of the
	// document: the credentials options carry them to the STS and SSO
	// clients of a chain.
	ConfigFile, CredentialsFile string
	// FallbackRegion is the region when nothing sets one ("" makes that an
	// error). Not a key of the document: the STS and SSO clients of a
	// credentials chain fall back to us-east-1, as botocore's do.
	FallbackRegion string
	// Credentials are the static credentials of the config, nil when absent.
	// Printing them shows no secret (see credentials.Credentials).
	Credentials *StaticKeys
	// MaxAttempts is 0 and RetryMode "" when not given; see
	// ResolveMaxAttempts, ResolveRetryMode.
	MaxAttempts int
	RetryMode   string
	// UseFIPS and UseDualStack select endpoint variants (nil when not
	// given; see ResolveUseFIPS, ResolveUseDualStack).
	UseFIPS, UseDualStack *bool
	// CABundle is the path of a PEM file of trusted CA certificates (""
	// when not given; see ResolveCABundle).
	CABundle string
	// VerifySSL is the "verify_ssl" key (a gosoto extension): nil when not
	// given; false turns off TLS certificate verification for this client
	// only. Verification is always on otherwise.
	VerifySSL *bool
	// IgnoreConfiguredEndpointURLs, when true, ignores the endpoint URLs of
	// the environment and the shared config file (nil when not given; the
	// config's own EndpointURL is still used).
	IgnoreConfiguredEndpointURLs *bool
	// Timeouts, defaults applied by Parse; 0 means no limit.
	// ConnectTimeout bounds one connection attempt, ReadTimeout the wait for
	// the next byte of a response, Timeout one call, retries included.
	ConnectTimeout, ReadTimeout, Timeout time.Duration
	// S3 holds the "s3" object's settings (see s3.go); zero when absent.
	S3 S3
	// AccountIDEndpointMode, AccountID and STSRegionalEndpoints feed the
	// endpoint rule sets' built-ins ("" when not given; builtins.go).
	AccountIDEndpointMode, AccountID, STSRegionalEndpoints string
	// ClientContextParams is the raw client_context_params object (nil
	// when absent).
	ClientContextParams []byte
	// Proxies is the "proxies" object (nil when absent: the environment's
	// proxies apply); ProxiesConfig is "proxies_config" (proxy.go).
	Proxies       map[string]*url.URL
	ProxiesConfig ProxiesConfig
}

// Keys lists the config document's keys.
var Keys = []string{
	"service", "region", "endpoint_url", "profile", "credentials",
	"service_model", "service_model_path", "max_attempts", "retry_mode",
	"connect_timeout_ms", "read_timeout_ms", "timeout_ms",
	"use_fips_endpoint", "use_dualstack_endpoint", "ca_bundle", "ignore_configured_endpoint_urls",
	"verify_ssl", // gosoto extension: false disables TLS verification for this client
	"s3",         // S3 settings (s3.go)
	// the endpoint rule sets' built-ins and client context (builtins.go)
	"account_id_endpoint_mode", "account_id", "sts_regional_endpoints", "client_context_params",
	"proxies", "proxies_config", // proxies (proxy.go)
}

func init() { sort.Strings(Keys) }

// ParseConfig parses a client config document. Every key's JSON type is checked;
// an unknown key, a wrong type, a negative timeout, max_attempts below 1, a
// retry_mode other than standard, legacy or adaptive, an invalid
// endpoint_url or region, or a missing service (without a model) is an
// *awserr.Error of Kind InvalidArgument naming the key. Parse applies the
// timeout defaults; the other settings are resolved later because they fall
// back to the environment.
func ParseConfig(doc []byte) (*Config, error) {
	if !gjson.ValidBytes(doc) {
		return nil, awserr.InvalidArg("client config: malformed JSON")
	}
	root := gjson.ParseBytes(doc)
	if !root.IsObject() {
		return nil, awserr.InvalidArg("client config: expected a JSON object")
	}
	c := &Config{ConnectTimeout: DefaultConnectTimeout, ReadTimeout: DefaultReadTimeout, Timeout: DefaultTimeout}
	var err error
	root.ForEach(func(k, v gjson.Result) bool {
		key := k.String()
		switch key {
		case "service":
			c.Service, err = jsonval.String(v, key)
		case "region":
			if c.Region, err = jsonval.String(v, key); err == nil && c.Region != "" {
				err = checkRegion(key, c.Region)
			}
		case "endpoint_url":
			if c.EndpointURL, err = jsonval.String(v, key); err == nil && c.EndpointURL != "" {
				c.EndpointURL, err = checkEndpointURL(key, c.EndpointURL)
			}
		case "profile":
			c.Profile, err = jsonval.String(v, key)
		case "credentials":
			c.Credentials, err = ParseStaticKeys([]byte(v.Raw), key)
		case "service_model":
			if !v.IsObject() {
				err = jsonval.WrongType(key, "a JSON object (a botocore service-2.json document)", v)
			} else {
				c.ServiceModel = []byte(v.Raw)
			}
		case "service_model_path":
			c.ServiceModelPath, err = jsonval.String(v, key)
		case "max_attempts":
			var n int64
			if n, err = integer(v, key); err == nil {
				if n < 1 {
					err = awserr.InvalidArg("max_attempts: must be at least 1")
				}
				c.MaxAttempts = int(n)
			}
		case "retry_mode":
			if c.RetryMode, err = jsonval.String(v, key); err == nil {
				err = checkRetryMode(key, c.RetryMode)
			}
		case "use_fips_endpoint":
			c.UseFIPS, err = boolean(v, key)
		case "use_dualstack_endpoint":
			c.UseDualStack, err = boolean(v, key)
		case "ignore_configured_endpoint_urls":
			c.IgnoreConfiguredEndpointURLs, err = boolean(v, key)
		case "ca_bundle":
			c.CABundle, err = jsonval.String(v, key)
		case "verify_ssl":
			c.VerifySSL, err = boolean(v, key)
		case "connect_timeout_ms":
			c.ConnectTimeout, err = millis(v, key)
		case "read_timeout_ms":
			c.ReadTimeout, err = millis(v, key)
		case "timeout_ms":
			c.Timeout, err = millis(v, key)
		case "s3": // S3 settings (s3.go)
			c.S3, err = parseS3(v)
		case "account_id_endpoint_mode":
			if c.AccountIDEndpointMode, err = jsonval.String(v, key); err == nil {
				err = oneOf(key, c.AccountIDEndpointMode, accountIDEndpointModes)
			}
		case "account_id":
			c.AccountID, err = jsonval.String(v, key)
		case "sts_regional_endpoints":
			if c.STSRegionalEndpoints, err = jsonval.String(v, key); err == nil {
				err = oneOf(key, c.STSRegionalEndpoints, []string{"legacy", "regional"})
			}
		case "proxies":
			c.Proxies, err = parseProxies(v)
		case "proxies_config":
			c.ProxiesConfig, err = parseProxiesConfig(v)
		case "client_context_params":
			if err = checkClientContextParams(v); err == nil {
				c.ClientContextParams = []byte(v.Raw)
			}
		default:
			err = awserr.InvalidArg("client config: unknown key %q (valid: %s)", key, strings.Join(Keys, ", "))
		}
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	if c.ServiceModel != nil && c.ServiceModelPath != "" {
		return nil, awserr.InvalidArg("service_model and service_model_path: give one, not both")
	}
	if c.Service == "" && c.ServiceModel == nil && c.ServiceModelPath == "" {
		return nil, awserr.InvalidArg("service: required (a botocore service name such as \"sqs\") unless service_model or service_model_path is given")
	}
	return c, nil
}

// boolean reads a JSON true or false.
func boolean(v gjson.Result, key string) (*bool, error) {
	if v.Type != gjson.True && v.Type != gjson.False {
		return nil, jsonval.WrongType(key, "a boolean", v)
	}
	b := v.Type == gjson.True
	return &b, nil
}

// integer accepts a JSON number with an integral value.
func integer(v gjson.Result, key string) (int64, error) {
	if v.Type != gjson.Number {
		return 0, jsonval.WrongType(key, "an integer", v)
	}
	f := v.Num
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, awserr.InvalidArg("%s: expected an integer, found %s", key, v.Raw)
	}
	return int64(f), nil
}

// millis reads a non-negative number of milliseconds.
func millis(v gjson.Result, key string) (time.Duration, error) {
	n, err := integer(v, key)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, awserr.InvalidArg("%s: must not be negative (0 means no limit)", key)
	}
	if n > math.MaxInt64/int64(time.Millisecond) {
		return 0, awserr.InvalidArg("%s: too large", key)
	}
	return time.Duration(n) * time.Millisecond, nil
}

func checkRetryMode(where, mode string) error {
	for _, m := range RetryModes {
		if mode == m {
			return nil
		}
	}
	return awserr.InvalidArg("%s: retry mode %q is not one of %s", where, mode, strings.Join(RetryModes, ", "))
}
