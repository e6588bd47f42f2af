package credentials

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gosoto/gosoto/sdk/awserr"
	"gopkg.in/ini.v1"
)

// This file owns the shared config and credentials files (~/.aws/config,
// ~/.aws/credentials): where they are, how they are parsed, and how a
// profile's settings are merged from both.

// CodeConfigParse is the error code of a shared file that cannot be read or
// parsed.
const CodeConfigParse = "ConfigParseError"

// Profile is the merged view of one profile of the shared files.
type Profile struct {
	// Name is the selected profile's name.
	Name string
	// ConfigFile and CredentialsFile are the paths consulted (after ~
	// expansion); empty when no path could be determined (HOME not set).
	ConfigFile, CredentialsFile string
	// InConfigFile and InCredentialsFile report where the profile was found.
	InConfigFile, InCredentialsFile bool

	// Settings holds every key of the profile, with lower-cased names,
	// credentials-file values winning over config-file values.
	Settings map[string]string

	// Common settings, copied from Settings for sdk/config ("" when unset).
	Region, EndpointURL, MaxAttempts, RetryMode string

	// The profile's keys in each file, kept apart because a set of static
	// keys is taken from one file as a whole.
	configKeys, credsKeys map[string]string
}

// Found reports whether the profile exists in either file.
func (p Profile) Found() bool { return p.InConfigFile || p.InCredentialsFile }

// Get returns a setting of the profile (key lower-case).
func (p Profile) Get(key string) (string, bool) {
	v, ok := p.Settings[key]
	return v, ok
}

// Common setting names.
const (
	keyAccessKeyID     = "aws_access_key_id"
	keySecretAccessKey = "aws_secret_access_key"
	keySessionToken    = "aws_session_token"
)

// ProfileName returns the profile to use: Options.Profile, else AWS_PROFILE,
// else AWS_DEFAULT_PROFILE, else "default".
func ProfileName(o Options) string {
	if o.Profile != "" {
		return o.Profile
	}
	env := o.env()
	if v := env.get("AWS_PROFILE"); v != "" {
		return v
	}
	if v := env.get("AWS_DEFAULT_PROFILE"); v != "" {
		return v
	}
	return "default"
}

// ConfigFilePath returns the shared config file's path: Options.ConfigFile,
// else AWS_CONFIG_FILE, else ~/.aws/config, with a leading ~ expanded from
// HOME. It is "" when a path needs HOME and HOME is not set.
func ConfigFilePath(o Options) string {
	return filePath(o.env(), o.ConfigFile, "AWS_CONFIG_FILE", "config")
}

// CredentialsFilePath returns the shared credentials file's path:
// Options.CredentialsFile, else AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/credentials, expanded as ConfigFilePath does.
func CredentialsFilePath(o Options) string {
	return filePath(o.env(), o.CredentialsFile, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
}

func filePath(env Env, explicit, envKey, base string) string {
	p := explicit
	if p == "" {
		p = env.get(envKey)
	}
	if p == "" {
		p = "~/.aws/" + base
	}
	return expandHome(env, p)
}

// expandHome expands a leading "~" or "~/" using HOME from env (USERPROFILE
// when HOME is not set, as on Windows).
func expandHome(env Env, p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") && !strings.HasPrefix(p, `~\`) {
		return p
	}
	home := env.get("HOME")
	if home == "" {
		home = env.get("USERPROFILE")
	}
	if home == "" {
		return ""
	}
	if p == "~" {
		return home
	}
	return filepath.Join(home, p[2:])
}

// LoadProfile reads the shared config and credentials files and returns the
// selected profile (see ProfileName, ConfigFilePath, CredentialsFilePath).
// A missing file counts as empty and a missing profile is not an error
// (check Found); a file that exists but cannot be read or parsed is an
// *awserr.Error of Kind InvalidArgument, Code CodeConfigParse, naming the
// file.
//
// In the config file a profile is the section "[profile NAME]" (the default
// profile may also be "[default]"); in the credentials file it is "[NAME]".
// The files are parsed as the AWS CLI reads them: "#" and ";" start comment
// lines (and inline comments after whitespace), "=" or ":" separate keys
// from values, whitespace around names and values is ignored, indented lines
// after an empty value are nested values (s3 = ...), key names are
// case-insensitive while section names are case-sensitive, and a section
// that appears twice is merged (later keys win).
func LoadProfile(o Options) (Profile, error) {
	p := Profile{
		Name:            ProfileName(o),
		ConfigFile:      ConfigFilePath(o),
		CredentialsFile: CredentialsFilePath(o),
		Settings:        map[string]string{},
	}
	cfg, err := loadSharedFile(p.ConfigFile, true)
	if err != nil {
		return p, err
	}
	creds, err := loadSharedFile(p.CredentialsFile, false)
	if err != nil {
		return p, err
	}
	p.configKeys, p.InConfigFile = cfg[p.Name]
	p.credsKeys, p.InCredentialsFile = creds[p.Name]
	for k, v := range p.configKeys {
		p.Settings[k] = v
	}
	for k, v := range p.credsKeys {
		p.Settings[k] = v
	}
	p.Region = p.Settings["region"]
	p.EndpointURL = p.Settings["endpoint_url"]
	p.MaxAttempts = p.Settings["max_attempts"]
	p.RetryMode = p.Settings["retry_mode"]
	return p, nil
}

// SettingFile returns the path of the file a setting was taken from.
func (p Profile) SettingFile(key string) string {
	if _, ok := p.credsKeys[key]; ok {
		return p.CredentialsFile
	}
	if _, ok := p.configKeys[key]; ok {
		return p.ConfigFile
	}
	return ""
}

// staticKeys returns the profile's static keys. They are taken as a group
// from the credentials file when it sets either key, else from the config
// file, as the AWS CLI does. ok is false when neither file sets a key; an
// incomplete set is an error naming the profile, the file and the missing
// key.
func (p Profile) staticKeys() (c Credentials, ok bool, err error) {
	keys, file := p.credsKeys, p.CredentialsFile
	if keys[keyAccessKeyID] == "" && keys[keySecretAccessKey] == "" {
		keys, file = p.configKeys, p.ConfigFile
	}
	id, secret := keys[keyAccessKeyID], keys[keySecretAccessKey]
	switch {
	case id == "" && secret == "":
		return Credentials{}, false, nil
	case id == "":
		return Credentials{}, false, partial("profile %q in %s has %s but no %s", p.Name, file, keySecretAccessKey, keyAccessKeyID)
	case secret == "":
		return Credentials{}, false, partial("profile %q in %s has %s but no %s", p.Name, file, keyAccessKeyID, keySecretAccessKey)
	}
	return Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: keys[keySessionToken]}, true, nil
}

// iniOptions are the gopkg.in/ini.v1 settings that read the shared files the
// way the AWS CLI does.
var iniOptions = ini.LoadOptions{
	InsensitiveKeys:          true, // configparser lower-cases option names
	AllowNestedValues:        true, // "s3 =" followed by indented "key = value" lines
	IgnoreContinuation:       true, // a trailing backslash is part of the value
	SpaceBeforeInlineComment: true, // "v # c" -> "v"; "a#b" stays "a#b"
	PreserveSurroundedQuote:  true, // quotes are part of the value, as in the CLI
	KeyValueDelimiters:       "=:",
	ChildSectionDelimiter:    "\x00", // no parent/child sections
}

// loadSharedFile parses one shared file into profile name -> keys. In the
// config file ("[profile NAME]" / "[default]") other sections (sso-session,
// services...) are left out for now.
func loadSharedFile(path string, isConfig bool) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	if path == "" {
		return out, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return out, nil
		}
		return nil, &awserr.Error{Kind: awserr.InvalidArgument, Code: CodeConfigParse,
			Message: "cannot read shared file " + path + ": " + errCause(err), Err: err}
	}
	f, err := ini.LoadSources(iniOptions, data)
	if err != nil {
		// The parser's message quotes the offending line, which may hold a
		// secret: name the file only.
		return nil, &awserr.Error{Kind: awserr.InvalidArgument, Code: CodeConfigParse,
			Message: "cannot parse shared file " + path + ": a line is neither a [section], a comment nor key = value"}
	}
	// Sections in file order; later duplicates are merged by ini already, but
	// "[default]" and "[profile default]" are two names for one profile.
	secs := f.Sections()
	for _, s := range secs {
		name, ok := profileSectionName(s.Name(), isConfig)
		if !ok {
			continue
		}
		m := out[name]
		if m == nil {
			m = map[string]string{}
			out[name] = m
		}
		keys := s.KeysHash()
		names := make([]string, 0, len(keys))
		for k := range keys {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			m[strings.TrimSpace(k)] = strings.TrimSpace(keys[k])
		}
	}
	return out, nil
}

// profileSectionName maps a section name to a profile name.
func profileSectionName(section string, isConfig bool) (string, bool) {
	section = strings.TrimSpace(section)
	if section == ini.DefaultSection || section == "" {
		return "", false // keys before the first section
	}
	if !isConfig {
		return section, true
	}
	if section == "default" {
		return "default", true
	}
	fields := strings.Fields(section)
	if len(fields) == 2 && fields[0] == "profile" {
		return fields[1], true
	}
	return "", false
}

// errCause returns an OS error's message without the operation prefix.
func errCause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func partial(format string, args ...any) *awserr.Error {
	return awserr.New(awserr.Credentials, CodePartialCredentials, format, args...)
}
