package settings

import (
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonval"
	"github.com/gosoto/gosoto/sdk/model"
	"github.com/tidwall/gjson"
)

// This file holds the S3 settings of the client config: the "s3" object of
// the config document and the s3 sub-section of the shared config file's
// profile, as botocore reads them:
//
//	{"s3": {"addressing_style": "auto" | "virtual" | "path",
//	        "force_path_style": true,            // same as "path"
//	        "payload_signing_enabled": false}}   // UNSIGNED-PAYLOAD over https
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

// S3 holds the S3 settings; the zero value means "not given".
type S3 struct {
	// AddressingStyle is "", "auto", "virtual" or "path".
	AddressingStyle string
	// PayloadSigningEnabled is nil when not given: S3 then signs in-memory
	// payloads and sends file bodies over https as UNSIGNED-PAYLOAD. false
	// sends every payload over https as UNSIGNED-PAYLOAD; true always
	// hashes. Plain http always signs the payload.
	PayloadSigningEnabled *bool
}

// IsS3 reports whether svc is Amazon S3 (serviceId "S3"), the service the
// S3 settings and behaviours apply to.
func IsS3(svc *model.Service) bool {
	return svc != nil && (svc.Metadata.ServiceID == "S3" || svc.Metadata.ServiceID == "" && svc.Metadata.EndpointPrefix == "s3")
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
		switch k.String() {
		case "addressing_style":
			if s.AddressingStyle, err = jsonval.String(v, key); err == nil {
				err = checkAddressingStyle(key, s.AddressingStyle)
			}
		case "force_path_style":
			var b *bool
			if b, err = boolean(v, key); err == nil && *b {
				s.AddressingStyle = S3AddressingPath
			}
		case "payload_signing_enabled":
			s.PayloadSigningEnabled, err = boolean(v, key)
		default:
			err = awserr.InvalidArg("client config: unknown key %q (valid: addressing_style, force_path_style, payload_signing_enabled)", key)
		}
		return err == nil
	})
	return s, err
}

func checkAddressingStyle(where, v string) error {
	switch v {
	case S3AddressingAuto, S3AddressingVirtual, S3AddressingPath:
		return nil
	}
	return awserr.InvalidArg("%s: %q is not auto, virtual or path", where, v)
}

// s3 resolves the S3 settings: each key of the config's "s3" object, else
// the same key of the profile's s3 sub-section. The addressing style
// defaults to "auto".
func (s *sources) s3() (S3, error) {
	out := s.c.S3
	if out.AddressingStyle == "" || out.PayloadSigningEnabled == nil {
		p, err := s.loadProfile()
		if err != nil {
			return out, err
		}
		sub := ParseSubProperties(p.Settings["s3"])
		if out.AddressingStyle == "" {
			if v := strings.TrimSpace(sub["addressing_style"]); v != "" {
				if err := checkAddressingStyle(profileSource(p, "s3.addressing_style"), v); err != nil {
					return out, err
				}
				out.AddressingStyle = v
			} else if v := sub["force_path_style"]; v != "" {
				b, err := parseBool(profileSource(p, "s3.force_path_style"), v)
				if err != nil {
					return out, err
				}
				if b {
					out.AddressingStyle = S3AddressingPath
				}
			}
		}
		if out.PayloadSigningEnabled == nil {
			if v := sub["payload_signing_enabled"]; v != "" {
				b, err := parseBool(profileSource(p, "s3.payload_signing_enabled"), v)
				if err != nil {
					return out, err
				}
				out.PayloadSigningEnabled = &b
			}
		}
	}
	if out.AddressingStyle == "" {
		out.AddressingStyle = S3AddressingAuto
	}
	return out, nil
}
