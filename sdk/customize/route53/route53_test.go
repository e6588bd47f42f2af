package route53

import (
	"encoding/base64"
	"testing"

	"github.com/gosoto/gosoto/sdk/client/clienttest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Route 53 ids with their type prefix, as the API returns them, go into
// request URIs and bodies bare, as boto3 sends them.
func TestRoute53PrefixedIDs(t *testing.T) {
	c := clienttest.New(t, `{"service":"route53","region":"us-east-1",`+clienttest.StaticCreds+`}`, nil, Hooks())
	cases := []struct{ op, input, url string }{
		{"GetHostedZone", `{"Id": "/hostedzone/Z123"}`, "https://route53.amazonaws.com/2013-04-01/hostedzone/Z123"},
		{"GetHostedZone", `{"Id": "Z123"}`, "https://route53.amazonaws.com/2013-04-01/hostedzone/Z123"},
		{"GetChange", `{"Id": "/change/C2682N5HXP0BZ4"}`, "https://route53.amazonaws.com/2013-04-01/change/C2682N5HXP0BZ4"},
		{"GetReusableDelegationSet", `{"Id": "/delegationset/N1"}`, "https://route53.amazonaws.com/2013-04-01/delegationset/N1"},
		{"ListResourceRecordSets", `{"HostedZoneId": "/hostedzone/Z9", "MaxItems": "2"}`,
			"https://route53.amazonaws.com/2013-04-01/hostedzone/Z9/rrset?maxitems=2"},
	}
	for _, tc := range cases {
		r := clienttest.Build(t, c, tc.op, tc.input)
		assert.Equal(t, tc.url, r.Get("url").Str, tc.op+" "+tc.input)
	}
	// In an XML body too (CreateHostedZone's DelegationSetId).
	r := clienttest.Build(t, c, "CreateHostedZone", `{"Name": "example.com", "CallerReference": "r1", "DelegationSetId": "/delegationset/N1"}`)
	body, err := base64.StdEncoding.DecodeString(r.Get("body_base64").Str)
	require.NoError(t, err)
	assert.Contains(t, string(body), "<DelegationSetId>N1</DelegationSetId>")
	// Other services (without the hooks) are untouched.
	lambda := clienttest.New(t, `{"service":"lambda","region":"us-east-1",`+clienttest.StaticCreds+`}`, nil, nil)
	r = clienttest.Build(t, lambda, "GetFunction", `{"FunctionName": "a/b"}`)
	assert.Contains(t, r.Get("url").Str, "/functions/a%2Fb")
}
