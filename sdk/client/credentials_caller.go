package client

import (
	"context"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/sdk/settings"
)

// CredentialsCaller returns the credentials.Caller that the engine gives
// every credentials chain (credentials sits below this package and must not
// import it). It performs each call with a client of the requested service
// made from the call's own settings: its environment, shared files and
// profile, so that configured endpoint URLs (AWS_ENDPOINT_URL_STS, the
// profile's services section...), FIPS, dual-stack and the CA bundle apply
// exactly as to any client; in the call's region, else the one the
// settings give, else us-east-1. It is signed with the call's credentials,
// or sent unsigned when it has none (STS AssumeRoleWithWebIdentity, SSO).
// send, when not nil, replaces the transport (Options.Send).
func CredentialsCaller(send SendFunc) credentials.Caller {
	return func(ctx context.Context, c credentials.Call) ([]byte, error) {
		cfg := &settings.Config{Service: c.Service, Region: c.Region, Profile: c.Source.Profile,
			ConfigFile: c.Source.ConfigFile, CredentialsFile: c.Source.CredentialsFile, FallbackRegion: "us-east-1",
			ConnectTimeout: settings.DefaultConnectTimeout, ReadTimeout: settings.DefaultReadTimeout}
		o := Options{Credentials: c.Credentials, Unsigned: c.Credentials == nil, Send: send}
		env := c.Source.Env
		if env == nil {
			env = settings.OSEnv
		}
		cl, err := NewFromConfig(cfg, env, o)
		if err != nil {
			return nil, err
		}
		defer cl.Close()
		return cl.Call(ctx, c.Operation, c.Input)
	}
}
