package client

import (
	"context"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
)

// This file is the sign stage: one attempt's headers in wire order, signed
// with SigV4 (BeforeSign hooks adjust the signing options).

// signed is one attempt's signed request: headers in wire order.
type signed struct {
	method string
	url    string
	header [][2]string
	body   []byte
}

func (cl *Client) sign(ctx context.Context, c *Call) (*signed, error) {
	req := c.Request
	h := make([][2]string, 0, len(req.Header)+6)
	h = append(h, [2]string{"Host", c.host})
	var ctype string
	for _, kv := range req.Header {
		if strings.EqualFold(kv[0], "Content-Type") {
			ctype = kv[1]
		}
	}
	if ctype != "" {
		h = append(h, [2]string{"Content-Type", ctype})
	}
	m := req.Method
	if n := c.bodyLen(); n > 0 || m == "POST" || m == "PUT" || m == "PATCH" {
		h = append(h, [2]string{"Content-Length", strconv.FormatInt(n, 10)})
	}
	for _, kv := range req.Header {
		if !strings.EqualFold(kv[0], "Content-Type") {
			h = append(h, kv)
		}
	}
	out := &signed{method: m, url: c.url, body: req.Body}
	if c.Op.AuthType == "none" || cl.creds == nil {
		out.header = h
		return out, nil
	}
	creds, err := cl.creds.Retrieve(ctx)
	if err != nil {
		return nil, awserr.As(err)
	}
	vc := v4.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}
	vr := v4.Request{Method: m, URL: c.url, Header: h}
	if c.UnsignedPayload {
		vr.UnsignedPayload = true
	} else {
		vr.BodySHA256 = c.bodyHash
	}
	vo := cl.signOptions(c)
	vo.Time = cl.signTime()
	all, err := cl.signer.AppendSignedHeaders(make([][2]string, 0, len(h)+5), &vr, &vc, &vo)
	if err != nil {
		return nil, awserr.As(err)
	}
	out.header = wireOrder(all)
	return out, nil
}

// signOptions are the SigV4 options of c: its endpoint's signing name and
// region, as the BeforeSign hooks leave them.
func (cl *Client) signOptions(c *Call) v4.Options {
	o := v4.Options{Service: c.Endpoint.SigningName, Region: c.Endpoint.SigningRegion}
	for i := range cl.hooks {
		if h := &cl.hooks[i]; h.BeforeSign != nil {
			h.BeforeSign(c, &o)
		}
	}
	return o
}

// wireOrder puts headers in the order CAPI.md documents for
// build_request: Host, Content-Type, Content-Length, X-Amz-Date,
// X-Amz-Security-Token, Authorization, then the operation's own, each
// group keeping its relative order.
func wireOrder(h [][2]string) [][2]string {
	var ranks [16]uint8
	rk := ranks[:0]
	if len(h) > len(ranks) {
		rk = make([]uint8, 0, len(h))
	}
	for _, kv := range h {
		rk = append(rk, wireRank(kv[0]))
	}
	out := make([][2]string, 0, len(h))
	for r := uint8(0); r <= wireRankOther; r++ {
		for i, kv := range h {
			if rk[i] == r {
				out = append(out, kv)
			}
		}
	}
	return out
}

// wireRanked are the header names wireOrder puts first, in order.
var wireRanked = [...]string{"Host", "Content-Type", "Content-Length", "X-Amz-Date", "X-Amz-Security-Token", "Authorization"}

const wireRankOther = uint8(len(wireRanked))

func wireRank(name string) uint8 {
	for i, n := range wireRanked {
		if len(n) == len(name) && strings.EqualFold(n, name) {
			return uint8(i)
		}
	}
	return wireRankOther
}
