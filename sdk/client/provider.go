package client

import (
	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/config"
)

// clientChain is the credentials chain a client resolves for itself when
// it is not given a provider: the config's static credentials, else the
// default chain for the config's profile, reading env. Its STS calls
// (assume role, web identity) go to the client's region and through a
// CredentialsCaller reading the same env.
func clientChain(cfg *config.Config, env credentials.Env, region string) (credentials.Provider, error) {
	return credentials.New(credentials.Options{
		Profile: cfg.Profile,
		Env:     env,
		Static:  cfg.Credentials,
		Region:  region,
		Caller:  CredentialsCaller(env),
	})
}

// NewWithProvider is New for a client that signs with p instead of
// resolving credentials of its own (see NewFromConfigWithProvider).
func NewWithProvider(configJSON []byte, env credentials.Env, p credentials.Provider) (*Client, error) {
	cfg, err := config.Parse(configJSON)
	if err != nil {
		return nil, err
	}
	return NewFromConfigWithProvider(cfg, env, p)
}

// NewFromConfigWithProvider makes a client from a parsed config that signs
// with the credentials of p. p is shared, not copied: many clients may use
// one provider (and its cache, so that they share one refresh), and the
// client keeps p for as long as it lives. The config's "profile" still
// selects settings such as the region; its "credentials" cannot be
// combined with p (an InvalidArgument error).
func NewFromConfigWithProvider(cfg *config.Config, env credentials.Env, p credentials.Provider) (*Client, error) {
	if p == nil {
		return nil, awserr.InvalidArg("credentials provider is nil")
	}
	if cfg.Credentials != nil {
		return nil, awserr.InvalidArg(`client config: "credentials" cannot be combined with a credentials handle (use one or the other)`)
	}
	c, err := NewFromConfig(cfg, env)
	if err != nil {
		return nil, err
	}
	// The chain NewFromConfig made has read nothing yet; it is dropped.
	c.creds = p
	return c, nil
}
