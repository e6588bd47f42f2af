package credentials

import (
	"errors"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/settings"
)

func noFuzzEnv(string) (string, bool) { return "", false }

// FuzzParseOptionsJSON: gosoto_credentials_new's options_json. Any document
// is accepted or refused with an *awserr.Error of Kind InvalidArgument whose
// message never repeats a secret given in "static".
func FuzzParseOptionsJSON(f *testing.F) {
	f.Add(`{}`)
	f.Add(`{"static": {"access_key_id": "AKID", "secret_access_key": "SECRETKEY", "session_token": "TOKEN"}}`)
	f.Add(`{"profile": "dev", "config_file": "/nonexistent/c", "credentials_file": "/nonexistent/k", "sources": ["env", "profile", "imds", "ecs"]}`)
	f.Add(`{"sources": ["nosuch"], "static": {"access_key_id": 1}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		_, err := ParseOptionsJSON([]byte(doc), noFuzzEnv)
		if err == nil {
			return
		}
		var e *awserr.Error
		if !errors.As(err, &e) || e.Kind != awserr.InvalidArgument {
			t.Fatalf("error %T %v is not an InvalidArgument *awserr.Error", err, err)
		}
		if strings.Contains(e.Message, "SECRETKEY") || strings.Contains(e.Message, "TOKEN") {
			t.Fatalf("error message carries a secret: %q", e.Message)
		}
	})
}

// FuzzParseSharedFile: the shared config / credentials file parser, on both
// kinds of file. It never panics; a failure is a *ParseError (or wraps one)
// that names a line, never the file's content.
func FuzzParseSharedFile(f *testing.F) {
	f.Add([]byte("[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRETKEY\n"), false)
	f.Add([]byte("[profile dev]\nregion=us-west-2 ; comment\ns3 =\n  max_concurrent_requests = 10\n  addressing_style=path\n[sso-session s]\nsso_region = x\n"), true)
	f.Add([]byte("\xef\xbb\xbf[ default ]\n\tkey\t=\tv # c\n[profile  default]\n[services a]\nsqs =\n endpoint_url = http://x\n"), true)
	f.Add([]byte("key = no section\n[bad\n= v\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, config bool) {
		kind := settings.CredentialsFileKind
		if config {
			kind = settings.ConfigFileKind
		}
		_, err := settings.ParseSharedFile(data, kind)
		if err == nil {
			return
		}
		if strings.Contains(err.Error(), "SECRETKEY") {
			t.Fatalf("parse error carries file content: %v", err)
		}
	})
}
