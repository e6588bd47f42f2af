package credentials

import (
	"context"
	"fmt"
)

// ProfileProvider reads the static keys (aws_access_key_id,
// aws_secret_access_key, aws_session_token) of the selected profile of the
// shared files; see LoadProfile. The files are read on every Retrieve.
type ProfileProvider struct {
	// Options selects the profile and the files (Profile, ConfigFile,
	// CredentialsFile, Env).
	Options Options
}

// Retrieve loads the profile. A missing profile, or one without static
// keys, is passed over with the reason; an incomplete one is an error.
func (p *ProfileProvider) Retrieve(context.Context) (Credentials, error) {
	prof, err := LoadProfile(p.Options)
	if err != nil {
		return Credentials{}, err
	}
	src := "profile " + prof.Name
	if !prof.Found() {
		return Credentials{}, &NotFoundError{Source: src, Reason: "not found in " + describeFiles(prof)}
	}
	c, ok, err := prof.staticKeys()
	if err != nil {
		return Credentials{}, err
	}
	if !ok {
		reason := "no aws_access_key_id in " + describeFiles(prof)
		for _, k := range []string{"role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file"} {
			if _, set := prof.Settings[k]; set {
				reason += fmt.Sprintf(" (%s is not supported yet)", k)
				break
			}
		}
		return Credentials{}, &NotFoundError{Source: src, Reason: reason}
	}
	c.Source = SourceProfile
	return c, nil
}

func describeFiles(p Profile) string {
	name := func(s string) string {
		if s == "" {
			return "(no path: HOME not set)"
		}
		return s
	}
	return name(p.CredentialsFile) + " or " + name(p.ConfigFile)
}
