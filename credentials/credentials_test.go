package credentials

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	secret1 = "s3cr3tENVxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	token1  = "t0kenENVyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
	secret2 = "s3cr3tFILEzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	token2  = "t0kenFILEwwwwwwwwwwwwwwwwwwwwwwwwwww"
)

var allSecrets = []string{secret1, token1, secret2, token2}

// mapEnv is an settings.Env backed by a map.
func mapEnv(m map[string]string) settings.Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// noSecret fails when s contains any secret used by these tests.
func noSecret(t *testing.T, s string) {
	t.Helper()
	for _, sec := range allSecrets {
		assert.NotContains(t, s, sec)
	}
}

// noSecretErr checks the error's message and every fmt form.
func noSecretErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		noSecret(t, fmt.Sprintf(f, err))
	}
	if e := awserr.As(err); e != nil {
		noSecret(t, string(e.JSON()))
	}
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

func TestCredentialsRedacted(t *testing.T) {
	c := Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: secret1, SessionToken: token1, Source: "env",
		CanExpire: true, Expires: time.Date(2026, 11, 28, 22, 0, 0, 0, time.UTC)}
	outs := []string{c.String(), c.GoString()}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		outs = append(outs, fmt.Sprintf(f, c), fmt.Sprintf(f, &c))
	}
	outs = append(outs, fmt.Sprint(c), fmt.Sprintln(&c), fmt.Sprintf("%+v", []Credentials{c}),
		fmt.Sprintf("%+v", struct{ C Credentials }{c}))
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("creds", "c", c)
	outs = append(outs, buf.String())
	for _, s := range outs {
		noSecret(t, s)
		assert.Contains(t, s, "AKIDEXAMPLE")
	}
	assert.Equal(t, "Credentials{AccessKeyID: AKIDEXAMPLE, SecretAccessKey: <redacted>, SessionToken: <redacted>, Expires: 2026-11-28T22:00:00Z, Source: env}", c.String())
}

func TestAppendJSON(t *testing.T) {
	c := Credentials{AccessKeyID: "AKID", SecretAccessKey: `se"cret`, SessionToken: "tok", Source: "imds",
		CanExpire: true, Expires: time.Date(2026, 11, 28, 23, 0, 0, 0, time.FixedZone("x", 3600))}
	var doc map[string]any
	require.NoError(t, json.Unmarshal(c.AppendJSON(nil), &doc))
	assert.Equal(t, map[string]any{"AccessKeyId": "AKID", "SecretAccessKey": `se"cret`, "SessionToken": "tok",
		"Expiration": "2026-11-28T22:00:00Z", "Source": "imds"}, doc)

	require.NoError(t, json.Unmarshal(Credentials{AccessKeyID: "A", SecretAccessKey: "B", Source: "env"}.AppendJSON([]byte{}), &doc))
	assert.Nil(t, doc["SessionToken"])
	assert.Nil(t, doc["Expiration"])
	assert.Contains(t, doc, "Expiration")
}

func TestEnvProvider(t *testing.T) {
	ctx := context.Background()
	c, err := (&EnvProvider{Env: mapEnv(map[string]string{"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": secret1, "AWS_SESSION_TOKEN": token1})}).Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, Credentials{AccessKeyID: "AKID", SecretAccessKey: secret1, SessionToken: token1, Source: "env"}, c)

	c, err = (&EnvProvider{Env: mapEnv(map[string]string{"AWS_ACCESS_KEY": "LEGACY", "AWS_SECRET_KEY": secret1})}).Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "LEGACY", c.AccessKeyID)
	assert.Equal(t, secret1, c.SecretAccessKey)

	c, err = (&EnvProvider{Env: mapEnv(map[string]string{"AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": secret1, "AWS_CREDENTIAL_EXPIRATION": "2030-01-02T03:04:05Z"})}).Retrieve(ctx)
	require.NoError(t, err)
	assert.True(t, c.CanExpire)
	assert.Equal(t, time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), c.Expires.UTC())

	_, err = (&EnvProvider{Env: mapEnv(map[string]string{"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})}).Retrieve(ctx)
	var nf *NotFoundError
	require.True(t, errors.As(err, &nf), "empty variables count as unset: %v", err)
	assert.Equal(t, "env: AWS_ACCESS_KEY_ID not set", nf.Error())

	_, err = (&EnvProvider{Env: mapEnv(map[string]string{"AWS_ACCESS_KEY_ID": "AKID"})}).Retrieve(ctx)
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Credentials, e.Kind)
	assert.Equal(t, CodePartialCredentials, e.Code)
	assert.Contains(t, e.Message, "AWS_SECRET_ACCESS_KEY")

	_, err = (&EnvProvider{Env: mapEnv(map[string]string{"AWS_SECRET_ACCESS_KEY": secret1})}).Retrieve(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "AWS_ACCESS_KEY_ID")
	noSecretErr(t, err)
}

func TestChainNothingFound(t *testing.T) {
	home := t.TempDir()
	p, err := New(Options{Env: mapEnv(map[string]string{"HOME": home, "AWS_EC2_METADATA_DISABLED": "true"})})
	require.NoError(t, err)
	_, err = p.Retrieve(context.Background())
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Credentials, e.Kind)
	assert.Equal(t, awserr.CodeNoCredentials, e.Code)
	assert.Equal(t, fmt.Sprintf("no credentials found: env: AWS_ACCESS_KEY_ID not set; web_identity: AWS_WEB_IDENTITY_TOKEN_FILE not set; "+
		"profile default: not found in %s or %s; "+
		"container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI not set; imds: AWS_EC2_METADATA_DISABLED is true",
		filepath.Join(home, ".aws/credentials"), filepath.Join(home, ".aws/config")), e.Message)
}

func TestChainOrderAndSources(t *testing.T) {
	dir := t.TempDir()
	credsFile := write(t, dir, "creds", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = "+secret2+"\n")
	env := map[string]string{"HOME": dir, "AWS_SHARED_CREDENTIALS_FILE": credsFile,
		"AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": secret1}
	get := func(o Options) Credentials {
		t.Helper()
		o.Env = mapEnv(env)
		p, err := New(o)
		require.NoError(t, err)
		c, err := p.Retrieve(context.Background())
		require.NoError(t, err)
		return c
	}
	c := get(Options{})
	assert.Equal(t, "ENVKEY", c.AccessKeyID, "env comes before profile")
	assert.Equal(t, "env", c.Source)

	c = get(Options{Sources: []string{"profile", "env"}})
	assert.Equal(t, "FILEKEY", c.AccessKeyID)
	assert.Equal(t, "profile", c.Source)
	assert.Equal(t, secret2, c.SecretAccessKey)

	// The environment is live: a change is seen by the next Retrieve.
	p, err := New(Options{Env: mapEnv(env)})
	require.NoError(t, err)
	delete(env, "AWS_ACCESS_KEY_ID")
	delete(env, "AWS_SECRET_ACCESS_KEY")
	c, err = p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "FILEKEY", c.AccessKeyID)

	c = get(Options{Static: &Credentials{AccessKeyID: "STATIC", SecretAccessKey: secret1}})
	assert.Equal(t, "STATIC", c.AccessKeyID)
	assert.Equal(t, "static", c.Source)

	c = get(Options{Static: &Credentials{AccessKeyID: "STATIC", SecretAccessKey: secret1}, Sources: []string{"env", "static"}})
	assert.Equal(t, "STATIC", c.AccessKeyID, "env is now empty")
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Sources: []string{"env", "bogus"}}, `unknown source "bogus" (valid: static, env, web_identity, profile, container, imds, ecs (= container))`},
		{Options{Sources: []string{"static"}}, `"static" needs static credentials`},
		{Options{Sources: []string{"env", "env"}}, `"env" is listed twice`},
		{Options{Static: &Credentials{AccessKeyID: "A"}}, "secret_access_key is empty"},
		{Options{Static: &Credentials{SecretAccessKey: secret1}}, "access_key_id is empty"},
	} {
		_, err := New(tc.o)
		e := awserr.As(err)
		require.NotNil(t, e, "%+v", tc.o)
		assert.Equal(t, awserr.InvalidArgument, e.Kind)
		assert.Contains(t, e.Message, tc.want)
		noSecretErr(t, err)
	}
}

func TestProfileFromFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".aws/config", `
# a comment
; another comment
[default]
region = us-west-2

[profile dev]
region=eu-west-1
aws_access_key_id = CONFIGKEY
aws_secret_access_key = `+secret1+`
max_attempts = 5
retry_mode = adaptive
endpoint_url = http://127.0.0.1:4566
s3 =
  max_concurrent_requests = 10

[  profile   spaced  ] ; comment after the header
region   =   ap-south-1   # inline comment

[notaprofile]
region = nowhere-1

[profile dup]
region = us-east-2
[profile dup]
output = json
`)
	write(t, dir, ".aws/credentials", `
[dev]
AWS_Access_Key_ID = CREDKEY
aws_secret_access_key =`+secret2+`
aws_session_token = `+token2+`

[onlycreds]
aws_access_key_id = ONLY
aws_secret_access_key = `+secret2+`
`)
	env := mapEnv(map[string]string{"HOME": dir})

	p, err := settings.LoadProfile(Options{Profile: "dev", Env: env}.source())
	require.NoError(t, err)
	assert.True(t, p.InConfigFile)
	assert.True(t, p.InCredentialsFile)
	assert.Equal(t, "eu-west-1", p.Region)
	assert.Equal(t, "5", p.MaxAttempts)
	assert.Equal(t, "adaptive", p.RetryMode)
	assert.Equal(t, "http://127.0.0.1:4566", p.EndpointURL)
	assert.Equal(t, "CREDKEY", p.Settings["aws_access_key_id"], "credentials file wins, keys case-insensitive")
	assert.Equal(t, filepath.Join(dir, ".aws/credentials"), p.SettingFile("aws_access_key_id"))
	assert.Equal(t, filepath.Join(dir, ".aws/config"), p.SettingFile("region"))
	assert.Equal(t, "\nmax_concurrent_requests = 10", p.Settings["s3"], "sub-properties keep their raw text")
	assert.Equal(t, map[string]string{"max_concurrent_requests": "10"}, p.SubSettings("s3"))
	assert.Nil(t, p.SubSettings("region"))

	pp := &ProfileProvider{Options: Options{Profile: "dev", Env: env}}
	c, err := pp.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, Credentials{AccessKeyID: "CREDKEY", SecretAccessKey: secret2, SessionToken: token2, Source: "profile"}, c)

	p, err = settings.LoadProfile(Options{Env: env}.source())
	require.NoError(t, err)
	assert.Equal(t, "default", p.Name)
	assert.Equal(t, "us-west-2", p.Region)

	p, err = settings.LoadProfile(Options{Profile: "spaced", Env: env}.source())
	require.NoError(t, err)
	assert.Equal(t, "ap-south-1", p.Region)

	p, err = settings.LoadProfile(Options{Profile: "dup", Env: env}.source())
	require.NoError(t, err)
	assert.Equal(t, "us-east-2", p.Region, "duplicate sections are merged")
	assert.Equal(t, "json", p.Settings["output"])

	p, err = settings.LoadProfile(Options{Profile: "notaprofile", Env: env}.source())
	require.NoError(t, err)
	assert.False(t, p.Found(), "a config section without the profile prefix is not a profile")

	// Profile selection from the environment.
	p, err = settings.LoadProfile(Options{Env: mapEnv(map[string]string{"HOME": dir, "AWS_PROFILE": "dev", "AWS_DEFAULT_PROFILE": "x"})}.source())
	require.NoError(t, err)
	assert.Equal(t, "dev", p.Name)
	p, err = settings.LoadProfile(Options{Env: mapEnv(map[string]string{"HOME": dir, "AWS_DEFAULT_PROFILE": "onlycreds"})}.source())
	require.NoError(t, err)
	assert.Equal(t, "onlycreds", p.Name)
	assert.True(t, p.InCredentialsFile)
	assert.False(t, p.InConfigFile)

	// Profile names are case-sensitive.
	p, err = settings.LoadProfile(Options{Profile: "DEV", Env: env}.source())
	require.NoError(t, err)
	assert.False(t, p.Found())

	// A profile without keys is passed over with a reason.
	_, err = (&ProfileProvider{Options: Options{Profile: "spaced", Env: env}}).Retrieve(context.Background())
	var nf *NotFoundError
	require.True(t, errors.As(err, &nf), "%v", err)
	assert.Equal(t, "profile spaced", nf.Source)
	assert.Contains(t, nf.Reason, "no aws_access_key_id")
}

func TestProfileFilesFromEnvAndOptions(t *testing.T) {
	dir := t.TempDir()
	cfg := write(t, dir, "elsewhere/cfg", "[profile x]\nregion = r1\n")
	creds := write(t, dir, "elsewhere/creds", "[x]\nregion = r2\n")
	env := mapEnv(map[string]string{"HOME": dir, "AWS_CONFIG_FILE": "~/elsewhere/cfg", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/creds"})
	p, err := settings.LoadProfile(Options{Profile: "x", Env: env}.source())
	require.NoError(t, err)
	assert.Equal(t, cfg, p.ConfigFile, "~ expanded from HOME")
	assert.Equal(t, "r1", p.Region)
	assert.False(t, p.InCredentialsFile, "a missing file counts as empty")

	p, err = settings.LoadProfile(Options{Profile: "x", Env: env, CredentialsFile: creds}.source())
	require.NoError(t, err)
	assert.Equal(t, "r2", p.Region, "credentials file wins")

	p, err = settings.LoadProfile(Options{Profile: "x", Env: mapEnv(nil)}.source())
	require.NoError(t, err)
	assert.Equal(t, "", p.ConfigFile, "no HOME: no default path")
	assert.False(t, p.Found())
}

func TestIncompleteProfileIsAnError(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".aws/credentials", "[half]\naws_access_key_id = AKID\naws_session_token = "+token2+"\n[other]\naws_secret_access_key = "+secret2+"\n")
	env := map[string]string{"HOME": dir, "AWS_PROFILE": "half"}
	p, err := New(Options{Env: mapEnv(env)})
	require.NoError(t, err)
	_, err = p.Retrieve(context.Background())
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.Credentials, e.Kind)
	assert.Equal(t, CodePartialCredentials, e.Code)
	assert.Contains(t, e.Message, `profile "half"`)
	assert.Contains(t, e.Message, "no aws_secret_access_key")
	noSecretErr(t, err)

	env["AWS_PROFILE"] = "other"
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no aws_access_key_id")
	noSecretErr(t, err)
}

func TestMalformedFileNamesFileNotLine(t *testing.T) {
	dir := t.TempDir()
	path := write(t, dir, "creds", "[default]\n["+secret2+"\n")
	_, err := settings.LoadProfile(Options{CredentialsFile: path, Env: mapEnv(map[string]string{"HOME": dir})}.source())
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, settings.CodeConfigParse, e.Code)
	assert.Contains(t, e.Message, path)
	noSecretErr(t, err)

	// Through the chain too.
	p, err := New(Options{CredentialsFile: path, Env: mapEnv(map[string]string{"HOME": dir})})
	require.NoError(t, err)
	_, err = p.Retrieve(context.Background())
	require.Error(t, err)
	noSecretErr(t, err)
}

func TestParseOptionsJSON(t *testing.T) {
	env := mapEnv(map[string]string{})
	o, err := ParseOptionsJSON([]byte(`{}`), env)
	require.NoError(t, err)
	assert.Nil(t, o.Static)
	assert.NotNil(t, o.Env)

	o, err = ParseOptionsJSON([]byte(`{"profile":"dev","config_file":"/c","credentials_file":"/k",
		"static":{"access_key_id":"AKID","secret_access_key":"`+secret1+`","session_token":"`+token1+`"},
		"sources":["static","env","profile"]}`), env)
	require.NoError(t, err)
	assert.Equal(t, "dev", o.Profile)
	assert.Equal(t, "/c", o.ConfigFile)
	assert.Equal(t, "/k", o.CredentialsFile)
	assert.Equal(t, []string{"static", "env", "profile"}, o.Sources)
	require.NotNil(t, o.Static)
	assert.Equal(t, Credentials{AccessKeyID: "AKID", SecretAccessKey: secret1, SessionToken: token1, Source: "static"}, *o.Static)
	noSecret(t, fmt.Sprintf("%+v %#v %v", o, o, o.Static))

	for _, tc := range []struct{ doc, want string }{
		{`{"profle":"x"}`, `unknown member "profle" (valid: profile, config_file, credentials_file, static, sources)`},
		{`{"profile":1}`, "profile: expected a string, found a number"},
		{`{"config_file":null}`, "config_file: expected a string, found null"},
		{`{"sources":"env"}`, "sources: expected an array of strings"},
		{`{"sources":["env",3]}`, "sources: expected an array of strings, found a number"},
		{`{"sources":["env","bogus"]}`, `unknown source "bogus" (valid: static, env, web_identity, profile, container, imds, ecs (= container))`},
		{`{"sources":[]}`, "sources: empty"},
		{`{"sources":["static"]}`, `"static" needs static credentials`},
		{`{"static":"x"}`, "static: expected a JSON object"},
		{`{"static":{"access_key_id":"A"}}`, "static.secret_access_key: required"},
		{`{"static":{"secret_access_key":"` + secret1 + `"}}`, "static.access_key_id: required"},
		{`{"static":{"access_key_id":"A","secret_access_key":true}}`, "static.secret_access_key: expected a string, found a boolean"},
		{`{"static":{"access_key_id":"A","secret_access_key":"` + secret1 + `","token":"` + token1 + `"}}`, `static: unknown member "token"`},
		{`{"profile":`, "malformed JSON"},
		{``, "malformed JSON"},
		{`[]`, "expected a JSON object"},
	} {
		_, err := ParseOptionsJSON([]byte(tc.doc), env)
		e := awserr.As(err)
		require.NotNil(t, e, tc.doc)
		assert.Equal(t, awserr.InvalidArgument, e.Kind, tc.doc)
		assert.Contains(t, e.Message, tc.want, tc.doc)
		noSecretErr(t, err)
	}
}

func TestErrorsNeverCarrySecrets(t *testing.T) {
	// Every failing path that sees a secret, checked in one place.
	dir := t.TempDir()
	write(t, dir, ".aws/credentials", "[p1]\naws_secret_access_key = "+secret2+"\naws_session_token = "+token2+"\n")
	envs := []map[string]string{
		{"HOME": dir, "AWS_SECRET_ACCESS_KEY": secret1, "AWS_SESSION_TOKEN": token1},
		{"HOME": dir, "AWS_PROFILE": "p1"},
		{"HOME": dir, "AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": secret1, "AWS_CREDENTIAL_EXPIRATION": token1},
	}
	for _, m := range envs {
		m["AWS_EC2_METADATA_DISABLED"] = "true" // never reach out of 127.0.0.1
		p, err := New(Options{Env: mapEnv(m)})
		require.NoError(t, err)
		_, err = p.Retrieve(context.Background())
		require.Error(t, err)
		noSecretErr(t, err)
	}
}

func TestOSEnvIsTheDefault(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "OSKEY")
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret1)
	p, err := New(Options{Sources: []string{"env"}})
	require.NoError(t, err)
	c, err := p.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "OSKEY", c.AccessKeyID)
	assert.True(t, strings.HasPrefix(c.String(), "Credentials{AccessKeyID: OSKEY"))
}

func TestNoSecretInErrorsLogsOrPrintedCredentials(t *testing.T) {
	logs := captureLog(t)
	ctx := context.Background()
	dir := t.TempDir()
	var errs []error
	// IMDS serving a broken document full of secrets, then a valid one
	// that has already expired (static stability logs).
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPut:
			_, _ = io.WriteString(w, token2)
		case strings.HasSuffix(r.URL.Path, "/security-credentials/"):
			_, _ = io.WriteString(w, "role")
		case r.URL.Query().Get("bad") != "":
			_, _ = io.WriteString(w, `{"Code":"Success","AccessKeyId":"A","SecretAccessKey":"`+secret1)
		default:
			_, _ = io.WriteString(w, `{"Code":"Success","AccessKeyId":"AKIMDS","SecretAccessKey":"`+secret1+`","Token":"`+token1+`","Expiration":"2020-01-01T00:00:00Z"}`)
		}
	}))
	defer imds.Close()
	p := NewIMDSProvider(Options{Env: mapEnv(map[string]string{"AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.URL})})
	c, err := p.Retrieve(ctx)
	require.NoError(t, err)
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		noSecret(t, fmt.Sprintf(f, c))
	}
	// credential_process printing secrets in broken JSON and on stderr is
	// the process's own choice (stderr is shown); its stdout never is.
	_, err = (&ProcessProvider{Name: "p", Command: `echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"` + secret2 + `"'`}).Retrieve(ctx)
	errs = append(errs, err)
	// SSO cache file with secrets but no accessToken / bad JSON.
	write(t, dir, ".aws/config", "[profile s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n")
	cache := ssoCachePath(mapEnv(map[string]string{"HOME": dir}), ssoConfig{startURL: "https://x.awsapps.com/start"})
	write(t, filepath.Dir(cache), filepath.Base(cache), `{"accessToken":"`+token1+`","expiresAt":"2020-01-01T00:00:00Z","clientSecret":"`+secret2+`"}`)
	sp, _ := New(Options{Env: mapEnv(map[string]string{"HOME": dir, "AWS_PROFILE": "s"}), Sources: []string{"profile"}})
	_, err = sp.Retrieve(ctx)
	errs = append(errs, err)
	write(t, filepath.Dir(cache), filepath.Base(cache), `{"accessToken":"`+token1)
	sp, _ = New(Options{Env: mapEnv(map[string]string{"HOME": dir, "AWS_PROFILE": "s"}), Sources: []string{"profile"}})
	_, err = sp.Retrieve(ctx)
	errs = append(errs, err)
	// Web identity with a secret-looking token and no STS caller.
	tok := write(t, dir, "tok", secret1)
	wp, _ := New(Options{Env: mapEnv(map[string]string{"AWS_WEB_IDENTITY_TOKEN_FILE": tok, "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"}),
		Sources: []string{"web_identity"}, Caller: func(context.Context, Call) ([]byte, error) {
			return nil, awserr.New(awserr.Service, "InvalidIdentityToken", "token rejected")
		}})
	_, err = wp.Retrieve(ctx)
	errs = append(errs, err)
	for _, err := range errs {
		require.Error(t, err)
		noSecretErr(t, err)
	}
	lines := logs()
	require.NotEmpty(t, lines)
	for _, l := range lines {
		noSecret(t, l)
	}
}
