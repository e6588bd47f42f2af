package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// settableClock is a clock tests move forward.
type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *settableClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *settableClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// authKeyID is the access key id of the Authorization header of a
// BuildRequest document.
func authKeyID(t *testing.T, built []byte) string {
	t.Helper()
	m := decode(t, built)
	for _, h := range m["headers"].([]any) {
		kv := h.([]any)
		if strings.EqualFold(kv[0].(string), "Authorization") {
			v := kv[1].(string)
			i := strings.Index(v, "Credential=")
			require.GreaterOrEqual(t, i, 0, v)
			return strings.SplitN(v[i+len("Credential="):], "/", 2)[0]
		}
	}
	t.Fatalf("no Authorization header in %s", built)
	return ""
}

// Two clients of different services share one cached provider: 64
// goroutines signing through both across an expiry cause exactly one
// refresh, and every request is signed with the refreshed key.
func TestClientsShareOneProviderAcrossExpiry(t *testing.T) {
	clock := &settableClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var calls atomic.Int64
	p := credentials.NewFuncProvider("test", func(context.Context) (credentials.Credentials, error) {
		n := calls.Add(1)
		time.Sleep(20 * time.Millisecond) // let the callers pile up
		return credentials.Credentials{AccessKeyID: "AKIDSHARED" + string(rune('0'+n)), SecretAccessKey: "sharedsecret",
			CanExpire: true, Expires: clock.Now().Add(time.Hour)}, nil
	}, clock.Now)
	sqs, err := NewWith([]byte(`{"service":"sqs","region":"us-east-1","endpoint_url":"http://127.0.0.1:1"}`), noEnv, Options{Credentials: p})
	require.NoError(t, err)
	sts, err := NewWith([]byte(`{"service":"sts","region":"us-east-1","endpoint_url":"http://127.0.0.1:1"}`), noEnv, Options{Credentials: p})
	require.NoError(t, err)
	ctx := context.Background()

	built, err := sqs.BuildRequest(ctx, "ListQueues", []byte(`{}`))
	require.NoError(t, err)
	assert.Equal(t, "AKIDSHARED1", authKeyID(t, built))
	built, err = sts.BuildRequest(ctx, "GetCallerIdentity", []byte(`{}`))
	require.NoError(t, err)
	assert.Equal(t, "AKIDSHARED1", authKeyID(t, built), "the second client uses the cached credentials")
	require.Equal(t, int64(1), calls.Load())

	clock.Add(time.Hour + time.Second) // past the expiry
	var wg sync.WaitGroup
	start := make(chan struct{})
	keys := make([]string, 64)
	errs := make([]error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			var b []byte
			if i%2 == 0 {
				b, errs[i] = sqs.BuildRequest(ctx, "ListQueues", []byte(`{}`))
			} else {
				b, errs[i] = sts.BuildRequest(ctx, "GetCallerIdentity", []byte(`{}`))
			}
			if errs[i] == nil {
				keys[i] = authKeyID(t, b)
			}
		}()
	}
	close(start)
	wg.Wait()
	assert.Equal(t, int64(2), calls.Load(), "exactly one refresh for 64 callers on two clients")
	for i := range 64 {
		require.NoError(t, errs[i])
		assert.Equal(t, "AKIDSHARED2", keys[i])
	}
}

func TestNewWithProviderRejectsBadArguments(t *testing.T) {
	p, err := credentials.NewStatic(credentials.Credentials{AccessKeyID: "AKID", SecretAccessKey: "s"})
	require.NoError(t, err)
	_, err = NewWith([]byte(`{"service":"sqs","region":"us-east-1",`+staticCreds+`}`), noEnv, Options{Credentials: p})
	require.Error(t, err)
	assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
	assert.Contains(t, err.Error(), "credentials")
	assert.NotContains(t, err.Error(), "secretsecret")
	_, err = NewWith([]byte(`{"service":"sqs"`), noEnv, Options{Credentials: p})
	require.Error(t, err)

	// The provider is used, not the environment's keys.
	c, err := NewWith([]byte(`{"service":"sqs","region":"us-east-1","endpoint_url":"http://127.0.0.1:1"}`),
		envOf(map[string]string{"AWS_ACCESS_KEY_ID": "AKIDFROMENV", "AWS_SECRET_ACCESS_KEY": "envsecret"}), Options{Credentials: p})
	require.NoError(t, err)
	built, err := c.BuildRequest(context.Background(), "ListQueues", []byte(`{}`))
	require.NoError(t, err)
	assert.Equal(t, "AKID", authKeyID(t, built))
}

// A client's own chain assumes roles in the client's region (the region of
// the config, not of the environment).
func TestClientChainAssumesRoleInTheClientsRegion(t *testing.T) {
	sts := &fakeSTS{}
	var mu sync.Mutex
	var scopes []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		if i := strings.Index(auth, "Credential="); i >= 0 {
			mu.Lock()
			scopes = append(scopes, strings.SplitN(auth[i+len("Credential="):], ",", 2)[0])
			mu.Unlock()
		}
		sts.ServeHTTP(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	require.NoError(t, os.WriteFile(cfgFile, []byte(`
[profile role]
role_arn = arn:aws:iam::123456789012:role/R
source_profile = base
[profile base]
aws_access_key_id = AKIDBASE
aws_secret_access_key = basesecret
`), 0o600))
	env := envOf(map[string]string{"AWS_CONFIG_FILE": cfgFile, "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "none"),
		"AWS_REGION": "us-west-1", "AWS_ENDPOINT_URL_STS": srv.URL})
	c, err := NewWith([]byte(`{"service":"sqs","region":"eu-west-2","profile":"role","endpoint_url":"http://127.0.0.1:1"}`), env, Options{Caller: CredentialsCaller(nil)})
	require.NoError(t, err)
	built, err := c.BuildRequest(context.Background(), "ListQueues", []byte(`{}`))
	require.NoError(t, err)
	assert.Equal(t, "ASIAHOP1", authKeyID(t, built))
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, scopes, 1)
	assert.Equal(t, "AKIDBASE/", scopes[0][:len("AKIDBASE/")])
	assert.Contains(t, scopes[0], "/eu-west-2/sts/aws4_request")
}
