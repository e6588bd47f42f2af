package endpoints

import (
	"testing"

	"github.com/gosoto/gosoto/sdk/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func svc(prefix, signing, global string) *model.Service {
	return &model.Service{Name: prefix, Metadata: model.Metadata{EndpointPrefix: prefix, SigningName: signing, GlobalEndpoint: global}}
}

func TestResolve(t *testing.T) {
	sqs := svc("sqs", "", "")
	iam := svc("iam", "", "iam.amazonaws.com")
	sts := svc("sts", "", "sts.amazonaws.com")
	logs := svc("logs", "", "")
	apigw := svc("execute-api", "", "")
	signed := svc("data.iot", "iotdata", "")
	for _, tc := range []struct {
		svc    *model.Service
		region string
		want   Endpoint
	}{
		{sqs, "us-east-1", Endpoint{"https://sqs.us-east-1.amazonaws.com", "us-east-1", "sqs"}},
		{sqs, "eu-west-3", Endpoint{"https://sqs.eu-west-3.amazonaws.com", "eu-west-3", "sqs"}},
		{sqs, "cn-north-1", Endpoint{"https://sqs.cn-north-1.amazonaws.com.cn", "cn-north-1", "sqs"}},
		{sqs, "us-gov-west-1", Endpoint{"https://sqs.us-gov-west-1.amazonaws.com", "us-gov-west-1", "sqs"}},
		{sqs, "us-iso-east-1", Endpoint{"https://sqs.us-iso-east-1.c2s.ic.gov", "us-iso-east-1", "sqs"}},
		{sqs, "us-isob-east-1", Endpoint{"https://sqs.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1", "sqs"}},
		{logs, "ap-southeast-2", Endpoint{"https://logs.ap-southeast-2.amazonaws.com", "ap-southeast-2", "logs"}},
		{apigw, "us-west-2", Endpoint{"https://execute-api.us-west-2.amazonaws.com", "us-west-2", "execute-api"}},
		{signed, "us-west-2", Endpoint{"https://data.iot.us-west-2.amazonaws.com", "us-west-2", "iotdata"}},
		{iam, "eu-central-1", Endpoint{"https://iam.amazonaws.com", "us-east-1", "iam"}},
		{iam, "us-east-1", Endpoint{"https://iam.amazonaws.com", "us-east-1", "iam"}},
		{iam, "cn-north-1", Endpoint{"https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1", "iam"}},
		{sts, "eu-west-1", Endpoint{"https://sts.eu-west-1.amazonaws.com", "eu-west-1", "sts"}},
		{sts, "us-east-1", Endpoint{"https://sts.us-east-1.amazonaws.com", "us-east-1", "sts"}},
	} {
		got, err := Resolve(tc.svc, tc.region, Options{})
		require.NoError(t, err, tc.region)
		assert.Equal(t, tc.want, got, "%s %s", tc.svc.Name, tc.region)
	}
}

func TestPartitionFor(t *testing.T) {
	assert.Equal(t, "aws", PartitionFor("us-east-1").ID)
	assert.Equal(t, "aws", PartitionFor("local").ID)
	assert.Equal(t, "aws-cn", PartitionFor("cn-northwest-1").ID)
	assert.Equal(t, "aws-us-gov", PartitionFor("us-gov-east-1").ID)
	assert.Equal(t, "aws-iso", PartitionFor("us-iso-west-1").ID)
	assert.Equal(t, "aws-iso-b", PartitionFor("us-isob-east-1").ID)
}

func TestInvalidRegion(t *testing.T) {
	for _, r := range []string{"US-EAST-1", "us east 1", "us-east-1.evil.com", "-us", "us-", "us_east_1", "us-east-1/", string(make([]byte, 64))} {
		_, err := Resolve(svc("sqs", "", ""), r, Options{})
		e := awserr.As(err)
		require.NotNil(t, e, r)
		assert.Equal(t, awserr.InvalidArgument, e.Kind)
		assert.Contains(t, e.Message, "invalid region", r)
	}
	_, err := Resolve(svc("sqs", "", ""), "", Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no region")

	_, err = Resolve(svc("", "", ""), "us-east-1", Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "endpointPrefix")
}

func TestResolveVariants(t *testing.T) {
	sqs := svc("sqs", "", "")
	iam := svc("iam", "", "iam.amazonaws.com")
	for _, tc := range []struct {
		svc    *model.Service
		region string
		opts   Options
		want   string
	}{
		{sqs, "us-east-1", Options{UseFIPS: true}, "https://sqs-fips.us-east-1.amazonaws.com"},
		{sqs, "us-east-1", Options{UseDualStack: true}, "https://sqs.us-east-1.api.aws"},
		{sqs, "us-east-1", Options{UseFIPS: true, UseDualStack: true}, "https://sqs-fips.us-east-1.api.aws"},
		{sqs, "cn-north-1", Options{UseDualStack: true}, "https://sqs.cn-north-1.api.amazonwebservices.com.cn"},
		{sqs, "us-gov-west-1", Options{UseFIPS: true}, "https://sqs-fips.us-gov-west-1.amazonaws.com"},
		{iam, "eu-west-1", Options{UseFIPS: true}, "https://iam-fips.eu-west-1.amazonaws.com"},
		{sqs, "eu-west-1", Options{}, "https://sqs.eu-west-1.amazonaws.com"},
	} {
		got, err := Resolve(tc.svc, tc.region, tc.opts)
		require.NoError(t, err)
		assert.Equal(t, Endpoint{URL: tc.want, SigningRegion: tc.region, SigningName: tc.svc.Name}, got, "%+v", tc.opts)
	}
}
