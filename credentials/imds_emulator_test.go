package credentials

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the IMDS source against amazon-ec2-metadata-mock, AWS's
// own IMDS emulator (github.com/aws/amazon-ec2-metadata-mock v1.13.0). The
// binary is GOSOTO_EC2_METADATA_MOCK, else build/bin/ec2-metadata-mock at
// the repository root (`make` installs it there with
// GOBIN=$PWD/build/bin go install .../cmd/ec2-metadata-mock@v1.13.0).
// Without it the tests are skipped, except under CI=true where that fails.

func metadataMockBinary(t *testing.T) string {
	t.Helper()
	p := os.Getenv("GOSOTO_EC2_METADATA_MOCK")
	if p == "" {
		p = filepath.Join("..", "build", "bin", "ec2-metadata-mock")
	}
	if _, err := os.Stat(p); err != nil {
		msg := "ec2-metadata-mock not found at " + p + " (set GOSOTO_EC2_METADATA_MOCK or install it: " +
			"GOBIN=$PWD/build/bin go install github.com/aws/amazon-ec2-metadata-mock/cmd/ec2-metadata-mock@v1.13.0)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	abs, err := filepath.Abs(p)
	require.NoError(t, err)
	return abs
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// mockCreds is the credentials document the mock serves.
type mockCreds struct {
	Code, LastUpdated, Type, AccessKeyId, SecretAccessKey, Token, Expiration string
}

// startMetadataMock runs the emulator on 127.0.0.1:port serving creds for
// role at the metadata paths under prefix ("" for the real ones; any other
// prefix leaves the token endpoint at /latest/api/token, so that a client
// using the prefixed endpoint gets a 404 from it). It returns a stop
// function (also run at cleanup).
func startMetadataMock(t *testing.T, bin, port, prefix, role string, creds mockCreds, imdsv2Only bool) func() {
	t.Helper()
	dir := t.TempDir()
	cfg := map[string]any{"metadata": map[string]any{
		"paths": map[string]string{
			"iam-security-credentials-role": prefix + "/latest/meta-data/iam/security-credentials",
			"iam-security-credentials":      prefix + "/latest/meta-data/iam/security-credentials/" + role,
		},
		"values": map[string]any{"iam-security-credentials-role": role, "iam-security-credentials": creds},
	}}
	b, _ := json.Marshal(cfg)
	cfgPath := filepath.Join(dir, "aemm-config.json")
	require.NoError(t, os.WriteFile(cfgPath, b, 0o600))
	args := []string{"-n", "127.0.0.1", "-p", port, "-c", cfgPath}
	if imdsv2Only {
		args = append(args, "-I")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	logf, err := os.Create(filepath.Join(dir, "mock.log"))
	require.NoError(t, err)
	cmd.Stdout, cmd.Stderr = logf, logf
	require.NoError(t, cmd.Start())
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			logf.Close()
		}
	}
	t.Cleanup(stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://127.0.0.1:" + port + "/latest/meta-data/instance-id")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(filepath.Join(dir, "mock.log"))
			t.Fatalf("ec2-metadata-mock did not start: %v\n%s", err, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return stop
}

func newMockCreds(key string, exp time.Time) mockCreds {
	return mockCreds{Code: "Success", LastUpdated: time.Now().UTC().Format(time.RFC3339), Type: "AWS-HMAC",
		AccessKeyId: key, SecretAccessKey: secret1, Token: token1, Expiration: exp.UTC().Format(time.RFC3339)}
}

// recordingClient counts requests by method and token use.
type recordingClient struct {
	puts, withToken, withoutToken int
}

func (rc *recordingClient) client() *http.Client {
	base := &http.Transport{Proxy: nil}
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		switch {
		case r.Method == http.MethodPut:
			rc.puts++
		case r.Header.Get("X-aws-ec2-metadata-token") != "":
			rc.withToken++
		default:
			rc.withoutToken++
		}
		return base.RoundTrip(r)
	})}
}

func TestIMDSEmulatorV2AndRefreshAcrossExpiry(t *testing.T) {
	bin := metadataMockBinary(t)
	port := freePort(t)
	stop := startMetadataMock(t, bin, port, "", "gosoto-role", newMockCreds("ASIAFIRST", time.Now().Add(3*time.Second)), true)
	logs := captureLog(t)
	rc := &recordingClient{}
	env := map[string]string{"AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:" + port, "AWS_EC2_METADATA_V1_DISABLED": "true"}
	p, err := New(Options{Env: mapEnv(env), Sources: []string{SourceIMDS}, HTTPClient: rc.client()})
	require.NoError(t, err)
	ctx := context.Background()
	c1, err := p.Retrieve(ctx)
	require.NoError(t, err, "IMDSv2 against a mock that requires it (-I)")
	assert.Equal(t, "ASIAFIRST", c1.AccessKeyID)
	assert.Equal(t, secret1, c1.SecretAccessKey)
	assert.Equal(t, SourceIMDS, c1.Source)
	assert.True(t, c1.CanExpire)
	assert.Equal(t, 1, rc.puts)
	assert.Equal(t, 2, rc.withToken)
	assert.Zero(t, rc.withoutToken)

	// IMDS rotates the role's credentials: a new emulator on the same port
	// serves new ones (and does not know the old session token: 401).
	stop()
	startMetadataMock(t, bin, port, "", "gosoto-role", newMockCreds("ASIASECOND", time.Now().Add(time.Hour)), true)
	time.Sleep(time.Until(c1.Expires) + 200*time.Millisecond)
	c2, err := p.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ASIASECOND", c2.AccessKeyID, "refreshed across the expiry")
	assert.Equal(t, 2, rc.puts, "the stale token was refetched after a 401")
	c3, err := p.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ASIASECOND", c3.AccessKeyID)
	assert.Equal(t, 2, rc.puts, "cached: no new request")
	for _, l := range logs() {
		noSecret(t, l)
	}
}

func TestIMDSEmulatorV1Fallback(t *testing.T) {
	bin := metadataMockBinary(t)
	port := freePort(t)
	// Credentials under /v1only: the emulator answers the token request at
	// /v1only/latest/api/token with 404, so the client falls back to IMDSv1.
	startMetadataMock(t, bin, port, "/v1only", "gosoto-role", newMockCreds("ASIAV1", time.Now().Add(time.Hour)), false)
	logs := captureLog(t)
	rc := &recordingClient{}
	env := map[string]string{"AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:" + port + "/v1only"}
	p, err := New(Options{Env: mapEnv(env), Sources: []string{SourceIMDS}, HTTPClient: rc.client()})
	require.NoError(t, err)
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ASIAV1", c.AccessKeyID)
	assert.Equal(t, 1, rc.puts)
	assert.Equal(t, 2, rc.withoutToken, "IMDSv1 requests carry no token")
	assert.Contains(t, strings.Join(logs(), "\n"), "falling back to IMDSv1")

	// With IMDSv1 disabled the same answer is an error.
	env["AWS_EC2_METADATA_V1_DISABLED"] = "true"
	p, err = New(Options{Env: mapEnv(env), Sources: []string{SourceIMDS}})
	require.NoError(t, err)
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "IMDSv1 is disabled")
	noSecretErr(t, err)
}

func TestIMDSEmulatorStaticStability(t *testing.T) {
	bin := metadataMockBinary(t)
	port := freePort(t)
	clock := &fakeClock{t: time.Now()}
	stop := startMetadataMock(t, bin, port, "", "gosoto-role", newMockCreds("ASIASTABLE", time.Now().Add(time.Hour)), true)
	logs := captureLog(t)
	env := map[string]string{"AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:" + port}
	p, err := New(Options{Env: mapEnv(env), Sources: []string{SourceIMDS}, Now: clock.Now})
	require.NoError(t, err)
	_, err = p.Retrieve(context.Background())
	require.NoError(t, err)
	stop() // IMDS goes away
	clock.Add(time.Hour + time.Minute)
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err, "expired credentials are extended while IMDS is unreachable")
	assert.Equal(t, "ASIASTABLE", c.AccessKeyID)
	assert.True(t, c.Expires.After(clock.Now().Add(StaticStabilityExtension-time.Second)))
	assert.Contains(t, strings.Join(logs(), "\n"), "static stability")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
