package credentials

import (
	"context"
	"strings"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/settings"
)

// EnvProvider reads AWS_ACCESS_KEY_ID (legacy AWS_ACCESS_KEY),
// AWS_SECRET_ACCESS_KEY (legacy AWS_SECRET_KEY), AWS_SESSION_TOKEN and the
// optional AWS_CREDENTIAL_EXPIRATION (RFC 3339) and AWS_ACCOUNT_ID. Empty
// variables, and key variables holding only white space, count as unset. No key id and no secret: passed over; one without the other: an
// error of Code CodePartialCredentials naming the missing variable.
type EnvProvider struct {
	// settings.Env reads the environment; nil means nothing is set.
	Env settings.Env
}

// Retrieve reads the environment now (it is live, not cached).
func (p *EnvProvider) Retrieve(context.Context) (Credentials, error) {
	get := func(k string) string { return strings.TrimSpace(p.Env.Get(k)) }
	idKey, id := "AWS_ACCESS_KEY_ID", get("AWS_ACCESS_KEY_ID")
	if id == "" {
		if v := get("AWS_ACCESS_KEY"); v != "" {
			idKey, id = "AWS_ACCESS_KEY", v
		}
	}
	secret := get("AWS_SECRET_ACCESS_KEY")
	if secret == "" {
		secret = get("AWS_SECRET_KEY")
	}
	switch {
	case id == "" && secret == "":
		return Credentials{}, &NotFoundError{Source: SourceEnv, Reason: "AWS_ACCESS_KEY_ID not set"}
	case id == "":
		return Credentials{}, partial("env: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
	case secret == "":
		return Credentials{}, partial("env: %s is set but AWS_SECRET_ACCESS_KEY is not", idKey)
	}
	c := Credentials{AccessKeyID: id, SecretAccessKey: secret, SessionToken: get("AWS_SESSION_TOKEN"),
		AccountID: get("AWS_ACCOUNT_ID"), Source: SourceEnv}
	if exp := p.Env.Get("AWS_CREDENTIAL_EXPIRATION"); exp != "" {
		t, err := time.Parse(time.RFC3339, exp)
		if err != nil {
			return Credentials{}, awserr.New(awserr.Credentials, CodePartialCredentials,
				"env: AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 time (e.g. 2026-11-28T22:00:00Z)")
		}
		c.CanExpire, c.Expires = true, t
	}
	return c, nil
}
