package credentials

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"github.com/gosoto/gosoto/internal/limitio"
	"github.com/gosoto/gosoto/sdk/settings"
)

// WebIdentityProvider exchanges a web identity token (an OIDC JWT read from
// a file, as EKS and other platforms mount it) for role credentials with
// STS AssumeRoleWithWebIdentity, an unsigned call. The token file is read
// on every refresh, since platforms rotate it. Put it behind a Cache.
type WebIdentityProvider struct {
	// RoleARN is the role to assume and TokenFile the token's path.
	RoleARN, TokenFile string
	// SessionName is the role session name; "" means a generated one.
	SessionName string
	// Source names the provider in errors ("web_identity",
	// "profile dev").
	Source string

	settings *callSettings
}

// NewWebIdentityProvider returns a provider for the role and token file;
// the region, endpoint and Caller of its STS call come from o and the
// selected profile.
func NewWebIdentityProvider(o Options, roleARN, tokenFile, sessionName string) *WebIdentityProvider {
	return &WebIdentityProvider{RoleARN: roleARN, TokenFile: tokenFile, SessionName: sessionName,
		Source: SourceWebIdentity, settings: newCallSettings(o)}
}

// Retrieve reads the token and calls AssumeRoleWithWebIdentity.
func (p *WebIdentityProvider) Retrieve(ctx context.Context) (Credentials, error) {
	tok, err := limitio.ReadFile(p.TokenFile, maxTokenFile)
	if err != nil {
		return Credentials{}, sourceErr("%s: cannot read the web identity token file %s: %s", p.Source, p.TokenFile, errCause(err))
	}
	token := strings.TrimSpace(string(tok))
	if token == "" {
		return Credentials{}, sourceErr("%s: the web identity token file %s is empty", p.Source, p.TokenFile)
	}
	in, _ := json.Marshal(map[string]string{
		"RoleArn":          p.RoleARN,
		"RoleSessionName":  sessionName(p.SessionName, p.settings.opts),
		"WebIdentityToken": token,
	})
	c, err := p.settings.callSTS(ctx, p.Source, p.settings.stsCall("AssumeRoleWithWebIdentity", nil, in))
	if err != nil {
		return Credentials{}, err
	}
	c.Source = SourceWebIdentity
	return c, nil
}

// sessionName returns name, or a generated "gosoto-<unix millis>".
func sessionName(name string, o Options) string {
	if name != "" {
		return name
	}
	return "gosoto-" + strconv.FormatInt(o.now().UnixMilli(), 10)
}

// envWebIdentity is the "web_identity" source of the chain: it reads
// AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME on
// each Retrieve and keeps one cached provider per configuration.
type envWebIdentity struct {
	o Options

	mu    sync.Mutex
	key   string
	cache *Cache
}

func newEnvWebIdentity(o Options) *envWebIdentity { return &envWebIdentity{o: o} }

func (p *envWebIdentity) Retrieve(ctx context.Context) (Credentials, error) {
	env := p.o.env()
	file, arn := env.Get("AWS_WEB_IDENTITY_TOKEN_FILE"), env.Get("AWS_ROLE_ARN")
	switch {
	case file == "" && arn == "":
		return Credentials{}, &NotFoundError{Source: SourceWebIdentity, Reason: "AWS_WEB_IDENTITY_TOKEN_FILE not set"}
	case file == "":
		return Credentials{}, &NotFoundError{Source: SourceWebIdentity, Reason: "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not"}
	case arn == "":
		return Credentials{}, sourceErr("web_identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
	}
	// A profile selected explicitly that configures credentials of its own
	// wins over the web identity of the environment.
	if explicitProfile(p.o) {
		if prof, err := settings.LoadProfile(p.o.source()); err == nil && configuresCredentials(prof) {
			return Credentials{}, &NotFoundError{Source: SourceWebIdentity,
				Reason: "deferred to the explicitly selected profile " + prof.Name + ", which configures credentials"}
		}
	}
	name := env.Get("AWS_ROLE_SESSION_NAME")
	key := file + "\x00" + arn + "\x00" + name
	p.mu.Lock()
	if p.cache == nil || p.key != key {
		wp := NewWebIdentityProvider(p.o, arn, file, name)
		p.cache, p.key = NewCache(wp, CacheOptions{Name: SourceWebIdentity, Now: p.o.Now}), key
	}
	c := p.cache
	p.mu.Unlock()
	return c.Retrieve(ctx)
}

// explicitProfile reports whether a profile was selected by
// Options.Profile, AWS_PROFILE or AWS_DEFAULT_PROFILE.
func explicitProfile(o Options) bool {
	env := o.env()
	return o.Profile != "" || env.Get("AWS_PROFILE") != "" || env.Get("AWS_DEFAULT_PROFILE") != ""
}

// credentialKeys are the profile settings that configure credentials.
var credentialKeys = []string{keyAccessKeyID, keySecretAccessKey, "role_arn", "credential_source", "source_profile",
	"credential_process", "web_identity_token_file", "sso_session", "sso_start_url", "sso_account_id", "sso_role_name"}

func configuresCredentials(p settings.Profile) bool {
	for _, k := range credentialKeys {
		if p.Settings[k] != "" {
			return true
		}
	}
	return false
}
