package settings

import (
	"errors"
	"io/fs"
	"sort"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/limitio"
)

// This file turns parsed sections (sharedfile_parse.go) into profiles,
// sso-sessions and services sections, and merges the two shared files.

// SharedFile is the content of one shared file: section name -> settings
// (lower-cased names). A setting that holds sub-properties ("s3 =" followed
// by indented lines) keeps its raw text ("\nkey = value\nkey2 = value2");
// see ParseSubProperties and Profile.SubSettings.
type SharedFile struct {
	// Profiles are the [profile NAME] and [default] sections of a config
	// file, or the [NAME] sections of a credentials file.
	Profiles map[string]map[string]string
	// SSOSessions are the [sso-session NAME] sections (config file only).
	SSOSessions map[string]map[string]string
	// Services are the [services NAME] sections (config file only).
	Services map[string]map[string]string
}

// NewSharedFile returns an empty SharedFile (every map made).
func NewSharedFile() *SharedFile {
	return &SharedFile{Profiles: map[string]map[string]string{},
		SSOSessions: map[string]map[string]string{}, Services: map[string]map[string]string{}}
}

// section kinds
const (
	secIgnored = iota
	secProfile
	secSSOSession
	secServices
)

// classify maps a section header to its kind and name. prefixed reports a
// "profile " prefix (so that [profile default] can win over [default]).
func classify(header string, kind FileKind) (sec int, name string, prefixed bool) {
	cut := func(prefix string) (string, bool) {
		rest, ok := strings.CutPrefix(header, prefix)
		if !ok || rest == "" || strings.IndexByte(specWhitespace, rest[0]) < 0 {
			return "", false // "profilefoo" has no prefix
		}
		return strings.Trim(rest, specWhitespace), true
	}
	if n, ok := cut("profile"); ok {
		if kind == CredentialsFileKind {
			return secIgnored, "", false
		}
		sec, name, prefixed = secProfile, n, true
	} else if kind == CredentialsFileKind {
		sec, name = secProfile, header
	} else if n, ok := cut("sso-session"); ok {
		sec, name = secSSOSession, n
	} else if n, ok := cut("services"); ok {
		sec, name = secServices, n
	} else if header == "default" {
		sec, name = secProfile, header
	}
	if !validIdentifier(name) {
		return secIgnored, "", false
	}
	return sec, name, prefixed
}

// ParseSharedFile parses the text of a shared file of the given kind.
// Sections with invalid names, config-file sections without the "profile "
// prefix (other than [default], [sso-session NAME] and [services NAME]) and
// credentials-file sections with it are ignored, as are properties with
// invalid names. Sections that appear twice are merged, later keys winning;
// when a config file has [profile default], its [default] sections are
// ignored. A syntax error is a *ParseError naming the line number only.
func ParseSharedFile(data []byte, kind FileKind) (*SharedFile, error) {
	raw, err := parseRaw(string(data))
	if err != nil {
		return nil, err
	}
	out := NewSharedFile()
	prefixedDefault := false
	for _, s := range raw {
		if sec, name, prefixed := classify(s.header, kind); sec == secProfile && name == "default" && prefixed {
			prefixedDefault = true
		}
	}
	for _, s := range raw {
		sec, name, prefixed := classify(s.header, kind)
		var dst map[string]map[string]string
		switch sec {
		case secIgnored:
			continue
		case secProfile:
			if name == "default" && !prefixed && prefixedDefault && kind == ConfigFileKind {
				continue
			}
			dst = out.Profiles
		case secSSOSession:
			dst = out.SSOSessions
		case secServices:
			dst = out.Services
		}
		m := dst[name]
		if m == nil {
			m = map[string]string{}
			dst[name] = m
		}
		for _, k := range s.keys {
			if validIdentifier(k) {
				m[k] = s.values[k]
			}
		}
	}
	return out, nil
}

// SharedFiles is the parsed pair of shared files.
type SharedFiles struct {
	// ConfigFile and CredentialsFile are the paths read ("" when no path
	// could be determined).
	ConfigFile, CredentialsFile string
	// Config and Credentials are their contents (empty for a missing file;
	// never nil).
	Config, Credentials *SharedFile
}

// ProfileNames returns the names of the profiles of both files, sorted.
func (f *SharedFiles) ProfileNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, sf := range []*SharedFile{f.Config, f.Credentials} {
		for n := range sf.Profiles {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	return names
}

// Profile returns the merged view of a profile (not found: Found is false
// and Settings is empty). The profile's sso_session and services settings
// are resolved to their sections.
func (f *SharedFiles) Profile(name string) Profile {
	p := Profile{Name: name, ConfigFile: f.ConfigFile, CredentialsFile: f.CredentialsFile, Settings: map[string]string{}}
	p.configKeys, p.InConfigFile = f.Config.Profiles[name]
	p.credsKeys, p.InCredentialsFile = f.Credentials.Profiles[name]
	for k, v := range p.configKeys {
		p.Settings[k] = v
	}
	for k, v := range p.credsKeys {
		p.Settings[k] = v
	}
	s := p.Settings
	p.Region, p.EndpointURL, p.MaxAttempts, p.RetryMode = s["region"], s["endpoint_url"], s["max_attempts"], s["retry_mode"]
	p.UseFIPSEndpoint, p.UseDualStackEndpoint, p.CABundle = s["use_fips_endpoint"], s["use_dualstack_endpoint"], s["ca_bundle"]
	if n := s["sso_session"]; n != "" {
		p.SSOSession = f.Config.SSOSessions[n]
	}
	if n := s["services"]; n != "" {
		if sec, ok := f.Config.Services[n]; ok {
			p.Services = map[string]map[string]string{}
			for id, raw := range sec {
				p.Services[id] = ParseSubProperties(raw)
			}
		}
	}
	return p
}

// LoadSharedFiles reads and parses the shared config and credentials files
// that o selects (see ConfigFilePath, CredentialsFilePath). A missing file
// counts as empty; a file that exists but cannot be read or parsed is an
// *awserr.Error of Kind InvalidArgument, Code CodeConfigParse, naming the
// file and, for a syntax error, the line number (never the line: it may
// hold a secret).
func LoadSharedFiles(o Source) (*SharedFiles, error) {
	f := &SharedFiles{ConfigFile: ConfigFilePath(o), CredentialsFile: CredentialsFilePath(o)}
	var err error
	if f.Config, err = readSharedFile(f.ConfigFile, ConfigFileKind); err != nil {
		return nil, err
	}
	if f.Credentials, err = readSharedFile(f.CredentialsFile, CredentialsFileKind); err != nil {
		return nil, err
	}
	return f, nil
}

func readSharedFile(path string, kind FileKind) (*SharedFile, error) {
	if path == "" {
		return NewSharedFile(), nil
	}
	data, err := limitio.ReadFile(path, MaxSharedFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return NewSharedFile(), nil
		}
		return nil, &awserr.Error{Kind: awserr.InvalidArgument, Code: CodeConfigParse,
			Message: "cannot read shared file " + path + ": " + errCause(err), Err: err}
	}
	sf, err := ParseSharedFile(data, kind)
	if err != nil {
		return nil, &awserr.Error{Kind: awserr.InvalidArgument, Code: CodeConfigParse,
			Message: "cannot parse shared file " + path + ": " + err.Error(), Err: err}
	}
	return sf, nil
}
