package client

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sequence answers the i-th call with steps[i] (the last one repeated) and
// counts the calls.
func sequence(t *testing.T, steps ...[2]any) (*Client, *int32) {
	t.Helper()
	var n int32
	srv := jsonServer(t, func(op string, in map[string]any) (int, string) {
		i := int(atomic.AddInt32(&n, 1)) - 1
		if i >= len(steps) {
			i = len(steps) - 1
		}
		return steps[i][0].(int), steps[i][1].(string)
	})
	return newThings(t, srv.URL), &n
}

var fast = &WaitOptions{Delay: -1}

func TestWaitPathSuccessAfterRetries(t *testing.T) {
	c, n := sequence(t,
		[2]any{400, `{"__type":"NotFound","message":"not yet"}`}, // error -> retry
		[2]any{503, `{"__type":"ServiceUnavailable","message":"busy"}`},
		[2]any{200, `{"Thing":{"State":"pending"}}`}, // no acceptor matches -> retry
		[2]any{200, `{"Thing":{"State":"ready"}}`})
	out, err := c.Wait(context.Background(), "thing_ready", []byte(`{"Name":"x","WaiterConfig":{"Delay":0,"MaxAttempts":10}}`), nil)
	require.NoError(t, err)
	assert.Equal(t, "ready", decode(t, out)["Thing"].(map[string]any)["State"])
	assert.EqualValues(t, 4, atomic.LoadInt32(n))
}

func TestWaitPathFailure(t *testing.T) {
	c, _ := sequence(t, [2]any{200, `{"Thing":{"State":"broken"}}`})
	_, err := c.Wait(context.Background(), "ThingReady", []byte(`{"Name":"x"}`), fast)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Equal(t, CodeWaiterFailure, e.Code)
	assert.Contains(t, e.Message, "Waiter ThingReady failed")
	assert.Contains(t, e.Message, `"Thing.State" is "broken"`)
	assert.Equal(t, 200, e.StatusCode)
	assert.Equal(t, "rid-DescribeThing", e.RequestID)
	assert.False(t, e.Retryable)
}

func TestWaitMaxAttempts(t *testing.T) {
	c, n := sequence(t, [2]any{400, `{"__type":"NotFound","message":"not yet"}`})
	_, err := c.Wait(context.Background(), "ThingReady", []byte(`{}`), fast)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, CodeWaiterMaxAttempts, e.Code)
	assert.Equal(t, awserr.Service, e.Kind)
	assert.Contains(t, e.Message, "max attempts (4) exceeded")
	assert.Contains(t, e.Message, `service error "NotFound"`)
	assert.Equal(t, 400, e.StatusCode)
	assert.EqualValues(t, 4, atomic.LoadInt32(n), "the model's maxAttempts")

	atomic.StoreInt32(n, 0)
	_, err = c.Wait(context.Background(), "ThingReady", nil, &WaitOptions{Delay: -1, MaxAttempts: 2})
	assert.Equal(t, CodeWaiterMaxAttempts, awserr.As(err).Code)
	assert.EqualValues(t, 2, atomic.LoadInt32(n), "opts override maxAttempts")
}

func TestWaitUnmatchedServiceErrorIsReturnedAsIs(t *testing.T) {
	c, n := sequence(t, [2]any{400, `{"__type":"AccessDenied","message":"no"}`})
	_, err := c.Wait(context.Background(), "ThingReady", nil, fast)
	e := awserr.As(err)
	assert.Equal(t, "AccessDenied", e.Code)
	assert.Equal(t, awserr.Service, e.Kind)
	assert.EqualValues(t, 1, atomic.LoadInt32(n))
}

func TestWaitPathAllAndPathAny(t *testing.T) {
	c, n := sequence(t,
		[2]any{200, `{"Things":[]}`},                                      // empty: pathAll does not match
		[2]any{200, `{"Things":[{"State":"ready"},{"State":"pending"}]}`}, // not all
		[2]any{200, `{"Things":[{"State":"ready"},{"State":"ready"}]}`})
	out, err := c.Wait(context.Background(), "AllReady", nil, &WaitOptions{Delay: time.Millisecond})
	require.NoError(t, err)
	assert.Len(t, decode(t, out)["Things"], 2)
	assert.EqualValues(t, 3, atomic.LoadInt32(n))

	c, _ = sequence(t, [2]any{200, `{"Things":[{"State":"ready"},{"State":"broken"}]}`})
	_, err = c.Wait(context.Background(), "AllReady", nil, fast)
	assert.Equal(t, CodeWaiterFailure, awserr.As(err).Code)
	assert.Contains(t, err.Error(), `an element of "Things[].State" is "broken"`)
}

func TestWaitErrorAndStatusMatchers(t *testing.T) {
	// status 200 -> retry, then the NotFound error is success: the output
	// is the error document.
	c, n := sequence(t, [2]any{200, `{}`}, [2]any{400, `{"__type":"NotFound","message":"gone"}`})
	out, err := c.Wait(context.Background(), "ThingGone", nil, fast)
	require.NoError(t, err)
	m := decode(t, out)
	assert.Equal(t, "NotFound", m["Error"].(map[string]any)["Code"])
	assert.EqualValues(t, 2, atomic.LoadInt32(n))

	// expected true/false: any error is success, no error is retry.
	c, n = sequence(t, [2]any{200, `{}`}, [2]any{400, `{"__type":"Whatever","message":"x"}`})
	_, err = c.Wait(context.Background(), "AnyError", nil, fast)
	require.NoError(t, err)
	assert.EqualValues(t, 2, atomic.LoadInt32(n))
	c, _ = sequence(t, [2]any{200, `{}`})
	_, err = c.Wait(context.Background(), "AnyError", nil, fast)
	assert.Equal(t, CodeWaiterMaxAttempts, awserr.As(err).Code)
	assert.Contains(t, err.Error(), "previously accepted state: no service error")
}

func TestWaitDelayAndCancellation(t *testing.T) {
	c, n := sequence(t, [2]any{200, `{"Thing":{"State":"pending"}}`})
	start := time.Now()
	_, err := c.Wait(context.Background(), "ThingReady", []byte(`{"WaiterConfig":{"Delay":0.05,"MaxAttempts":3}}`), nil)
	assert.Equal(t, CodeWaiterMaxAttempts, awserr.As(err).Code)
	assert.GreaterOrEqual(t, time.Since(start), 100*time.Millisecond, "two delays of 50ms between three attempts")
	assert.EqualValues(t, 3, atomic.LoadInt32(n))

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = c.Wait(ctx, "ThingReady", nil, nil) // the model's delay is 15s
	e := awserr.As(err)
	assert.Equal(t, awserr.Network, e.Kind)
	assert.Equal(t, awserr.CodeTimeout, e.Code)
	assert.Less(t, time.Since(start), 5*time.Second)

	ctx, cancel = context.WithCancel(context.Background())
	go func() { time.Sleep(30 * time.Millisecond); cancel() }()
	_, err = c.Wait(ctx, "ThingReady", nil, nil)
	assert.Equal(t, CodeWaiterCanceled, awserr.As(err).Code)
}

func TestWaitBadArguments(t *testing.T) {
	c, n := sequence(t, [2]any{200, `{}`})
	_, err := c.Wait(context.Background(), "Nope", nil, nil)
	e := awserr.As(err)
	assert.Equal(t, awserr.InvalidArgument, e.Kind)
	assert.Contains(t, e.Message, `"Nope"`)
	assert.Contains(t, e.Message, "AllReady, AnyError, ThingGone, ThingReady")
	for _, bad := range []string{`[]`, `{"WaiterConfig":{"Delay":-1}}`, `{"WaiterConfig":{"MaxAttempts":0}}`, `{"WaiterConfig":{"Other":1}}`, `{"WaiterConfig":2}`} {
		_, err = c.Wait(context.Background(), "ThingReady", []byte(bad), nil)
		assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind, bad)
	}
	// Validation failures of the input are returned as they are.
	_, err = c.Wait(context.Background(), "ThingReady", []byte(`{"Bogus":1}`), fast)
	assert.Equal(t, awserr.Validation, awserr.As(err).Kind)
	assert.Zero(t, atomic.LoadInt32(n))

	sqs := newSQS(t, "http://127.0.0.1:1", "")
	_, err = sqs.Wait(context.Background(), "queue_exists", nil, nil)
	assert.Contains(t, err.Error(), "it has no waiters")
}
