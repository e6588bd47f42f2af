package client

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sleepClock is a fake clock for the adaptive rate limiter: sleeping
// advances it instantly.
type sleepClock struct {
	mu    sync.Mutex
	t     float64
	slept time.Duration
}

func (s *sleepClock) now() float64 { s.mu.Lock(); defer s.mu.Unlock(); return s.t }
func (s *sleepClock) sleep(ctx context.Context, d time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.t += d.Seconds()
	s.slept += d
	return ctx.Err() == nil
}

// retry_mode adaptive: throttles enable the client-side rate limiter, and
// later attempts wait for send tokens; the retries still show in
// RetryAttempts.
func TestFaultAdaptiveRateLimiting(t *testing.T) {
	throttle := jsonErr(400, "ThrottlingException")
	srv := newFaultServer(t, throttle, throttle, sqsTarget.ok)
	c := faultClient(t, "sqs", srv.url, `,"retry_mode":"adaptive"`)
	require.NotNil(t, c.rate)
	clk := &sleepClock{}
	c.rate.SetClock(clk.now, clk.sleep)
	out, err := c.Call(context.Background(), "ListQueues", nil)
	require.NoError(t, err)
	assert.Equal(t, 2.0, decode(t, out)["ResponseMetadata"].(map[string]any)["RetryAttempts"])
	assert.True(t, c.rate.Enabled())
	assert.Greater(t, clk.slept, time.Duration(0), "the attempts after a throttle waited for send tokens")
	assert.Equal(t, int32(3), srv.hits.Load())
}

func TestFaultStandardModeHasNoRateLimiter(t *testing.T) {
	c := faultClient(t, "sqs", "http://127.0.0.1:9", "")
	assert.Nil(t, c.rate)
}

// A call canceled while waiting for a send token ends with RequestCanceled.
func TestFaultAdaptiveCanceledWhileWaiting(t *testing.T) {
	srv := newFaultServer(t, jsonErr(400, "ThrottlingException"))
	c := faultClient(t, "sqs", srv.url, `,"retry_mode":"adaptive"`)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Call(ctx, "ListQueues", nil)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 2*time.Second)
}
