package transport

import (
	"context"
	"io"
	"net/http"
)

// This file holds the streaming variant of Do: a response body copied to a
// writer (a file) as it arrives instead of being read into memory, with the
// same connect and read timeouts, cancellation and error classification.
// (A streaming request body needs nothing here: Do sends any io.Reader
// body with the request's ContentLength, and GetBody reopens it.)

// Sink chooses where a response body goes, once the status code and headers
// are known: a writer to copy the body to, or nil to read it into memory as
// Do does (an error response, for example). An error it returns ends the
// exchange and is returned by DoStream unchanged.
type Sink func(statusCode int, header http.Header) (io.Writer, error)

// DoStream is Do with a body sink. When sink returns a writer, the body is
// copied to it in small pieces (memory use does not grow with the body),
// Response.Body is nil and written is the number of bytes copied;
// otherwise DoStream behaves as Do and written is 0.
//
// Errors are those of Do, plus: the error of sink, and the error of a
// failed write to its writer, both returned unchanged (they are not
// network errors and not retryable by themselves).
func (t *Transport) DoStream(ctx context.Context, req *http.Request, sink Sink) (resp *Response, written int64, err error) {
	x, err := t.roundTrip(ctx, req)
	if err != nil {
		return nil, 0, classify(ctx, req.URL, err)
	}
	hr := x.resp
	w, err := sink(hr.StatusCode, hr.Header)
	if err != nil {
		x.finish(false)
		return nil, 0, err
	}
	if w == nil {
		data, err := readBody(hr)
		x.finish(err == nil)
		if err != nil {
			return nil, 0, classify(ctx, req.URL, err)
		}
		return &Response{StatusCode: hr.StatusCode, Header: hr.Header, Body: data}, 0, nil
	}
	sw := &sinkWriter{w: w}
	buf := make([]byte, 64<<10)
	n, err := io.CopyBuffer(sw, struct{ io.Reader }{hr.Body}, buf)
	x.finish(err == nil)
	if sw.err != nil {
		return nil, n, sw.err
	}
	if err != nil {
		return nil, n, classify(ctx, req.URL, err)
	}
	return &Response{StatusCode: hr.StatusCode, Header: hr.Header}, n, nil
}

// sinkWriter remembers a write error, to tell it apart from a read error
// of the connection.
type sinkWriter struct {
	w   io.Writer
	err error
}

func (s *sinkWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if err != nil && s.err == nil {
		s.err = err
	}
	return n, err
}
