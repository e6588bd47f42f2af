package credentials

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	ilog "github.com/gosoto/gosoto/internal/log"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// countingSource hands out numbered credentials valid for life, after a
// delay; fail makes it fail.
type countingSource struct {
	clock *fakeClock
	life  time.Duration
	delay time.Duration
	calls atomic.Int64
	fail  atomic.Pointer[error]
}

func (s *countingSource) Retrieve(ctx context.Context) (Credentials, error) {
	n := s.calls.Add(1)
	time.Sleep(s.delay)
	if e := s.fail.Load(); e != nil {
		return Credentials{}, *e
	}
	return Credentials{AccessKeyID: "AKID" + itoa(n), SecretAccessKey: secret1, CanExpire: true,
		Expires: s.clock.Now().Add(s.life), Source: "test"}, nil
}

// captureLog installs a logger for the test and returns the lines.
func captureLog(t *testing.T) func() []string {
	var mu sync.Mutex
	var lines []string
	ilog.FromEnv(func(k string) (string, bool) {
		v := map[string]string{"GOSOTO_LOG": "debug", "GOSOTO_LOG_FILE": filepath.Join(t.TempDir(), "log")}[k]
		return v, v != ""
	})
	ilog.SetHook(func(m string) {
		if i := strings.Index(m, "credentials: "); i >= 0 {
			mu.Lock()
			lines = append(lines, strings.TrimSpace(m[i:]))
			mu.Unlock()
		}
	})
	t.Cleanup(func() { ilog.SetHook(nil) })
	return func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), lines...) }
}

func TestCacheOneRefreshAcrossExpiry(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour, delay: 20 * time.Millisecond}
	c := NewCache(src, CacheOptions{Name: "test", Now: clock.Now})
	first, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	require.Equal(t, int64(1), src.calls.Load())

	clock.Add(time.Hour + time.Second) // past the expiry
	var wg sync.WaitGroup
	start := make(chan struct{})
	got := make([]Credentials, 64)
	errs := make([]error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i], errs[i] = c.Retrieve(context.Background())
		}()
	}
	close(start)
	wg.Wait()
	assert.Equal(t, int64(2), src.calls.Load(), "exactly one refresh for 64 callers")
	for i := range 64 {
		require.NoError(t, errs[i])
		assert.Equal(t, "AKID2", got[i].AccessKeyID)
		assert.NotEqual(t, first.AccessKeyID, got[i].AccessKeyID)
	}
	assert.Equal(t, int64(2), c.Refreshes())
}

func TestCacheAdvisoryRefreshInBackground(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour, delay: 50 * time.Millisecond}
	c := NewCache(src, CacheOptions{Name: "test", Now: clock.Now})
	_, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	clock.Add(time.Hour - AdvisoryRefreshWindow + time.Minute) // inside the advisory window only
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cr, err := c.Retrieve(context.Background())
			assert.NoError(t, err)
			assert.Equal(t, "AKID1", cr.AccessKeyID, "callers keep the valid credentials")
		}()
	}
	wg.Wait()
	require.Eventually(t, func() bool {
		cr, _ := c.Retrieve(context.Background())
		return cr.AccessKeyID == "AKID2"
	}, 2*time.Second, 10*time.Millisecond)
	assert.Equal(t, int64(2), src.calls.Load())
}

func TestCacheFailedRefreshKeepsValidAndBacksOff(t *testing.T) {
	logs := captureLog(t)
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour}
	c := NewCache(src, CacheOptions{Name: "test", Now: clock.Now})
	_, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	boom := errors.New("endpoint down")
	src.fail.Store(&boom)
	clock.Add(time.Hour - MandatoryRefreshWindow + time.Minute) // mandatory window, still valid
	cr, err := c.Retrieve(context.Background())
	require.NoError(t, err, "a failed refresh keeps valid credentials")
	assert.Equal(t, "AKID1", cr.AccessKeyID)
	assert.Equal(t, int64(2), src.calls.Load())
	// Backing off: no new attempt right away.
	for range 10 {
		_, err = c.Retrieve(context.Background())
		require.NoError(t, err)
	}
	assert.Equal(t, int64(2), src.calls.Load(), "backs off after a failure")
	clock.Add(2 * MinRefreshBackoff)
	_, _ = c.Retrieve(context.Background())
	require.Eventually(t, func() bool { return src.calls.Load() == 3 }, time.Second, 5*time.Millisecond)
	assert.NotEmpty(t, logs())
	// After expiry without static stability: the error.
	clock.Add(time.Hour)
	_, err = c.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "endpoint down")
}

func TestCacheStaticStabilityExtends(t *testing.T) {
	logs := captureLog(t)
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour}
	c := NewCache(src, CacheOptions{Name: "imds", Now: clock.Now, StaticStability: true})
	_, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	down := error(&imdsUnreachable{nf: &NotFoundError{Source: SourceIMDS, Reason: "no answer within 1s"}})
	src.fail.Store(&down)
	clock.Add(2 * time.Hour)
	cr, err := c.Retrieve(context.Background())
	require.NoError(t, err, "expired IMDS credentials are extended while IMDS is unreachable")
	assert.Equal(t, "AKID1", cr.AccessKeyID)
	ext := cr.Expires.Sub(clock.Now())
	assert.GreaterOrEqual(t, ext, StaticStabilityExtension)
	assert.LessOrEqual(t, ext, StaticStabilityExtension+StaticStabilityJitter)
	joined := strings.Join(logs(), "\n")
	assert.Contains(t, joined, "static stability")
	noSecret(t, joined)
	// IMDS back: the next attempt after the back-off gets new credentials.
	src.fail.Store(nil)
	clock.Add(MaxRefreshBackoff)
	require.Eventually(t, func() bool {
		cr, _ := c.Retrieve(context.Background())
		return cr.AccessKeyID != "AKID1"
	}, 2*time.Second, 10*time.Millisecond)
}

func TestCacheShortLivedWindows(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: 8 * time.Minute}
	c := NewCache(src, CacheOptions{Now: clock.Now})
	for range 5 {
		_, err := c.Retrieve(context.Background())
		require.NoError(t, err)
	}
	assert.Equal(t, int64(1), src.calls.Load(), "short-lived credentials are not refreshed on every call")
}

func TestCacheCallerCancelDoesNotPoisonRefresh(t *testing.T) {
	clock := newFakeClock()
	src := &countingSource{clock: clock, life: time.Hour, delay: 100 * time.Millisecond}
	c := NewCache(src, CacheOptions{Now: clock.Now})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := c.Retrieve(ctx)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	cr, err := c.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "AKID1", cr.AccessKeyID)
	assert.Equal(t, int64(1), src.calls.Load())
}

func TestFuncProvider(t *testing.T) {
	clock := newFakeClock()
	var calls atomic.Int64
	p := NewFuncProvider("my-callback", func(context.Context) (Credentials, error) {
		n := calls.Add(1)
		if n == 3 {
			return Credentials{}, errors.New("callback failed")
		}
		return Credentials{AccessKeyID: "CB" + itoa(n), SecretAccessKey: secret1, CanExpire: true, Expires: clock.Now().Add(time.Hour)}, nil
	}, clock.Now)
	cr, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "CB1", cr.AccessKeyID)
	assert.Equal(t, SourceCallback, cr.Source)
	cr, _ = p.Retrieve(context.Background())
	assert.Equal(t, "CB1", cr.AccessKeyID, "cached")
	clock.Add(time.Hour)
	cr, err = p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "CB2", cr.AccessKeyID, "refreshed on expiry")
	clock.Add(time.Hour)
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "my-callback: callback failed")

	empty := NewFuncProvider("", func(context.Context) (Credentials, error) { return Credentials{AccessKeyID: "X"}, nil }, nil)
	_, err = empty.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "callback: the callback returned no access key id or no secret")
}

func TestSharedFileKeysReReadWhenChanged(t *testing.T) {
	dir := t.TempDir()
	clock := newFakeClock()
	path := write(t, dir, ".aws/credentials", "[default]\naws_access_key_id = OLDKEY\naws_secret_access_key = "+secret2+"\n")
	p, err := New(Options{Env: mapEnv(map[string]string{"HOME": dir}), Sources: []string{"profile"}, Now: clock.Now})
	require.NoError(t, err)
	cr, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "OLDKEY", cr.AccessKeyID)
	write(t, dir, ".aws/credentials", "[default]\naws_access_key_id = NEWKEY1\naws_secret_access_key = "+secret2+"\n")
	require.NoError(t, touch(path, clock.Now().Add(time.Minute)))
	cr, _ = p.Retrieve(context.Background())
	assert.Equal(t, "OLDKEY", cr.AccessKeyID, "files are checked at most every FileCheckInterval")
	clock.Add(FileCheckInterval)
	cr, err = p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "NEWKEY1", cr.AccessKeyID, "rotated keys are picked up")
}

func touch(path string, t time.Time) error { return os.Chtimes(path, t, t) }
