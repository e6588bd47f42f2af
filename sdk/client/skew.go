package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
)

// Clock skew correction. When a service rejects a request because its
// signing time is too far from the server's clock (RequestTimeTooSkewed,
// a "Signature expired" InvalidSignatureException...), the response's Date
// header gives the server's time: the client keeps the offset (per client)
// and signs every later request with its clock corrected by it. The call
// that saw the error is re-signed and retried once.

// MinClockSkew is the smallest difference between the local and the
// server's clocks that the client corrects.
const MinClockSkew = 4 * time.Minute

// skewCodes are the error codes of a request signed at the wrong time.
var skewCodes = map[string]bool{
	"RequestTimeTooSkewed":      true,
	"RequestExpired":            true,
	"RequestInTheFuture":        true,
	"InvalidSignatureException": true,
	"SignatureDoesNotMatch":     true,
	"AuthFailure":               true,
}

// clockSkew is a client's clock offset (server time minus local time).
type clockSkew struct{ offset atomic.Int64 }

// signTime is the time to sign with: the client's clock plus the offset.
func (c *Client) signTime() time.Time {
	return c.now().Add(time.Duration(c.skew.offset.Load()))
}

// ClockOffset returns the correction the client applies to its clock.
func (c *Client) ClockOffset() time.Duration { return time.Duration(c.skew.offset.Load()) }

// correctSkew reports whether e is a clock-skew error whose response Date
// header is at least MinClockSkew away from the client's (corrected) clock;
// if so it stores the new offset, and the caller retries once.
func (c *Client) correctSkew(e *awserr.Error) bool {
	if e == nil || e.Kind != awserr.Service || !skewCodes[e.Code] || e.Header == nil {
		return false
	}
	if e.Code != "RequestTimeTooSkewed" && e.Code != "RequestInTheFuture" && e.Code != "RequestExpired" {
		// Signature errors are only skew when the message says so.
		m := strings.ToLower(e.Message)
		if !strings.Contains(m, "expired") && !strings.Contains(m, "not yet current") && !strings.Contains(m, "skew") {
			return false
		}
	}
	server, err := http.ParseTime(e.Header.Get("Date"))
	if err != nil {
		return false
	}
	local := c.now()
	d := server.Sub(local.Add(c.ClockOffset()))
	if d < MinClockSkew && d > -MinClockSkew {
		return false
	}
	c.skew.offset.Store(int64(server.Sub(local)))
	return true
}

// canceledError is the error of a call whose context ended before an
// attempt could be sent (while waiting for the adaptive rate limiter).
func canceledError(ctx context.Context, attempt int) *awserr.Error {
	code, msg := "RequestCanceled", "request canceled"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		code, msg = "TimeoutError", "the call's deadline passed"
	}
	e := awserr.New(awserr.Network, code, "%s before it was sent", msg)
	e.RetryAttempts = attempt
	return e
}
