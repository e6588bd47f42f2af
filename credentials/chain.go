package credentials

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/settings"
)

// CodePartialCredentials is the error code of a source that is configured
// but incomplete (an access key id without its secret...).
const CodePartialCredentials = "PartialCredentialsError"

// Source names, as used in Options.Sources and Credentials.Source.
const (
	SourceStatic      = "static"
	SourceEnv         = "env"
	SourceWebIdentity = "web_identity"
	SourceProfile     = "profile"
	SourceContainer   = "container"
	SourceIMDS        = "imds"
)

// Further values of Credentials.Source, for credentials that the profile
// source (or the web identity source) produced by a particular means.
const (
	SourceAssumeRole = "assume_role"
	SourceProcess    = "process"
	SourceSSO        = "sso"
	SourceCallback   = "callback"
)

// ValidSources lists the source names Options.Sources accepts, in the
// default chain's order (static, which is not in the default chain, first).
// SourceAliases holds the other accepted spellings.
var ValidSources = []string{SourceStatic, SourceEnv, SourceWebIdentity, SourceProfile, SourceContainer, SourceIMDS}

// SourceAliases maps alternative source names to their canonical name.
var SourceAliases = map[string]string{"ecs": SourceContainer}

// DefaultSources is the default chain when Options.Static is nil, in the
// order of the AWS SDKs.
var DefaultSources = []string{SourceEnv, SourceWebIdentity, SourceProfile, SourceContainer, SourceIMDS}

// CanonicalSource returns the canonical name of a source name or alias and
// whether it is known.
func CanonicalSource(name string) (string, bool) {
	if a, ok := SourceAliases[name]; ok {
		return a, true
	}
	for _, s := range ValidSources {
		if s == name {
			return s, true
		}
	}
	return "", false
}

// Options configures a credentials chain (and LoadProfile).
type Options struct {
	// Profile selects the shared-file profile; "" means AWS_PROFILE, else
	// AWS_DEFAULT_PROFILE, else "default".
	Profile string
	// ConfigFile and CredentialsFile override AWS_CONFIG_FILE and
	// AWS_SHARED_CREDENTIALS_FILE.
	ConfigFile, CredentialsFile string
	// Env reads the environment; nil means OSEnv.
	Env settings.Env
	// Static, when set, are fixed credentials. With Sources empty they are
	// the only source.
	Static *Credentials
	// Sources lists the sources to try, in order (see ValidSources). Empty
	// means "static" alone when Static is set, else DefaultSources.
	Sources []string

	// Region is the region of the STS calls some sources make; "" lets the
	// Caller resolve it from the settings (AWS_REGION, AWS_DEFAULT_REGION,
	// the selected profile's region, else us-east-1).
	Region string
	// Caller performs the STS and SSO calls (AssumeRole,
	// AssumeRoleWithWebIdentity, GetRoleCredentials, CreateToken); without
	// one those sources fail with an error saying so.
	Caller Caller
	// HTTPClient sends the requests of the IMDS and container sources;
	// nil means a client of its own with no proxy (the IMDS and container
	// endpoints are link-local) and the short timeouts each source sets.
	HTTPClient *http.Client
	// Now is the clock of the cache and the sources; nil means time.Now.
	Now func() time.Time
	// IMDSEndpoint and IMDSEndpointMode, when set, override the instance
	// metadata endpoint and endpoint mode ("IPv4" or "IPv6") of the
	// environment and the config file; see IMDSEndpoint.
	IMDSEndpoint, IMDSEndpointMode string
	// ProcessTimeout bounds a credential_process run; 0 means
	// DefaultProcessTimeout.
	ProcessTimeout time.Duration
}

func (o Options) env() settings.Env {
	if o.Env == nil {
		return settings.OSEnv
	}
	return o.Env
}

// source is what o selects of the shared files, for the settings layer.
func (o Options) source() settings.Source {
	return settings.Source{Profile: o.Profile, ConfigFile: o.ConfigFile, CredentialsFile: o.CredentialsFile, Env: o.env()}
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o Options) clock() func() time.Time {
	if o.Now == nil {
		return time.Now
	}
	return o.Now
}

// New returns the provider chain described by o. It checks the options
// (unknown source names, "static" without Static...) and returns an
// *awserr.Error of Kind InvalidArgument for bad ones; it reads no file and
// no variable until Retrieve.
//
// Retrieve tries each source in order and returns the first credentials
// found; later calls go straight to the source that answered, until it
// stops being configured. Every source whose credentials expire is cached
// (see Cache): they are refreshed ahead of expiry by one caller. A source
// that is not configured is passed over; a source that is configured but
// broken (an incomplete profile, a malformed file, a failing role
// assumption) stops the chain with its error. When every source is passed
// over the error is an *awserr.Error of Kind Credentials, Code
// awserr.CodeNoCredentials, listing each source tried and why it was passed
// over.
func New(o Options) (Provider, error) {
	sources := o.Sources
	if len(sources) == 0 {
		if o.Static != nil {
			sources = []string{SourceStatic}
		} else {
			sources = DefaultSources
		}
	}
	c := &chain{}
	seen := map[string]bool{}
	for _, given := range sources {
		name, ok := CanonicalSource(given)
		if !ok {
			return nil, awserr.InvalidArg("credentials sources: unknown source %q (valid: %s)", given, validSourceList())
		}
		if seen[name] {
			return nil, awserr.InvalidArg("credentials sources: %q is listed twice", name)
		}
		seen[name] = true
		var p Provider
		switch name {
		case SourceStatic:
			if o.Static == nil {
				return nil, awserr.InvalidArg(`credentials sources: "static" needs static credentials`)
			}
			sp, err := NewStatic(*o.Static)
			if err != nil {
				return nil, err
			}
			p = sp
		case SourceEnv:
			p = &EnvProvider{Env: o.env()}
		case SourceWebIdentity:
			p = newEnvWebIdentity(o)
		case SourceProfile:
			p = NewSharedConfigProvider(o)
		case SourceContainer:
			p = NewCache(&ContainerProvider{Options: o}, CacheOptions{Name: SourceContainer, Now: o.Now})
		case SourceIMDS:
			p = NewIMDSProvider(o)
		}
		c.providers = append(c.providers, p)
	}
	return c, nil
}

func validSourceList() string {
	s := strings.Join(ValidSources, ", ")
	for a, n := range SourceAliases {
		s += ", " + a + " (= " + n + ")"
	}
	return s
}

// chain tries providers in order, remembering the one that answered.
type chain struct {
	providers []Provider

	mu   sync.Mutex
	last Provider // the provider that answered last, nil before
}

func (c *chain) Retrieve(ctx context.Context) (Credentials, error) {
	c.mu.Lock()
	last := c.last
	c.mu.Unlock()
	if last != nil {
		creds, err := last.Retrieve(ctx)
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			return creds, err
		}
		// The source is no longer configured: look again from the start.
	}
	var skipped []string
	for _, p := range c.providers {
		if err := ctx.Err(); err != nil {
			return Credentials{}, awserr.New(awserr.Credentials, awserr.CodeNoCredentials, "credentials lookup canceled: %v", err)
		}
		creds, err := p.Retrieve(ctx)
		if err == nil {
			c.mu.Lock()
			c.last = p
			c.mu.Unlock()
			return creds, nil
		}
		var nf *NotFoundError
		if errors.As(err, &nf) {
			skipped = append(skipped, nf.Error())
			continue
		}
		return Credentials{}, err
	}
	return Credentials{}, awserr.New(awserr.Credentials, awserr.CodeNoCredentials,
		"no credentials found: %s", strings.Join(skipped, "; "))
}
