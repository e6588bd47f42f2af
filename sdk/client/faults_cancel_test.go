package client

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// settleGoroutines waits up to 3s for the goroutine count to fall to at
// most n, and returns the count.
func settleGoroutines(n int) int {
	deadline := time.Now().Add(3 * time.Second)
	for {
		g := runtime.NumGoroutine()
		if g <= n || time.Now().After(deadline) {
			return g
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Canceling the context of a call blocked on a stalled server ends it
// promptly with RequestCanceled (not retried), and leaves no goroutine
// behind.
func TestFaultCancelInFlight(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault fault
	}{
		{"before the headers", stallBefore()},
		{"in the body", stallMid(sqsOK)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			func() {
				srv := newFaultServer(t, tc.fault)
				defer srv.close()
				c := faultClient(t, "sqs", srv.url, `,"read_timeout_ms":60000`)
				defer c.Close()
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(100*time.Millisecond, cancel)
				start := time.Now()
				_, err := c.Call(ctx, "ListQueues", nil)
				took := time.Since(start)
				e := awserr.As(err)
				require.NotNil(t, e)
				assert.Equal(t, awserr.Network, e.Kind)
				assert.Equal(t, "RequestCanceled", e.Code)
				assert.False(t, e.Retryable)
				assert.Equal(t, 0, e.RetryAttempts)
				assert.Equal(t, int32(1), srv.hits.Load())
				assert.Less(t, took, time.Second)
			}()
			after := settleGoroutines(before)
			assert.LessOrEqual(t, after, before, "goroutines left behind")
		})
	}
}

// A canceled call waiting between retries stops waiting.
func TestFaultCancelDuringBackoff(t *testing.T) {
	srv := newFaultServer(t, jsonErr(503, "ServiceUnavailable"))
	c := faultClient(t, "sqs", srv.url, "")
	c.retryer.SetRand(func() float64 { return 0.99 }) // ~1s backoff
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.Call(ctx, "ListQueues", nil)
	assert.Less(t, time.Since(start), 800*time.Millisecond)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, int32(1), srv.hits.Load())
}

// A per-call deadline (the context's) ends a stalled call with TimeoutError.
func TestFaultPerCallDeadline(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		srv := newFaultServer(t, stallBefore())
		defer srv.close()
		c := faultClient(t, "sqs", srv.url, `,"read_timeout_ms":60000`)
		defer c.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := c.Call(ctx, "ListQueues", nil)
		e := awserr.As(err)
		require.NotNil(t, e)
		assert.Equal(t, "TimeoutError", e.Code)
		assert.Less(t, time.Since(start), time.Second)
	}()
	assert.LessOrEqual(t, settleGoroutines(before), before)
}
