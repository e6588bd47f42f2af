package retry

import (
	"sync"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
)

func svcErr(code string, status int) *awserr.Error {
	return &awserr.Error{Kind: awserr.Service, Code: code, StatusCode: status}
}

func TestIsRetryable(t *testing.T) {
	for _, tc := range []struct {
		e    *awserr.Error
		want bool
	}{
		{nil, false},
		{svcErr("ThrottlingException", 400), true},
		{svcErr("Throttling", 400), true},
		{svcErr("ThrottledException", 400), true},
		{svcErr("RequestThrottledException", 400), true},
		{svcErr("TooManyRequestsException", 400), true},
		{svcErr("ProvisionedThroughputExceededException", 400), true},
		{svcErr("TransactionInProgressException", 400), true},
		{svcErr("RequestLimitExceeded", 400), true},
		{svcErr("BandwidthLimitExceeded", 400), true},
		{svcErr("LimitExceededException", 400), true},
		{svcErr("RequestThrottled", 400), true},
		{svcErr("SlowDown", 503), true},
		{svcErr("PriorRequestNotComplete", 400), true},
		{svcErr("EC2ThrottledException", 400), true},
		{svcErr("RequestTimeout", 400), true},
		{svcErr("RequestTimeoutException", 408), true},
		{svcErr("InternalError", 500), true},
		{svcErr("BadGateway", 502), true},
		{svcErr("ServiceUnavailable", 503), true},
		{svcErr("GatewayTimeout", 504), true},
		{svcErr("Whatever", 429), true},
		{svcErr("NotImplemented", 501), false},
		{svcErr("QueueDoesNotExist", 400), false},
		{svcErr("AccessDenied", 403), false},
		{svcErr("ValidationException", 400), false},
		{&awserr.Error{Kind: awserr.Service, Code: "X", StatusCode: 400, Retryable: true}, true},
		{&awserr.Error{Kind: awserr.Network, Code: awserr.CodeNetwork, Retryable: true}, true},
		{&awserr.Error{Kind: awserr.Network, Code: awserr.CodeTimeout, Retryable: true}, true},
		{&awserr.Error{Kind: awserr.Network, Code: "RequestCanceled"}, false},
		{&awserr.Error{Kind: awserr.Network, Code: "TimeoutError"}, false},
		{&awserr.Error{Kind: awserr.Credentials, Code: awserr.CodeNoCredentials, Retryable: true}, false},
		{&awserr.Error{Kind: awserr.Validation, Code: awserr.CodeValidation, StatusCode: 500}, false},
		{&awserr.Error{Kind: awserr.InvalidArgument, Code: "ThrottlingException"}, false},
		{&awserr.Error{Kind: awserr.Internal, Code: awserr.CodeInternal}, false},
	} {
		got := IsRetryable(tc.e)
		if tc.e == nil {
			assert.Equal(t, tc.want, got, "nil")
			continue
		}
		assert.Equal(t, tc.want, got, "%v %+v status %d", tc.e.Kind, tc.e.Code, tc.e.StatusCode)
	}
	assert.True(t, IsThrottle(svcErr("SlowDown", 503)))
	assert.True(t, IsThrottle(svcErr("X", 429)))
	assert.False(t, IsThrottle(svcErr("InternalError", 500)))
}

func TestIsTimeout(t *testing.T) {
	assert.True(t, IsTimeout(&awserr.Error{Kind: awserr.Network, Code: awserr.CodeTimeout}))
	assert.True(t, IsTimeout(&awserr.Error{Kind: awserr.Network, Code: CodeConnectTimeout}))
	assert.False(t, IsTimeout(&awserr.Error{Kind: awserr.Network, Code: awserr.CodeNetwork}))
	assert.False(t, IsTimeout(svcErr("RequestTimeout", 400)))
	assert.False(t, IsTimeout(nil))
}

func TestQuotaAccounting(t *testing.T) {
	s := NewStandard(3)
	assert.Equal(t, 3, s.MaxAttempts())
	assert.Equal(t, 500, s.Quota())

	cost, ok := s.Acquire(svcErr("ThrottlingException", 400))
	assert.True(t, ok)
	assert.Equal(t, 5, cost)
	assert.Equal(t, 495, s.Quota())

	cost, ok = s.Acquire(&awserr.Error{Kind: awserr.Network, Code: awserr.CodeTimeout, Retryable: true})
	assert.True(t, ok)
	assert.Equal(t, 10, cost)
	assert.Equal(t, 485, s.Quota())

	s.Release(cost)
	assert.Equal(t, 495, s.Quota())
	s.Release(0)
	assert.Equal(t, 496, s.Quota())
	for i := 0; i < 10; i++ {
		s.Release(5)
	}
	assert.Equal(t, 500, s.Quota(), "capped at capacity")
	s.Release(0)
	assert.Equal(t, 500, s.Quota())

	// Exhaust: 100 retries of cost 5 empty it, the 101st is refused.
	for i := 0; i < 100; i++ {
		_, ok := s.Acquire(svcErr("InternalError", 500))
		assert.True(t, ok, i)
	}
	assert.Equal(t, 0, s.Quota())
	cost, ok = s.Acquire(svcErr("InternalError", 500))
	assert.False(t, ok)
	assert.Equal(t, 0, cost)
	assert.Equal(t, 0, s.Quota(), "a refused acquire takes nothing")

	// 7 left: a timeout retry (10) is refused, a normal one (5) is not.
	s.Release(7)
	_, ok = s.Acquire(&awserr.Error{Kind: awserr.Network, Code: CodeConnectTimeout, Retryable: true})
	assert.False(t, ok)
	assert.Equal(t, 7, s.Quota())
	_, ok = s.Acquire(svcErr("SlowDown", 503))
	assert.True(t, ok)
	assert.Equal(t, 2, s.Quota())

	assert.Equal(t, DefaultMaxAttempts, NewStandard(0).MaxAttempts())
}

func TestQuotaConcurrent(t *testing.T) {
	s := NewStandard(3)
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok := s.Acquire(svcErr("Throttling", 400)); ok {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 100, granted)
	assert.Equal(t, 0, s.Quota())
}

func TestDelay(t *testing.T) {
	s := NewStandard(3)
	s.SetRand(func() float64 { return 0.5 })
	assert.Equal(t, 500*time.Millisecond, s.Delay(1))
	assert.Equal(t, 1*time.Second, s.Delay(2))
	assert.Equal(t, 2*time.Second, s.Delay(3))
	assert.Equal(t, 8*time.Second, s.Delay(5))
	assert.Equal(t, 16*time.Second, s.Delay(6))
	assert.Equal(t, 20*time.Second, s.Delay(7), "capped")
	assert.Equal(t, 20*time.Second, s.Delay(1000), "no overflow")
	s.SetRand(func() float64 { return 0 })
	assert.Equal(t, time.Duration(0), s.Delay(4))
	s.SetRand(func() float64 { return 0.999999 })
	assert.Less(t, s.Delay(1), time.Second)
	assert.Less(t, s.Delay(3), 4*time.Second)

	// Real jitter stays within [0, 2^(n-1)s) and varies.
	r := NewStandard(3)
	seen := map[time.Duration]bool{}
	for i := 0; i < 200; i++ {
		for n := 1; n <= 8; n++ {
			d := r.Delay(n)
			bound := time.Duration(1<<(n-1)) * time.Second
			if bound > MaxBackoff {
				bound = MaxBackoff + 1
			}
			assert.GreaterOrEqual(t, d, time.Duration(0))
			assert.Less(t, d, bound)
			seen[d] = true
		}
	}
	assert.Greater(t, len(seen), 100, "jittered")
}
