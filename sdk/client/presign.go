package client

import (
	"context"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonx"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
)

// This file holds presigned URLs (gosoto_client_presign): any operation's
// request, signed in the query string, so that a plain HTTP client (a
// browser, curl) can send it without credentials until it expires. A
// service's hooks may change what is signed (BeforePresign): S3 presigns
// as the AWS SDKs do, UNSIGNED-PAYLOAD (the body is the sender's) and only
// the headers the input sets (x-amz-meta-*, Content-Type...).

// DefaultPresignExpires is the validity of a presigned URL when none is
// given (botocore's default).
const DefaultPresignExpires = time.Hour

// Presign returns a presigned request for an operation (model or
// snake_case name) and its input, valid for expires (0 means
// DefaultPresignExpires; at most v4.MaxPresignExpires), as JSON:
//
//	{"url": "https://bucket.s3.us-east-1.amazonaws.com/key?X-Amz-Algorithm=...",
//	 "method": "GET",
//	 "headers": [["Host", "bucket.s3.us-east-1.amazonaws.com"], ...],
//	 "expires": 3600}
//
// "headers" are the signed headers the request must be sent with (Host
// always; HTTP libraries set it from the URL by themselves). A payload in
// the input is not part of the signature (S3: UNSIGNED-PAYLOAD); other
// services sign the serialized body, which the sender must then send as
// is. Errors are *awserr.Error: InvalidArgument (unknown operation, bad
// expires), Validation, Credentials.
func (c *Client) Presign(ctx context.Context, opName string, input []byte, expires time.Duration) ([]byte, error) {
	if expires == 0 {
		expires = DefaultPresignExpires
	}
	if expires < time.Second || expires > v4.MaxPresignExpires {
		return nil, awserr.InvalidArg("expires_seconds: must be between 1 and %d", int64(v4.MaxPresignExpires/time.Second))
	}
	p, err := c.newCall(opName, input, true, CallOptions{})
	if err != nil {
		return nil, err
	}
	// The headers to sign: Host and the request's own, as BeforePresign
	// hooks leave them (S3 drops those that belong to the body the sender
	// will choose).
	h := append([][2]string{{"Host", p.host}}, p.Request.Header...)
	for i := range c.hooks {
		if hk := &c.hooks[i]; hk.BeforePresign != nil {
			h = hk.BeforePresign(p, h)
		}
	}
	vr := v4.Request{Method: p.Request.Method, URL: p.url, Header: h}
	if p.UnsignedPayload || p.FileBody() {
		vr.UnsignedPayload = true
	} else {
		vr.Body = p.Request.Body
	}
	vo := c.signOptions(p)
	vo.Time, vo.PresignExpires = c.now(), expires
	if p.Op.AuthType != "none" && c.creds != nil {
		creds, err := c.creds.Retrieve(ctx)
		if err != nil {
			return nil, awserr.As(err)
		}
		vc := v4.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}
		res, err := c.signer.Sign(&vr, vc, vo)
		if err != nil {
			return nil, awserr.As(err)
		}
		vr.URL, h = res.URL, res.Header
	}
	b := []byte(`{"url":`)
	b = jsonx.AppendString(b, vr.URL)
	b = append(b, `,"method":`...)
	b = jsonx.AppendString(b, p.Request.Method)
	b = append(b, `,"headers":[`...)
	for i, kv := range h {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = jsonx.AppendString(b, kv[0])
		b = append(b, ',')
		b = jsonx.AppendString(b, kv[1])
		b = append(b, ']')
	}
	b = append(b, `],"expires":`...)
	b = jsonx.AppendInt(b, int64(expires/time.Second))
	return append(b, '}'), nil
}
