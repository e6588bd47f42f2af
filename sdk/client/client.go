// Package client is the engine behind every gosoto call: a plain pipeline
// of named stages that turns an operation name and boto3-shaped input JSON
// into a signed HTTP request, sends it with retries, and returns
// boto3-shaped output JSON with ResponseMetadata, or an *awserr.Error.
//
// The stages of one call, in order (pipeline.go, sign.go, send.go,
// call.go):
//
//	input      the call's JSON, streaming forms taken out       hooks: BeforeValidate
//	validate   protocol.Validate against the input shape
//	endpoint   the call's endpoint (host, base path, signing name and region)
//	serialize  protocol.Build: method, path, query, headers, body  hooks: AfterSerialize
//	retry      the loop around the next three, with backoff and the retry quota
//	  sign     SigV4 over the request                              hooks: BeforeSign
//	  send     one attempt through sdk/transport                   hooks: AfterSend
//	  parse    protocol.Parse into output JSON                     hooks: AfterParse
//
// A service's behaviours (S3's addressing and 200-with-error responses,
// Route 53's ids, DynamoDB's CRC32...) are not in this package: they are
// Hooks, registered per service in sdk/customize, which the engine passes
// to New. The generic stages know no service.
//
// It composes the layers below it (sdk/model, sdk/protocol, sdk/settings,
// sdk/endpoints, credentials, sdk/signer/v4, sdk/retry, sdk/transport) and
// knows nothing of C: capi reaches it through sdk/engine.
package client

import (
	"net/url"
	"time"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/internal/awserr"
	ilog "github.com/gosoto/gosoto/internal/log"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/gosoto/gosoto/sdk/protocol"
	"github.com/gosoto/gosoto/sdk/retry"
	"github.com/gosoto/gosoto/sdk/settings"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/gosoto/gosoto/sdk/transport"
)

// Client calls the operations of one service. It is safe for concurrent use.
type Client struct {
	svc      *model.Service
	proto    protocol.Protocol
	settings settings.Resolved
	// endpoint is the client's endpoint and how it is signed; each call
	// starts from a copy (pipeline.go).
	endpoint Endpoint
	// creds signs; nil sends every call unsigned (Options.Unsigned).
	creds  credentials.Provider
	signer *v4.Signer
	// transport sends attempts; send, when set, replaces it (Options.Send).
	transport *transport.Transport
	send      SendFunc
	retryer   *retry.Standard
	timeout   time.Duration
	hooks     []Hook
	// now is the clock used for signing; tests replace it.
	now func() time.Time
	// log is the wire logger; nil (off) unless GOSOTO_LOG=debug (log.go).
	log *ilog.Logger
	// skew is the correction to now learnt from the server (skew.go).
	skew clockSkew
	// rate is the adaptive retry mode's rate limiter; nil in other modes.
	rate *retry.RateLimiter
}

// Options are what a client is made with besides its config document.
type Options struct {
	// Hooks gives the customizations of the client's service, once its
	// model is loaded; they run in order at each stage (sdk/customize.For
	// is the engine's). nil means none.
	Hooks func(svc *model.Service) []Hook
	// Credentials, when set, signs every call instead of the chain the
	// client would resolve for itself. It is shared, not copied: many
	// clients may use one provider and its cache. It cannot be combined
	// with the config's "credentials".
	Credentials credentials.Provider
	// Caller performs the STS and SSO calls of the client's own credentials
	// chain (assume role, web identity, SSO); nil leaves those sources
	// without a caller (their error says so). The engine passes
	// CredentialsCaller.
	Caller credentials.Caller
	// Unsigned sends every call unsigned (botocore's UNSIGNED signature
	// version): no credentials are looked up.
	Unsigned bool
	// Now is the clock signatures are dated by; nil means time.Now.
	Now func() time.Time
	// Send, when set, replaces sdk/transport for every attempt: a stub for
	// tests, or a caller's own HTTP stack, as botocore's before-send event
	// allows.
	Send SendFunc
}

// New makes a client from the client config JSON of CAPI.md, resolving
// settings through env (the live process environment), with no service
// hooks. Every failure is an *awserr.Error: InvalidArgument for a bad
// config or unknown service.
func New(configJSON []byte, env settings.Env) (*Client, error) {
	return NewWith(configJSON, env, Options{})
}

// NewWith is New with Options.
func NewWith(configJSON []byte, env settings.Env, o Options) (*Client, error) {
	cfg, err := settings.ParseConfig(configJSON)
	if err != nil {
		return nil, err
	}
	return NewFromConfig(cfg, env, o)
}

// NewFromConfig makes a client from a parsed config.
func NewFromConfig(cfg *settings.Config, env settings.Env, o Options) (*Client, error) {
	if o.Credentials != nil && cfg.Credentials != nil {
		return nil, awserr.InvalidArg(`client config: "credentials" cannot be combined with a credentials handle (use one or the other)`)
	}
	svc, err := loadModel(cfg)
	if err != nil {
		return nil, err
	}
	proto, err := protocol.For(svc)
	if err != nil {
		return nil, awserr.InvalidArg("service %q: %v", svc.Name, err)
	}
	res, err := settings.Resolve(cfg, svc, env)
	if err != nil {
		return nil, err
	}
	ep, err := clientEndpoint(svc, res)
	if err != nil {
		return nil, err
	}
	creds := o.Credentials
	if creds == nil && !o.Unsigned {
		if creds, err = clientChain(cfg, env, res.Region, o.Caller); err != nil { // provider.go
			return nil, err
		}
	}
	topts, err := transportOptions(cfg, res, env) // CA bundle, verify_ssl (tls.go)
	if err != nil {
		return nil, err
	}
	c := &Client{
		svc:       svc,
		proto:     proto,
		settings:  res,
		endpoint:  ep,
		creds:     creds,
		signer:    &v4.Signer{},
		transport: transport.New(topts),
		send:      o.Send,
		log:       newLogger(env), // GOSOTO_LOG=debug (log.go)
		retryer:   retry.NewStandard(res.MaxAttempts),
		timeout:   cfg.Timeout,
		now:       time.Now,
	}
	if o.Hooks != nil {
		c.hooks = o.Hooks(svc)
	}
	if o.Now != nil {
		c.now = o.Now
	}
	if res.RetryMode == "adaptive" {
		c.rate = retry.NewRateLimiter()
	}
	return c, nil
}

// clientEndpoint is the endpoint settings resolved, parsed, with the
// model's signing name and the region as defaults.
func clientEndpoint(svc *model.Service, res settings.Resolved) (Endpoint, error) {
	u, err := url.Parse(res.Endpoint.URL)
	if err != nil {
		return Endpoint{}, awserr.InvalidArg("endpoint %q: %v", res.Endpoint.URL, err)
	}
	ep := Endpoint{Scheme: u.Scheme, Host: u.Host, Path: u.EscapedPath(),
		SigningName: res.Endpoint.SigningName, SigningRegion: res.Endpoint.SigningRegion}
	if ep.SigningName == "" {
		ep.SigningName = svc.SigningName()
	}
	if ep.SigningRegion == "" {
		ep.SigningRegion = res.Region
	}
	return ep, nil
}

func loadModel(cfg *settings.Config) (*model.Service, error) {
	switch {
	case len(cfg.ServiceModel) > 0:
		svc, err := model.Load(cfg.Service, cfg.ServiceModel)
		if err != nil {
			return nil, awserr.InvalidArg("service_model: %v", err)
		}
		return svc, nil
	case cfg.ServiceModelPath != "":
		doc, err := readModelFile(cfg.ServiceModelPath) // hostile.go: at most MaxModelFileBytes
		if err != nil {
			return nil, awserr.InvalidArg("service_model_path: %v", err)
		}
		svc, err := model.Load(cfg.Service, doc)
		if err != nil {
			return nil, awserr.InvalidArg("service_model_path %s: %v", cfg.ServiceModelPath, err)
		}
		return svc, nil
	case cfg.Service == "":
		return nil, awserr.InvalidArg(`client config: "service" is required (or "service_model" / "service_model_path")`)
	}
	svc, err := model.Lookup(cfg.Service)
	if err != nil {
		return nil, awserr.InvalidArg("%v", err)
	}
	return svc, nil
}

// Service returns the client's service model.
func (c *Client) Service() *model.Service { return c.svc }

// Region returns the resolved region.
func (c *Client) Region() string { return c.settings.Region }

// Endpoint returns the resolved endpoint URL.
func (c *Client) Endpoint() string { return c.endpoint.URL() }

// Settings returns the client's resolved settings (hooks read their
// service's settings here, such as S3's addressing style).
func (c *Client) Settings() *settings.Resolved { return &c.settings }

// Close releases idle connections.
func (c *Client) Close() { c.transport.CloseIdle() }

func (c *Client) operation(name string) (*model.Operation, error) {
	if op, ok := c.svc.Operation(name); ok {
		return op, nil
	}
	return nil, awserr.InvalidArg("unknown operation %q for service %s (use the model name, e.g. %q, or its snake_case form)",
		name, c.svc.Name, firstOp(c.svc))
}

func firstOp(s *model.Service) string {
	if n := s.OperationNames(); len(n) > 0 {
		return n[0]
	}
	return "Operation"
}
