package settings

import (
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonval"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// This file holds the S3 settings: the "s3" object of the config document,
// the environment variables and the profile's keys (top-level s3_* keys and
// the s3 sub-section), as botocore reads them. Each key: the config's
// value, else its environment variable, else the profile's top-level key,
// else the profile's s3 sub-section, else botocore's default.
//
//	{"s3": {"addressing_style": "auto" | "virtual" | "path",
//	        "force_path_style": true,            // same as "path"
//	        "payload_signing_enabled": false,    // UNSIGNED-PAYLOAD over https
//	        "use_accelerate_endpoint": false,
//	        "use_dualstack_endpoint": false,
//	        "use_arn_region": true,              // AWS_S3_USE_ARN_REGION, s3_use_arn_region
//	        "us_east_1_regional_endpoint": "legacy" | "regional", // AWS_S3_US_EAST_1_REGIONAL_ENDPOINT
//	        "s3_disable_multiregion_access_points": false}}       // AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS
//
//	[profile dev]
//	s3 =
//	  addressing_style = path
//	  payload_signing_enabled = false

// S3 addressing styles.
const (
	S3AddressingAuto    = "auto"
	S3AddressingVirtual = "virtual"
	S3AddressingPath    = "path"
)

// S3 holds the S3 settings; in a Config the zero value means "not given",
// in Resolved what the sources gave (nil pointers: nobody set it).
type S3 struct {
	// AddressingStyle is "", "auto", "virtual" or "path".
	AddressingStyle string
	// PayloadSigningEnabled is nil when not given: S3 then signs in-memory
	// payloads and sends file bodies over https as UNSIGNED-PAYLOAD. false
	// sends every payload over https as UNSIGNED-PAYLOAD; true always
	// hashes. Plain http always signs the payload.
	PayloadSigningEnabled *bool
	// UseAccelerateEndpoint selects S3 Transfer Acceleration.
	UseAccelerateEndpoint *bool
	// UseDualStackEndpoint, for S3 and S3 Control, wins over the global
	// use_dualstack_endpoint.
	UseDualStackEndpoint *bool
	// UseArnRegion lets an ARN's region win over the client's (S3: yes by
	// default; S3 Control: no).
	UseArnRegion *bool
	// USEast1RegionalEndpoint is "", "legacy" (s3.amazonaws.com in
	// us-east-1, botocore's default) or "regional".
	USEast1RegionalEndpoint string
	// DisableMultiRegionAccessPoints refuses Multi-Region Access Point ARNs.
	DisableMultiRegionAccessPoints *bool
}

// IsS3 reports whether svc is Amazon S3 (serviceId "S3"), the service the
// S3 settings and behaviours apply to.
func IsS3(svc *model.Service) bool {
	return svc != nil && (svc.Metadata.ServiceID == "S3" || svc.Metadata.ServiceID == "" && svc.Metadata.EndpointPrefix == "s3")
}

// usesS3Settings reports whether svc reads the S3 settings: S3 and S3
// Control, as botocore's s3 configuration applies to both.
func usesS3Settings(svc *model.Service) bool {
	return IsS3(svc) || svc != nil && (svc.Metadata.ServiceID == "S3 Control" || svc.Metadata.EndpointPrefix == "s3-control")
}

// s3Key is one S3 setting: its name in the config's s3 object and the
// profile's s3 sub-section, its environment variable and top-level profile
// key ("" for none), and where its value goes.
type s3Key struct {
	name, env, profileKey string
	boolean               func(*S3) **bool
	str                   func(*S3) *string
	valid                 []string // allowed string values
}

var s3Keys = []s3Key{
	{name: "addressing_style", str: func(s *S3) *string { return &s.AddressingStyle },
		valid: []string{S3AddressingAuto, S3AddressingVirtual, S3AddressingPath}},
	{name: "payload_signing_enabled", boolean: func(s *S3) **bool { return &s.PayloadSigningEnabled }},
	{name: "use_accelerate_endpoint", boolean: func(s *S3) **bool { return &s.UseAccelerateEndpoint }},
	{name: "use_dualstack_endpoint", boolean: func(s *S3) **bool { return &s.UseDualStackEndpoint }},
	{name: "use_arn_region", env: "AWS_S3_USE_ARN_REGION", profileKey: "s3_use_arn_region",
		boolean: func(s *S3) **bool { return &s.UseArnRegion }},
	{name: "us_east_1_regional_endpoint", env: "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", profileKey: "s3_us_east_1_regional_endpoint",
		str: func(s *S3) *string { return &s.USEast1RegionalEndpoint }, valid: []string{"legacy", "regional"}},
	{name: "s3_disable_multiregion_access_points", env: "AWS_S3_DISABLE_MULTIREGION_ACCESS_POINTS",
		boolean: func(s *S3) **bool { return &s.DisableMultiRegionAccessPoints }},
}

func s3KeyNames() string {
	names := []string{"force_path_style"}
	for _, k := range s3Keys {
		names = append(names, k.name)
	}
	return strings.Join(names, ", ")
}

// parseS3 reads the config document's "s3" object.
func parseS3(v gjson.Result) (S3, error) {
	var s S3
	if !v.IsObject() {
		return s, jsonval.WrongType("s3", "a JSON object", v)
	}
	var err error
	v.ForEach(func(k, v gjson.Result) bool {
		key := "s3." + k.String()
		if k.String() == "force_path_style" {
			var b *bool
			if b, err = boolean(v, key); err == nil && *b && s.AddressingStyle == "" {
				s.AddressingStyle = S3AddressingPath
			}
			return err == nil
		}
		for _, sk := range s3Keys {
			if sk.name != k.String() {
				continue
			}
			if sk.boolean != nil {
				*sk.boolean(&s), err = boolean(v, key)
			} else if *sk.str(&s), err = jsonval.String(v, key); err == nil {
				err = oneOf(key, *sk.str(&s), sk.valid)
			}
			return err == nil
		}
		err = awserr.InvalidArg("client config: unknown key %q (valid: %s)", key, s3KeyNames())
		return false
	})
	return s, err
}

func oneOf(where, v string, valid []string) error {
	for _, ok := range valid {
		if v == ok {
			return nil
		}
	}
	return awserr.InvalidArg("%s: %q is not %s", where, v, orList(valid))
}

// orList is "a, b or c".
func orList(v []string) string {
	if len(v) < 2 {
		return strings.Join(v, "")
	}
	return strings.Join(v[:len(v)-1], ", ") + " or " + v[len(v)-1]
}

// s3 resolves the S3 settings, key by key: the config's, else the
// environment variable, else the profile's top-level key, else its s3
// sub-section. Unset keys stay unset (nil, ""), except the addressing
// style, "auto" by default.
func (s *sources) s3() (S3, error) {
	out := s.c.S3
	var sub map[string]string
	for _, k := range s3Keys {
		if k.boolean != nil && *k.boolean(&out) != nil || k.str != nil && *k.str(&out) != "" {
			continue
		}
		raw, where := "", ""
		if k.env != "" {
			if v, ok := s.lookup(k.env); ok {
				raw, where = v, k.env
			}
		}
		if raw == "" {
			p, err := s.loadProfile()
			if err != nil {
				return out, err
			}
			if sub == nil {
				sub = ParseSubProperties(p.Settings["s3"])
			}
			if v := strings.TrimSpace(p.Settings[k.profileKey]); k.profileKey != "" && v != "" {
				raw, where = v, profileSource(p, k.profileKey)
			} else if v := strings.TrimSpace(sub[k.name]); v != "" {
				raw, where = v, profileSource(p, "s3."+k.name)
			} else if k.name == "addressing_style" && sub["force_path_style"] != "" {
				b, err := parseBool(profileSource(p, "s3.force_path_style"), sub["force_path_style"])
				if err != nil {
					return out, err
				}
				if b {
					out.AddressingStyle = S3AddressingPath
				}
				continue
			}
		}
		if raw == "" {
			continue
		}
		if k.boolean != nil {
			b, err := parseBool(where, raw)
			if err != nil {
				return out, err
			}
			*k.boolean(&out) = &b
		} else {
			if err := oneOf(where, raw, k.valid); err != nil {
				return out, err
			}
			*k.str(&out) = raw
		}
	}
	if out.AddressingStyle == "" {
		out.AddressingStyle = S3AddressingAuto
	}
	return out, nil
}
