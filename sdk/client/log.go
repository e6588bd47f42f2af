package client

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	ilog "github.com/gosoto/gosoto/internal/log"
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/gosoto/gosoto/sdk/transport"
)

// newLogger returns the wire logger GOSOTO_LOG selects (nil = off), read
// from the live environment when the client is made.
func newLogger(env settings.Env) *ilog.Logger {
	if env == nil {
		return nil
	}
	return ilog.FromEnv(ilog.Env(env))
}

// attemptSeq numbers logged attempts so a response line can be matched to
// its request line.
var attemptSeq atomic.Uint64

// wireLog is one attempt's logging; its zero value (logging off) does
// nothing.
type wireLog struct {
	l     *ilog.Logger
	id    uint64
	start time.Time
}

// logRequest logs the request of one attempt (all values redacted by
// internal/log).
func (c *Client) logRequest(p *Call, req *http.Request) wireLog {
	if c.log == nil {
		return wireLog{}
	}
	w := wireLog{l: c.log, id: attemptSeq.Add(1), start: time.Now()}
	var body []byte
	if p.Request != nil {
		body = p.Request.Body
	}
	c.log.Request(w.id, req.Method, req.URL.String(), req.Host, req.Header, body, p.bodyLen())
	return w
}

// response logs the raw response of an attempt, or its transport error.
func (w wireLog) response(resp *transport.Response, err error) {
	if w.l == nil {
		return
	}
	if resp == nil {
		w.l.Response(w.id, 0, nil, nil, err, time.Since(w.start))
		return
	}
	w.l.Response(w.id, resp.StatusCode, resp.Header, resp.Body, nil, time.Since(w.start))
}

// result logs the outcome of an attempt whose payload went to a file.
func (w wireLog) result(r *result, err error) {
	if w.l == nil {
		return
	}
	switch {
	case r != nil && r.resp != nil:
		w.l.Response(w.id, r.resp.StatusCode, r.resp.Header, nil, nil, time.Since(w.start))
	case err != nil:
		e := awserr.As(err)
		if e.StatusCode != 0 {
			w.l.Response(w.id, e.StatusCode, e.Header, []byte(e.Message), nil, time.Since(w.start))
			return
		}
		w.l.Response(w.id, 0, nil, nil, err, time.Since(w.start))
	}
}
