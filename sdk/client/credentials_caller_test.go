package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosoto/gosoto/credentials"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSTS answers AssumeRole (which must be signed) and
// AssumeRoleWithWebIdentity (which must not be) with new credentials, and
// records who signed each call.
type fakeSTS struct {
	mu    sync.Mutex
	calls []string // "Action RoleArn signer-key-id"
	n     int
}

func (f *fakeSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	q, _ := url.ParseQuery(string(body))
	auth := r.Header.Get("Authorization")
	signer := "-"
	if i := strings.Index(auth, "Credential="); i >= 0 {
		signer = strings.SplitN(auth[i+len("Credential="):], "/", 2)[0]
	}
	f.mu.Lock()
	f.n++
	n := f.n
	f.calls = append(f.calls, q.Get("Action")+" "+q.Get("RoleArn")+" "+signer)
	f.mu.Unlock()
	action := q.Get("Action")
	if (action == "AssumeRole") != (signer != "-") {
		w.WriteHeader(403)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>bad signing for %s</Message></Error><RequestId>r</RequestId></ErrorResponse>`, action)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	fmt.Fprintf(w, `<%[1]sResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><%[1]sResult>
<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>
<Credentials><AccessKeyId>ASIAHOP%[2]d</AccessKeyId><SecretAccessKey>hopsecret%[2]d</SecretAccessKey><SessionToken>hoptoken%[2]d</SessionToken><Expiration>%[3]s</Expiration></Credentials>
</%[1]sResult><ResponseMetadata><RequestId>req-%[2]d</RequestId></ResponseMetadata></%[1]sResponse>`, action, n, exp)
}

func TestCredentialsCallerAssumesRoleChains(t *testing.T) {
	sts := &fakeSTS{}
	srv := httptest.NewServer(sts)
	defer srv.Close()
	dir := t.TempDir()
	tokenFile := filepath.Join(dir, "token.jwt")
	require.NoError(t, os.WriteFile(tokenFile, []byte("a-web-identity-token"), 0o600))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, ".aws"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".aws", "config"), []byte(`
[profile top]
role_arn = arn:aws:iam::123456789012:role/Top
source_profile = mid
[profile mid]
role_arn = arn:aws:iam::123456789012:role/Mid
source_profile = base
[profile base]
aws_access_key_id = AKIDBASE
aws_secret_access_key = basesecret
[profile wi]
role_arn = arn:aws:iam::123456789012:role/Web
web_identity_token_file = `+tokenFile+`
`), 0o600))
	envMap := map[string]string{"HOME": dir, "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_STS": srv.URL}
	env := envOf(envMap)
	ctx := context.Background()

	p, err := credentials.New(credentials.Options{Env: env, Profile: "top", Sources: []string{"profile"}, Caller: CredentialsCaller(nil)})
	require.NoError(t, err)
	c, err := p.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ASIAHOP2", c.AccessKeyID)
	assert.Equal(t, "123456789012", c.AccountID)
	assert.Equal(t, []string{
		"AssumeRole arn:aws:iam::123456789012:role/Mid AKIDBASE",
		"AssumeRole arn:aws:iam::123456789012:role/Top ASIAHOP1",
	}, sts.calls, "each hop is signed with the previous hop's credentials")

	p, err = credentials.New(credentials.Options{Env: env, Profile: "wi", Sources: []string{"profile"}, Caller: CredentialsCaller(nil)})
	require.NoError(t, err)
	c, err = p.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "ASIAHOP3", c.AccessKeyID)
	assert.Equal(t, "AssumeRoleWithWebIdentity arn:aws:iam::123456789012:role/Web -", sts.calls[2], "unsigned")
}
