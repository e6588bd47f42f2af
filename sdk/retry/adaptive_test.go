package retry

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a deterministic clock: sleep advances it.
type fakeClock struct {
	t     float64
	slept []time.Duration
}

func (f *fakeClock) now() float64 { return f.t }
func (f *fakeClock) sleep(ctx context.Context, d time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	f.slept = append(f.slept, d)
	f.t += d.Seconds()
	return true
}

func newTestLimiter() (*RateLimiter, *fakeClock) {
	clk := &fakeClock{}
	r := NewRateLimiter()
	r.SetClock(clk.now, clk.sleep)
	return r, clk
}

func TestAdaptiveDisabledUntilThrottled(t *testing.T) {
	r, clk := newTestLimiter()
	for i := 0; i < 100; i++ {
		require.NoError(t, r.Acquire(context.Background()))
		r.Update(false)
		clk.t += 0.01
	}
	assert.False(t, r.Enabled())
	assert.Empty(t, clk.slept)
}

// The measured send rate is a smoothed count per half-second bucket.
func TestAdaptiveMeasuredRate(t *testing.T) {
	r, clk := newTestLimiter()
	// 10 requests per second for 2 seconds.
	for i := 0; i < 20; i++ {
		r.Update(false)
		clk.t += 0.1
	}
	assert.InDelta(t, 10, r.MeasuredRate(), 2.5)
}

// A throttle sets the rate to Beta times the measured rate and enables the
// bucket; successes then grow it back along the cubic curve, reaching the
// rate before the throttle after the time window, and exceeding it later.
func TestAdaptiveCubic(t *testing.T) {
	r, clk := newTestLimiter()
	for i := 0; i < 20; i++ {
		r.Update(false)
		clk.t += 0.1
	}
	measured := r.MeasuredRate()
	r.Update(true)
	assert.True(t, r.Enabled())
	// The throttle's own request is measured too; the rate before it was
	// about measured.
	last := r.lastMaxRate
	assert.InDelta(t, measured, last, 3)
	assert.InDelta(t, last*Beta, r.FillRate(), 1e-9)

	window := r.timeWindow
	assert.InDelta(t, (last * (1 - Beta) / ScaleConstant), window*window*window, 1e-9)

	// Right after the throttle, the cubic success rate is the reduced rate.
	got := r.cubicSuccess(r.lastThrottleTime)
	assert.InDelta(t, last*Beta, got, 1e-9)
	// After the time window it is back to the last max rate...
	assert.InDelta(t, last, r.cubicSuccess(r.lastThrottleTime+window), 1e-9)
	// ...and beyond it, it grows.
	assert.Greater(t, r.cubicSuccess(r.lastThrottleTime+window+1), last)

	// Successes keep the rate at most twice the measured send rate.
	for i := 0; i < 50; i++ {
		clk.t += 0.1
		r.Update(false)
		assert.LessOrEqual(t, r.FillRate(), maxf(2*r.MeasuredRate(), MinFillRate)+1e-9)
	}
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// Once enabled, Acquire waits for tokens at the fill rate.
func TestAdaptiveAcquireWaits(t *testing.T) {
	r, clk := newTestLimiter()
	r.Update(true) // measured rate 0: the fill rate falls to MinFillRate
	assert.True(t, r.Enabled())
	assert.Equal(t, MinFillRate, r.FillRate())
	start := clk.t
	for i := 0; i < 3; i++ {
		require.NoError(t, r.Acquire(context.Background()))
	}
	// 3 tokens at 0.5 per second from an empty bucket: 6 seconds.
	assert.InDelta(t, 6, clk.t-start, 1e-6)
	assert.NotEmpty(t, clk.slept)
}

func TestAdaptiveAcquireCanceled(t *testing.T) {
	r, _ := newTestLimiter()
	r.Update(true)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, r.Acquire(ctx), context.Canceled)
}

// Consecutive throttles never raise the rate: the second uses the lower of
// the measured rate and the fill rate.
func TestAdaptiveRepeatedThrottles(t *testing.T) {
	r, clk := newTestLimiter()
	for i := 0; i < 40; i++ {
		r.Update(false)
		clk.t += 0.05
	}
	r.Update(true)
	f1 := r.FillRate()
	clk.t += 0.5
	r.Update(true)
	assert.LessOrEqual(t, r.FillRate(), f1)
	assert.GreaterOrEqual(t, r.FillRate(), MinFillRate)
}

// The real clock: a throttled limiter really waits.
func TestAdaptiveRealClock(t *testing.T) {
	r := NewRateLimiter()
	r.Update(true)
	start := time.Now() // an empty bucket at 0.5 tokens/s: a 2s wait
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := r.Acquire(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 500*time.Millisecond)
}
