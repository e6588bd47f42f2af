// Package endpoints resolves a service's endpoint for a region: the URL to
// send requests to and the region and name to sign them with.
//
// It owns the partitions (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b...)
// and their DNS suffixes, and global endpoints. It reads the service model's
// metadata (sdk/model) and knows nothing of credentials, protocols,
// configuration files or the environment: endpoint overrides
// (endpoint_url, AWS_ENDPOINT_URL...) are sdk/settings' business.
//
// The data is the endpoints.json of the pinned aws-sdk-go models, which
// codegen copies (minified) to endpoints.json beside data.go; see Resolve.
package endpoints

import (
	"github.com/gosoto/gosoto/internal/awserr"
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
	// UseFIPS selects the FIPS endpoint (the variant tagged "fips"),
	// generally <prefix>-fips.<region>.<suffix>.
	UseFIPS bool
	// UseDualStack selects the dual-stack (IPv4 and IPv6) endpoint (the
	// variant tagged "dualstack"), generally <prefix>.<region>.api.aws in
	// the aws partition.
	UseDualStack bool
}

// Partition is one AWS partition.
type Partition struct {
	// ID is the partition's name ("aws", "aws-cn"...).
	ID string
	// DNSSuffix is the suffix of regional hostnames ("amazonaws.com").
	DNSSuffix string
	// DualStackDNSSuffix is the suffix of dual-stack hostnames ("api.aws"),
	// "" for a partition whose data has no dual-stack default.
	DualStackDNSSuffix string
}

// fallbackPartition is what PartitionFor returns should the embedded data
// be unusable (it is generated and tested, so this does not happen).
var fallbackPartition = Partition{ID: "aws", DNSSuffix: "amazonaws.com", DualStackDNSSuffix: "api.aws"}

// PartitionFor returns the partition a region belongs to: the first
// partition of endpoints.json that lists the region or whose regionRegex
// matches it, else aws.
func PartitionFor(region string) Partition {
	parts, err := loadPartitions()
	if err != nil {
		return fallbackPartition
	}
	p := matchPartition(parts, "", region)
	return Partition{ID: p.id, DNSSuffix: p.dnsSuffix, DualStackDNSSuffix: p.dualStack}
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

// Resolve returns svc's endpoint in region, from the endpoints.json of the
// pinned aws-sdk-go models (embedded, parsed once on first use), looked up
// by the model's endpointPrefix. See resolveKey for the rules; in short:
//
//   - regional services: the endpoint listed for the region, else the
//     partition's template {service}.{region}.{dnsSuffix}, so regions the
//     data does not know yet (a future us-west-9) resolve too, in the
//     partition whose regionRegex matches, or in aws;
//   - global services (isRegionalized false: iam, route53, cloudfront,
//     organizations...): the partition endpoint whatever the region
//     (https://iam.amazonaws.com, signed for us-east-1; in aws-cn
//     https://iam.cn-north-1.amazonaws.com.cn);
//   - STS is regional (https://sts.<region>.amazonaws.com), as current SDKs
//     default to; the region "aws-global" selects https://sts.amazonaws.com;
//   - S3 in us-east-1 is https://s3.us-east-1.amazonaws.com, the regional
//     endpoint that the data lists for us-east-1 and current SDKs use;
//     "aws-global" selects the legacy https://s3.amazonaws.com;
//   - opts.UseFIPS and opts.UseDualStack select the endpoint's, else the
//     service's, else the partition's variant with those tags
//     (sqs-fips.us-east-1.amazonaws.com, s3.dualstack.us-west-2.amazonaws.com,
//     ec2-fips.us-east-1.api.aws); it is an error when none exists (dual
//     stack in the iso partitions);
//   - legacy pseudo-regions are honoured: those the data lists
//     (fips-us-east-1, us-east-1-fips, aws-global...) as listed, and any
//     other "fips-<region>" or "<region>-fips" as <region> with FIPS on;
//   - the signing region and name are the endpoint's credentialScope, else
//     region and the model's signingName (else endpointPrefix);
//   - the scheme is https unless the data lists http alone.
//
// An invalid region or a model without endpointPrefix is an *awserr.Error
// of Kind InvalidArgument, as is a variant that does not exist.
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
	parts, err := loadPartitions()
	if err != nil {
		return Endpoint{}, awserr.New(awserr.Internal, awserr.CodeInternal, "endpoints: %v", err)
	}
	r, err := resolveKey(parts, prefix, region, variantTags{fips: opts.UseFIPS, dualStack: opts.UseDualStack})
	if err != nil {
		return Endpoint{}, awserr.InvalidArg("endpoints: service %q in region %q: %v", svc.Name, region, err)
	}
	ep := Endpoint{URL: r.url, SigningRegion: r.signingRegion, SigningName: r.signingService}
	if ep.SigningName == "" {
		ep.SigningName = svc.SigningName()
	}
	return ep, nil
}
