package endpoints

import (
	"strings"
	"sync"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

func svc(prefix, signing string) *model.Service {
	return &model.Service{Name: prefix, Metadata: model.Metadata{EndpointPrefix: prefix, SigningName: signing}}
}

// TestResolve is a table of real expectations from the pinned
// endpoints.json (aws-sdk-go v1.55.8).
func TestResolve(t *testing.T) {
	fips := Options{UseFIPS: true}
	dual := Options{UseDualStack: true}
	both := Options{UseFIPS: true, UseDualStack: true}
	for _, tc := range []struct {
		prefix, signing, region string
		opts                    Options
		want                    Endpoint
	}{
		// Regional services in each partition.
		{"sqs", "", "us-east-1", Options{}, Endpoint{"https://sqs.us-east-1.amazonaws.com", "us-east-1", "sqs"}},
		{"sqs", "", "eu-west-3", Options{}, Endpoint{"https://sqs.eu-west-3.amazonaws.com", "eu-west-3", "sqs"}},
		{"sqs", "", "cn-north-1", Options{}, Endpoint{"https://sqs.cn-north-1.amazonaws.com.cn", "cn-north-1", "sqs"}},
		{"sqs", "", "us-gov-west-1", Options{}, Endpoint{"https://sqs.us-gov-west-1.amazonaws.com", "us-gov-west-1", "sqs"}},
		{"sqs", "", "us-iso-east-1", Options{}, Endpoint{"https://sqs.us-iso-east-1.c2s.ic.gov", "us-iso-east-1", "sqs"}},
		{"sqs", "", "us-isob-east-1", Options{}, Endpoint{"https://sqs.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1", "sqs"}},
		{"sqs", "", "eu-isoe-west-1", Options{}, Endpoint{"https://sqs.eu-isoe-west-1.cloud.adc-e.uk", "eu-isoe-west-1", "sqs"}},
		{"sts", "", "us-gov-west-1", Options{}, Endpoint{"https://sts.us-gov-west-1.amazonaws.com", "us-gov-west-1", "sts"}},
		{"logs", "", "ap-southeast-2", Options{}, Endpoint{"https://logs.ap-southeast-2.amazonaws.com", "ap-southeast-2", "logs"}},
		// credentialScope.service, and the model's signingName otherwise.
		{"data.iot", "iotdata", "us-west-2", Options{}, Endpoint{"https://data.iot.us-west-2.amazonaws.com", "us-west-2", "iotdata"}},
		{"pinpoint", "", "us-east-1", Options{}, Endpoint{"https://pinpoint.us-east-1.amazonaws.com", "us-east-1", "mobiletargeting"}},
		{"execute-api", "", "us-west-2", Options{}, Endpoint{"https://execute-api.us-west-2.amazonaws.com", "us-west-2", "execute-api"}},
		// A service's own dnsSuffix default.
		{"datazone", "", "us-east-1", Options{}, Endpoint{"https://datazone.us-east-1.api.aws", "us-east-1", "datazone"}},
		// Global services: the partition endpoint whatever the region.
		{"iam", "", "aws-global", Options{}, Endpoint{"https://iam.amazonaws.com", "us-east-1", "iam"}},
		{"iam", "", "us-east-1", Options{}, Endpoint{"https://iam.amazonaws.com", "us-east-1", "iam"}},
		{"iam", "", "eu-central-1", Options{}, Endpoint{"https://iam.amazonaws.com", "us-east-1", "iam"}},
		{"iam", "", "cn-north-1", Options{}, Endpoint{"https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1", "iam"}},
		{"iam", "", "us-gov-east-1", Options{}, Endpoint{"https://iam.us-gov.amazonaws.com", "us-gov-west-1", "iam"}},
		{"route53", "", "eu-west-1", Options{}, Endpoint{"https://route53.amazonaws.com", "us-east-1", "route53"}},
		{"route53", "", "cn-northwest-1", Options{}, Endpoint{"https://route53.amazonaws.com.cn", "cn-northwest-1", "route53"}},
		{"cloudfront", "", "ap-south-1", Options{}, Endpoint{"https://cloudfront.amazonaws.com", "us-east-1", "cloudfront"}},
		// STS is regional; aws-global is the legacy global endpoint.
		{"sts", "", "us-east-1", Options{}, Endpoint{"https://sts.us-east-1.amazonaws.com", "us-east-1", "sts"}},
		{"sts", "", "eu-west-1", Options{}, Endpoint{"https://sts.eu-west-1.amazonaws.com", "eu-west-1", "sts"}},
		{"sts", "", "aws-global", Options{}, Endpoint{"https://sts.amazonaws.com", "us-east-1", "sts"}},
		// S3: regional in us-east-1 (as the data lists it); aws-global is s3.amazonaws.com.
		{"s3", "", "us-east-1", Options{}, Endpoint{"https://s3.us-east-1.amazonaws.com", "us-east-1", "s3"}},
		{"s3", "", "aws-global", Options{}, Endpoint{"https://s3.amazonaws.com", "us-east-1", "s3"}},
		{"s3", "", "us-west-2", dual, Endpoint{"https://s3.dualstack.us-west-2.amazonaws.com", "us-west-2", "s3"}},
		{"s3", "", "us-east-1", both, Endpoint{"https://s3-fips.dualstack.us-east-1.amazonaws.com", "us-east-1", "s3"}},
		// FIPS and dual-stack variants.
		{"dynamodb", "", "us-east-1", fips, Endpoint{"https://dynamodb-fips.us-east-1.amazonaws.com", "us-east-1", "dynamodb"}},
		{"dynamodb", "", "us-gov-west-1", fips, Endpoint{"https://dynamodb.us-gov-west-1.amazonaws.com", "us-gov-west-1", "dynamodb"}},
		{"ec2", "", "us-east-1", both, Endpoint{"https://ec2-fips.us-east-1.api.aws", "us-east-1", "ec2"}},
		{"ec2", "", "eu-west-1", dual, Endpoint{"https://ec2.eu-west-1.api.aws", "eu-west-1", "ec2"}},
		{"sqs", "", "us-east-1", fips, Endpoint{"https://sqs-fips.us-east-1.amazonaws.com", "us-east-1", "sqs"}},
		{"sqs", "", "cn-north-1", dual, Endpoint{"https://sqs.cn-north-1.api.amazonwebservices.com.cn", "cn-north-1", "sqs"}},
		{"sqs", "", "us-gov-west-1", fips, Endpoint{"https://sqs.us-gov-west-1.amazonaws.com", "us-gov-west-1", "sqs"}},
		{"iam", "", "us-east-1", fips, Endpoint{"https://iam-fips.amazonaws.com", "us-east-1", "iam"}},
		{"route53", "", "us-west-2", fips, Endpoint{"https://route53-fips.amazonaws.com", "us-east-1", "route53"}},
		// Regions the data does not know: the matching partition's and the
		// service's defaults (sqs's GovCloud FIPS variant is sqs.{region}), else aws.
		{"sqs", "", "us-west-9", Options{}, Endpoint{"https://sqs.us-west-9.amazonaws.com", "us-west-9", "sqs"}},
		{"sqs", "", "eu-foo-1", Options{}, Endpoint{"https://sqs.eu-foo-1.amazonaws.com", "eu-foo-1", "sqs"}},
		{"sqs", "", "cn-south-7", Options{}, Endpoint{"https://sqs.cn-south-7.amazonaws.com.cn", "cn-south-7", "sqs"}},
		{"sqs", "", "us-gov-north-5", fips, Endpoint{"https://sqs.us-gov-north-5.amazonaws.com", "us-gov-north-5", "sqs"}},
		{"sqs", "", "mars-1", Options{}, Endpoint{"https://sqs.mars-1.amazonaws.com", "mars-1", "sqs"}},
		{"newservice", "", "ap-south-9", dual, Endpoint{"https://newservice.ap-south-9.api.aws", "ap-south-9", "newservice"}},
		// Pseudo-regions: listed ones as listed, others normalized to FIPS.
		{"sqs", "", "fips-us-east-1", Options{}, Endpoint{"https://sqs-fips.us-east-1.amazonaws.com", "us-east-1", "sqs"}},
		{"dynamodb", "", "us-east-1-fips", Options{}, Endpoint{"https://dynamodb-fips.us-east-1.amazonaws.com", "us-east-1", "dynamodb"}},
		{"route53", "", "fips-aws-global", Options{}, Endpoint{"https://route53-fips.amazonaws.com", "us-east-1", "route53"}},
		{"sqs", "", "fips-eu-west-1", Options{}, Endpoint{"https://sqs-fips.eu-west-1.amazonaws.com", "eu-west-1", "sqs"}},
		{"sqs", "", "fips-us-east-1", dual, Endpoint{"https://sqs-fips.us-east-1.api.aws", "us-east-1", "sqs"}},
		// http only when the data lists http alone.
		{"dynamodb", "", "local", Options{}, Endpoint{"http://localhost:8000", "us-east-1", "dynamodb"}},
	} {
		got, err := Resolve(svc(tc.prefix, tc.signing), tc.region, tc.opts)
		require.NoError(t, err, "%s %s %+v", tc.prefix, tc.region, tc.opts)
		assert.Equal(t, tc.want, got, "%s %s %+v", tc.prefix, tc.region, tc.opts)
	}
}

func TestResolveMissingVariant(t *testing.T) {
	_, err := Resolve(svc("sqs", ""), "us-iso-east-1", Options{UseDualStack: true})
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, awserr.InvalidArgument, e.Kind)
	assert.Contains(t, e.Message, "no dual-stack endpoint")
	assert.Contains(t, e.Message, "aws-iso")
}

func TestPartitionFor(t *testing.T) {
	for region, want := range map[string]Partition{
		"us-east-1":      {"aws", "amazonaws.com", "api.aws"},
		"us-west-9":      {"aws", "amazonaws.com", "api.aws"},
		"local":          {"aws", "amazonaws.com", "api.aws"},
		"cn-northwest-1": {"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"},
		"us-gov-east-1":  {"aws-us-gov", "amazonaws.com", "api.aws"},
		"us-iso-west-1":  {"aws-iso", "c2s.ic.gov", ""},
		"us-isob-east-1": {"aws-iso-b", "sc2s.sgov.gov", ""},
		"eu-isoe-west-1": {"aws-iso-e", "cloud.adc-e.uk", ""},
		"us-isof-east-1": {"aws-iso-f", "csp.hci.ic.gov", ""},
	} {
		assert.Equal(t, want, PartitionFor(region), region)
	}
}

func TestInvalidRegion(t *testing.T) {
	for _, r := range []string{"US-EAST-1", "us east 1", "us-east-1.evil.com", "-us", "us-", "us_east_1", "us-east-1/", string(make([]byte, 64))} {
		_, err := Resolve(svc("sqs", ""), r, Options{})
		e := awserr.As(err)
		require.NotNil(t, e, r)
		assert.Equal(t, awserr.InvalidArgument, e.Kind)
		assert.Contains(t, e.Message, "invalid region", r)
	}
	_, err := Resolve(svc("sqs", ""), "", Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no region")

	_, err = Resolve(svc("", ""), "us-east-1", Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "endpointPrefix")

	_, err = Resolve(nil, "us-east-1", Options{})
	require.Error(t, err)
}

// TestEmbeddedData checks the generated copy: every partition of the pinned
// data is there and parses.
func TestEmbeddedData(t *testing.T) {
	parts, err := loadPartitions()
	require.NoError(t, err)
	var ids []string
	for _, p := range parts {
		ids = append(ids, p.id)
	}
	assert.Equal(t, []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f"}, ids)
	assert.Greater(t, len(parts[0].services), 300)
	// Loading skips validation of the embedded copy; this is the check.
	assert.True(t, gjson.ValidBytes(endpointsJSON))
	// The scanner and gjson agree on every service of every partition.
	for i, p := range gjson.GetBytes(endpointsJSON, "partitions").Array() {
		n := 0
		p.Get("services").ForEach(func(k, v gjson.Result) bool {
			n++
			assert.Equal(t, v.Raw, parts[i].services[k.String()].Raw, "%s %s", parts[i].id, k)
			return true
		})
		assert.Equal(t, n, len(parts[i].services), parts[i].id)
		assert.Equal(t, p.Get("dnsSuffix").String(), parts[i].dnsSuffix)
		assert.Equal(t, p.Get("defaults").Raw, parts[i].defaults.Raw)
		assert.Equal(t, len(p.Get("regions").Map()), len(parts[i].regions))
	}
	assert.Contains(t, DataSource, "aws-sdk-go@v1.55.8")
}

func TestParsePartitionsRejectsBadData(t *testing.T) {
	for doc, want := range map[string]string{
		`{`:              "not valid JSON",
		`{"version": 2}`: "version 2",
		`{"version": 3}`: "no partitions",
		`{"version": 3, "partitions": [{"partition": "x"}]}`:                                           "no id or dnsSuffix",
		`{"version": 3, "partitions": [{"partition": "x", "dnsSuffix": "x.com", "regionRegex": "("}]}`: "regionRegex",
	} {
		_, err := parsePartitions([]byte(doc), false)
		require.Error(t, err, doc)
		assert.Contains(t, err.Error(), want, doc)
	}
	parts, err := parsePartitions([]byte(`{"version": 3, "partitions": [{"partition": "p", "dnsSuffix": "p.example", "regionRegex": "^p-\\d$",
	  "defaults": {"hostname": "{service}.{region}.{dnsSuffix}", "protocols": ["http"]},
	  "services": {"only": {"endpoints": {"p-1": {"protocols": ["http", "https"]}}}}}]}`), false)
	require.NoError(t, err)
	r, err := resolveKey(parts, "only", "p-1", variantTags{})
	require.NoError(t, err)
	assert.Equal(t, "https://only.p-1.p.example", r.url)
	r, err = resolveKey(parts, "other", "p-2", variantTags{})
	require.NoError(t, err)
	assert.Equal(t, "http://other.p-2.p.example", r.url, "http alone")
	_, err = resolveKey(parts, "only", "p-1", variantTags{fips: true})
	assert.ErrorContains(t, err, "no FIPS endpoint")
}

func TestResolveConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ep, err := Resolve(svc("sqs", ""), "eu-west-1", Options{})
			assert.NoError(t, err)
			assert.True(t, strings.HasPrefix(ep.URL, "https://sqs.eu-west-1."))
		}()
	}
	wg.Wait()
}

// FuzzResolve checks that no region or service name makes Resolve panic,
// and that a successful resolution is an http(s) URL.
func FuzzResolve(f *testing.F) {
	f.Add("sqs", "us-east-1", false, false)
	f.Add("iam", "fips-aws-global", true, true)
	f.Add("s3", "-fips", false, true)
	f.Fuzz(func(t *testing.T, prefix, region string, fips, dual bool) {
		ep, err := Resolve(svc(prefix, ""), region, Options{UseFIPS: fips, UseDualStack: dual})
		if err == nil && !strings.HasPrefix(ep.URL, "https://") && !strings.HasPrefix(ep.URL, "http://") {
			t.Fatalf("URL %q", ep.URL)
		}
	})
}
