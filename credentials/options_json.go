package credentials

import (
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonval"
	"github.com/gosoto/gosoto/sdk/settings"
	"github.com/tidwall/gjson"
)

var optionMembers = []string{"profile", "config_file", "credentials_file", "static", "sources"}

// ParseOptionsJSON parses the options document of gosoto_credentials_new
// (CAPI.md):
//
//	{} | {"profile": "dev", "config_file": "...", "credentials_file": "...",
//	      "static": {"access_key_id": "...", "secret_access_key": "...", "session_token": "..."},
//	      "sources": ["env", "web_identity", "profile", "container", "imds"]}
//
// The source names are those of ValidSources (and SourceAliases: "ecs" is
// "container"); the default chain is DefaultSources.
//
// The returned Options read the environment through env. Malformed JSON, a
// document that is not an object, an unknown member, a member of the wrong
// type or an unknown source name is an *awserr.Error of Kind
// InvalidArgument naming the member (never its value when it is a secret).
func ParseOptionsJSON(doc []byte, env settings.Env) (Options, error) {
	o := Options{Env: env}
	if !gjson.ValidBytes(doc) {
		return o, awserr.InvalidArg("credentials options: malformed JSON")
	}
	root := gjson.ParseBytes(doc)
	if !root.IsObject() {
		return o, awserr.InvalidArg("credentials options: expected a JSON object")
	}
	var err error
	root.ForEach(func(k, v gjson.Result) bool {
		switch name := k.String(); name {
		case "profile":
			o.Profile, err = jsonval.String(v, name)
		case "config_file":
			o.ConfigFile, err = jsonval.String(v, name)
		case "credentials_file":
			o.CredentialsFile, err = jsonval.String(v, name)
		case "static":
			o.Static, err = ParseStaticJSON([]byte(v.Raw), "static")
		case "sources":
			o.Sources, err = parseSources(v)
		default:
			err = awserr.InvalidArg("credentials options: unknown member %q (valid: %s)", name, strings.Join(optionMembers, ", "))
		}
		return err == nil
	})
	if err != nil {
		return o, err
	}
	// Check source names and their requirements now rather than at Retrieve.
	if _, err := New(o); err != nil {
		return o, err
	}
	return o, nil
}

// ParseStaticJSON parses a static credentials object
// {"access_key_id", "secret_access_key", "session_token"?} (see
// settings.ParseStaticKeys) into Credentials whose Source is "static".
func ParseStaticJSON(raw []byte, member string) (*Credentials, error) {
	k, err := settings.ParseStaticKeys(raw, member)
	if err != nil {
		return nil, err
	}
	return FromStaticKeys(k), nil
}

// FromStaticKeys returns k as Credentials whose Source is "static" (nil for
// nil).
func FromStaticKeys(k *settings.StaticKeys) *Credentials {
	if k == nil {
		return nil
	}
	return &Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey, SessionToken: k.SessionToken, Source: SourceStatic}
}

func parseSources(v gjson.Result) ([]string, error) {
	if !v.IsArray() {
		return nil, awserr.InvalidArg("credentials options: sources: expected an array of strings")
	}
	arr := v.Array()
	if len(arr) == 0 {
		return nil, awserr.InvalidArg("credentials options: sources: empty (valid: %s)", strings.Join(ValidSources, ", "))
	}
	out := make([]string, 0, len(arr))
	for _, s := range arr {
		if s.Type != gjson.String {
			return nil, awserr.InvalidArg("credentials options: sources: expected an array of strings, found %s", jsonval.TypeName(s))
		}
		out = append(out, s.Str)
	}
	return out, nil
}
