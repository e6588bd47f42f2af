package settings

import (
	"strings"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func s3Model() *model.Service {
	return &model.Service{Name: "s3", Metadata: model.Metadata{EndpointPrefix: "s3", ServiceID: "S3"}}
}

func s3ControlModel() *model.Service {
	return &model.Service{Name: "s3control", Metadata: model.Metadata{EndpointPrefix: "s3-control", ServiceID: "S3 Control"}}
}

func resolveBuiltIns(t *testing.T, doc string, svc *model.Service, env map[string]string) (Resolved, error) {
	t.Helper()
	c, err := ParseConfig([]byte(doc))
	require.NoError(t, err)
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["HOME"]; !ok {
		env["HOME"] = t.TempDir()
	}
	return Resolve(c, svc, mapEnv(env))
}

// The built-ins a plain client gets: botocore 1.43.67's defaults.
func TestBuiltInDefaults(t *testing.T) {
	r, err := resolveBuiltIns(t, `{"service":"s3","region":"us-east-1"}`, s3Model(), nil)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"AWS::Region":                             "us-east-1",
		"AWS::UseFIPS":                            false,
		"AWS::UseDualStack":                       false,
		"AWS::Auth::AccountIdEndpointMode":        "preferred",
		"AWS::STS::UseGlobalEndpoint":             false, // sts_regional_endpoints defaults to regional
		"AWS::S3::Accelerate":                     false,
		"AWS::S3::ForcePathStyle":                 false,
		"AWS::S3::UseArnRegion":                   true,
		"AWS::S3Control::UseArnRegion":            false,
		"AWS::S3::DisableMultiRegionAccessPoints": false,
		"AWS::S3::UseGlobalEndpoint":              true, // us_east_1_regional_endpoint defaults to legacy
	}, r.BuiltIns.Values)
	assert.True(t, r.BuiltIns.AccountIDFromCredentials)
	assert.Empty(t, r.ClientContext())

	r, err = resolveBuiltIns(t, `{"service":"s3","region":"eu-west-1"}`, s3Model(), nil)
	require.NoError(t, err)
	assert.Equal(t, false, r.BuiltIns.Values["AWS::S3::UseGlobalEndpoint"], "only us-east-1 has the global endpoint")
}

// Each built-in: the config's key, else the environment, else the profile.
func TestBuiltInPrecedence(t *testing.T) {
	home := writeConfig(t, "[default]\nuse_fips_endpoint = true\naccount_id_endpoint_mode = disabled\nsts_regional_endpoints = legacy\n"+
		"s3_use_arn_region = false\ns3 =\n  use_dualstack_endpoint = true\n  us_east_1_regional_endpoint = regional\n"+
		"  s3_disable_multiregion_access_points = true\n  use_accelerate_endpoint = true\n"+
		"s3_disable_express_session_auth = true\n")
	r, err := resolveBuiltIns(t, `{"service":"s3","region":"us-east-1"}`, s3Model(), map[string]string{"HOME": home})
	require.NoError(t, err)
	v := r.BuiltIns.Values
	assert.Equal(t, true, v["AWS::UseFIPS"])
	assert.Equal(t, true, v["AWS::UseDualStack"], "s3.use_dualstack_endpoint")
	assert.Equal(t, "disabled", v["AWS::Auth::AccountIdEndpointMode"])
	assert.Equal(t, true, v["AWS::STS::UseGlobalEndpoint"])
	assert.Equal(t, false, v["AWS::S3::UseArnRegion"])
	assert.Equal(t, false, v["AWS::S3::UseGlobalEndpoint"])
	assert.Equal(t, true, v["AWS::S3::DisableMultiRegionAccessPoints"])
	assert.Equal(t, true, v["AWS::S3::Accelerate"])
	assert.Equal(t, false, v["AWS::S3::ForcePathStyle"], "accelerate never forces path style")
	assert.Equal(t, "true", r.ClientContext()["DisableS3ExpressSessionAuth"].Raw)

	env := map[string]string{"HOME": home, "AWS_USE_FIPS_ENDPOINT": "false", "AWS_ACCOUNT_ID_ENDPOINT_MODE": "required",
		"AWS_STS_REGIONAL_ENDPOINTS": "regional", "AWS_S3_USE_ARN_REGION": "true", "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT": "legacy",
		"AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS": "false", "AWS_S3_DISABLE_EXPRESS_SESSION_AUTH": "false"}
	r, err = resolveBuiltIns(t, `{"service":"s3","region":"us-east-1"}`, s3Model(), env)
	require.NoError(t, err)
	v = r.BuiltIns.Values
	assert.Equal(t, false, v["AWS::UseFIPS"])
	assert.Equal(t, "required", v["AWS::Auth::AccountIdEndpointMode"])
	assert.Equal(t, false, v["AWS::STS::UseGlobalEndpoint"])
	assert.Equal(t, true, v["AWS::S3::UseArnRegion"])
	assert.Equal(t, true, v["AWS::S3::UseGlobalEndpoint"])
	assert.Equal(t, false, v["AWS::S3::DisableMultiRegionAccessPoints"])
	assert.Equal(t, "false", r.ClientContext()["DisableS3ExpressSessionAuth"].Raw)

	r, err = resolveBuiltIns(t, `{"service":"s3","region":"us-east-1","use_fips_endpoint":true,"account_id_endpoint_mode":"preferred",
		"account_id":"123456789012","sts_regional_endpoints":"legacy",
		"s3":{"use_arn_region":false,"us_east_1_regional_endpoint":"regional","use_accelerate_endpoint":false,"use_dualstack_endpoint":false},
		"client_context_params":{"DisableS3ExpressSessionAuth":true,"Custom":"x"}}`, s3Model(), env)
	require.NoError(t, err)
	v = r.BuiltIns.Values
	assert.Equal(t, true, v["AWS::UseFIPS"])
	assert.Equal(t, false, v["AWS::UseDualStack"])
	assert.Equal(t, "preferred", v["AWS::Auth::AccountIdEndpointMode"])
	assert.Equal(t, "123456789012", v["AWS::Auth::AccountId"])
	assert.False(t, r.BuiltIns.AccountIDFromCredentials)
	assert.Equal(t, true, v["AWS::STS::UseGlobalEndpoint"])
	assert.Equal(t, false, v["AWS::S3::UseArnRegion"])
	assert.Equal(t, false, v["AWS::S3::UseGlobalEndpoint"])
	assert.Equal(t, false, v["AWS::S3::Accelerate"])
	assert.Equal(t, "true", r.ClientContext()["DisableS3ExpressSessionAuth"].Raw, "client_context_params win")
	assert.Equal(t, `"x"`, r.ClientContext()["Custom"].Raw)
}

// A configured endpoint URL is SDK::Endpoint, turns FIPS and dual-stack
// off, and makes S3 path style unless virtual is asked for (botocore).
func TestBuiltInsWithConfiguredEndpoint(t *testing.T) {
	r, err := resolveBuiltIns(t, `{"service":"s3","region":"us-east-1","endpoint_url":"http://127.0.0.1:9000","use_fips_endpoint":true,"use_dualstack_endpoint":true}`, s3Model(), nil)
	require.NoError(t, err)
	v := r.BuiltIns.Values
	assert.Equal(t, "http://127.0.0.1:9000", v["SDK::Endpoint"])
	assert.Equal(t, false, v["AWS::UseFIPS"])
	assert.Equal(t, false, v["AWS::UseDualStack"])
	assert.Equal(t, true, v["AWS::S3::ForcePathStyle"])

	r, err = resolveBuiltIns(t, `{"service":"s3","region":"us-east-1","endpoint_url":"http://s3.example.test","s3":{"addressing_style":"virtual"}}`, s3Model(), nil)
	require.NoError(t, err)
	assert.Equal(t, false, r.BuiltIns.Values["AWS::S3::ForcePathStyle"])

	r, err = resolveBuiltIns(t, `{"service":"s3","region":"us-east-1","endpoint_url":"https://s3-accelerate.dualstack.amazonaws.com"}`, s3Model(), nil)
	require.NoError(t, err)
	assert.Equal(t, false, r.BuiltIns.Values["AWS::S3::ForcePathStyle"], "an accelerate URL is not a custom endpoint for addressing")

	r, err = resolveBuiltIns(t, `{"service":"sqs","region":"us-east-1"}`, sqsModel(), map[string]string{"AWS_ENDPOINT_URL_SQS": "http://127.0.0.1:4566"})
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:4566", r.BuiltIns.Values["SDK::Endpoint"])
	assert.Equal(t, "http://127.0.0.1:4566", r.ConfiguredEndpoint)
}

func TestBuiltInsS3Control(t *testing.T) {
	r, err := resolveBuiltIns(t, `{"service":"s3control","region":"us-east-1","s3":{"use_arn_region":true}}`, s3ControlModel(), nil)
	require.NoError(t, err)
	assert.Equal(t, true, r.BuiltIns.Values["AWS::S3Control::UseArnRegion"])
}

func TestBuiltInErrorsNameTheirSource(t *testing.T) {
	for _, tc := range []struct{ doc, env, want string }{
		{`{"service":"s3","region":"us-east-1","account_id_endpoint_mode":"sometimes"}`, "", `account_id_endpoint_mode: "sometimes" is not preferred, required or disabled`},
		{`{"service":"s3","region":"us-east-1","sts_regional_endpoints":"global"}`, "", `sts_regional_endpoints: "global" is not legacy or regional`},
		{`{"service":"s3","region":"us-east-1","s3":{"us_east_1_regional_endpoint":"x"}}`, "", `s3.us_east_1_regional_endpoint: "x" is not legacy or regional`},
		{`{"service":"s3","region":"us-east-1"}`, "AWS_S3_USE_ARN_REGION=maybe", `AWS_S3_USE_ARN_REGION: "maybe" is not true or false`},
		{`{"service":"s3","region":"us-east-1"}`, "AWS_ACCOUNT_ID_ENDPOINT_MODE=x", `AWS_ACCOUNT_ID_ENDPOINT_MODE: "x" is not preferred, required or disabled`},
	} {
		env := map[string]string{}
		if tc.env != "" {
			k, v, _ := strings.Cut(tc.env, "=")
			env[k] = v
		}
		c, err := ParseConfig([]byte(tc.doc))
		if err == nil {
			env["HOME"] = t.TempDir()
			_, err = Resolve(c, s3Model(), mapEnv(env))
		}
		require.Error(t, err, tc.doc)
		assert.Equal(t, awserr.InvalidArgument, awserr.As(err).Kind)
		assert.Contains(t, err.Error(), tc.want)
	}
	_, err := ParseConfig([]byte(`{"service":"s3","client_context_params":{"X":1}}`))
	assert.ErrorContains(t, err, "client_context_params.X: expected a string or a boolean")
}
