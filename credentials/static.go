package credentials

import (
	"context"

	"github.com/gosoto/gosoto/internal/awserr"
)

// StaticProvider returns fixed credentials.
type StaticProvider struct {
	creds Credentials
}

// NewStatic returns a provider of c, whose Source becomes "static". Both the
// access key id and the secret must be set (InvalidArgument otherwise).
func NewStatic(c Credentials) (*StaticProvider, error) {
	switch {
	case c.AccessKeyID == "":
		return nil, awserr.InvalidArg("static credentials: access_key_id is empty")
	case c.SecretAccessKey == "":
		return nil, awserr.InvalidArg("static credentials: secret_access_key is empty")
	}
	c.Source = SourceStatic
	return &StaticProvider{creds: c}, nil
}

// Retrieve returns the credentials.
func (p *StaticProvider) Retrieve(context.Context) (Credentials, error) { return p.creds, nil }
