package settings

import (
	"net/url"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// This file holds the settings that feed the endpoint rule sets' built-in
// parameters (CAPI.md, "Client config: the endpoint rule sets' built-in
// parameters"), each with botocore 1.43.67's precedence and default:
//
//	use_fips_endpoint          AWS::UseFIPS           AWS_USE_FIPS_ENDPOINT / use_fips_endpoint
//	use_dualstack_endpoint     AWS::UseDualStack      AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint (S3: s3.use_dualstack_endpoint first)
//	endpoint_url               SDK::Endpoint          the configured endpoint URLs
//	account_id_endpoint_mode   AWS::Auth::AccountIdEndpointMode  AWS_ACCOUNT_ID_ENDPOINT_MODE / account_id_endpoint_mode (preferred)
//	account_id                 AWS::Auth::AccountId   else the credentials' account id, at call time
//	sts_regional_endpoints     AWS::STS::UseGlobalEndpoint ("legacy")  AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints (regional)
//	s3.*                       AWS::S3::* and AWS::S3Control::UseArnRegion (s3.go)
//	client_context_params      the model's clientContextParams, by name
//	                           (S3: AWS_S3_DISABLE_EXPRESS_SESSION_AUTH / s3_disable_express_session_auth
//	                            give DisableS3ExpressSessionAuth)

// Account id endpoint modes.
var accountIDEndpointModes = []string{"preferred", "required", "disabled"}

// legacyGlobalSTSRegions are the regions whose STS calls go to the global
// endpoint when sts_regional_endpoints is "legacy" (botocore's list).
var legacyGlobalSTSRegions = map[string]bool{
	"ap-northeast-1": true, "ap-south-1": true, "ap-southeast-1": true, "ap-southeast-2": true,
	"aws-global": true, "ca-central-1": true, "eu-central-1": true, "eu-north-1": true,
	"eu-west-1": true, "eu-west-2": true, "eu-west-3": true, "sa-east-1": true,
	"us-east-1": true, "us-east-2": true, "us-west-1": true, "us-west-2": true,
}

// BuiltIns are the values of the rule sets' built-in parameters for one
// client, by the rule sets' names ("AWS::Region", "AWS::UseFIPS"...).
// A name absent from Values is left unset (the rule set's default holds).
type BuiltIns struct {
	Values map[string]any // string or bool
	// AccountIDFromCredentials: AWS::Auth::AccountId comes from the
	// credentials at call time (no account_id was configured).
	AccountIDFromCredentials bool
}

// ClientContext returns the configured client context parameters (the
// config's client_context_params, and S3's settings that botocore also
// passes as client context) as name -> JSON value.
func (r *Resolved) ClientContext() map[string]gjson.Result { return r.clientContext }

// endpointSettings resolves the built-ins and client context of svc.
func (s *sources) endpointSettings(svc *model.Service, r *Resolved) error {
	b := BuiltIns{Values: map[string]any{"AWS::Region": r.Region}}
	configured := r.ConfiguredEndpoint
	if configured != "" {
		b.Values["SDK::Endpoint"] = configured
	}
	dual := r.UseDualStack
	if r.S3.UseDualStackEndpoint != nil {
		dual = *r.S3.UseDualStackEndpoint
	}
	b.Values["AWS::UseFIPS"] = configured == "" && r.UseFIPS
	b.Values["AWS::UseDualStack"] = configured == "" && dual

	mode, where, err := s.stringSetting(s.c.AccountIDEndpointMode, "account_id_endpoint_mode", "AWS_ACCOUNT_ID_ENDPOINT_MODE", "account_id_endpoint_mode")
	if err != nil {
		return err
	}
	if mode == "" {
		mode = "preferred"
	} else if err := oneOf(where, mode, accountIDEndpointModes); err != nil {
		return err
	}
	b.Values["AWS::Auth::AccountIdEndpointMode"] = mode
	if s.c.AccountID != "" {
		b.Values["AWS::Auth::AccountId"] = s.c.AccountID
	} else {
		b.AccountIDFromCredentials = true
	}

	sts, where, err := s.stringSetting(s.c.STSRegionalEndpoints, "sts_regional_endpoints", "AWS_STS_REGIONAL_ENDPOINTS", "sts_regional_endpoints")
	if err != nil {
		return err
	}
	if sts == "" {
		sts = "regional"
	} else if err := oneOf(where, sts, []string{"legacy", "regional"}); err != nil {
		return err
	}
	b.Values["AWS::STS::UseGlobalEndpoint"] = configured == "" && sts == "legacy" && legacyGlobalSTSRegions[r.Region]

	s3 := r.S3
	accelerate := s3.UseAccelerateEndpoint != nil && *s3.UseAccelerateEndpoint
	var forcePath bool
	switch {
	case accelerate:
	case configured != "" && !isS3AccelerateURL(configured):
		forcePath = s3.AddressingStyle != S3AddressingVirtual
	default:
		forcePath = s3.AddressingStyle == S3AddressingPath
	}
	b.Values["AWS::S3::Accelerate"] = accelerate
	b.Values["AWS::S3::ForcePathStyle"] = forcePath
	b.Values["AWS::S3::UseArnRegion"] = s3.UseArnRegion == nil || *s3.UseArnRegion
	b.Values["AWS::S3Control::UseArnRegion"] = s3.UseArnRegion != nil && *s3.UseArnRegion
	b.Values["AWS::S3::DisableMultiRegionAccessPoints"] = s3.DisableMultiRegionAccessPoints != nil && *s3.DisableMultiRegionAccessPoints
	regional := s3.USEast1RegionalEndpoint
	if regional == "" {
		regional = "legacy"
	}
	b.Values["AWS::S3::UseGlobalEndpoint"] = regional == "legacy" && r.Region == "us-east-1"

	r.clientContext = map[string]gjson.Result{}
	if len(s.c.ClientContextParams) > 0 {
		gjson.ParseBytes(s.c.ClientContextParams).ForEach(func(k, v gjson.Result) bool {
			r.clientContext[k.String()] = v
			return true
		})
	}
	if usesS3Settings(svc) {
		if _, set := r.clientContext["DisableS3ExpressSessionAuth"]; !set {
			v, where, err := s.stringSetting("", "", "AWS_S3_DISABLE_EXPRESS_SESSION_AUTH", "s3_disable_express_session_auth")
			if err != nil {
				return err
			}
			if v != "" {
				on, err := parseBool(where, v)
				if err != nil {
					return err
				}
				r.clientContext["DisableS3ExpressSessionAuth"] = gjson.Parse(map[bool]string{true: "true", false: "false"}[on])
			}
		}
	}
	r.BuiltIns = b
	return nil
}

// stringSetting resolves a string setting: the config's value, else the
// environment variable, else the profile's key, else "". where names the
// source for messages.
func (s *sources) stringSetting(fromConfig, configKey, envKey, profileKey string) (v, where string, err error) {
	if fromConfig != "" {
		return fromConfig, configKey, nil
	}
	if v, ok := s.lookup(envKey); ok {
		return v, envKey, nil
	}
	p, err := s.loadProfile()
	if err != nil {
		return "", "", err
	}
	if v := strings.TrimSpace(p.Settings[profileKey]); v != "" {
		return v, profileSource(p, profileKey), nil
	}
	return "", "", nil
}

// isS3AccelerateURL reports whether raw is an S3 Transfer Acceleration
// endpoint (s3-accelerate[.dualstack].amazonaws.com), as botocore tells it.
func isS3AccelerateURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" && u.Scheme != "http" || !strings.HasSuffix(u.Host, "amazonaws.com") {
		return false
	}
	parts := strings.Split(u.Host, ".")
	if parts[0] != "s3-accelerate" {
		return false
	}
	seen := map[string]bool{}
	for _, f := range parts[1 : len(parts)-2] {
		if f != "dualstack" || seen[f] {
			return false
		}
		seen[f] = true
	}
	return true
}

// checkClientContextParams checks the config's client_context_params: an
// object of strings and booleans.
func checkClientContextParams(v gjson.Result) error {
	if !v.IsObject() {
		return awserr.InvalidArg("client_context_params: expected a JSON object (the model's clientContextParams by name)")
	}
	var err error
	v.ForEach(func(k, val gjson.Result) bool {
		switch val.Type {
		case gjson.String, gjson.True, gjson.False:
			return true
		}
		err = awserr.InvalidArg("client_context_params.%s: expected a string or a boolean, found %s", k.String(), val.Raw)
		return false
	})
	return err
}
