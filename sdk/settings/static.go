package settings

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/internal/jsonval"
	"github.com/tidwall/gjson"
)

// StaticKeys are fixed credentials given in a document (the client config's
// "credentials", the credentials options' "static"). The credentials
// package turns them into a provider. Every fmt verb and log/slog print
// them redacted.
type StaticKeys struct {
	AccessKeyID, SecretAccessKey, SessionToken string
}

// String shows the access key id only.
func (k StaticKeys) String() string {
	s := "StaticKeys{AccessKeyID: " + k.AccessKeyID + ", SecretAccessKey: <redacted>"
	if k.SessionToken != "" {
		s += ", SessionToken: <redacted>"
	}
	return s + "}"
}

// GoString is String: %#v is redacted too.
func (k StaticKeys) GoString() string { return k.String() }

// Format prints the redacted String form for every verb.
func (k StaticKeys) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprintf(f, "%q", k.String())
		return
	}
	_, _ = f.Write([]byte(k.String()))
}

// LogValue makes log/slog print the redacted form.
func (k StaticKeys) LogValue() slog.Value { return slog.StringValue(k.String()) }

var staticMembers = []string{"access_key_id", "secret_access_key", "session_token"}

// ParseStaticKeys parses a static credentials object
// {"access_key_id", "secret_access_key", "session_token"?}. member is the
// name used in error messages. Both keys are required and must be
// non-empty strings; errors name the member, never a value.
func ParseStaticKeys(raw []byte, member string) (*StaticKeys, error) {
	v := gjson.ParseBytes(raw)
	if !gjson.ValidBytes(raw) || !v.IsObject() {
		return nil, awserr.InvalidArg("%s: expected a JSON object with access_key_id and secret_access_key", member)
	}
	k := &StaticKeys{}
	var err error
	v.ForEach(func(key, f gjson.Result) bool {
		name := member + "." + key.String()
		switch key.String() {
		case "access_key_id":
			k.AccessKeyID, err = jsonval.String(f, name)
		case "secret_access_key":
			k.SecretAccessKey, err = jsonval.String(f, name)
		case "session_token":
			k.SessionToken, err = jsonval.String(f, name)
		default:
			err = awserr.InvalidArg("%s: unknown member %q (valid: %s)", member, key.String(), strings.Join(staticMembers, ", "))
		}
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	if k.AccessKeyID == "" {
		return nil, awserr.InvalidArg("%s.access_key_id: required, a non-empty string", member)
	}
	if k.SecretAccessKey == "" {
		return nil, awserr.InvalidArg("%s.secret_access_key: required, a non-empty string", member)
	}
	return k, nil
}
