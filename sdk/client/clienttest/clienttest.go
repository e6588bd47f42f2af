// Package clienttest helps the tests of client hooks (sdk/customize/...):
// clients of the built-in models made with a service's hooks, and the
// requests they would send. Test code only; nothing in the library imports
// it.
package clienttest

import (
	"context"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/sdk/client"
	"github.com/gosoto/gosoto/sdk/model"
	_ "github.com/gosoto/gosoto/sdk/service/all" // the built-in models
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/tidwall/gjson"
)

// StaticCreds is a client config member with fixed test credentials.
const StaticCreds = `"credentials":{"access_key_id":"AKIDTEST","secret_access_key":"secretsecret","session_token":"tok"}`

// NoEnv is an empty environment.
func NoEnv(string) (string, bool) { return "", false }

// New makes a client of config with hooks; it is closed when the test ends.
func New(t testing.TB, config string, env settings.Env, hooks []client.Hook) *client.Client {
	t.Helper()
	if env == nil {
		env = NoEnv
	}
	c, err := client.NewWith([]byte(config), env, client.Options{Hooks: func(*model.Service) []client.Hook { return hooks }})
	if err != nil {
		t.Fatalf("client config %s: %v", config, err)
	}
	t.Cleanup(c.Close)
	return c
}

// Build is c.BuildRequest(op, input), parsed; a failure fails the test.
func Build(t testing.TB, c *client.Client, op, input string) gjson.Result {
	t.Helper()
	b, err := c.BuildRequest(context.Background(), op, []byte(input))
	if err != nil {
		t.Fatalf("%s %s: %v", op, input, err)
	}
	return gjson.ParseBytes(b)
}

// Header returns the value of a header of a built request.
func Header(r gjson.Result, name string) (string, bool) {
	for _, kv := range r.Get("headers").Array() {
		if strings.EqualFold(kv.Get("0").Str, name) {
			return kv.Get("1").Str, true
		}
	}
	return "", false
}
