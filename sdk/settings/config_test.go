package settings

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/endpoints"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "cfgSECRETxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

func mapEnv(m map[string]string) Env { return MapEnv(m) }

func invalid(t *testing.T, err error, want string) {
	t.Helper()
	e := awserr.As(err)
	require.NotNil(t, e, "want error containing %q", want)
	assert.Equal(t, awserr.InvalidArgument, e.Kind)
	assert.Contains(t, e.Message, want)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", err, err, err), secret)
}

func TestParseFull(t *testing.T) {
	c, err := ParseConfig([]byte(`{"service":"sqs","region":"us-east-1","endpoint_url":"http://127.0.0.1:4576/",
		"profile":"dev","credentials":{"access_key_id":"AKID","secret_access_key":"` + secret + `","session_token":"tok"},
		"max_attempts":5,"retry_mode":"adaptive","connect_timeout_ms":1500,"read_timeout_ms":30000,"timeout_ms":0}`))
	require.NoError(t, err)
	assert.Equal(t, "sqs", c.Service)
	assert.Equal(t, "us-east-1", c.Region)
	assert.Equal(t, "http://127.0.0.1:4576", c.EndpointURL)
	assert.Equal(t, "dev", c.Profile)
	require.NotNil(t, c.Credentials)
	assert.Equal(t, "AKID", c.Credentials.AccessKeyID)
	assert.Equal(t, secret, c.Credentials.SecretAccessKey)
	assert.Equal(t, "tok", c.Credentials.SessionToken)
	assert.Equal(t, 5, c.MaxAttempts)
	assert.Equal(t, "adaptive", c.RetryMode)
	assert.Equal(t, 1500*time.Millisecond, c.ConnectTimeout)
	assert.Equal(t, 30*time.Second, c.ReadTimeout)
	assert.Equal(t, time.Duration(0), c.Timeout)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %v", c, c, *c, c.Credentials), secret)
}

func TestParseDefaultsAndModel(t *testing.T) {
	c, err := ParseConfig([]byte(`{"service":"sqs"}`))
	require.NoError(t, err)
	assert.Equal(t, DefaultConnectTimeout, c.ConnectTimeout)
	assert.Equal(t, DefaultReadTimeout, c.ReadTimeout)
	assert.Equal(t, time.Duration(0), c.Timeout)
	assert.Equal(t, 0, c.MaxAttempts)
	assert.Nil(t, c.Credentials)

	c, err = ParseConfig([]byte(`{"service_model": {"metadata": {"endpointPrefix": "x"}, "operations": {}}}`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"metadata": {"endpointPrefix": "x"}, "operations": {}}`, string(c.ServiceModel))

	c, err = ParseConfig([]byte(`{"service_model_path": "/m/service-2.json"}`))
	require.NoError(t, err)
	assert.Equal(t, "/m/service-2.json", c.ServiceModelPath)
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ doc, want string }{
		{`{"service":"sqs","regoin":"x"}`, `unknown key "regoin" (valid: account_id, account_id_endpoint_mode, ca_bundle, client_context_params, connect_timeout_ms, credentials, endpoint_url, ignore_configured_endpoint_urls, max_attempts, profile, proxies, proxies_config, read_timeout_ms, region, retry_mode, s3, service, service_model, service_model_path, sts_regional_endpoints, timeout_ms, use_dualstack_endpoint, use_fips_endpoint, verify_ssl)`},
		{`{"service":"sqs","use_fips_endpoint":"true"}`, "use_fips_endpoint: expected a boolean, found a string"},
		{`{"service":"sqs","use_dualstack_endpoint":1}`, "use_dualstack_endpoint: expected a boolean, found a number"},
		{`{"service":"sqs","ignore_configured_endpoint_urls":null}`, "ignore_configured_endpoint_urls: expected a boolean, found null"},
		{`{"service":"sqs","ca_bundle":false}`, "ca_bundle: expected a string, found a boolean"},
		{`{"service":1}`, "service: expected a string, found a number"},
		{`{"service":"sqs","region":true}`, "region: expected a string, found a boolean"},
		{`{"service":"sqs","region":"US East"}`, `region: invalid region "US East"`},
		{`{"service":"sqs","profile":[]}`, "profile: expected a string, found an array"},
		{`{"service":"sqs","endpoint_url":"127.0.0.1:4576"}`, "endpoint_url: invalid endpoint URL"},
		{`{"service":"sqs","endpoint_url":"ftp://h"}`, "scheme must be http or https"},
		{`{"service":"sqs","endpoint_url":"http://"}`, "no host"},
		{`{"service":"sqs","endpoint_url":"http://h/?a=b"}`, "query string"},
		{`{"service":"sqs","credentials":"x"}`, "credentials: expected a JSON object"},
		{`{"service":"sqs","credentials":{"access_key_id":"A"}}`, "credentials.secret_access_key: required"},
		{`{"service":"sqs","credentials":{"access_key_id":"A","secret_access_key":"` + secret + `","x":1}}`, `credentials: unknown member "x"`},
		{`{"service":"sqs","service_model":"{}"}`, "service_model: expected a JSON object"},
		{`{"service_model":{},"service_model_path":"/x"}`, "give one, not both"},
		{`{"service":"sqs","max_attempts":0}`, "max_attempts: must be at least 1"},
		{`{"service":"sqs","max_attempts":-2}`, "max_attempts: must be at least 1"},
		{`{"service":"sqs","max_attempts":2.5}`, "max_attempts: expected an integer, found 2.5"},
		{`{"service":"sqs","max_attempts":"3"}`, "max_attempts: expected an integer, found a string"},
		{`{"service":"sqs","retry_mode":"fast"}`, `retry_mode: retry mode "fast" is not one of standard, legacy, adaptive`},
		{`{"service":"sqs","connect_timeout_ms":-1}`, "connect_timeout_ms: must not be negative"},
		{`{"service":"sqs","read_timeout_ms":-5}`, "read_timeout_ms: must not be negative"},
		{`{"service":"sqs","timeout_ms":-1}`, "timeout_ms: must not be negative"},
		{`{"service":"sqs","timeout_ms":null}`, "timeout_ms: expected an integer, found null"},
		{`{"region":"us-east-1"}`, "service: required"},
		{`{"service":`, "malformed JSON"},
		{`"sqs"`, "expected a JSON object"},
	} {
		_, err := ParseConfig([]byte(tc.doc))
		invalid(t, err, tc.want)
	}
}

func writeConfig(t *testing.T, content string) string {
	t.Helper()
	home := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(home, ".aws"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(home, ".aws", "config"), []byte(content), 0o600))
	return home
}

func TestResolveRegion(t *testing.T) {
	home := writeConfig(t, "[default]\nregion = eu-north-1\n[profile dev]\nregion = ap-east-1\n[profile bad]\nregion = Not A Region\n")
	env := map[string]string{"HOME": home}
	c := &Config{Service: "sqs"}

	r, err := ResolveRegion(c, mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "eu-north-1", r, "default profile")

	c.Profile = "dev"
	r, err = ResolveRegion(c, mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "ap-east-1", r, "config profile")

	env["AWS_DEFAULT_REGION"] = "us-west-1"
	r, _ = ResolveRegion(c, mapEnv(env))
	assert.Equal(t, "us-west-1", r)

	env["AWS_REGION"] = "us-west-2"
	r, _ = ResolveRegion(c, mapEnv(env))
	assert.Equal(t, "us-west-2", r, "AWS_REGION before AWS_DEFAULT_REGION")

	c.Region = "sa-east-1"
	r, _ = ResolveRegion(c, mapEnv(env))
	assert.Equal(t, "sa-east-1", r, "config first")

	env["AWS_REGION"] = "us_west_2"
	c.Region = ""
	_, err = ResolveRegion(c, mapEnv(env))
	invalid(t, err, "AWS_REGION: invalid region")

	_, err = ResolveRegion(&Config{Profile: "bad"}, mapEnv(map[string]string{"HOME": home}))
	invalid(t, err, "profile bad region")

	_, err = ResolveRegion(&Config{}, mapEnv(map[string]string{"HOME": t.TempDir()}))
	invalid(t, err, "no region: set region in the client config, AWS_REGION or AWS_DEFAULT_REGION")

	_, err = ResolveRegion(&Config{}, nil)
	invalid(t, err, "no region")
}

func sqsModel() *model.Service {
	return &model.Service{Name: "sqs", Metadata: model.Metadata{EndpointPrefix: "sqs", ServiceID: "SQS"}}
}

func TestResolveEndpoint(t *testing.T) {
	home := writeConfig(t, "[default]\nendpoint_url = http://127.0.0.1:9000\n[profile ignore]\nendpoint_url = http://127.0.0.1:9000\nignore_configured_endpoint_urls = true\n")
	env := map[string]string{"HOME": t.TempDir()}
	svc := sqsModel()
	c := &Config{Service: "sqs"}
	u, err := ResolveEndpoint(c, svc, "eu-west-1", mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "https://sqs.eu-west-1.amazonaws.com", u)

	env["HOME"] = home
	u, _ = ResolveEndpoint(c, svc, "eu-west-1", mapEnv(env))
	assert.Equal(t, "http://127.0.0.1:9000", u, "profile endpoint_url")

	env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566/"
	u, _ = ResolveEndpoint(c, svc, "eu-west-1", mapEnv(env))
	assert.Equal(t, "http://127.0.0.1:4566", u)

	env["AWS_ENDPOINT_URL_SQS"] = "HTTP://127.0.0.1:4576"
	ep, err := ResolveEndpointInfo(c, svc, "eu-west-1", mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, endpoints.Endpoint{URL: "http://127.0.0.1:4576", SigningRegion: "eu-west-1", SigningName: "sqs"}, ep)

	c.EndpointURL = "https://localhost:1/base"
	u, _ = ResolveEndpoint(c, svc, "eu-west-1", mapEnv(env))
	assert.Equal(t, "https://localhost:1/base", u, "config first")

	c.EndpointURL = ""
	env["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true"
	u, _ = ResolveEndpoint(c, svc, "eu-west-1", mapEnv(env))
	assert.Equal(t, "https://sqs.eu-west-1.amazonaws.com", u, "configured URLs ignored")
	delete(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")

	env["AWS_ENDPOINT_URL_SQS"] = "localhost:4576"
	_, err = ResolveEndpoint(c, svc, "eu-west-1", mapEnv(env))
	invalid(t, err, "AWS_ENDPOINT_URL_SQS: invalid endpoint URL")
	env["AWS_ENDPOINT_URL_SQS"] = "http://user:" + secret + "@h"
	_, err = ResolveEndpoint(c, svc, "eu-west-1", mapEnv(env))
	invalid(t, err, "AWS_ENDPOINT_URL_SQS: invalid endpoint URL (value hidden")
	delete(env, "AWS_ENDPOINT_URL_SQS")
	env["AWS_ENDPOINT_URL"] = "gopher://h"
	_, err = ResolveEndpoint(c, svc, "eu-west-1", mapEnv(env))
	invalid(t, err, "AWS_ENDPOINT_URL: invalid endpoint URL")

	delete(env, "AWS_ENDPOINT_URL")
	u, _ = ResolveEndpoint(&Config{Profile: "ignore"}, svc, "eu-west-1", mapEnv(env))
	assert.Equal(t, "https://sqs.eu-west-1.amazonaws.com", u, "profile's ignore_configured_endpoint_urls")

	cog := &model.Service{Name: "cognito-idp", Metadata: model.Metadata{EndpointPrefix: "cognito-idp", ServiceID: "Cognito Identity Provider"}}
	assert.Equal(t, "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", EndpointEnvName(cog))
	env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = "http://127.0.0.1:1"
	u, _ = ResolveEndpoint(&Config{}, cog, "eu-west-1", mapEnv(env))
	assert.Equal(t, "http://127.0.0.1:1", u)
}

func TestResolveRetrySettings(t *testing.T) {
	home := writeConfig(t, "[default]\nmax_attempts = 7\nretry_mode = legacy\n[profile bad]\nmax_attempts = many\nretry_mode = turbo\n")
	env := map[string]string{"HOME": t.TempDir()}
	c := &Config{}
	n, err := ResolveMaxAttempts(c, mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	m, err := ResolveRetryMode(c, mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "standard", m)

	env["HOME"] = home
	n, _ = ResolveMaxAttempts(c, mapEnv(env))
	assert.Equal(t, 7, n)
	m, _ = ResolveRetryMode(c, mapEnv(env))
	assert.Equal(t, "legacy", m)

	env["AWS_MAX_ATTEMPTS"] = "4"
	env["AWS_RETRY_MODE"] = "adaptive"
	n, _ = ResolveMaxAttempts(c, mapEnv(env))
	assert.Equal(t, 4, n)
	m, _ = ResolveRetryMode(c, mapEnv(env))
	assert.Equal(t, "adaptive", m)

	c.MaxAttempts, c.RetryMode = 2, "standard"
	n, _ = ResolveMaxAttempts(c, mapEnv(env))
	assert.Equal(t, 2, n)
	m, _ = ResolveRetryMode(c, mapEnv(env))
	assert.Equal(t, "standard", m)

	env["AWS_MAX_ATTEMPTS"] = "0"
	env["AWS_RETRY_MODE"] = "x"
	_, err = ResolveMaxAttempts(&Config{}, mapEnv(env))
	invalid(t, err, `AWS_MAX_ATTEMPTS: max attempts "0"`)
	_, err = ResolveRetryMode(&Config{}, mapEnv(env))
	invalid(t, err, `AWS_RETRY_MODE: retry mode "x"`)

	bad := map[string]string{"HOME": home}
	_, err = ResolveMaxAttempts(&Config{Profile: "bad"}, mapEnv(bad))
	invalid(t, err, "profile bad max_attempts")
	_, err = ResolveRetryMode(&Config{Profile: "bad"}, mapEnv(bad))
	invalid(t, err, "profile bad retry_mode")
}

func TestResolveAll(t *testing.T) {
	home := writeConfig(t, "[profile p]\nregion = eu-west-3\nmax_attempts = 6\n")
	c, err := ParseConfig([]byte(`{"service":"sqs","profile":"p"}`))
	require.NoError(t, err)
	r, err := Resolve(c, sqsModel(), mapEnv(map[string]string{"HOME": home}))
	require.NoError(t, err)
	assert.Equal(t, "eu-west-3", r.Region)
	assert.Equal(t, endpoints.Endpoint{URL: "https://sqs.eu-west-3.amazonaws.com", SigningRegion: "eu-west-3", SigningName: "sqs"}, r.Endpoint)
	assert.Equal(t, 6, r.MaxAttempts)
	assert.Equal(t, "standard", r.RetryMode)
	assert.Equal(t, "", r.ConfiguredEndpoint)
	assert.Equal(t, "eu-west-3", r.BuiltIns.Values["AWS::Region"])

	// A malformed shared file surfaces as an error naming it.
	require.NoError(t, os.WriteFile(filepath.Join(home, ".aws", "config"), []byte("[profile p\n"), 0o600))
	_, err = Resolve(c, sqsModel(), mapEnv(map[string]string{"HOME": home}))
	invalid(t, err, filepath.Join(home, ".aws", "config"))
}
