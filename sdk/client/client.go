// Package client is the engine behind every gosoto call: it turns an
// operation name and boto3-shaped input JSON into a validated, serialized,
// signed HTTP request, sends it with retries, and returns boto3-shaped
// output JSON with ResponseMetadata, or an *awserr.Error.
//
// It composes the layers below it (sdk/model, sdk/protocol, sdk/config,
// sdk/endpoints, credentials, sdk/signer/v4, sdk/retry, sdk/transport) and
// knows nothing of C: capi wraps it.
package client

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/internal/awserr"
	ilog "github.com/gosoto/gosoto/internal/log"
	"github.com/gosoto/gosoto/sdk/config"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/gosoto/gosoto/sdk/protocol"
	"github.com/gosoto/gosoto/sdk/retry"
	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/gosoto/gosoto/sdk/transport"
)

// Client calls the operations of one service. It is safe for concurrent use.
type Client struct {
	svc           *model.Service
	proto         protocol.Protocol
	region        string
	endpoint      *url.URL
	signingName   string
	signingRegion string
	creds         credentials.Provider
	signer        *v4.Signer
	transport     *transport.Transport
	retryer       *retry.Standard
	timeout       time.Duration
	// s3 holds the S3 settings; nil for other services (s3.go).
	s3 *s3Settings
	// now is the clock used for signing; tests replace it.
	now func() time.Time
	// log is the wire logger; nil (off) unless GOSOTO_LOG=debug (log.go).
	log *ilog.Logger
	// skew is the correction to now learnt from the server (skew.go).
	skew clockSkew
	// rate is the adaptive retry mode's rate limiter; nil in other modes.
	rate *retry.RateLimiter
}

// New makes a client from the client config JSON of CAPI.md, resolving
// settings through env (the live process environment). Every failure is an
// *awserr.Error: InvalidArgument for a bad config or unknown service.
func New(configJSON []byte, env credentials.Env) (*Client, error) {
	cfg, err := config.Parse(configJSON)
	if err != nil {
		return nil, err
	}
	return NewFromConfig(cfg, env)
}

// NewFromConfig makes a client from a parsed config.
func NewFromConfig(cfg *config.Config, env credentials.Env) (*Client, error) {
	svc, err := loadModel(cfg)
	if err != nil {
		return nil, err
	}
	proto, err := protocol.For(svc)
	if err != nil {
		return nil, awserr.InvalidArg("service %q: %v", svc.Name, err)
	}
	res, err := config.Resolve(cfg, svc, env)
	if err != nil {
		return nil, err
	}
	region, ep := res.Region, res.Endpoint
	u, err := url.Parse(ep.URL)
	if err != nil {
		return nil, awserr.InvalidArg("endpoint %q: %v", ep.URL, err)
	}
	creds, err := clientChain(cfg, env, region) // see provider.go
	if err != nil {
		return nil, err
	}
	topts, err := transportOptions(cfg, res, env) // CA bundle, verify_ssl (tls.go)
	if err != nil {
		return nil, err
	}
	c := &Client{
		svc:           svc,
		proto:         proto,
		region:        region,
		endpoint:      u,
		signingName:   ep.SigningName,
		signingRegion: ep.SigningRegion,
		creds:         creds,
		signer:        &v4.Signer{},
		transport:     transport.New(topts),
		log:           newLogger(env), // GOSOTO_LOG=debug (log.go)
		retryer:       retry.NewStandard(res.MaxAttempts),
		timeout:       cfg.Timeout,
		now:           time.Now,
		s3:            newS3Settings(svc, res), // S3 behaviours (s3.go)
	}
	if res.RetryMode == "adaptive" {
		c.rate = retry.NewRateLimiter()
	}
	if c.signingName == "" {
		c.signingName = svc.SigningName()
	}
	if c.signingRegion == "" {
		c.signingRegion = region
	}
	return c, nil
}

func loadModel(cfg *config.Config) (*model.Service, error) {
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
func (c *Client) Region() string { return c.region }

// Endpoint returns the resolved endpoint URL.
func (c *Client) Endpoint() string { return c.endpoint.String() }

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

// prepared is an operation's serialized request, ready to be signed once per
// attempt (a retry keeps its idempotency tokens).
type prepared struct {
	op  *model.Operation
	req *protocol.Request
	url string
	// host is the Host header value.
	host string
	// bodyHash is the hex SHA-256 of the body, computed once.
	bodyHash string
	// unsigned sends the payload as UNSIGNED-PAYLOAD (S3 over https).
	unsigned bool
	// stream holds a payload file and an output file (s3stream.go).
	stream stream
}

// bodyLen is the length of the request body, in memory or in a file.
func (p *prepared) bodyLen() int64 {
	if p.stream.inFile != "" {
		return p.stream.inSize
	}
	return int64(len(p.req.Body))
}

func (c *Client) prepare(opName string, input []byte) (*prepared, error) {
	return c.prepareCall(opName, input, true)
}

// prepareCall is prepare; hash false skips hashing the payload (presign).
func (c *Client) prepareCall(opName string, input []byte, hash bool) (*prepared, error) {
	op, err := c.operation(opName)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(input)) == 0 {
		input = []byte("{}")
	}
	if err := checkInputText(op.Name, input); err != nil { // hostile.go
		return nil, err
	}
	// Route 53: "/hostedzone/Z123" ids become "Z123" (route53.go).
	input = route53FixIDs(c.svc, op, input)
	// Streaming forms ({"file": ...} payloads, "$output_file") leave the
	// input here (s3stream.go).
	input, st, err := extractStreaming(op, input)
	if err != nil {
		return nil, err
	}
	if err := protocol.Validate(op, input); err != nil {
		return nil, err
	}
	in := parseJSON(input)
	req, err := c.proto.Build(c.svc, op, in)
	if err != nil {
		return nil, awserr.As(err)
	}
	host := c.endpoint.Host
	// S3: the bucket moves into the host (virtual-hosted style); Content-MD5
	// on XML bodies (s3.go).
	host, path := c.s3Address(op, in, host, req.Path)
	c.s3ContentMD5(op, req)
	if req.HostPrefix != "" {
		host = req.HostPrefix + host
	}
	full := c.endpoint.Scheme + "://" + host + escapedJoin(c.endpoint.EscapedPath(), path)
	if req.RawQuery != "" {
		full += "?" + req.RawQuery
	}
	p := &prepared{op: op, req: req, url: full, host: host, stream: st}
	if st.inFile != "" {
		return p, c.prepareFileBody(p, hash)
	}
	p.unsigned = c.s3UnsignedPayload(false)
	if hash && !p.unsigned {
		sum := sha256.Sum256(req.Body)
		p.bodyHash = hex.EncodeToString(sum[:])
	}
	return p, nil
}

func escapedJoin(base, p string) string {
	if p == "" {
		p = "/"
	}
	if base == "" || base == "/" {
		return p
	}
	return strings.TrimSuffix(base, "/") + p
}

// signed is one attempt's signed request: headers in wire order.
type signed struct {
	method string
	url    string
	header [][2]string
	body   []byte
}

func (c *Client) sign(ctx context.Context, p *prepared) (*signed, error) {
	h := make([][2]string, 0, len(p.req.Header)+6)
	h = append(h, [2]string{"Host", p.host})
	var ctype string
	for _, kv := range p.req.Header {
		if strings.EqualFold(kv[0], "Content-Type") {
			ctype = kv[1]
		}
	}
	if ctype != "" {
		h = append(h, [2]string{"Content-Type", ctype})
	}
	m := p.req.Method
	if p.bodyLen() > 0 || m == "POST" || m == "PUT" || m == "PATCH" {
		h = append(h, [2]string{"Content-Length", fmt.Sprint(p.bodyLen())})
	}
	for _, kv := range p.req.Header {
		if !strings.EqualFold(kv[0], "Content-Type") {
			h = append(h, kv)
		}
	}
	out := &signed{method: m, url: p.url, body: p.req.Body}
	if p.op.AuthType == "none" {
		out.header = h
		return out, nil
	}
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return nil, awserr.As(err)
	}
	vc := v4.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}
	vr := v4.Request{Method: m, URL: p.url, Header: h}
	if p.op.AuthType == "v4-unsigned-body" || p.unsigned {
		vr.UnsignedPayload = true
	} else {
		vr.BodySHA256 = p.bodyHash
	}
	vo := v4.Options{Service: c.signingName, Region: c.signingRegion, Time: c.signTime()}
	c.s3SignOptions(&vo) // S3: no path normalization, single encoding, X-Amz-Content-Sha256 (s3.go)
	all, err := c.signer.AppendSignedHeaders(make([][2]string, 0, len(h)+5), &vr, &vc, &vo)
	if err != nil {
		return nil, awserr.As(err)
	}
	out.header = wireOrder(all)
	return out, nil
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
