// Package credentials owns AWS credentials: the Credentials value, the
// Provider interface, the provider chain that resolves them from the
// sources the AWS SDKs use (static keys, the environment, web identity,
// the shared config and credentials files with role assumption,
// credential_process and SSO, the container endpoint and EC2 instance
// metadata), and the cache that refreshes them ahead of expiry (Cache).
// Profiles and the shared files are read through sdk/settings, the one
// settings layer.
//
// STS and SSO calls go through the Caller of Options (the engine gives
// client.CredentialsCaller): this package must not import sdk/client,
// sdk/protocol or sdk/model, which sit above it, and it resolves no
// endpoint. The plain HTTP calls of the IMDS and container sources, to
// their link-local endpoints, use net/http directly.
//
// It knows nothing of services, endpoints, signing or transport, and nothing
// of C: every setting is read through a settings.Env lookup function
// supplied by the caller (capi passes one backed by the C getenv, tests
// pass a map), never from the Go process environment, except through the
// documented settings.OSEnv default.
//
// No error message, log line or fmt output produced here contains a secret
// access key or a session token. AppendJSON is the one place where secrets
// are serialized, on purpose, for gosoto_credentials_get.
package credentials

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gosoto/gosoto/internal/jsonx"
)

// Credentials is one set of AWS credentials.
//
// Its String, GoString, Format and LogValue methods never show the secret
// access key or the session token: only the access key id and Source.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	// CanExpire reports whether Expires is meaningful.
	CanExpire bool
	Expires   time.Time
	// AccountID is the AWS account the credentials belong to, when the
	// source tells it ("" otherwise). It is not a secret.
	AccountID string
	// Source names the source that produced the credentials: "static",
	// "env", "profile", "web_identity", "assume_role", "process", "sso",
	// "container", "imds", "callback".
	Source string
}

// Expired reports whether the credentials expire at or before now.
func (c Credentials) Expired(now time.Time) bool {
	return c.CanExpire && !now.Before(c.Expires)
}

// HasKeys reports whether both the access key id and the secret are set.
func (c Credentials) HasKeys() bool {
	return c.AccessKeyID != "" && c.SecretAccessKey != ""
}

// String returns a redacted form: the access key id and source only.
func (c Credentials) String() string {
	s := "Credentials{AccessKeyID: " + c.AccessKeyID
	if c.SecretAccessKey != "" {
		s += ", SecretAccessKey: <redacted>"
	}
	if c.SessionToken != "" {
		s += ", SessionToken: <redacted>"
	}
	if c.CanExpire {
		s += ", Expires: " + c.Expires.UTC().Format(time.RFC3339)
	}
	if c.AccountID != "" {
		s += ", AccountID: " + c.AccountID
	}
	return s + ", Source: " + c.Source + "}"
}

// GoString is String: %#v is redacted too.
func (c Credentials) GoString() string { return c.String() }

// Format makes every fmt verb (%v, %+v, %#v, %s, %q...) print the redacted
// String form.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", c.String())
		return
	}
	_, _ = f.Write([]byte(c.String()))
}

// LogValue makes log/slog print the redacted form.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// AppendJSON appends the document gosoto_credentials_get returns:
//
//	{"AccessKeyId": "...", "SecretAccessKey": "...", "SessionToken": "..." | null,
//	 "Expiration": "2026-11-28T22:00:00Z" | null, "Source": "env"}
//
// SessionToken is null when there is none and Expiration is null when the
// credentials do not expire. This is the one place secrets are serialized.
func (c Credentials) AppendJSON(b []byte) []byte {
	b = append(b, `{"AccessKeyId":`...)
	b = jsonx.AppendString(b, c.AccessKeyID)
	b = append(b, `,"SecretAccessKey":`...)
	b = jsonx.AppendString(b, c.SecretAccessKey)
	b = append(b, `,"SessionToken":`...)
	if c.SessionToken != "" {
		b = jsonx.AppendString(b, c.SessionToken)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"Expiration":`...)
	if c.CanExpire {
		b = jsonx.AppendString(b, c.Expires.UTC().Format(time.RFC3339))
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"Source":`...)
	b = jsonx.AppendString(b, c.Source)
	return append(b, '}')
}

// Provider retrieves credentials. Implementations are safe for concurrent
// use. A provider that has nothing to offer (its source is not configured)
// returns a *NotFoundError so that a chain can move on to the next source;
// any other error stops the chain.
type Provider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

// ProviderFunc adapts a function to Provider.
type ProviderFunc func(ctx context.Context) (Credentials, error)

// Retrieve calls f.
func (f ProviderFunc) Retrieve(ctx context.Context) (Credentials, error) { return f(ctx) }

// NotFoundError reports that a source is not configured, with the reason it
// was passed over ("AWS_ACCESS_KEY_ID not set"). It carries no secret.
type NotFoundError struct {
	// Source is the source's name as listed in the chain's final error
	// ("env", "profile default").
	Source string
	Reason string
}

// Error implements error.
func (e *NotFoundError) Error() string { return e.Source + ": " + e.Reason }

// FuncProvider is a source backed by a function that the caller supplies:
// how bindings plug in a provider written in their own language (capi wraps
// a C function pointer and its user data, the function returning the JSON
// of ParseProcessOutput). Fetch is called when credentials are needed:
// once, then ahead of expiry when they expire (the FuncProvider is a Cache
// in front of it), never by two goroutines at once.
type FuncProvider struct {
	*Cache
}

// NewFuncProvider returns a cached provider that calls fetch on refresh.
// name appears in errors and log lines; the credentials' Source becomes
// "callback". fetch must return both keys or an error; a returned error
// that is not an *awserr.Error becomes one of Kind Credentials (its message
// must carry no secret).
func NewFuncProvider(name string, fetch func(ctx context.Context) (Credentials, error), now func() time.Time) *FuncProvider {
	if name == "" {
		name = SourceCallback
	}
	p := ProviderFunc(func(ctx context.Context) (Credentials, error) {
		c, err := fetch(ctx)
		if err != nil {
			if e := asAWSErr(err); e != nil {
				return Credentials{}, e
			}
			return Credentials{}, sourceErr("%s: %v", name, err)
		}
		if !c.HasKeys() {
			return Credentials{}, sourceErr("%s: the callback returned no access key id or no secret access key", name)
		}
		c.Source = SourceCallback
		return c, nil
	})
	return &FuncProvider{Cache: NewCache(p, CacheOptions{Name: name, Now: now})}
}
