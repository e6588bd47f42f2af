package credentials

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	ilog "github.com/gosoto/gosoto/internal/log"
)

// Refresh windows of Cache. Credentials that expire are refreshed ahead of
// their expiry in two steps:
//
//   - AdvisoryRefreshWindow (15 min) before expiry, one caller starts a
//     refresh in the background and every caller, that one included, keeps
//     getting the still-valid credentials; a failure is logged and retried
//     after a back-off.
//   - MandatoryRefreshWindow (10 min) before expiry, callers wait for the
//     refresh (one caller runs it, the others wait for its result). If it
//     fails, the still-valid credentials are returned and the next attempt
//     waits for the back-off; while credentials are still valid after a
//     failure, later attempts run in the background.
//
// For credentials that live shorter than twice the advisory window, both
// windows shrink to a quarter (advisory) and an eighth (mandatory) of the
// lifetime, so that short-lived credentials are not refreshed on every call.
const (
	AdvisoryRefreshWindow  = 15 * time.Minute
	MandatoryRefreshWindow = 10 * time.Minute
)

// Back-off after a failed refresh: it starts at MinRefreshBackoff and
// doubles up to MaxRefreshBackoff.
const (
	MinRefreshBackoff = 1 * time.Second
	MaxRefreshBackoff = 5 * time.Minute
)

// Static stability: when a source that opts in (IMDS) cannot be reached and
// the cached credentials have expired, or it serves credentials that have
// already expired, they are used StaticStabilityExtension more, plus a
// random jitter of up to StaticStabilityJitter, with a warning.
const (
	StaticStabilityExtension = 5 * time.Minute
	StaticStabilityJitter    = 5 * time.Minute
)

// refreshTimeout bounds one refresh, run detached from the caller's context
// so that a caller giving up does not fail the refresh for the others.
const refreshTimeout = 2 * time.Minute

// CacheOptions configures a Cache.
type CacheOptions struct {
	// Name names the source in log lines ("imds", "profile dev").
	Name string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// StaticStability extends expired credentials for a few minutes when
	// the source cannot be reached or serves expired credentials (see
	// StaticStabilityExtension). Meant for IMDS.
	StaticStability bool
}

// Cache is a Provider in front of another that caches its credentials and
// refreshes them ahead of expiry (see AdvisoryRefreshWindow): exactly one
// caller refreshes at a time (singleflight), the others keep using valid
// credentials or wait for that refresh; a failed refresh keeps credentials
// that are still valid and backs off. Credentials that do not expire are
// fetched once. It is safe for concurrent use.
type Cache struct {
	p    Provider
	opts CacheOptions

	mu       sync.Mutex
	creds    Credentials
	have     bool
	adv, man time.Duration // windows for the current credentials
	flight   *flight       // the refresh in progress, nil when none
	lastErr  error
	failures int
	retryAt  time.Time // no new refresh before this, after a failure

	refreshes atomic.Int64
}

// flight is one refresh; done is closed when creds and err are set.
type flight struct {
	done  chan struct{}
	creds Credentials
	err   error
}

// NewCache returns a Cache in front of p.
func NewCache(p Provider, o CacheOptions) *Cache {
	return &Cache{p: p, opts: o}
}

// Refreshes returns how many times the underlying provider was called.
func (c *Cache) Refreshes() int64 { return c.refreshes.Load() }

// Invalidate drops the cached credentials and the back-off: the next
// Retrieve fetches new ones.
func (c *Cache) Invalidate() {
	c.mu.Lock()
	c.have, c.lastErr, c.failures, c.retryAt = false, nil, 0, time.Time{}
	c.mu.Unlock()
}

func (c *Cache) now() time.Time {
	if c.opts.Now != nil {
		return c.opts.Now()
	}
	return time.Now()
}

// Retrieve returns the cached credentials, refreshing them first when they
// are missing, expired or inside the mandatory window.
func (c *Cache) Retrieve(ctx context.Context) (Credentials, error) {
	c.mu.Lock()
	now := c.now()
	if c.have {
		if !c.creds.CanExpire || now.Before(c.creds.Expires.Add(-c.adv)) {
			creds := c.creds
			c.mu.Unlock()
			return creds, nil
		}
		valid := now.Before(c.creds.Expires)
		inAdvisory := now.Before(c.creds.Expires.Add(-c.man))
		if valid && (inAdvisory || c.failures > 0) {
			// Refresh in the background, keep serving what we have.
			if c.flight == nil && !now.Before(c.retryAt) {
				c.start(ctx)
			}
			creds := c.creds
			c.mu.Unlock()
			return creds, nil
		}
		if valid && c.flight == nil && now.Before(c.retryAt) {
			creds := c.creds
			c.mu.Unlock()
			return creds, nil
		}
	}
	if c.flight == nil && c.lastErr != nil && now.Before(c.retryAt) && !(c.have && now.Before(c.creds.Expires)) {
		err := c.lastErr
		c.mu.Unlock()
		return Credentials{}, err
	}
	f := c.flight
	if f == nil {
		f = c.start(ctx)
	}
	c.mu.Unlock()
	select {
	case <-f.done:
	case <-ctx.Done():
		return Credentials{}, ctx.Err()
	}
	if f.err == nil {
		return f.creds, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.have && (!c.creds.CanExpire || c.now().Before(c.creds.Expires)) {
		return c.creds, nil // kept (possibly extended) credentials
	}
	return Credentials{}, f.err
}

// start begins a refresh; c.mu is held.
func (c *Cache) start(ctx context.Context) *flight {
	f := &flight{done: make(chan struct{})}
	c.flight = f
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
	go func() {
		defer cancel()
		c.refreshes.Add(1)
		creds, err := c.p.Retrieve(rctx)
		c.finish(f, creds, err)
	}()
	return f
}

func (c *Cache) finish(f *flight, creds Credentials, err error) {
	c.mu.Lock()
	defer func() {
		c.flight = nil
		c.mu.Unlock()
		close(f.done)
	}()
	now := c.now()
	if err == nil {
		if creds.CanExpire && !now.Before(creds.Expires) {
			if c.opts.StaticStability {
				creds.Expires = extendedExpiry(now)
				logf("%s: the credentials served expired already; using them until %s (static stability)",
					c.opts.Name, creds.Expires.UTC().Format(time.RFC3339))
			} else {
				logf("%s: the credentials served expired already (%s)", c.opts.Name, creds.Expires.UTC().Format(time.RFC3339))
			}
		}
		c.creds, c.have = creds, true
		c.adv, c.man = windows(creds, now)
		c.lastErr, c.failures, c.retryAt = nil, 0, time.Time{}
		f.creds = creds
		return
	}
	f.err = err
	c.lastErr = err
	c.failures++
	backoff := MinRefreshBackoff << min(c.failures-1, 16)
	if backoff > MaxRefreshBackoff || backoff <= 0 {
		backoff = MaxRefreshBackoff
	}
	c.retryAt = now.Add(backoff)
	if !c.have {
		return
	}
	if now.Before(c.creds.Expires) {
		logf("%s: refreshing credentials failed, keeping the current ones (valid until %s), next attempt in %s: %v",
			c.opts.Name, c.creds.Expires.UTC().Format(time.RFC3339), backoff, err)
		return
	}
	if c.opts.StaticStability {
		c.creds.Expires = extendedExpiry(now)
		// Keep trying in the background (after each back-off) while the
		// extended credentials are served.
		c.adv, c.man = c.creds.Expires.Sub(now)+time.Hour, 0
		logf("%s: credentials expired and the source cannot be reached (%v); using them until %s (static stability)",
			c.opts.Name, err, c.creds.Expires.UTC().Format(time.RFC3339))
	}
}

func extendedExpiry(now time.Time) time.Time {
	return now.Add(StaticStabilityExtension + rand.N(StaticStabilityJitter))
}

// windows returns the advisory and mandatory windows for creds fetched at
// now.
func windows(creds Credentials, now time.Time) (adv, man time.Duration) {
	if !creds.CanExpire {
		return 0, 0
	}
	life := creds.Expires.Sub(now)
	if life < 2*AdvisoryRefreshWindow {
		if life <= 0 {
			return 0, 0
		}
		return life / 4, life / 8
	}
	return AdvisoryRefreshWindow, MandatoryRefreshWindow
}

// logf writes a line of the package's (warnings about failed refreshes,
// static stability, IMDSv1 fallback...) to the one logger, when logging is
// on (internal/log). Log lines never carry a secret.
func logf(format string, args ...any) {
	ilog.Last().Printf("credentials: "+format, args...)
}
