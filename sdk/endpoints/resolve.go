package endpoints

import (
	"fmt"
	"strings"

	"github.com/tidwall/gjson"
)

// resolved is the outcome of resolving a service key in a region, before
// the service model's signing name is applied.
type resolved struct {
	url            string
	signingRegion  string
	signingService string // credentialScope.service, "" when none
	partition      string
}

// resolveKey resolves the endpoints.json service key (a model's
// endpointPrefix) in region. The steps, in order:
//
//  1. The partition is the first whose service lists region as an
//     endpoint key, or whose regions or regionRegex match it; else aws.
//  2. A legacy pseudo-region ("fips-us-east-1", "us-east-1-fips",
//     "aws-global-fips"...) that the service lists is used as is when no
//     variant is asked for. Otherwise a region starting with "fips-" or
//     ending in "-fips" is the region without it, with FIPS turned on, as
//     botocore normalizes it.
//  3. The service's endpoint is the one listed for region; for a service
//     that is not regionalized (isRegionalized false: iam, route53,
//     cloudfront...) and does not list region, its partitionEndpoint
//     (aws-global, aws-cn-global...). A service missing from the data, or a
//     region it does not list, uses the defaults: unknown regions resolve.
//  4. Hostname, dnsSuffix and protocols come from the most specific of the
//     endpoint, the service's defaults and the partition's defaults; for a
//     FIPS or dual-stack request only from their variants with exactly those
//     tags (an error when none of them has one). credentialScope gives the
//     signing region and name.
//  5. The scheme is https unless the protocols list http without https.
func resolveKey(parts []*partitionData, service, region string, tags variantTags) (resolved, error) {
	part := matchPartition(parts, service, region)
	svc, hasSvc := part.services[service]
	endpoints := svc.Get("endpoints")
	listed := hasSvc && endpoints.Get(gjson.Escape(region)).Exists()
	if !(listed && tags.none()) {
		if base, ok := stripFIPS(region); ok {
			region, tags.fips = base, true
			part = matchPartition(parts, service, region)
			svc, hasSvc = part.services[service]
			endpoints = svc.Get("endpoints")
			listed = hasSvc && endpoints.Get(gjson.Escape(region)).Exists()
		}
	}
	var ep gjson.Result
	switch {
	case listed:
		ep = endpoints.Get(gjson.Escape(region))
	case hasSvc && svc.Get("isRegionalized").Exists() && !svc.Get("isRegionalized").Bool():
		if pe := svc.Get("partitionEndpoint").String(); pe != "" {
			ep = endpoints.Get(gjson.Escape(pe))
		}
	}
	sdef := svc.Get("defaults")

	// Base properties: partition defaults < service defaults < endpoint.
	base := []gjson.Result{part.defaults, sdef, ep}
	hostname := last(base, "hostname")
	dnsSuffix := part.dnsSuffix
	if s := last(base, "dnsSuffix"); s != "" {
		dnsSuffix = s
	}
	protocols := lastArray(base, "protocols")
	scope := []gjson.Result{sdef.Get("credentialScope"), ep.Get("credentialScope")}
	if !tags.none() {
		var chain []gjson.Result
		for _, obj := range base {
			if v, ok := findVariant(obj, tags); ok {
				chain = append(chain, v)
			}
		}
		hostname = last(chain, "hostname")
		if hostname == "" {
			return resolved{}, fmt.Errorf("no %s endpoint for %q in partition %s", tags, service, part.id)
		}
		dnsSuffix = part.dnsSuffix
		if s := last(chain, "dnsSuffix"); s != "" {
			dnsSuffix = s
		}
		if p := lastArray(chain, "protocols"); p != nil {
			protocols = p
		}
		for _, v := range chain {
			scope = append(scope, v.Get("credentialScope"))
		}
	}
	if hostname == "" {
		hostname = "{service}.{region}.{dnsSuffix}"
	}
	host := strings.NewReplacer("{service}", service, "{region}", region, "{dnsSuffix}", dnsSuffix).Replace(hostname)
	r := resolved{url: scheme(protocols) + "://" + host, signingRegion: region, partition: part.id}
	for _, cs := range scope {
		if s := cs.Get("region").String(); s != "" {
			r.signingRegion = s
		}
		if s := cs.Get("service").String(); s != "" {
			r.signingService = s
		}
	}
	return r, nil
}

// stripFIPS turns a FIPS pseudo-region ("fips-us-east-1",
// "us-east-1-fips") into its region.
func stripFIPS(region string) (string, bool) {
	switch {
	case strings.HasPrefix(region, "fips-") && len(region) > len("fips-"):
		return strings.TrimPrefix(region, "fips-"), true
	case strings.HasSuffix(region, "-fips") && len(region) > len("-fips"):
		return strings.TrimSuffix(region, "-fips"), true
	}
	return region, false
}

// last returns the last non-empty string value of key among objs.
func last(objs []gjson.Result, key string) string {
	out := ""
	for _, o := range objs {
		if s := o.Get(key).String(); s != "" {
			out = s
		}
	}
	return out
}

// lastArray returns the last non-empty array value of key among objs as
// strings (nil when none has one).
func lastArray(objs []gjson.Result, key string) []string {
	var out []string
	for _, o := range objs {
		if a := o.Get(key).Array(); len(a) > 0 {
			out = out[:0:0]
			for _, e := range a {
				out = append(out, e.String())
			}
		}
	}
	return out
}

// scheme is https when the protocols allow it or say nothing, http when
// they list http alone.
func scheme(protocols []string) string {
	httpOnly := false
	for _, p := range protocols {
		switch strings.ToLower(p) {
		case "https":
			return "https"
		case "http":
			httpOnly = true
		}
	}
	if httpOnly {
		return "http"
	}
	return "https"
}
