package credentials

import (
	"context"
	"encoding/json"
	"strconv"
)

// AssumeRoleProvider assumes a role with STS AssumeRole, signed with the
// credentials of its Source provider (the previous hop of a chain). Put it
// behind a Cache.
type AssumeRoleProvider struct {
	// Source provides the credentials the call is signed with.
	Source Provider
	// RoleARN is the role to assume; SessionName its session name ("":
	// generated); ExternalID the external id ("": none); DurationSeconds
	// the session's duration (0: STS's default, one hour).
	RoleARN, SessionName, ExternalID string
	DurationSeconds                  int
	// MFASerial, when set, makes Retrieve fail: gosoto has no way to prompt
	// for an MFA code.
	MFASerial string
	// Name names the provider in errors ("profile dev").
	Name string

	settings *callSettings
}

// NewAssumeRoleProvider returns a provider of the role, signed with source;
// the region, endpoint and Caller of the STS call come from o and the
// selected profile.
func NewAssumeRoleProvider(o Options, source Provider, roleARN string) *AssumeRoleProvider {
	return &AssumeRoleProvider{Source: source, RoleARN: roleARN, Name: SourceAssumeRole, settings: newCallSettings(o)}
}

// Retrieve calls AssumeRole.
func (p *AssumeRoleProvider) Retrieve(ctx context.Context) (Credentials, error) {
	if p.MFASerial != "" {
		return Credentials{}, sourceErr("%s: role %s needs an MFA code (mfa_serial is set) and gosoto cannot prompt for one; "+
			"get MFA session credentials first (e.g. aws sts get-session-token) or use credential_process", p.Name, p.RoleARN)
	}
	in := map[string]any{"RoleArn": p.RoleARN, "RoleSessionName": sessionName(p.SessionName, p.settings.opts)}
	if p.ExternalID != "" {
		in["ExternalId"] = p.ExternalID
	}
	if p.DurationSeconds > 0 {
		in["DurationSeconds"] = p.DurationSeconds
	}
	doc, _ := json.Marshal(in)
	// Resolve the previous hop first, so that its errors keep their own
	// message rather than reading as an STS failure.
	src, err := p.Source.Retrieve(ctx)
	if err != nil {
		return Credentials{}, err
	}
	signWith := ProviderFunc(func(context.Context) (Credentials, error) { return src, nil })
	c, err := p.settings.callSTS(ctx, p.Name, p.settings.stsCall("AssumeRole", signWith, doc))
	if err != nil {
		return Credentials{}, err
	}
	c.Source = SourceAssumeRole
	return c, nil
}

// parseDuration reads duration_seconds.
func parseDuration(profile, v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 900 || n > 43200 {
		return 0, sourceErr("profile %s: duration_seconds must be a whole number of seconds from 900 to 43200", profile)
	}
	return n, nil
}
