package settings

import (
	"path/filepath"
	"testing"

	"github.com/gosoto/gosoto/sdk/endpoints"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseVariantKeys(t *testing.T) {
	c, err := ParseConfig([]byte(`{"service":"sqs","use_fips_endpoint":true,"use_dualstack_endpoint":false,
		"ca_bundle":"/etc/ca.pem","ignore_configured_endpoint_urls":true}`))
	require.NoError(t, err)
	require.NotNil(t, c.UseFIPS)
	assert.True(t, *c.UseFIPS)
	require.NotNil(t, c.UseDualStack)
	assert.False(t, *c.UseDualStack)
	require.NotNil(t, c.IgnoreConfiguredEndpointURLs)
	assert.True(t, *c.IgnoreConfiguredEndpointURLs)
	assert.Equal(t, "/etc/ca.pem", c.CABundle)

	c, err = ParseConfig([]byte(`{"service":"sqs"}`))
	require.NoError(t, err)
	assert.Nil(t, c.UseFIPS)
	assert.Nil(t, c.UseDualStack)
	assert.Nil(t, c.IgnoreConfiguredEndpointURLs)
}

func TestResolveVariantsAndCABundle(t *testing.T) {
	home := writeConfig(t, "[default]\nregion = us-west-2\nuse_fips_endpoint = TRUE\nuse_dualstack_endpoint = true\nca_bundle = ~/ca.pem\n"+
		"[profile bad]\nregion = us-west-2\nuse_fips_endpoint = yes\n")
	env := map[string]string{"HOME": home}
	c := &Config{Service: "sqs"}
	r, err := Resolve(c, sqsModel(), mapEnv(env))
	require.NoError(t, err)
	assert.True(t, r.UseFIPS)
	assert.True(t, r.UseDualStack)
	assert.Equal(t, filepath.Join(home, "ca.pem"), r.CABundle, "~ expanded")
	assert.Equal(t, endpoints.Endpoint{URL: "https://sqs-fips.us-west-2.api.aws", SigningRegion: "us-west-2", SigningName: "sqs"}, r.Endpoint)

	env["AWS_USE_FIPS_ENDPOINT"] = "false"
	env["AWS_CA_BUNDLE"] = "/env/ca.pem"
	r, err = Resolve(c, sqsModel(), mapEnv(env))
	require.NoError(t, err)
	assert.False(t, r.UseFIPS, "environment before profile")
	assert.Equal(t, "https://sqs.us-west-2.api.aws", r.Endpoint.URL)
	assert.Equal(t, "/env/ca.pem", r.CABundle)

	f, d := true, false
	c.UseFIPS, c.UseDualStack, c.CABundle = &f, &d, "/cfg/ca.pem"
	r, err = Resolve(c, sqsModel(), mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "https://sqs-fips.us-west-2.amazonaws.com", r.Endpoint.URL, "config first")
	assert.Equal(t, "/cfg/ca.pem", r.CABundle)

	// A configured endpoint URL is used as is, whatever the variants.
	c.EndpointURL = "http://127.0.0.1:1"
	r, err = Resolve(c, sqsModel(), mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:1", r.Endpoint.URL)
	assert.True(t, r.UseFIPS)

	env["AWS_USE_DUALSTACK_ENDPOINT"] = "1"
	_, err = ResolveUseDualStack(&Config{}, mapEnv(env))
	invalid(t, err, `AWS_USE_DUALSTACK_ENDPOINT: "1" is not true or false`)
	_, err = ResolveUseFIPS(&Config{Profile: "bad"}, mapEnv(map[string]string{"HOME": home}))
	invalid(t, err, "profile bad use_fips_endpoint")
	_, err = ResolveEndpoint(&Config{}, sqsModel(), "us-west-2", mapEnv(map[string]string{"HOME": home, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "maybe"}))
	invalid(t, err, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")

	b, err := ResolveCABundle(&Config{}, mapEnv(map[string]string{"HOME": t.TempDir()}))
	require.NoError(t, err)
	assert.Equal(t, "", b)
}

func TestResolveServicesSection(t *testing.T) {
	home := writeConfig(t, `[profile p]
services = local
endpoint_url = http://127.0.0.1:9999
[profile q]
services = local
ignore_configured_endpoint_urls = true
[services local]
elastic_load_balancing =
  endpoint_url = http://127.0.0.1:9001
sqs =
  endpoint_url = not a url
`)
	elb := &model.Service{Name: "elb", Metadata: model.Metadata{ServiceID: "Elastic Load Balancing", EndpointPrefix: "elasticloadbalancing"}}
	assert.Equal(t, "elastic_load_balancing", ServiceConfigKey(elb))
	assert.Equal(t, "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING", EndpointEnvName(elb))
	env := map[string]string{"HOME": home}
	u, err := ResolveEndpoint(&Config{Profile: "p"}, elb, "eu-west-1", mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9001", u, "services section before the profile's endpoint_url")

	other := &model.Service{Name: "sns", Metadata: model.Metadata{ServiceID: "SNS", EndpointPrefix: "sns"}}
	u, err = ResolveEndpoint(&Config{Profile: "p"}, other, "eu-west-1", mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9999", u, "a service without a sub-section falls back to endpoint_url")

	u, err = ResolveEndpoint(&Config{Profile: "q"}, elb, "eu-west-1", mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "https://elasticloadbalancing.eu-west-1.amazonaws.com", u, "ignored by the profile")

	no := false
	u, err = ResolveEndpoint(&Config{Profile: "q", IgnoreConfiguredEndpointURLs: &no}, elb, "eu-west-1", mapEnv(env))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:9001", u, "the client config's false beats the profile's true")

	_, err = ResolveEndpoint(&Config{Profile: "p"}, sqsModel(), "eu-west-1", mapEnv(env))
	invalid(t, err, "profile p services local sqs endpoint_url ("+filepath.Join(home, ".aws", "config")+"): invalid endpoint URL")
}
