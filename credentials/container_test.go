package credentials

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestContainerProviderFullURIAndTokenFile(t *testing.T) {
	var auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auths = append(auths, r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") == "" {
			w.WriteHeader(401)
			_, _ = io.WriteString(w, `{"code":"Unauthorized","message":"no token"}`)
			return
		}
		_, _ = io.WriteString(w, `{"AccessKeyId":"ASIAECS","SecretAccessKey":"`+secret1+`","Token":"`+token1+
			`","AccountId":"123","Expiration":"`+time.Now().Add(time.Hour).UTC().Format(time.RFC3339)+`"}`)
	}))
	defer srv.Close()
	dir := t.TempDir()
	tokFile := write(t, dir, "token", "rotating-token-1\n")
	env := map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": srv.URL + "/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokFile,
		"AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-the-file-is-set"}
	p, err := New(Options{Env: mapEnv(env), Sources: []string{"ecs"}})
	require.NoError(t, err)
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ASIAECS", c.AccessKeyID)
	assert.Equal(t, SourceContainer, c.Source)
	assert.Equal(t, "123", c.AccountID)
	assert.Equal(t, []string{"rotating-token-1"}, auths)

	delete(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
	delete(env, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
	_, err = (&ContainerProvider{Options: Options{Env: mapEnv(env)}}).Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "HTTP 401: no token")

	for uri, ok := range map[string]bool{
		"http://127.0.0.1:9/x": true, "http://[::1]/x": true, "http://localhost/x": true, "http://169.254.170.23/v1": true,
		"http://[fd00:ec2::23]/v1": true, "https://example.com/x": true,
		"http://example.com/x": false, "http://169.254.169.254/x": false, "ftp://127.0.0.1/x": false,
	} {
		_, err := ContainerEndpoint(mapEnv(map[string]string{"AWS_CONTAINER_CREDENTIALS_FULL_URI": uri}))
		assert.Equal(t, ok, err == nil, "%s: %v", uri, err)
	}
}
