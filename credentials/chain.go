package credentials

import (
	"context"
	"errors"
	"strings"

	"github.com/gosoto/gosoto/sdk/awserr"
)

// CodePartialCredentials is the error code of a source that is configured
// but incomplete (an access key id without its secret...).
const CodePartialCredentials = "PartialCredentialsError"

// Source names, as used in Options.Sources and Credentials.Source.
const (
	SourceStatic  = "static"
	SourceEnv     = "env"
	SourceProfile = "profile"
)

// ValidSources lists the source names Options.Sources accepts, in the
// default chain's order.
var ValidSources = []string{SourceStatic, SourceEnv, SourceProfile}

// DefaultSources is the default chain when Options.Static is nil.
var DefaultSources = []string{SourceEnv, SourceProfile}

// Options configures a credentials chain (and LoadProfile).
type Options struct {
	// Profile selects the shared-file profile; "" means AWS_PROFILE, else
	// AWS_DEFAULT_PROFILE, else "default".
	Profile string
	// ConfigFile and CredentialsFile override AWS_CONFIG_FILE and
	// AWS_SHARED_CREDENTIALS_FILE.
	ConfigFile, CredentialsFile string
	// Env reads the environment; nil means OSEnv.
	Env Env
	// Static, when set, are fixed credentials. With Sources empty they are
	// the only source.
	Static *Credentials
	// Sources lists the sources to try, in order (see ValidSources). Empty
	// means "static" alone when Static is set, else DefaultSources.
	Sources []string
}

func (o Options) env() Env {
	if o.Env == nil {
		return OSEnv
	}
	return o.Env
}

// New returns the provider chain described by o. It checks the options
// (unknown source names, "static" without Static...) and returns an
// *awserr.Error of Kind InvalidArgument for bad ones; it reads no file and
// no variable until Retrieve.
//
// Retrieve tries each source in order and returns the first credentials
// found. A source that is not configured is passed over; a source that is
// configured but broken (an incomplete profile, a malformed file) stops the
// chain with its error. When every source is passed over the error is an
// *awserr.Error of Kind Credentials, Code awserr.CodeNoCredentials, listing
// each source tried and why it was passed over.
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
	for _, name := range sources {
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
		case SourceProfile:
			p = &ProfileProvider{Options: o}
		default:
			return nil, awserr.InvalidArg("credentials sources: unknown source %q (valid: %s)", name, strings.Join(ValidSources, ", "))
		}
		c.providers = append(c.providers, p)
	}
	return c, nil
}

// chain tries providers in order.
type chain struct {
	providers []Provider
}

func (c *chain) Retrieve(ctx context.Context) (Credentials, error) {
	var skipped []string
	for _, p := range c.providers {
		if err := ctx.Err(); err != nil {
			return Credentials{}, awserr.New(awserr.Credentials, awserr.CodeNoCredentials, "credentials lookup canceled: %v", err)
		}
		creds, err := p.Retrieve(ctx)
		if err == nil {
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
