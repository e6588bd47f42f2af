// Package engine is the one facade that capi (and any program embedding
// gosoto in Go) talks to. It wires the layers into a working library:
// clients get their service's hooks (sdk/customize) and a credentials
// chain whose STS and SSO calls go through a client of those services
// (client.CredentialsCaller); credentials handles, SigV4 signing and the
// model registry are reached from here too. Wiring is explicit, here, at
// the call: no package registers anything with another at init.
//
// It owns no behaviour beyond that wiring, and knows nothing of C.
package engine

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/client"
	"github.com/gosoto/gosoto/sdk/customize"
	"github.com/gosoto/gosoto/sdk/model"
	_ "github.com/gosoto/gosoto/sdk/service/all" // the built-in models
	"github.com/gosoto/gosoto/sdk/settings"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/gosoto/gosoto/sdk/transport"
)

// The types a caller of the engine handles.
type (
	// Env reads the environment (capi passes the C library's getenv).
	Env = settings.Env
	// Client is a client of one service.
	Client = client.Client
	// Paginator walks the pages of one operation.
	Paginator = client.Paginator
	// Credentials is a credentials provider, shareable by many clients.
	Credentials = credentials.Provider
)

// ErrNoMorePages is what Paginator.Next returns after the last page.
var ErrNoMorePages = client.ErrNoMorePages

// Limits on what callers hand to the engine (include/gosoto.h, "Sizes").
const (
	MaxInputBytes   = client.MaxInputBytes
	MaxOptionsBytes = client.MaxOptionsBytes
	// MaxPresignExpires is the longest validity of a presigned URL.
	MaxPresignExpires = v4.MaxPresignExpires
)

// TooLarge is the error for an argument of size bytes over its limit.
func TooLarge(name string, size, limit int64) *awserr.Error {
	return client.TooLarge(name, size, limit)
}

// OnCallerThread marks ctx as the context of calls made on a thread that
// may block in the kernel while it waits for the network (every call from
// C: transport.OnCallerThread says why).
func OnCallerThread(ctx context.Context) context.Context { return transport.OnCallerThread(ctx) }

// caller performs the STS and SSO calls of every credentials chain the
// engine makes.
var caller = client.CredentialsCaller(nil)

// NewClient makes a client from the client config JSON of CAPI.md, with
// its service's hooks and its own credentials chain, reading env.
func NewClient(config []byte, env Env) (*Client, error) {
	return newClient(config, env, nil)
}

// NewClientWithCredentials is NewClient for a client that signs with p (a
// credentials handle, shared, not copied).
func NewClientWithCredentials(config []byte, env Env, p Credentials) (*Client, error) {
	if p == nil {
		return nil, awserr.InvalidArg("credentials provider is nil")
	}
	return newClient(config, env, p)
}

func newClient(config []byte, env Env, p Credentials) (*Client, error) {
	cfg, err := settings.ParseConfig(config)
	if err != nil {
		return nil, err
	}
	return client.NewFromConfig(cfg, env, client.Options{Credentials: p, Caller: caller, Hooks: customize.For})
}

// NewCredentials makes a credentials provider from the options document of
// gosoto_credentials_new (CAPI.md), reading env.
func NewCredentials(options []byte, env Env) (Credentials, error) {
	o, err := credentials.ParseOptionsJSON(options, env)
	if err != nil {
		return nil, err
	}
	o.Caller = caller
	return credentials.New(o)
}

// NewCallbackCredentials makes a provider that calls fetch when it needs
// credentials (once, then ahead of expiry): fetch returns the document a
// credential_process prints ({"Version": 1, "AccessKeyId": ...}).
func NewCallbackCredentials(fetch func(ctx context.Context) ([]byte, error)) Credentials {
	return credentials.NewFuncProvider(credentials.SourceCallback, func(ctx context.Context) (credentials.Credentials, error) {
		doc, err := fetch(ctx)
		if err != nil {
			return credentials.Credentials{}, err
		}
		c, err := credentials.ParseProcessOutput(doc)
		if err != nil {
			return credentials.Credentials{}, awserr.New(awserr.Credentials, credentials.CodeCredentialsSource, "the callback's output: %v", err)
		}
		return c, nil
	}, nil)
}

// CredentialsJSON retrieves p's credentials as gosoto_credentials_get's
// document.
func CredentialsJSON(ctx context.Context, p Credentials) ([]byte, error) {
	c, err := p.Retrieve(ctx)
	if err != nil {
		return nil, err
	}
	return c.AppendJSON(nil), nil
}

// signProviders are the chains gosoto_sign resolves credentials with, one
// per profile, kept for the life of the process so that their caches are.
var signProviders sync.Map // profile -> Credentials

// Sign signs the request document of gosoto_sign (CAPI.md); credentials
// not given in the document come from the default chain of its profile,
// reading env.
func Sign(ctx context.Context, request []byte, env Env) ([]byte, error) {
	return v4.SignJSON(request, func(profile string) (v4.Credentials, error) {
		p, ok := signProviders.Load(profile)
		if !ok {
			np, err := credentials.New(credentials.Options{Profile: profile, Env: env, Caller: caller})
			if err != nil {
				return v4.Credentials{}, err
			}
			p, _ = signProviders.LoadOrStore(profile, np)
		}
		c, err := p.(Credentials).Retrieve(ctx)
		if err != nil {
			return v4.Credentials{}, err
		}
		return v4.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken}, nil
	})
}

// Services returns the names of the built-in services as a JSON array.
func Services() ([]byte, error) { return json.Marshal(model.Names()) }

// DescribeService returns the description document of a built-in service
// (gosoto_service_describe).
func DescribeService(name string) ([]byte, error) {
	svc, err := model.Lookup(name)
	if err != nil {
		return nil, awserr.InvalidArg("%v", err)
	}
	return svc.Describe(), nil
}

// Describe returns the description document of c's service.
func Describe(c *Client) []byte { return c.Service().Describe() }

// Info returns gosoto_client_info's document: service, region, endpoint.
func Info(c *Client) ([]byte, error) {
	return json.Marshal(struct {
		Service     string `json:"service"`
		Region      string `json:"region"`
		EndpointURL string `json:"endpoint_url"`
	}{c.Service().Name, c.Region(), c.Endpoint()})
}

// Presign returns a presigned request for an operation, valid for expires
// seconds (0 means an hour), checked against MaxPresignExpires.
func Presign(ctx context.Context, c *Client, op string, input []byte, expiresSeconds int64) ([]byte, error) {
	max := int64(MaxPresignExpires / time.Second)
	if expiresSeconds < 0 || expiresSeconds > max {
		return nil, awserr.InvalidArg("expires_seconds: must be between 1 and %d (0 means 3600)", max)
	}
	return c.Presign(ctx, op, input, time.Duration(expiresSeconds)*time.Second)
}
