package credentials

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gosoto/gosoto/internal/limitio"
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/tidwall/gjson"
)

// ssoConfig is the SSO configuration of a profile.
type ssoConfig struct {
	session             string // sso_session name; "" for the legacy form
	startURL, region    string
	accountID, roleName string
	// registrationScopes is kept for completeness (not needed to refresh).
}

// ssoFromProfile reads and checks a profile's SSO settings: the
// sso_session form (start URL and region in the [sso-session] section) or
// the legacy form (sso_start_url and sso_region in the profile).
func ssoFromProfile(p settings.Profile) (ssoConfig, error) {
	s := p.Settings
	c := ssoConfig{session: s["sso_session"], accountID: s["sso_account_id"], roleName: s["sso_role_name"]}
	if c.session != "" {
		if p.SSOSession == nil {
			return c, sourceErr("profile %s: sso-session named `%s` (referenced by profile `%s`) was not found in %s",
				p.Name, c.session, p.Name, p.ConfigFile)
		}
		c.startURL, c.region = p.SSOSession["sso_start_url"], p.SSOSession["sso_region"]
		for _, k := range []struct{ key, want string }{{"sso_start_url", c.startURL}, {"sso_region", c.region}} {
			if v := s[k.key]; v != "" && v != k.want {
				return c, sourceErr("profile %s: `%s` can only be specified in the [sso-session] config when a session name is given "+
					"(the profile's value differs from the sso-session %s)", p.Name, k.key, c.session)
			}
		}
		if c.startURL == "" || c.region == "" {
			return c, sourceErr("sso-session %s (referenced by profile %s) needs sso_start_url and sso_region", c.session, p.Name)
		}
		if c.accountID == "" && c.roleName == "" {
			return c, sourceErr("profile %s: the selected profile will resolve an access token instead of credentials "+
				"(it has sso_session but neither sso_account_id nor sso_role_name)", p.Name)
		}
	} else {
		c.startURL, c.region = s["sso_start_url"], s["sso_region"]
		if c.startURL == "" || c.region == "" {
			return c, sourceErr("profile %s: SSO needs sso_start_url and sso_region (or sso_session)", p.Name)
		}
	}
	switch {
	case c.accountID != "" && c.roleName == "":
		return c, sourceErr("profile %s: if `sso_account_id` is set, then `sso_role_name` must also be set", p.Name)
	case c.accountID == "" && c.roleName != "":
		return c, sourceErr("profile %s: if `sso_role_name` is set, then `sso_account_id` must also be set", p.Name)
	}
	return c, nil
}

// ssoCachePath returns ~/.aws/sso/cache/<sha1 of key>.json, where key is
// the sso_session name, or the start URL in the legacy form.
func ssoCachePath(env settings.Env, c ssoConfig) string {
	key := c.session
	if key == "" {
		key = c.startURL
	}
	sum := sha1.Sum([]byte(key))
	home := settings.ExpandHome(env, "~")
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".aws", "sso", "cache", hex.EncodeToString(sum[:])+".json")
}

// Token is an SSO bearer token.
type Token struct {
	// Value is the token (a secret: String does not show it).
	Value string
	// Expires is when it expires.
	Expires time.Time
}

// String shows the expiry only.
func (t Token) String() string {
	return "Token{Value: <redacted>, Expires: " + t.Expires.UTC().Format(time.RFC3339) + "}"
}

// ssoTokenAhead is how long before its expiry a token is refreshed.
const ssoTokenAhead = 5 * time.Minute

// ssoTokenSource reads the cached token of an SSO configuration and
// refreshes it through sso-oidc CreateToken when it has expired (sso_session
// form only), writing the new token back to the cache file.
type ssoTokenSource struct {
	cfg      ssoConfig
	o        Options
	settings *callSettings
	mu       sync.Mutex
}

func (s *ssoTokenSource) token(ctx context.Context, name string) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := ssoCachePath(s.o.env(), s.cfg)
	if path == "" {
		return Token{}, sourceErr("%s: cannot locate the SSO token cache: HOME is not set", name)
	}
	raw, err := limitio.ReadFile(path, maxTokenFile)
	if err != nil {
		return Token{}, sourceErr("%s: failed to read `%s`: %s; run `aws sso login` first", name, path, errCause(err))
	}
	if !gjson.ValidBytes(raw) {
		return Token{}, sourceErr("%s: the SSO token cache file %s is not valid JSON", name, path)
	}
	doc := gjson.ParseBytes(raw)
	tok := Token{Value: doc.Get("accessToken").String()}
	if tok.Value == "" {
		return Token{}, sourceErr("%s: the SSO token cache file %s has no accessToken", name, path)
	}
	if tok.Expires, err = parseTime(doc.Get("expiresAt")); err != nil {
		return Token{}, sourceErr("%s: the SSO token cache file %s: expiresAt: %v", name, path, err)
	}
	now := s.o.now()
	if now.Before(tok.Expires.Add(-ssoTokenAhead)) {
		return tok, nil
	}
	refreshable := s.cfg.session != "" && doc.Get("refreshToken").String() != "" && doc.Get("clientId").String() != "" &&
		doc.Get("clientSecret").String() != ""
	if exp := doc.Get("registrationExpiresAt"); refreshable && exp.Exists() {
		if t, err := parseTime(exp); err == nil && !now.Before(t) {
			refreshable = false
		}
	}
	if !refreshable {
		if now.Before(tok.Expires) {
			return tok, nil
		}
		return Token{}, sourceErr("%s: the SSO token in %s expired at %s; run `aws sso login` to refresh it",
			name, path, tok.Expires.UTC().Format(time.RFC3339))
	}
	nt, err := s.createToken(ctx, name, doc, raw, path)
	if err != nil {
		if now.Before(tok.Expires) {
			logf("%s: refreshing the SSO token failed, using the current one: %v", name, err)
			return tok, nil
		}
		return Token{}, err
	}
	return nt, nil
}

// createToken calls sso-oidc CreateToken with the refresh token and writes
// the new token back into the cache file.
func (s *ssoTokenSource) createToken(ctx context.Context, name string, doc gjson.Result, raw []byte, path string) (Token, error) {
	region := doc.Get("region").String()
	if region == "" {
		region = s.cfg.region
	}
	in, _ := json.Marshal(map[string]string{"clientId": doc.Get("clientId").String(), "clientSecret": doc.Get("clientSecret").String(),
		"grantType": "refresh_token", "refreshToken": doc.Get("refreshToken").String()})
	out, err := s.settings.invoke(ctx, name, s.settings.call("sso-oidc", "CreateToken", region, nil, in))
	if err != nil {
		return Token{}, err
	}
	tok := Token{Value: out.Get("accessToken").String()}
	if tok.Value == "" || !out.Get("expiresIn").Exists() {
		return Token{}, sourceErr("%s: sso-oidc CreateToken: the response has no accessToken and expiresIn", name)
	}
	tok.Expires = s.o.now().Add(time.Duration(out.Get("expiresIn").Int()) * time.Second).UTC().Truncate(time.Second)
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err == nil {
		m["accessToken"] = tok.Value
		m["expiresAt"] = tok.Expires.Format(time.RFC3339)
		if rt := out.Get("refreshToken").String(); rt != "" {
			m["refreshToken"] = rt
		}
		if err := writeFileAtomic(path, m); err != nil {
			logf("%s: could not write the refreshed SSO token back to %s: %s", name, path, errCause(err))
		}
	}
	return tok, nil
}

func writeFileAtomic(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gosoto-sso-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// redactURLError returns a transport error's message without the URL's
// query (which could carry parameters) .
func redactURLError(err error) string {
	if ue, ok := err.(*url.Error); ok {
		u := ue.URL
		if i := strings.IndexByte(u, '?'); i >= 0 {
			u = u[:i]
		}
		return ue.Op + " " + u + ": " + ue.Err.Error()
	}
	return err.Error()
}

// SSOProvider gets role credentials from the AWS IAM Identity Center (SSO)
// portal (GetRoleCredentials) with the cached SSO token that `aws sso
// login` wrote, refreshing the token through sso-oidc when it has expired
// (sso_session form). Put it behind a Cache.
type SSOProvider struct {
	// Options supply the environment (HOME), the HTTP client and the clock.
	Options Options
	// Name names the provider in errors ("profile dev").
	Name string

	// config is the profile's SSO configuration.
	config ssoConfig

	settings *callSettings
	once     sync.Once
	tokens   *ssoTokenSource
}

// Retrieve calls GetRoleCredentials.
func (p *SSOProvider) Retrieve(ctx context.Context) (Credentials, error) {
	p.once.Do(func() {
		if p.settings == nil {
			p.settings = newCallSettings(p.Options)
		}
		p.tokens = &ssoTokenSource{cfg: p.config, o: p.Options, settings: p.settings}
	})
	tok, err := p.tokens.token(ctx, p.Name)
	if err != nil {
		return Credentials{}, err
	}
	in, _ := json.Marshal(map[string]string{"accountId": p.config.accountID, "roleName": p.config.roleName, "accessToken": tok.Value})
	out, err := p.settings.invoke(ctx, p.Name, p.settings.call("sso", "GetRoleCredentials", p.config.region, nil, in))
	if err != nil {
		return Credentials{}, err
	}
	rc := out.Get("roleCredentials")
	c := Credentials{AccessKeyID: rc.Get("accessKeyId").String(), SecretAccessKey: rc.Get("secretAccessKey").String(),
		SessionToken: rc.Get("sessionToken").String(), AccountID: p.config.accountID, Source: SourceSSO}
	if !c.HasKeys() {
		return Credentials{}, sourceErr("%s: sso GetRoleCredentials: the response has no roleCredentials", p.Name)
	}
	if ms := rc.Get("expiration"); ms.Exists() {
		c.CanExpire, c.Expires = true, time.UnixMilli(ms.Int()).UTC()
	}
	return c, nil
}

// SSOTokenProvider returns the SSO bearer token of the selected profile's
// sso_session (the token `aws sso login` cached), refreshed through
// sso-oidc CreateToken when it has expired.
type SSOTokenProvider struct {
	o Options
}

// NewSSOTokenProvider returns the token provider of o's selected profile.
func NewSSOTokenProvider(o Options) *SSOTokenProvider { return &SSOTokenProvider{o: o} }

// Token returns the token. A profile without sso_session is a
// *NotFoundError.
func (p *SSOTokenProvider) Token(ctx context.Context) (Token, error) {
	files, err := settings.LoadSharedFiles(p.o.source())
	if err != nil {
		return Token{}, err
	}
	prof := files.Profile(settings.ProfileName(p.o.source()))
	name := "profile " + prof.Name
	if prof.Settings["sso_session"] == "" {
		return Token{}, &NotFoundError{Source: name, Reason: "no sso_session"}
	}
	cfg := ssoConfig{session: prof.Settings["sso_session"]}
	if prof.SSOSession == nil {
		return Token{}, sourceErr("%s: sso-session named `%s` was not found in %s", name, cfg.session, prof.ConfigFile)
	}
	cfg.startURL, cfg.region = prof.SSOSession["sso_start_url"], prof.SSOSession["sso_region"]
	ts := &ssoTokenSource{cfg: cfg, o: p.o, settings: newCallSettings(p.o)}
	return ts.token(ctx, name)
}
