package client

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonx"
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
	if c.stream.outFile != "" {
		r, err := cl.sendToFile(ctx, c, req)
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
	if c.stream.inFile != "" { // the payload streams from a file (stream.go)
		if err := setFileBody(req, c); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// sendToFile sends one attempt whose 2xx body goes to c.stream.outFile: to
// a temporary file next to it as it arrives, renamed over it once the
// response has been parsed.
func (cl *Client) sendToFile(ctx context.Context, c *Call, req *http.Request) (*result, error) {
	var tmp *os.File
	defer func() { discardTemp(tmp) }()
	sink := func(status int, _ http.Header) (io.Writer, error) {
		if status < 200 || status > 299 {
			return nil, nil
		}
		f, err := createTemp(c.stream.outFile)
		tmp = f
		return f, err
	}
	resp, n, err := cl.transport.DoStream(ctx, req, transport.Sink(sink))
	if err != nil {
		if _, ok := err.(*awserr.Error); !ok {
			err = awserr.InvalidArg("%s %s: %v", OutputFileKey, c.stream.outFile, err)
		}
		return nil, err
	}
	r, err := cl.parse(c, (*Response)(resp))
	if err != nil || tmp == nil {
		return r, err
	}
	if err := finishTemp(tmp, c.stream.outFile); err != nil {
		return nil, err
	}
	tmp = nil
	r.body = SetMember(r.body, c.stream.outMember, fileMember(c.stream.outFile, n))
	return r, nil
}

func createTemp(out string) (*os.File, error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".gosoto-*")
	if err != nil {
		return nil, awserr.InvalidArg("%s: %v", OutputFileKey, err)
	}
	return f, nil
}

func discardTemp(f *os.File) {
	if f != nil {
		f.Close()
		os.Remove(f.Name())
	}
}

func finishTemp(tmp *os.File, out string) error {
	if err := tmp.Close(); err != nil {
		return awserr.InvalidArg("%s %s: %v", OutputFileKey, out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return awserr.InvalidArg("%s %s: %v", OutputFileKey, out, err)
	}
	return nil
}

// fileMember is the output payload member of a body written to a file:
// {"file": path, "size": n}.
func fileMember(path string, n int64) []byte {
	v := []byte(`{"file":`)
	v = jsonx.AppendString(v, path)
	v = append(v, `,"size":`...)
	v = strconv.AppendInt(v, n, 10)
	return append(v, '}')
}
