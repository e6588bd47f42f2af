// Package endpoints resolves a service's endpoint for a region: the URL to
// send requests to and the region and name to sign them with.
//
// It owns the partitions (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b...)
// and their DNS suffixes, and global endpoints. It reads the service model's
// metadata (sdk/model) and knows nothing of credentials, protocols,
// configuration files or the environment: endpoint overrides
// (endpoint_url, AWS_ENDPOINT_URL...) are sdk/config's business.
//
// This is the small first version (partition by region prefix); the next
// one resolves from a pinned endpoints.json behind the same API.
package endpoints

import (
	"strings"

	"github.com/gosoto/gosoto/sdk/awserr"
	"github.com/gosoto/gosoto/sdk/model"
)

// Endpoint is a resolved endpoint.
type Endpoint struct {
	// URL is the endpoint's base URL, without a trailing slash
	// ("https://sqs.us-east-1.amazonaws.com").
	URL string
	// SigningRegion is the region to sign with (us-east-1 for the global
	// endpoints of the aws partition).
	SigningRegion string
	// SigningName is the service name to sign with (the model's signingName,
	// else its endpointPrefix).
	SigningName string
}

// Options adjusts resolution: the FIPS and dual-stack endpoint variants.
type Options struct {
	// UseFIPS selects the FIPS endpoint: <prefix>-fips.<region>.<suffix>.
	UseFIPS bool
	// UseDualStack selects the dual-stack (IPv4 and IPv6) endpoint:
	// <prefix>.<region>.<partition's dual-stack suffix> (api.aws in the aws
	// partition).
	UseDualStack bool
}

// Partition is one AWS partition.
type Partition struct {
	// ID is the partition's name ("aws", "aws-cn"...).
	ID string
	// DNSSuffix is the suffix of regional hostnames ("amazonaws.com").
	DNSSuffix string
	// DualStackDNSSuffix is the suffix of dual-stack hostnames ("api.aws").
	DualStackDNSSuffix string
	// prefix is the region prefix that selects the partition ("" for aws).
	prefix string
}

// partitions are checked in order; the longest prefixes come first
// (us-isob- before us-iso-), aws last as the fallback.
var partitions = []Partition{
	{ID: "aws-cn", DNSSuffix: "amazonaws.com.cn", DualStackDNSSuffix: "api.amazonwebservices.com.cn", prefix: "cn-"},
	{ID: "aws-us-gov", DNSSuffix: "amazonaws.com", DualStackDNSSuffix: "api.aws", prefix: "us-gov-"},
	{ID: "aws-iso-b", DNSSuffix: "sc2s.sgov.gov", DualStackDNSSuffix: "api.aws.scloud", prefix: "us-isob-"},
	{ID: "aws-iso-f", DNSSuffix: "csp.hci.ic.gov", DualStackDNSSuffix: "api.aws.hci.ic.gov", prefix: "us-isof-"},
	{ID: "aws-iso-e", DNSSuffix: "cloud.adc-e.uk", DualStackDNSSuffix: "api.cloud-aws.adc-e.uk", prefix: "eu-isoe-"},
	{ID: "aws-iso", DNSSuffix: "c2s.ic.gov", DualStackDNSSuffix: "api.aws.ic.gov", prefix: "us-iso-"},
	{ID: "aws", DNSSuffix: "amazonaws.com", DualStackDNSSuffix: "api.aws"},
}

// PartitionFor returns the partition a region belongs to (aws when no other
// partition's prefix matches).
func PartitionFor(region string) Partition {
	for _, p := range partitions {
		if p.prefix == "" || strings.HasPrefix(region, p.prefix) {
			return p
		}
	}
	return partitions[len(partitions)-1]
}

// ValidateRegion checks that region can be part of a hostname: a DNS label
// of lower-case letters, digits and hyphens, not starting or ending with a
// hyphen, at most 63 characters. The error is an *awserr.Error of Kind
// InvalidArgument.
func ValidateRegion(region string) error {
	if region == "" {
		return awserr.InvalidArg("no region: set region in the client config, AWS_REGION or AWS_DEFAULT_REGION")
	}
	ok := len(region) <= 63 && region[0] != '-' && region[len(region)-1] != '-'
	for i := 0; ok && i < len(region); i++ {
		c := region[i]
		ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
	}
	if !ok {
		return awserr.InvalidArg("invalid region %q: a region is a DNS label of lower-case letters, digits and hyphens, such as us-east-1", region)
	}
	return nil
}

// Resolve returns svc's endpoint in region:
//
//   - https://<endpointPrefix>.<region>.<partition DNS suffix>, signed for
//     region, in general;
//   - for a service whose model has a globalEndpoint (iam, route53,
//     cloudfront...), in the aws partition: https://<globalEndpoint>, signed
//     for us-east-1. STS is the exception: it uses its regional endpoint
//     (sts.<region>.amazonaws.com), as current SDKs do;
//   - with opts.UseFIPS, the host is <endpointPrefix>-fips.<region>.<suffix>;
//     with opts.UseDualStack, the suffix is the partition's dual-stack one
//     (<endpointPrefix>.<region>.api.aws); with both,
//     <endpointPrefix>-fips.<region>.api.aws. A variant is always regional
//     (global endpoints are not used), signed for region. These are the
//     general hostname rules; services with irregular variant hostnames
//     need the endpoints.json-based resolver.
//
// An invalid region or a model without endpointPrefix is an *awserr.Error of
// Kind InvalidArgument.
func Resolve(svc *model.Service, region string, opts Options) (Endpoint, error) {
	if svc == nil {
		return Endpoint{}, awserr.InvalidArg("endpoints: no service model")
	}
	if err := ValidateRegion(region); err != nil {
		return Endpoint{}, err
	}
	prefix := svc.Metadata.EndpointPrefix
	if prefix == "" {
		return Endpoint{}, awserr.InvalidArg("endpoints: service model %q has no metadata.endpointPrefix", svc.Name)
	}
	ep := Endpoint{SigningRegion: region, SigningName: svc.SigningName()}
	part := PartitionFor(region)
	if opts.UseFIPS || opts.UseDualStack {
		host, suffix := prefix, part.DNSSuffix
		if opts.UseFIPS {
			host += "-fips"
		}
		if opts.UseDualStack {
			suffix = part.DualStackDNSSuffix
		}
		ep.URL = "https://" + host + "." + region + "." + suffix
		return ep, nil
	}
	if g := svc.Metadata.GlobalEndpoint; g != "" && prefix != "sts" && part.ID == "aws" {
		ep.URL = "https://" + g
		ep.SigningRegion = "us-east-1"
		return ep, nil
	}
	ep.URL = "https://" + prefix + "." + region + "." + part.DNSSuffix
	return ep, nil
}
