package credentials

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

func TestSSORefreshesExpiredTokenAndWritesItBack(t *testing.T) {
	var oidcBodies []string
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		oidcBodies = append(oidcBodies, string(b))
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		_, _ = io.WriteString(w, `{"accessToken":"new-access-token","expiresIn":3600,"refreshToken":"new-refresh-token","tokenType":"Bearer"}`)
	})
	mux.HandleFunc("GET /federation/credentials", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("x-amz-sso_bearer_token") != "new-access-token" {
			w.WriteHeader(401)
			_, _ = io.WriteString(w, `{"message":"Session token not found or invalid"}`)
			return
		}
		assert.Equal(t, "012345678901", r.URL.Query().Get("account_id"))
		assert.Equal(t, "Admin", r.URL.Query().Get("role_name"))
		_, _ = io.WriteString(w, `{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"`+secret1+`","sessionToken":"`+token1+`","expiration":`+
			itoa(time.Now().Add(time.Hour).UnixMilli())+`}}`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := t.TempDir()
	write(t, dir, ".aws/config", "[profile dev]\nsso_session = corp\nsso_account_id = 012345678901\nsso_role_name = Admin\n"+
		"[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://corp.awsapps.com/start\n")
	cache := ssoCachePath(mapEnv(map[string]string{"HOME": dir}), ssoConfig{session: "corp"})
	assert.Equal(t, filepath.Join(dir, ".aws/sso/cache"), filepath.Dir(cache))
	write(t, dir, ".aws/sso/cache/"+filepath.Base(cache), `{"accessToken":"old-access-token","expiresAt":"2020-01-01T00:00:00Z",
"refreshToken":"old-refresh-token","clientId":"cid","clientSecret":"csecret","registrationExpiresAt":"2199-01-01T00:00:00Z","region":"eu-west-1","startUrl":"https://corp.awsapps.com/start"}`)
	env := map[string]string{"HOME": dir, "AWS_PROFILE": "dev", "AWS_ENDPOINT_URL_SSO": srv.URL, "AWS_ENDPOINT_URL_SSO_OIDC": srv.URL}
	p, err := New(Options{Env: mapEnv(env), Sources: []string{SourceProfile}, Caller: stsTestCaller(http.DefaultClient, time.Now)})
	require.NoError(t, err)
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ASIASSO", c.AccessKeyID)
	assert.Equal(t, SourceSSO, c.Source)
	assert.Equal(t, "012345678901", c.AccountID)
	require.Len(t, oidcBodies, 1)
	req := gjson.Parse(oidcBodies[0])
	assert.Equal(t, "refresh_token", req.Get("grantType").String())
	assert.Equal(t, "old-refresh-token", req.Get("refreshToken").String())
	assert.Equal(t, "cid", req.Get("clientId").String())
	raw, err := os.ReadFile(cache)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(raw, &m))
	assert.Equal(t, "new-access-token", m["accessToken"])
	assert.Equal(t, "new-refresh-token", m["refreshToken"])
	assert.Equal(t, "cid", m["clientId"], "other members are kept")
	fi, _ := os.Stat(cache)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	// The legacy form cannot refresh: an expired token is a clear error.
	write(t, dir, ".aws/config", "[profile old]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n")
	legacy := ssoCachePath(mapEnv(env), ssoConfig{startURL: "https://old.awsapps.com/start"})
	write(t, dir, ".aws/sso/cache/"+filepath.Base(legacy), `{"accessToken":"x","expiresAt":"2020-01-01T00:00:00Z"}`)
	env["AWS_PROFILE"] = "old"
	p, _ = New(Options{Env: mapEnv(env), Sources: []string{SourceProfile}, Caller: stsTestCaller(http.DefaultClient, time.Now)})
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aws sso login")
	noSecretErr(t, err)
}
