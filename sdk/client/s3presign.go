package client

import (
	"context"
	"strings"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonx"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/tidwall/gjson"
)

// This file holds presigned URLs (gosoto_client_presign): any operation's
// request, signed in the query string, so that a plain HTTP client (a
// browser, curl) can send it without credentials until it expires. S3
// requests are presigned as the AWS SDKs do: virtual-hosted or path style
// as for a call, UNSIGNED-PAYLOAD (the body is the sender's), and only the
// headers the input sets (x-amz-meta-*, Content-Type...) are signed.

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
	p, err := c.prepareCall(opName, input, false)
	if err != nil {
		return nil, err
	}
	// The headers to sign: Host and what the input set. The Content-Type a
	// blob payload gets by default, Content-Length and Content-MD5 belong to
	// a body the sender will choose.
	userCT := inputSetsHeader(p, in(input), "Content-Type")
	h := [][2]string{{"Host", p.host}}
	for _, kv := range p.req.Header {
		switch strings.ToLower(kv[0]) {
		case "content-type":
			if !userCT && c.s3 != nil {
				continue
			}
		case "content-md5", "content-length":
			if c.s3 != nil {
				continue
			}
		}
		h = append(h, kv)
	}
	vr := v4.Request{Method: p.req.Method, URL: p.url, Header: h}
	switch {
	case c.s3 != nil || p.op.AuthType == "v4-unsigned-body" || p.stream.inFile != "":
		vr.UnsignedPayload = true
	default:
		vr.Body = p.req.Body
	}
	vo := v4.Options{Service: c.signingName, Region: c.signingRegion, Time: c.now(), PresignExpires: expires}
	c.s3SignOptions(&vo)
	if p.op.AuthType != "none" {
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
	b = jsonx.AppendString(b, p.req.Method)
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

func in(input []byte) gjson.Result { return gjson.ParseBytes(input) }

// inputSetsHeader reports whether the input sets a member bound to the
// named header.
func inputSetsHeader(p *prepared, input gjson.Result, name string) bool {
	if p.op.Input == nil {
		return false
	}
	for _, m := range p.op.Input.Shape.Members {
		if m.Location == "header" && strings.EqualFold(m.WireName(), name) {
			if v := input.Get(gjsonEscape(m.Name)); v.Exists() && v.Type != gjson.Null {
				return true
			}
		}
	}
	return false
}
