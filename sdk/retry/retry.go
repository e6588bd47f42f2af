// Package retry owns the retry policy of the "standard" retry mode of the
// AWS SDKs: which errors are retried, the client-wide retry quota (token
// bucket) that stops retry storms, and the exponential backoff with full
// jitter between attempts.
//
// It classifies *awserr.Error values only; it knows nothing of HTTP
// clients, services, protocols or credentials, and it does not loop: the
// client's call loop asks it (IsRetryable, Acquire, Delay, Release).
package retry

import (
	"math/rand/v2"
	"sync"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
)

// Standard mode constants.
const (
	// DefaultMaxAttempts is the standard mode's default number of attempts
	// (the first one included).
	DefaultMaxAttempts = 3
	// QuotaCapacity is the initial and maximum size of the retry quota.
	QuotaCapacity = 500
	// RetryCost is what a retry takes from the quota.
	RetryCost = 5
	// TimeoutRetryCost is what a retry after a timeout takes.
	TimeoutRetryCost = 10
	// NoRetryIncrement is what a success that needed no retry gives back.
	NoRetryIncrement = 1
	// MaxBackoff caps the delay before a retry.
	MaxBackoff = 20 * time.Second
)

// CodeConnectTimeout is the code of a connection attempt that timed out
// (sdk/transport uses it).
const CodeConnectTimeout = "ConnectTimeoutError"

// throttlingCodes are the error codes the standard mode treats as
// throttling.
var throttlingCodes = map[string]bool{
	"Throttling":                             true,
	"ThrottlingException":                    true,
	"ThrottledException":                     true,
	"RequestThrottledException":              true,
	"TooManyRequestsException":               true,
	"ProvisionedThroughputExceededException": true,
	"TransactionInProgressException":         true,
	"RequestLimitExceeded":                   true,
	"BandwidthLimitExceeded":                 true,
	"LimitExceededException":                 true,
	"RequestThrottled":                       true,
	"SlowDown":                               true,
	"PriorRequestNotComplete":                true,
	"EC2ThrottledException":                  true,
}

// transientCodes are the error codes of transient failures.
var transientCodes = map[string]bool{
	"RequestTimeout":          true,
	"RequestTimeoutException": true,
	"PriorRequestNotComplete": true,
}

// transientStatus are HTTP status codes retried whatever the error code.
var transientStatus = map[int]bool{500: true, 502: true, 503: true, 504: true, 429: true}

// IsThrottle reports whether e is a throttling error (by code, or HTTP 429).
func IsThrottle(e *awserr.Error) bool {
	return e != nil && e.Kind == awserr.Service && (throttlingCodes[e.Code] || e.StatusCode == 429)
}

// IsRetryable reports whether the call that failed with e may be retried:
//
//   - Kind Network: when the transport marked it Retryable (connection
//     errors and connect/read timeouts are; a canceled call or an expired
//     call deadline is not);
//   - Kind Service: a throttling code (see IsThrottle), a transient code
//     (RequestTimeout, RequestTimeoutException, PriorRequestNotComplete),
//     HTTP status 500, 502, 503, 504 or 429, or Retryable already set;
//   - any other kind (invalid argument, validation, credentials, internal):
//     never.
func IsRetryable(e *awserr.Error) bool {
	if e == nil {
		return false
	}
	switch e.Kind {
	case awserr.Network:
		return e.Retryable
	case awserr.Service:
		return e.Retryable || throttlingCodes[e.Code] || transientCodes[e.Code] || transientStatus[e.StatusCode]
	}
	return false
}

// IsTimeout reports whether e is a connect or read timeout of the
// transport (Kind Network, Code awserr.CodeTimeout or CodeConnectTimeout).
// Retrying after a timeout costs TimeoutRetryCost.
func IsTimeout(e *awserr.Error) bool {
	return e != nil && e.Kind == awserr.Network && (e.Code == awserr.CodeTimeout || e.Code == CodeConnectTimeout)
}

// Standard is the standard retry mode's state for one client: its maximum
// number of attempts and its retry quota. It is safe for concurrent use.
type Standard struct {
	maxAttempts int

	mu    sync.Mutex
	quota int

	// rand returns a number in [0, 1); tests replace it.
	rand func() float64
}

// NewStandard returns the standard mode with maxAttempts attempts per call
// (the first one included; values below 1 mean DefaultMaxAttempts) and a
// full quota.
func NewStandard(maxAttempts int) *Standard {
	if maxAttempts < 1 {
		maxAttempts = DefaultMaxAttempts
	}
	return &Standard{maxAttempts: maxAttempts, quota: QuotaCapacity, rand: rand.Float64}
}

// SetRand replaces the source of jitter (a function returning numbers in
// [0, 1)); for tests.
func (s *Standard) SetRand(f func() float64) { s.rand = f }

// MaxAttempts returns the maximum number of attempts per call.
func (s *Standard) MaxAttempts() int { return s.maxAttempts }

// Quota returns the retry quota left.
func (s *Standard) Quota() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.quota
}

// Acquire takes the cost of retrying after e from the quota: TimeoutRetryCost
// when IsTimeout(e), else RetryCost. ok is false, and nothing is taken, when
// the quota holds less than that: the call must not be retried. Pass the
// returned cost to Release when the retried call succeeds.
func (s *Standard) Acquire(e *awserr.Error) (cost int, ok bool) {
	cost = RetryCost
	if IsTimeout(e) {
		cost = TimeoutRetryCost
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.quota < cost {
		return 0, false
	}
	s.quota -= cost
	return cost, true
}

// Release records a successful attempt: it gives back cost, the amount the
// last Acquire of the call took, or NoRetryIncrement when the call
// succeeded without a retry (cost 0). The quota never exceeds
// QuotaCapacity.
func (s *Standard) Release(cost int) {
	if cost <= 0 {
		cost = NoRetryIncrement
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.quota += cost
	if s.quota > QuotaCapacity {
		s.quota = QuotaCapacity
	}
}

// Delay returns how long to wait before the next attempt after attempt
// number attempt (1 for the first) failed. It is botocore's standard
// backoff, exponential with full jitter:
//
//	min(rand * 2^(attempt-1) seconds, MaxBackoff), rand uniform in [0, 1)
//
// so at most 1s after the first attempt, 2s after the second, 4s after the
// third, and never more than 20s.
func (s *Standard) Delay(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	exp := attempt - 1
	if exp > 16 { // 2^16 s is far beyond MaxBackoff; avoid overflow
		exp = 16
	}
	d := time.Duration(s.rand() * float64(time.Second) * float64(int64(1)<<exp))
	if d > MaxBackoff {
		d = MaxBackoff
	}
	if d < 0 {
		d = 0
	}
	return d
}
