package transport

import (
	"context"
	"io"
	"net/http"
	"net/http/httptrace"

	"github.com/gosoto/gosoto/sdk/protocol"
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
func (t *Transport) DoStream(ctx context.Context, req *http.Request, sink Sink) (resp *protocol.Response, written int64, err error) {
	reqCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wd *watchdog
	if t.opts.ReadTimeout > 0 {
		wd = newWatchdog(t.opts.ReadTimeout, cancel)
		defer wd.stop()
		reqCtx = httptrace.WithClientTrace(reqCtx, &httptrace.ClientTrace{
			GotConn:              func(httptrace.GotConnInfo) { wd.start() },
			WroteHeaders:         wd.touch,
			WroteRequest:         func(httptrace.WroteRequestInfo) { wd.touch() },
			Got100Continue:       wd.touch,
			GotFirstResponseByte: wd.touch,
		})
	}
	r := req.WithContext(reqCtx)
	if wd != nil && r.Body != nil && r.Body != http.NoBody {
		r.Body = &progressReader{r: r.Body, wd: wd}
		if gb := req.GetBody; gb != nil {
			r.GetBody = func() (io.ReadCloser, error) {
				b, err := gb()
				if err != nil || b == nil || b == http.NoBody {
					return b, err
				}
				return &progressReader{r: b, wd: wd}, nil
			}
		}
	}

	hr, err := t.client.Do(r)
	if err != nil {
		return nil, 0, classify(ctx, reqCtx, req.URL, err)
	}
	defer hr.Body.Close()
	var body io.Reader = hr.Body
	if wd != nil {
		body = &progressReader{r: hr.Body, wd: wd}
	}
	w, err := sink(hr.StatusCode, hr.Header)
	if err != nil {
		return nil, 0, err
	}
	if w == nil {
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, 0, classify(ctx, reqCtx, req.URL, err)
		}
		return &protocol.Response{StatusCode: hr.StatusCode, Header: hr.Header, Body: data}, 0, nil
	}
	sw := &sinkWriter{w: w}
	buf := make([]byte, 64<<10)
	n, err := io.CopyBuffer(sw, struct{ io.Reader }{body}, buf)
	if sw.err != nil {
		return nil, n, sw.err
	}
	if err != nil {
		return nil, n, classify(ctx, reqCtx, req.URL, err)
	}
	return &protocol.Response{StatusCode: hr.StatusCode, Header: hr.Header}, n, nil
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
