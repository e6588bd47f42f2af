package credentials

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gosoto/gosoto/sdk/settings"
)

// This file resolves the selected profile of the shared files into a chain
// of providers: a base source (static keys, a credential_source, a web
// identity token, SSO or credential_process) followed by the roles that
// role_arn + source_profile assume one after the other.

// FileCheckInterval is how often SharedConfigProvider checks whether the
// shared files changed (their size and modification time); a change
// rebuilds the chain, so rotated static keys are picked up.
const FileCheckInterval = 5 * time.Minute

// Values of credential_source.
const (
	CredentialSourceEnvironment = "Environment"
	CredentialSourceIMDS        = "Ec2InstanceMetadata"
	CredentialSourceECS         = "EcsContainer"
)

type baseKind int

const (
	baseStatic baseKind = iota
	baseNamed
	baseWebIdentity
	baseSSO
	baseProcess
)

// profileBase is the first link of a profile chain.
type profileBase struct {
	kind    baseKind
	profile string
	creds   Credentials // baseStatic
	named   string      // baseNamed: the credential_source
	// baseWebIdentity
	roleARN, tokenFile, sessionName string
	sso                             ssoConfig // baseSSO
	command, accountID              string    // baseProcess
}

// roleHop is one role assumed on top of the previous link.
type roleHop struct {
	profile, roleARN, externalID, sessionName, mfaSerial string
	duration                                             int
}

// profileChain is a resolved profile: the base, then the roles in the
// order they are assumed.
type profileChain struct {
	base profileBase
	hops []roleHop
}

// resolveProfileChain follows the selected profile's role_arn /
// source_profile links down to a base source. A selected profile that does
// not exist or configures no credentials is a *NotFoundError; every other
// problem (a missing source profile, a cycle, both source_profile and
// credential_source...) is an error naming the profile.
func resolveProfileChain(f *settings.SharedFiles, name string) (*profileChain, error) {
	var hops []roleHop
	visited := []string{}
	cur, first := name, true
	for {
		p := f.Profile(cur)
		if !p.Found() {
			if first {
				return nil, &NotFoundError{Source: "profile " + cur, Reason: "not found in " + describeFiles(p)}
			}
			return nil, sourceErr("profile %s: its source_profile %s (referenced from %s) is not in %s",
				name, cur, visited[len(visited)-1], describeFiles(p))
		}
		visited = append(visited, cur)
		s := p.Settings
		_, static, staticErr := staticKeys(p)
		if s["role_arn"] != "" && (first || !static) {
			if s["web_identity_token_file"] != "" {
				base := profileBase{kind: baseWebIdentity, profile: cur, roleARN: s["role_arn"],
					tokenFile: s["web_identity_token_file"], sessionName: s["role_session_name"]}
				return finish(base, hops), nil
			}
			sp, cs := s["source_profile"], s["credential_source"]
			if sp != "" && cs != "" {
				return nil, sourceErr("profile %s contains both source_profile and credential_source; keep one", cur)
			}
			hop := roleHop{profile: cur, roleARN: s["role_arn"], externalID: s["external_id"],
				sessionName: s["role_session_name"], mfaSerial: s["mfa_serial"]}
			var err error
			if hop.duration, err = parseDuration(cur, s["duration_seconds"]); err != nil {
				return nil, err
			}
			hops = append(hops, hop)
			switch {
			case cs != "":
				if !slices.Contains([]string{CredentialSourceEnvironment, CredentialSourceIMDS, CredentialSourceECS}, cs) {
					return nil, sourceErr("profile %s: credential_source %q is not supported (valid: %s, %s, %s)",
						cur, cs, CredentialSourceEnvironment, CredentialSourceIMDS, CredentialSourceECS)
				}
				return finish(profileBase{kind: baseNamed, profile: cur, named: cs}, hops), nil
			case sp == "":
				return nil, sourceErr("profile %s has role_arn but no source_profile, credential_source or web_identity_token_file: "+
					"the profile must contain `source_profile` or one of the others", cur)
			case sp == cur:
				if staticErr != nil {
					return nil, staticErr
				}
				if !static {
					return nil, sourceErr("profile chain forms an infinite loop: %s -> %s (a profile may name itself as source_profile only when it has static keys)",
						strings.Join(visited, " -> "), sp)
				}
				base, _ := leafBase(p, first)
				return finish(base, hops), nil
			case slices.Contains(visited, sp):
				return nil, sourceErr("profile chain forms an infinite loop: %s -> %s", strings.Join(visited, " -> "), sp)
			}
			cur, first = sp, false
			continue
		}
		base, err := leafBase(p, first)
		if err != nil {
			return nil, err
		}
		return finish(base, hops), nil
	}
}

func finish(base profileBase, hops []roleHop) *profileChain {
	slices.Reverse(hops)
	return &profileChain{base: base, hops: hops}
}

// leafBase returns the base source of a profile without a role to assume.
func leafBase(p settings.Profile, first bool) (profileBase, error) {
	s := p.Settings
	if s["web_identity_token_file"] != "" {
		return profileBase{}, sourceErr("profile %s: `web_identity_token_file` was specified but `role_arn` was missing", p.Name)
	}
	if s["sso_session"] != "" || s["sso_start_url"] != "" || s["sso_account_id"] != "" || s["sso_role_name"] != "" {
		cfg, err := ssoFromProfile(p)
		if err != nil {
			return profileBase{}, err
		}
		return profileBase{kind: baseSSO, profile: p.Name, sso: cfg}, nil
	}
	c, ok, err := staticKeys(p)
	if err != nil {
		return profileBase{}, err
	}
	if ok {
		c.Source, c.AccountID = SourceProfile, s["aws_account_id"]
		return profileBase{kind: baseStatic, profile: p.Name, creds: c}, nil
	}
	if cmd := s["credential_process"]; cmd != "" {
		return profileBase{kind: baseProcess, profile: p.Name, command: cmd, accountID: s["aws_account_id"]}, nil
	}
	if first {
		return profileBase{}, &NotFoundError{Source: "profile " + p.Name, Reason: "no credentials in " + describeFiles(p) +
			" (none of aws_access_key_id, role_arn, credential_process, sso_session, sso_start_url, web_identity_token_file)"}
	}
	return profileBase{}, sourceErr("source profile `%s` did not contain credential information (no aws_access_key_id, role_arn, credential_process or sso settings)", p.Name)
}

// build turns the chain into providers, each refreshable link cached.
func (ch *profileChain) build(o Options, s *callSettings) Provider {
	name := "profile " + ch.base.profile
	var p Provider
	switch b := ch.base; b.kind {
	case baseStatic:
		creds := b.creds
		p = ProviderFunc(func(context.Context) (Credentials, error) { return creds, nil })
	case baseNamed:
		var src Provider
		switch b.named {
		case CredentialSourceEnvironment:
			src = &EnvProvider{Env: o.env()}
		case CredentialSourceIMDS:
			src = NewIMDSProvider(o)
		case CredentialSourceECS:
			src = NewCache(&ContainerProvider{Options: o}, CacheOptions{Name: SourceContainer, Now: o.Now})
		}
		p = required(name+": credential_source "+b.named, src)
	case baseWebIdentity:
		wp := &WebIdentityProvider{RoleARN: b.roleARN, TokenFile: b.tokenFile, SessionName: b.sessionName, Source: name, settings: s}
		p = NewCache(wp, CacheOptions{Name: name, Now: o.Now})
	case baseSSO:
		p = NewCache(&SSOProvider{config: b.sso, Options: o, Name: name, settings: s}, CacheOptions{Name: name, Now: o.Now})
	case baseProcess:
		pp := &ProcessProvider{Command: b.command, AccountID: b.accountID, Timeout: o.ProcessTimeout, Name: name}
		p = NewCache(pp, CacheOptions{Name: name, Now: o.Now})
	}
	for _, h := range ch.hops {
		hn := "profile " + h.profile
		ar := &AssumeRoleProvider{Source: p, RoleARN: h.roleARN, SessionName: h.sessionName, ExternalID: h.externalID,
			DurationSeconds: h.duration, MFASerial: h.mfaSerial, Name: hn, settings: s}
		p = NewCache(ar, CacheOptions{Name: hn, Now: o.Now})
	}
	return p
}

// required turns a NotFoundError of a source that a profile names into an
// error: the profile asked for it.
func required(what string, p Provider) Provider {
	return ProviderFunc(func(ctx context.Context) (Credentials, error) {
		c, err := p.Retrieve(ctx)
		var nf *NotFoundError
		if errors.As(err, &nf) {
			return Credentials{}, sourceErr("%s: the credential provider was not enabled: %s", what, nf.Error())
		}
		return c, err
	})
}

// SharedConfigProvider is the "profile" source of the chain: the selected
// profile of the shared files, with static keys, role_arn with
// source_profile (chains of any depth; cycles are reported with their path)
// or credential_source, web_identity_token_file, credential_process and SSO
// (sso_session or the legacy sso_start_url). The files are read when first
// needed and again when they change (checked at most every
// FileCheckInterval); each link of the chain is cached.
type SharedConfigProvider struct {
	o Options

	mu      sync.Mutex
	key     string
	stamp   string
	checked time.Time
	built   Provider
	err     error
}

// NewSharedConfigProvider returns the profile source for o.
func NewSharedConfigProvider(o Options) *SharedConfigProvider { return &SharedConfigProvider{o: o} }

// Retrieve returns the profile's credentials. A profile that does not
// exist or configures no credentials is passed over (*NotFoundError).
func (p *SharedConfigProvider) Retrieve(ctx context.Context) (Credentials, error) {
	prov, err := p.provider()
	if err != nil {
		return Credentials{}, err
	}
	return prov.Retrieve(ctx)
}

func (p *SharedConfigProvider) provider() (Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cfg, creds := settings.ConfigFilePath(p.o.source()), settings.CredentialsFilePath(p.o.source())
	key := settings.ProfileName(p.o.source()) + "\x00" + cfg + "\x00" + creds
	now := p.o.now()
	if key == p.key && (p.built != nil || p.err != nil) && now.Sub(p.checked) < FileCheckInterval && !now.Before(p.checked) {
		return p.built, p.err
	}
	stamp := fileStamp(cfg) + "|" + fileStamp(creds)
	p.checked = now
	if key == p.key && stamp == p.stamp && (p.built != nil || p.err != nil) {
		return p.built, p.err
	}
	p.key, p.stamp = key, stamp
	p.built, p.err = p.load()
	return p.built, p.err
}

func (p *SharedConfigProvider) load() (Provider, error) {
	files, err := settings.LoadSharedFiles(p.o.source())
	if err != nil {
		return nil, err
	}
	name := settings.ProfileName(p.o.source())
	ch, err := resolveProfileChain(files, name)
	if err != nil {
		return nil, err
	}
	return ch.build(p.o, newCallSettings(p.o)), nil
}

// fileStamp identifies a file's version by size and modification time.
func fileStamp(path string) string {
	if path == "" {
		return "-"
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "missing"
	}
	return fi.ModTime().UTC().Format(time.RFC3339Nano) + "/" + itoa(fi.Size())
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
