package credentials

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/settings"
)

// ProfileProvider reads the static keys (aws_access_key_id,
// aws_secret_access_key, aws_session_token) of the selected profile of the
// shared files; see LoadProfile. The files are read on every Retrieve.
type ProfileProvider struct {
	// Options selects the profile and the files (Profile, ConfigFile,
	// CredentialsFile, settings.Env).
	Options Options
}

// Retrieve loads the profile. A missing profile, or one without static
// keys, is passed over with the reason; an incomplete one is an error.
func (p *ProfileProvider) Retrieve(context.Context) (Credentials, error) {
	prof, err := settings.LoadProfile(p.Options.source())
	if err != nil {
		return Credentials{}, err
	}
	src := "profile " + prof.Name
	if !prof.Found() {
		return Credentials{}, &NotFoundError{Source: src, Reason: "not found in " + describeFiles(prof)}
	}
	c, ok, err := staticKeys(prof)
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

func describeFiles(p settings.Profile) string {
	name := func(s string) string {
		if s == "" {
			return "(no path: HOME not set)"
		}
		return s
	}
	return name(p.CredentialsFile) + " or " + name(p.ConfigFile)
}

// Static key setting names of a profile.
const (
	keyAccessKeyID     = "aws_access_key_id"
	keySecretAccessKey = "aws_secret_access_key"
	keySessionToken    = "aws_session_token"
)

// staticKeys returns the profile's static keys. They are taken as a group
// from the credentials file when it sets either key, else from the config
// file, as the AWS CLI does. ok is false when neither file sets a key; an
// incomplete set is an error naming the profile, the file and the missing
// key.
func staticKeys(p settings.Profile) (c Credentials, ok bool, err error) {
	keys, file := p.FileKeys(true), p.CredentialsFile
	if keys[keyAccessKeyID] == "" && keys[keySecretAccessKey] == "" {
		keys, file = p.FileKeys(false), p.ConfigFile
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

func partial(format string, args ...any) *awserr.Error {
	return awserr.New(awserr.Credentials, CodePartialCredentials, format, args...)
}

// Limits on the files the sources read (limitio.ReadFile): tokens and the
// SSO cache are a few KiB.
const maxTokenFile = 1 << 20

// errCause returns an OS error's message without the operation prefix.
func errCause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
