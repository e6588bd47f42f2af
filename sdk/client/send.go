package client

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/transport"
)

// This file is the send stage: one attempt's signed request made into an
// HTTP request and sent through sdk/transport (or Options.Send), its
// response handed to the parse stage. An output payload bound for a file
// streams there (stream.go).

// SendFunc sends one attempt and returns the whole response. Errors should
// be *awserr.Error of Kind Network (sdk/transport's), so that retries can
// classify them. An output payload bound for a file ("$output_file")
// always goes through sdk/transport, which streams it.
type SendFunc func(ctx context.Context, req *http.Request) (*transport.Response, error)

// result is one attempt's parsed output.
type result struct {
	body      []byte
	requestID string
	resp      *Response
}

// attempt signs, sends and parses one attempt of c.
func (cl *Client) attempt(ctx context.Context, c *Call) (*result, error) {
	s, err := cl.sign(ctx, c)
	if err != nil {
		return nil, err
	}
	req, err := s.httpRequest(ctx, c)
	if err != nil {
		return nil, err
	}
	lg := cl.logRequest(c, req) // wire log, GOSOTO_LOG=debug (log.go)
	if c.stream.out != nil {
		r, err := cl.sendToSink(ctx, c, req)
		lg.result(r, err)
		return r, err
	}
	var resp *transport.Response
	if cl.send != nil {
		resp, err = cl.send(ctx, req)
	} else {
		resp, err = cl.transport.Do(ctx, req)
	}
	lg.response(resp, err)
	if err != nil {
		return nil, err
	}
	return cl.parse(c, (*Response)(resp))
}

// httpRequest is the signed request as net/http's type, its body in
// memory or streamed from the payload file.
func (s *signed) httpRequest(ctx context.Context, c *Call) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, s.method, s.url, bytes.NewReader(s.body))
	if err != nil {
		return nil, awserr.InvalidArg("request URL %q: %v", s.url, err)
	}
	for _, kv := range s.header {
		switch {
		case strings.EqualFold(kv[0], "Host"):
			req.Host = kv[1]
		case strings.EqualFold(kv[0], "Content-Length"):
			req.ContentLength = int64(len(s.body))
		default:
			req.Header[kv[0]] = append(req.Header[kv[0]], kv[1])
		}
	}
	if len(s.body) == 0 {
		req.Body = http.NoBody
	}
	if c.stream.in != nil { // the payload streams (stream.go)
		if err := setBody(req, c.stream.in); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// sendToSink sends one attempt whose 2xx body goes to the call's sink as
// it arrives; the sink commits once the response has been parsed.
func (cl *Client) sendToSink(ctx context.Context, c *Call, req *http.Request) (*result, error) {
	sink := c.stream.out
	begun := false
	choose := func(status int, _ http.Header) (io.Writer, error) {
		if status < 200 || status > 299 {
			return nil, nil
		}
		begun = true
		return sink.Begin()
	}
	resp, n, err := cl.transport.DoStream(ctx, req, transport.Sink(choose))
	if err != nil {
		if begun {
			sink.Abort()
		}
		if _, ok := err.(*awserr.Error); !ok {
			err = awserr.InvalidArg("%s: writing the output payload: %v", c.Op.Name, err)
		}
		return nil, err
	}
	r, err := cl.parse(c, (*Response)(resp))
	if err != nil || !begun {
		if begun {
			sink.Abort()
		}
		return r, err
	}
	v, err := sink.Commit(n)
	if err != nil {
		return nil, err
	}
	if v != nil {
		r.body = SetMember(r.body, c.stream.outMember, v)
	}
	return r, nil
}
