package client

import (
	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/sdk/settings"
)

// clientChain is the credentials chain a client resolves for itself when
// it is not given a provider: the config's static credentials, else the
// default chain for the config's profile, reading env. Its STS and SSO
// calls (assume role, web identity, SSO) go through caller, in the
// client's region unless the profile's settings say otherwise.
func clientChain(cfg *settings.Config, env settings.Env, region string, caller credentials.Caller) (credentials.Provider, error) {
	return credentials.New(credentials.Options{
		Profile: cfg.Profile,
		Env:     env,
		Static:  credentials.FromStaticKeys(cfg.Credentials),
		Region:  region,
		Caller:  caller,
	})
}
