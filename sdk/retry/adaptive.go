package retry

import (
	"context"
	"math"
	"sync"
	"time"
)

// The adaptive retry mode adds client-side rate limiting to the standard
// mode: before each attempt the client takes a send token from a token
// bucket whose fill rate follows CUBIC congestion control, as the AWS SDKs
// do. The bucket is off until the first throttling response; each
// throttle cuts the allowed rate (to Beta times the measured send rate),
// each success grows it back along a cubic curve, and the rate never
// exceeds twice the measured send rate.

// Adaptive mode constants.
const (
	// MinFillRate is the slowest the bucket refills (tokens per second).
	MinFillRate = 0.5
	// MinCapacity is the smallest bucket size.
	MinCapacity = 1.0
	// Smooth weighs the newest send-rate measurement.
	Smooth = 0.8
	// Beta is the factor a throttle applies to the rate.
	Beta = 0.7
	// ScaleConstant scales the cubic growth.
	ScaleConstant = 0.4
)

// RateLimiter is the adaptive mode's client-side rate limiter for one
// client. It is safe for concurrent use.
type RateLimiter struct {
	mu sync.Mutex

	// now returns seconds on a monotonic clock; sleep waits (false when ctx
	// ends first). Tests replace both.
	now   func() float64
	sleep func(ctx context.Context, d time.Duration) bool

	fillRate         float64
	maxCapacity      float64
	currentCapacity  float64
	lastTimestamp    float64
	haveTimestamp    bool
	enabled          bool
	measuredTxRate   float64
	lastTxRateBucket float64
	requestCount     int
	lastMaxRate      float64
	lastThrottleTime float64
	timeWindow       float64
}

// NewRateLimiter returns a disabled limiter using the real clock.
func NewRateLimiter() *RateLimiter {
	base := time.Now()
	r := &RateLimiter{
		now:   func() float64 { return time.Since(base).Seconds() },
		sleep: sleepCtx,
	}
	r.lastTxRateBucket = math.Floor(r.now())
	r.lastThrottleTime = r.now()
	return r
}

// SetClock replaces the clock (seconds) and the sleep function; for tests.
func (r *RateLimiter) SetClock(now func() float64, sleep func(context.Context, time.Duration) bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.now, r.sleep = now, sleep
	r.lastTxRateBucket = math.Floor(now())
	r.lastThrottleTime = now()
	r.haveTimestamp = false
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// Acquire takes one send token, waiting for the bucket to refill when it
// is empty. It returns ctx's error if ctx ends while waiting. A limiter
// that has seen no throttle yet never waits.
func (r *RateLimiter) Acquire(ctx context.Context) error {
	for {
		r.mu.Lock()
		if !r.enabled {
			r.mu.Unlock()
			return nil
		}
		r.refill()
		if r.currentCapacity >= 1 {
			r.currentCapacity--
			r.mu.Unlock()
			return nil
		}
		wait := time.Duration((1 - r.currentCapacity) / r.fillRate * float64(time.Second))
		sleep := r.sleep
		r.mu.Unlock()
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
	}
}

// Update records the outcome of an attempt: throttled is true for a
// throttling error (IsThrottle), false otherwise.
func (r *RateLimiter) Update(throttled bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updateMeasuredRate()
	var rate float64
	if throttled {
		rateToUse := r.measuredTxRate
		if r.enabled {
			rateToUse = math.Min(rateToUse, r.fillRate)
		}
		r.lastMaxRate = rateToUse
		r.calculateTimeWindow()
		r.lastThrottleTime = r.now()
		rate = rateToUse * Beta
		r.enabled = true
	} else {
		r.calculateTimeWindow()
		rate = r.cubicSuccess(r.now())
	}
	r.updateBucketRate(math.Min(rate, 2*r.measuredTxRate))
}

// FillRate returns the bucket's fill rate (tokens per second).
func (r *RateLimiter) FillRate() float64 { r.mu.Lock(); defer r.mu.Unlock(); return r.fillRate }

// MeasuredRate returns the measured send rate (requests per second).
func (r *RateLimiter) MeasuredRate() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.measuredTxRate
}

// Enabled reports whether the limiter has seen a throttle.
func (r *RateLimiter) Enabled() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.enabled }

func (r *RateLimiter) calculateTimeWindow() {
	r.timeWindow = math.Cbrt(r.lastMaxRate * (1 - Beta) / ScaleConstant)
}

func (r *RateLimiter) cubicSuccess(t float64) float64 {
	dt := t - r.lastThrottleTime
	return ScaleConstant*math.Pow(dt-r.timeWindow, 3) + r.lastMaxRate
}

func (r *RateLimiter) refill() {
	t := r.now()
	if !r.haveTimestamp {
		r.lastTimestamp, r.haveTimestamp = t, true
		return
	}
	r.currentCapacity = math.Min(r.maxCapacity, r.currentCapacity+(t-r.lastTimestamp)*r.fillRate)
	r.lastTimestamp = t
}

func (r *RateLimiter) updateBucketRate(rate float64) {
	r.refill()
	r.fillRate = math.Max(rate, MinFillRate)
	r.maxCapacity = math.Max(rate, MinCapacity)
	r.currentCapacity = math.Min(r.currentCapacity, r.maxCapacity)
}

func (r *RateLimiter) updateMeasuredRate() {
	t := r.now()
	bucket := math.Floor(t*2) / 2
	r.requestCount++
	if bucket > r.lastTxRateBucket {
		cur := float64(r.requestCount) / (bucket - r.lastTxRateBucket)
		r.measuredTxRate = cur*Smooth + r.measuredTxRate*(1-Smooth)
		r.requestCount = 0
		r.lastTxRateBucket = bucket
	}
}
