package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonx"
	"github.com/gosoto/gosoto/sdk/retry"
	"github.com/tidwall/gjson"
)

// Call invokes an operation: input is boto3's request parameters as JSON
// (empty means {}), the result is boto3's response dict as JSON with
// ResponseMetadata. Failures are *awserr.Error.
func (c *Client) Call(ctx context.Context, opName string, input []byte) ([]byte, error) {
	return c.CallWith(ctx, opName, input, CallOptions{})
}

// CallWith is Call with a streamed payload or output sink (CallOptions).
func (c *Client) CallWith(ctx context.Context, opName string, input []byte, o CallOptions) ([]byte, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	p, err := c.newCall(opName, input, false, o)
	if err != nil {
		return nil, err
	}
	// retry: sign, send and parse once per attempt.
	var retryCost int
	skewRetried := false
	for attempt := 0; ; attempt++ {
		// Adaptive mode: take a send token first (sdk/retry/adaptive.go).
		if c.rate != nil {
			if err := c.rate.Acquire(ctx); err != nil {
				return nil, canceledError(ctx, attempt)
			}
		}
		out, err := c.attempt(ctx, p)
		if c.rate != nil {
			c.rate.Update(err != nil && retry.IsThrottle(awserr.As(err)))
		}
		if err == nil {
			c.retryer.Release(retryCost)
			return c.withMetadata(out, attempt), nil
		}
		e := awserr.As(err)
		e.RetryAttempts = attempt
		// Clock skew: correct the offset, re-sign and retry once (skew.go).
		if !skewRetried && ctx.Err() == nil && c.correctSkew(e) {
			skewRetried = true
			continue
		}
		if e.Kind == awserr.Service || e.Kind == awserr.Network {
			e.Retryable = retry.IsRetryable(e)
		}
		if !e.Retryable || attempt+1 >= c.retryer.MaxAttempts() || ctx.Err() != nil {
			return nil, e
		}
		cost, ok := c.retryer.Acquire(e)
		if !ok {
			return nil, e
		}
		retryCost = cost
		if !sleep(ctx, c.retryer.Delay(attempt+1)) {
			return nil, e
		}
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// parse is the parse stage: AfterSend hooks, the protocol's parser, then
// AfterParse hooks.
func (c *Client) parse(p *Call, resp *Response) (*result, error) {
	for i := range c.hooks {
		if h := &c.hooks[i]; h.AfterSend != nil {
			r, err := h.AfterSend(p, resp)
			if err != nil {
				return nil, hookErr(h, err)
			}
			resp = r
		}
	}
	out, rid, err := c.proto.Parse(c.svc, p.Op, resp)
	if err != nil {
		e := awserr.As(err)
		if e.StatusCode == 0 {
			e.StatusCode = resp.StatusCode
		}
		if e.Header == nil {
			e.Header = resp.Header
		}
		if e.RequestID == "" {
			e.RequestID = rid
		}
		return nil, e
	}
	for i := range c.hooks {
		if h := &c.hooks[i]; h.AfterParse != nil {
			if out, err = h.AfterParse(p, resp, out); err != nil {
				return nil, hookErr(h, err)
			}
		}
	}
	return &result{body: out, requestID: rid, resp: resp}, nil
}

// withMetadata appends ResponseMetadata to the output object.
func (c *Client) withMetadata(r *result, attempts int) []byte {
	body := bytes.TrimSpace(r.body)
	if len(body) < 2 || body[0] != '{' {
		body = []byte("{}")
	}
	b := make([]byte, 0, len(body)+256)
	b = append(b, body[:len(body)-1]...)
	if len(bytes.TrimSpace(body[1:len(body)-1])) > 0 {
		b = append(b, ',')
	}
	b = append(b, `"ResponseMetadata":`...)
	b = awserr.AppendResponseMetadata(b, r.requestID, r.resp.StatusCode, r.resp.Header, attempts)
	return append(b, '}')
}

// BuildRequest validates, serializes and signs a call without sending it,
// returning CAPI.md's request JSON:
// {"method", "url", "headers": [[name, value], ...], "body_base64"}.
func (c *Client) BuildRequest(ctx context.Context, opName string, input []byte) ([]byte, error) {
	p, err := c.newCall(opName, input, false, CallOptions{})
	if err != nil {
		return nil, err
	}
	s, err := c.sign(ctx, p)
	if err != nil {
		return nil, err
	}
	b := []byte(`{"method":`)
	b = jsonx.AppendString(b, s.method)
	b = append(b, `,"url":`...)
	b = jsonx.AppendString(b, s.url)
	b = append(b, `,"headers":[`...)
	for i, kv := range s.header {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = jsonx.AppendString(b, kv[0])
		b = append(b, ',')
		b = jsonx.AppendString(b, kv[1])
		b = append(b, ']')
	}
	if p.stream.inFile != "" {
		// A payload file is named, not inlined (s3stream.go).
		b = append(b, `],"body_file":`...)
		b = jsonx.AppendString(b, p.stream.inFile)
		return append(b, '}'), nil
	}
	b = append(b, `],"body_base64":`...)
	b = jsonx.AppendString(b, base64.StdEncoding.EncodeToString(s.body))
	return append(b, '}'), nil
}

// ParseResponse turns CAPI.md's response JSON
// {"status_code", "headers": [[name, value], ...], "body_base64"} into
// exactly what Call would have returned for that HTTP response.
func (c *Client) ParseResponse(opName string, respJSON []byte) ([]byte, error) {
	op, err := c.operation(opName)
	if err != nil {
		return nil, err
	}
	resp, err := decodeResponse(respJSON)
	if err != nil {
		return nil, err
	}
	r, err := c.parse(c.parseOnly(op), resp)
	if err != nil {
		e := awserr.As(err)
		if e.Kind == awserr.Service {
			e.Retryable = retry.IsRetryable(e)
		}
		return nil, e
	}
	return c.withMetadata(r, 0), nil
}

func decodeResponse(doc []byte) (*Response, error) {
	if !gjson.ValidBytes(doc) {
		return nil, awserr.InvalidArg("response_json: not valid JSON")
	}
	v := gjson.ParseBytes(doc)
	if !v.IsObject() {
		return nil, awserr.InvalidArg("response_json: must be a JSON object")
	}
	var bad []string
	v.ForEach(func(k, _ gjson.Result) bool {
		switch k.String() {
		case "status_code", "headers", "body_base64":
		default:
			bad = append(bad, k.String())
		}
		return true
	})
	if len(bad) > 0 {
		return nil, awserr.InvalidArg("response_json: unknown member %q (valid: status_code, headers, body_base64)", bad[0])
	}
	sc := v.Get("status_code")
	if sc.Type != gjson.Number || sc.Num != float64(int(sc.Num)) || sc.Num < 100 || sc.Num > 999 {
		return nil, awserr.InvalidArg("response_json: status_code must be an integer HTTP status (100-999)")
	}
	resp := &Response{StatusCode: int(sc.Num), Header: http.Header{}}
	if h := v.Get("headers"); h.Exists() {
		if !h.IsArray() {
			return nil, awserr.InvalidArg("response_json: headers must be an array of [name, value] pairs")
		}
		var herr error
		h.ForEach(func(i, kv gjson.Result) bool {
			pair := kv.Array()
			if !kv.IsArray() || len(pair) != 2 || pair[0].Type != gjson.String || pair[1].Type != gjson.String {
				herr = awserr.InvalidArg("response_json: headers[%d] must be a [name, value] pair of strings", i.Int())
				return false
			}
			resp.Header.Add(pair[0].String(), pair[1].String())
			return true
		})
		if herr != nil {
			return nil, herr
		}
	}
	if b := v.Get("body_base64"); b.Exists() {
		if b.Type != gjson.String {
			return nil, awserr.InvalidArg("response_json: body_base64 must be a string")
		}
		body, err := base64.StdEncoding.DecodeString(b.String())
		if err != nil {
			return nil, awserr.InvalidArg("response_json: body_base64 is not valid base64: %v", err)
		}
		resp.Body = body
	}
	return resp, nil
}
