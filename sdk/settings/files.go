package settings

import (
	"errors"
	"io/fs"
	"runtime"
	"strings"
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
	// expansion); empty when no path could be determined (no home
	// directory known; see HomeDir).
	ConfigFile, CredentialsFile string
	// InConfigFile and InCredentialsFile report where the profile was found.
	InConfigFile, InCredentialsFile bool

	// Settings holds every key of the profile, with lower-cased names,
	// credentials-file values winning over config-file values.
	Settings map[string]string

	// Common settings, copied from Settings ("" when unset):
	// region, endpoint_url, max_attempts, retry_mode, use_fips_endpoint,
	// use_dualstack_endpoint, ca_bundle. They are raw strings; Resolve
	// checks them and names the profile and file when one is invalid.
	Region, EndpointURL, MaxAttempts, RetryMode     string
	UseFIPSEndpoint, UseDualStackEndpoint, CABundle string

	// SSOSession holds the settings of the [sso-session NAME] section of
	// the config file that the profile's sso_session names; nil when the
	// profile has no sso_session or the section does not exist.
	SSOSession map[string]string

	// Services holds the [services NAME] section that the profile's
	// services setting names: service key (the service id lower-cased with
	// spaces as "_": "s3", "elastic_load_balancing") -> its sub-settings
	// ("endpoint_url"...). nil when the profile has no services setting or
	// the section does not exist.
	Services map[string]map[string]string

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

// SubSettings returns the sub-properties of a setting that holds them
// ("s3 =" followed by indented "key = value" lines) as a map; nil when the
// setting is absent or has a plain value.
func (p Profile) SubSettings(key string) map[string]string {
	v, ok := p.Settings[key]
	if !ok || !strings.HasPrefix(v, "\n") {
		return nil
	}
	return ParseSubProperties(v)
}

// Source selects the shared files and the profile to read: the zero value
// reads ~/.aws/config and ~/.aws/credentials (or the files the environment
// names) and the profile the environment selects, through the Go process
// environment.
type Source struct {
	// Profile selects the profile; "" means AWS_PROFILE, else
	// AWS_DEFAULT_PROFILE, else "default".
	Profile string
	// ConfigFile and CredentialsFile override AWS_CONFIG_FILE and
	// AWS_SHARED_CREDENTIALS_FILE.
	ConfigFile, CredentialsFile string
	// Env reads the environment; nil means OSEnv.
	Env Env
}

func (o Source) env() Env {
	if o.Env == nil {
		return OSEnv
	}
	return o.Env
}

// ProfileName returns the profile to use: Source.Profile, else AWS_PROFILE,
// else AWS_DEFAULT_PROFILE, else "default".
func ProfileName(o Source) string {
	if o.Profile != "" {
		return o.Profile
	}
	env := o.env()
	if v := env.Get("AWS_PROFILE"); v != "" {
		return v
	}
	if v := env.Get("AWS_DEFAULT_PROFILE"); v != "" {
		return v
	}
	return "default"
}

// ConfigFilePath returns the shared config file's path: Source.ConfigFile,
// else AWS_CONFIG_FILE, else ~/.aws/config, with a leading ~ expanded from
// the home directory (see HomeDir). It is "" when a path needs the home
// directory and none is set.
func ConfigFilePath(o Source) string {
	return filePath(o.env(), runtime.GOOS, o.ConfigFile, "AWS_CONFIG_FILE", "config")
}

// CredentialsFilePath returns the shared credentials file's path:
// Source.CredentialsFile, else AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/credentials, expanded as ConfigFilePath does.
func CredentialsFilePath(o Source) string {
	return filePath(o.env(), runtime.GOOS, o.CredentialsFile, "AWS_SHARED_CREDENTIALS_FILE", "credentials")
}

// SharedFileLocations returns the config and credentials file paths that
// env selects on platform (a GOOS value: "linux", "windows"...). It is a
// pure function of its arguments, so the Windows rules can be checked on
// any system.
func SharedFileLocations(env Env, platform string) (configPath, credentialsPath string) {
	return filePath(env, platform, "", "AWS_CONFIG_FILE", "config"),
		filePath(env, platform, "", "AWS_SHARED_CREDENTIALS_FILE", "credentials")
}

func filePath(env Env, platform, explicit, envKey, base string) string {
	p := explicit
	if p == "" {
		p = env.Get(envKey)
	}
	if p == "" {
		p = "~/.aws/" + base
	}
	return expandHome(env, platform, p)
}

// HomeDir returns the home directory env gives on platform: HOME; on
// Windows, HOME, else USERPROFILE, else HOMEDRIVE followed by HOMEPATH. It
// is "" when none is set.
func HomeDir(env Env, platform string) string {
	if h := env.Get("HOME"); h != "" || platform != "windows" {
		return h
	}
	if h := env.Get("USERPROFILE"); h != "" {
		return h
	}
	if d, p := env.Get("HOMEDRIVE"), env.Get("HOMEPATH"); d != "" || p != "" {
		return d + p
	}
	return ""
}

// ExpandHome expands a leading "~" of p with the home directory that env
// gives on this system (see HomeDir); p is returned unchanged when it does
// not start with "~", and "" when it does and no home directory is known.
func ExpandHome(env Env, p string) string { return expandHome(env, runtime.GOOS, p) }

// expandHome expands a leading "~" (~, ~/x, and on Windows ~\x) with
// HomeDir. On Windows the rest of the path uses backslash separators. A path
// that needs a home directory when none is known gives "".
func expandHome(env Env, platform, p string) string {
	windows := platform == "windows"
	if p != "~" && !strings.HasPrefix(p, "~/") && !(windows && strings.HasPrefix(p, `~\`)) {
		return p
	}
	home := HomeDir(env, platform)
	if home == "" {
		return ""
	}
	if p == "~" {
		return home
	}
	sep, rest := "/", p[2:]
	if windows {
		sep, rest = `\`, strings.ReplaceAll(rest, "/", `\`)
	}
	return strings.TrimRight(home, sep) + sep + rest
}

// LoadProfile reads the shared config and credentials files and returns the
// selected profile (see ProfileName, ConfigFilePath, CredentialsFilePath,
// LoadSharedFiles). A missing file counts as empty and a missing profile is
// not an error (check Found); a file that exists but cannot be read or
// parsed is an *awserr.Error of Kind InvalidArgument, Code CodeConfigParse,
// naming the file and the line.
func LoadProfile(o Source) (Profile, error) {
	f, err := LoadSharedFiles(o)
	if err != nil {
		return Profile{Name: ProfileName(o), ConfigFile: ConfigFilePath(o), CredentialsFile: CredentialsFilePath(o),
			Settings: map[string]string{}}, err
	}
	return f.Profile(ProfileName(o)), nil
}

// FileKeys returns the profile's own keys in one file (the credentials
// file when credentialsFile is true, else the config file): a set of static
// keys is taken from one file as a whole. The map must not be changed.
func (p Profile) FileKeys(credentialsFile bool) map[string]string {
	if credentialsFile {
		return p.credsKeys
	}
	return p.configKeys
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

// MaxSharedFile bounds a shared config or credentials file
// (limitio.ReadFile): they rarely reach a MiB.
const MaxSharedFile = 16 << 20

// errCause returns an OS error's message without the operation prefix.
func errCause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
