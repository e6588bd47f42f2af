// Package emulator holds what the Go suites that run against local
// emulators (tests/s3, tests/dynamodb, tests/kinesis, tests/moto) share:
// the emulator's endpoint from the environment, skipped or failed when it is
// missing, a client of it, and calls with JSON input built from Go values.
package emulator

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/gosoto/gosoto/sdk/client"
	"github.com/gosoto/gosoto/sdk/engine"
	"github.com/tidwall/gjson"
)

// Suite names the environment of a suite and how to run it.
type Suite struct {
	EndpointVar string // holds the emulator's URL, e.g. GOSOTO_S3_ENDPOINT
	RequiredVar string // "1": a missing endpoint fails the test, e.g. GOSOTO_S3_REQUIRED
	Script      string // what starts the emulator and sets EndpointVar
	Target      string // the make target that runs the suite
}

// Endpoint returns the emulator's URL. Without one the test is skipped (as
// in `go test ./...`), unless RequiredVar is "1", where it fails: the make
// target sets that, so that CI cannot pass by skipping. Nothing else (CI=true
// included) makes the suite required.
func (s Suite) Endpoint(t testing.TB) string {
	t.Helper()
	ep := os.Getenv(s.EndpointVar)
	if ep == "" {
		if os.Getenv(s.RequiredVar) == "1" {
			t.Fatalf("%s is not set (run through %s)", s.EndpointVar, s.Script)
		}
		t.Skipf("%s is not set; run `%s`", s.EndpointVar, s.Target)
	}
	return ep
}

// NewClient makes a client from the JSON configuration cfg, blind to the
// process environment, and closes it when the test ends.
func NewClient(t testing.TB, cfg []byte) *engine.Client {
	t.Helper()
	c, err := engine.NewClient(cfg, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("engine.NewClient(%s): %v", gjson.GetBytes(cfg, "service").Str, err)
	}
	t.Cleanup(c.Close)
	return c
}

// Input is the JSON input built from v: a string or []byte as it is,
// anything else through encoding/json.
func Input(v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		return []byte(x), nil
	case []byte:
		return x, nil
	}
	return json.Marshal(v)
}

// MustInput is Input that panics on an error (a value encoding/json cannot
// encode is a bug in the test).
func MustInput(v any) []byte {
	b, err := Input(v)
	if err != nil {
		panic(err)
	}
	return b
}

// TryCall calls op with the input built from v (see Input), giving up after
// timeout.
func TryCall(c *client.Client, timeout time.Duration, op string, v any) (gjson.Result, error) {
	in, err := Input(v)
	if err != nil {
		return gjson.Result{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	out, err := c.Call(ctx, op, in)
	if err != nil {
		return gjson.Result{}, err
	}
	return gjson.ParseBytes(out), nil
}

// Call is TryCall that fails the test on an error and, when wantStatus is
// not 0, on a ResponseMetadata.HTTPStatusCode other than wantStatus.
func Call(t testing.TB, c *client.Client, timeout time.Duration, wantStatus int, op string, v any) gjson.Result {
	t.Helper()
	out, err := TryCall(c, timeout, op, v)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	if got := out.Get("ResponseMetadata.HTTPStatusCode").Int(); wantStatus != 0 && got != int64(wantStatus) {
		t.Fatalf("%s: HTTPStatusCode %d, want %d: %s", op, got, wantStatus, out.Raw)
	}
	return out
}
