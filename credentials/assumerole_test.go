package credentials

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	v4 "github.com/gosoto/gosoto/sdk/signer/v4"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// verifyingSTS is a local STS that checks every AssumeRole signature
// against the keys it knows (the base keys and those it issued), and that
// AssumeRoleWithWebIdentity is unsigned.
type verifyingSTS struct {
	mu      sync.Mutex
	secrets map[string]string // key id -> secret
	tokens  map[string]string // key id -> session token
	calls   []url.Values
	signers []string
	fail    string // error code to answer with
	n       int
}

func newVerifyingSTS(baseID, baseSecret string) *verifyingSTS {
	return &verifyingSTS{secrets: map[string]string{baseID: baseSecret}, tokens: map[string]string{}}
}

func (s *verifyingSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	q, _ := url.ParseQuery(string(body))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, q)
	deny := func(code, msg string) {
		w.WriteHeader(403)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error></ErrorResponse>`, code, msg)
	}
	auth := r.Header.Get("Authorization")
	signer := ""
	switch q.Get("Action") {
	case "AssumeRoleWithWebIdentity":
		if auth != "" {
			deny("InvalidRequest", "AssumeRoleWithWebIdentity must not be signed")
			return
		}
	case "AssumeRole":
		i := strings.Index(auth, "Credential=")
		if i < 0 {
			deny("MissingAuthenticationToken", "unsigned")
			return
		}
		signer = strings.SplitN(auth[i+len("Credential="):], "/", 2)[0]
		secret, ok := s.secrets[signer]
		if !ok || r.Header.Get("X-Amz-Security-Token") != s.tokens[signer] {
			deny("InvalidClientTokenId", "unknown key or token")
			return
		}
		at, _ := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
		res, err := (&v4.Signer{}).Sign(&v4.Request{Method: "POST", URL: "http://" + r.Host + r.URL.Path,
			Header: [][2]string{{"Content-Type", r.Header.Get("Content-Type")}}, Body: body},
			v4.Credentials{AccessKeyID: signer, SecretAccessKey: secret, SessionToken: s.tokens[signer]},
			v4.Options{Service: "sts", Region: "us-east-1", Time: at})
		if err != nil || !strings.HasSuffix(auth, "Signature="+res.Signature) {
			deny("SignatureDoesNotMatch", "signature mismatch")
			return
		}
	}
	s.signers = append(s.signers, signer)
	if s.fail != "" {
		deny(s.fail, "User is not authorized to perform: sts:AssumeRole")
		return
	}
	s.n++
	id := fmt.Sprintf("ASIAHOP%d", s.n)
	s.secrets[id], s.tokens[id] = fmt.Sprintf("hopsecret%dXXXXXXXXXXXXXXXXXXXX", s.n), fmt.Sprintf("hoptoken%dYYYYYYYYYYYYYY", s.n)
	fmt.Fprintf(w, `<R><Result><AssumedRoleUser><Arn>arn:aws:sts::111122223333:assumed-role/x/y</Arn></AssumedRoleUser>
<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken><Expiration>%s</Expiration></Credentials></Result></R>`,
		id, s.secrets[id], s.tokens[id], time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
}

func stsOptions(t *testing.T, srvURL string, env map[string]string) Options {
	env["AWS_ENDPOINT_URL_STS"] = srvURL
	env["AWS_REGION"] = "us-east-1"
	env["AWS_EC2_METADATA_DISABLED"] = "true"
	return Options{Env: mapEnv(env), Caller: stsTestCaller(http.DefaultClient, time.Now), Sources: []string{SourceProfile}}
}

func TestAssumeRoleChainSignedHopByHop(t *testing.T) {
	sts := newVerifyingSTS("AKIDBASE", secret2)
	srv := httptest.NewServer(sts)
	defer srv.Close()
	dir := t.TempDir()
	write(t, dir, ".aws/credentials", "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = "+secret2+"\n")
	write(t, dir, ".aws/config", `
[profile top]
role_arn = arn:aws:iam::111122223333:role/Top
source_profile = mid
external_id = ext-123
duration_seconds = 1800
role_session_name = top-session
[profile mid]
role_arn = arn:aws:iam::111122223333:role/Mid
source_profile = low
[profile low]
role_arn = arn:aws:iam::111122223333:role/Low
source_profile = base
[profile mfa]
role_arn = arn:aws:iam::111122223333:role/Mfa
source_profile = base
mfa_serial = arn:aws:iam::111122223333:mfa/me
[profile loop1]
role_arn = arn:aws:iam::111122223333:role/L1
source_profile = loop2
[profile loop2]
role_arn = arn:aws:iam::111122223333:role/L2
source_profile = loop3
[profile loop3]
role_arn = arn:aws:iam::111122223333:role/L3
source_profile = loop1
`)
	o := stsOptions(t, srv.URL, map[string]string{"HOME": dir, "AWS_PROFILE": "top"})
	p, err := New(o)
	require.NoError(t, err)
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "ASIAHOP3", c.AccessKeyID)
	assert.Equal(t, SourceAssumeRole, c.Source)
	assert.Equal(t, "111122223333", c.AccountID)
	assert.Equal(t, []string{"AKIDBASE", "ASIAHOP1", "ASIAHOP2"}, sts.signers, "each hop signed with the previous hop's credentials")
	top := sts.calls[2]
	assert.Equal(t, "arn:aws:iam::111122223333:role/Top", top.Get("RoleArn"))
	assert.Equal(t, "ext-123", top.Get("ExternalId"))
	assert.Equal(t, "1800", top.Get("DurationSeconds"))
	assert.Equal(t, "top-session", top.Get("RoleSessionName"))

	// mfa_serial: a clear error, no call.
	o = stsOptions(t, srv.URL, map[string]string{"HOME": dir, "AWS_PROFILE": "mfa"})
	p, _ = New(o)
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot prompt")
	assert.Len(t, sts.calls, 3)

	// A cycle is reported with its path.
	o = stsOptions(t, srv.URL, map[string]string{"HOME": dir, "AWS_PROFILE": "loop1"})
	p, _ = New(o)
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "loop1 -> loop2 -> loop3 -> loop1")

	// STS refuses: the error names the profile and the code, no secret.
	sts.fail = "AccessDenied"
	o = stsOptions(t, srv.URL, map[string]string{"HOME": dir, "AWS_PROFILE": "low"})
	p, _ = New(o)
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "profile low: sts AssumeRole failed")
	assert.Contains(t, err.Error(), "AccessDenied")
	noSecretErr(t, err)
}

func TestWebIdentityFromEnvUnsigned(t *testing.T) {
	sts := newVerifyingSTS("AKIDBASE", secret2)
	srv := httptest.NewServer(sts)
	defer srv.Close()
	dir := t.TempDir()
	tok := write(t, dir, "token.jwt", "header.payload.sig\n")
	env := map[string]string{"AWS_WEB_IDENTITY_TOKEN_FILE": tok, "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/Web",
		"AWS_ROLE_SESSION_NAME": "my-session"}
	o := stsOptions(t, srv.URL, env)
	o.Sources = nil
	p, err := New(o)
	require.NoError(t, err)
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, SourceWebIdentity, c.Source)
	assert.Equal(t, "ASIAHOP1", c.AccessKeyID)
	assert.Equal(t, "header.payload.sig", sts.calls[0].Get("WebIdentityToken"))
	assert.Equal(t, "my-session", sts.calls[0].Get("RoleSessionName"))
	assert.Equal(t, []string{""}, sts.signers, "unsigned")
}
