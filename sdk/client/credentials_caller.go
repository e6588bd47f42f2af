package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/config"
	"github.com/tidwall/gjson"
)

// The credentials package assumes roles through an injected Caller (it
// sits below this package and must not import it). CredentialsCaller is
// that Caller, built on the generated STS client; init registers it as the
// default, so every credentials chain of a program that links sdk/client
// (capi does) can call STS.
func init() {
	credentials.SetDefaultCaller(CredentialsCaller(credentials.OSEnv))
}

// CredentialsCaller returns a credentials.Caller that performs the call
// with a client of the requested service: its region and endpoint come
// from the Call (the credentials package has already applied the
// configured endpoint URLs, so they are not consulted again), it is signed
// with the Call's credentials, or sent unsigned when it has none (STS
// AssumeRoleWithWebIdentity). env is the environment the client reads for
// anything else (AWS_CA_BUNDLE...).
func CredentialsCaller(env credentials.Env) credentials.Caller {
	return func(ctx context.Context, c credentials.Call) ([]byte, error) {
		yes := true
		fips, dual := c.UseFIPS, c.UseDualStack
		cfg := &config.Config{Service: c.Service, Region: c.Region, EndpointURL: c.EndpointURL,
			UseFIPS: &fips, UseDualStack: &dual, IgnoreConfiguredEndpointURLs: &yes,
			ConnectTimeout: config.DefaultConnectTimeout, ReadTimeout: config.DefaultReadTimeout}
		if c.Credentials != nil {
			creds, err := c.Credentials.Retrieve(ctx)
			if err != nil {
				return nil, err
			}
			cfg.Credentials = &creds
		} else {
			// Signed with throw-away keys, then stripped of the signature.
			cfg.Credentials = &credentials.Credentials{AccessKeyID: "UNSIGNED", SecretAccessKey: "UNSIGNED"}
		}
		cl, err := NewFromConfig(cfg, env)
		if err != nil {
			return nil, err
		}
		defer cl.Close()
		if c.Credentials != nil {
			return cl.Call(ctx, c.Operation, c.Input)
		}
		return cl.callUnsigned(ctx, c.Operation, c.Input)
	}
}

// callUnsigned sends one unsigned request for an operation whose model
// does not mark it unsigned.
func (c *Client) callUnsigned(ctx context.Context, op string, input []byte) ([]byte, error) {
	built, err := c.BuildRequest(ctx, op, input)
	if err != nil {
		return nil, err
	}
	doc := gjson.ParseBytes(built)
	body, _ := base64.StdEncoding.DecodeString(doc.Get("body_base64").String())
	req, err := http.NewRequestWithContext(ctx, doc.Get("method").String(), doc.Get("url").String(), bytes.NewReader(body))
	if err != nil {
		return nil, awserr.InvalidArg("request URL: %v", err)
	}
	for _, kv := range doc.Get("headers").Array() {
		name, value := kv.Get("0").String(), kv.Get("1").String()
		switch strings.ToLower(name) {
		case "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256":
		case "host":
			req.Host = value
		case "content-length":
			req.ContentLength = int64(len(body))
		default:
			req.Header.Add(name, value)
		}
	}
	resp, err := c.transport.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	o, err := c.operation(op)
	if err != nil {
		return nil, err
	}
	r, err := c.parse(&prepared{op: o}, resp)
	if err != nil {
		return nil, err
	}
	return c.withMetadata(r, 0), nil
}
