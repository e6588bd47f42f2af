package credentials

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/internal/testdata"
	"github.com/gosoto/gosoto/sdk/settings"

	"github.com/stretchr/testify/require"
)

// The JSON suites of ../shared/testdata/sdk-credential-providers (README
// section 7): container and IMDS endpoint selection, and profile-chain
// resolution. The directory-per-case groups, which replay recorded HTTP
// traffic through the whole engine (STS and SSO calls made by real
// clients), run from sdk/engine (credentials_spec_test.go).

func TestECSSpec(t *testing.T) {
	var doc struct {
		Tests []struct {
			Docs   string
			Env    map[string]string
			Result struct {
				Ok            *string
				ErrorContains *string
			}
		}
	}
	raw, err := os.ReadFile(filepath.Join(testdata.Dir(t, "sdk-credential-providers"), "ecs-tests.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &doc))
	require.Len(t, doc.Tests, 8)
	pass := 0
	for _, tc := range doc.Tests {
		got, err := ContainerEndpoint(mapEnv(tc.Env))
		switch {
		case tc.Result.Ok != nil && (err != nil || got != *tc.Result.Ok):
			t.Errorf("%s: got %q, %v; want %q", tc.Docs, got, err, *tc.Result.Ok)
		case tc.Result.Ok == nil && err == nil:
			t.Errorf("%s: got %q, want an error containing %q", tc.Docs, got, *tc.Result.ErrorContains)
		default:
			pass++
		}
	}
	t.Logf("ecs-tests.json: %d/%d cases pass", pass, len(doc.Tests))
}

func TestIMDSEndpointSpec(t *testing.T) {
	var doc struct {
		Tests []struct {
			Docs             string
			Env              map[string]string
			FS               map[string]string
			EndpointOverride string `json:"endpoint_override"`
			ModeOverride     string `json:"mode_override"`
			Result           struct {
				Ok  *string
				Err *string
			}
		}
	}
	raw, err := os.ReadFile(filepath.Join(testdata.Dir(t, "sdk-credential-providers"), "imds-endpoint-tests.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &doc))
	require.Len(t, doc.Tests, 10)
	pass := 0
	for _, tc := range doc.Tests {
		dir := t.TempDir()
		env := map[string]string{}
		for k, v := range tc.Env {
			env[k] = v
		}
		for p, content := range tc.FS {
			write(t, dir, p, content)
		}
		if f := env["AWS_CONFIG_FILE"]; f != "" {
			env["AWS_CONFIG_FILE"] = filepath.Join(dir, f)
		}
		ep, err := IMDSEndpoint(Options{Env: mapEnv(env), IMDSEndpoint: tc.EndpointOverride, IMDSEndpointMode: tc.ModeOverride})
		got := ep + "/latest/api/token"
		switch {
		case tc.Result.Ok != nil && (err != nil || got != *tc.Result.Ok):
			t.Errorf("%s: got %q, %v; want %q", tc.Docs, got, err, *tc.Result.Ok)
		case tc.Result.Ok == nil && err == nil:
			t.Errorf("%s: got %q, want an error containing %q", tc.Docs, got, *tc.Result.Err)
		case tc.Result.Ok == nil && !strings.Contains(err.Error(), strings.Trim(*tc.Result.Err, "`")):
			t.Errorf("%s: error %q does not name %q", tc.Docs, err, *tc.Result.Err)
		default:
			pass++
		}
	}
	t.Logf("imds-endpoint-tests.json: %d/%d cases pass", pass, len(doc.Tests))
}

// describeChain renders a resolved profile chain as the suite's
// ProfileChain.
func describeChain(ch *profileChain) []any {
	opt := func(m map[string]any, k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	var out []any
	b := ch.base
	switch b.kind {
	case baseStatic:
		m := map[string]any{"access_key_id": b.creds.AccessKeyID, "secret_access_key": b.creds.SecretAccessKey}
		opt(m, "account_id", b.creds.AccountID)
		out = append(out, map[string]any{"AccessKey": m})
	case baseNamed:
		out = append(out, map[string]any{"NamedSource": b.named})
	case baseWebIdentity:
		m := map[string]any{"role_arn": b.roleARN, "web_identity_token_file": b.tokenFile}
		opt(m, "role_session_name", b.sessionName)
		out = append(out, map[string]any{"WebIdentityToken": m})
	case baseSSO:
		m := map[string]any{"sso_region": b.sso.region, "sso_start_url": b.sso.startURL}
		opt(m, "sso_session", b.sso.session)
		opt(m, "sso_account_id", b.sso.accountID)
		opt(m, "sso_role_name", b.sso.roleName)
		out = append(out, map[string]any{"Sso": m})
	case baseProcess:
		out = append(out, map[string]any{"CredentialProcess": b.command})
	}
	for _, h := range ch.hops {
		m := map[string]any{"role_arn": h.roleARN}
		opt(m, "external_id", h.externalID)
		opt(m, "role_session_name", h.sessionName)
		out = append(out, map[string]any{"AssumeRole": m})
	}
	return out
}

func TestAssumeRoleSpec(t *testing.T) {
	var tests []struct {
		Docs  string
		Input struct {
			Profiles        map[string]map[string]string
			SSOSessions     map[string]map[string]string `json:"sso_sessions"`
			SelectedProfile string                       `json:"selected_profile"`
		}
		Output struct {
			ProfileChain []any
			Error        *string
		}
	}
	raw, err := os.ReadFile(filepath.Join(testdata.Dir(t, "sdk-credential-providers"), "assume-role-tests.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &tests))
	require.Len(t, tests, 19)
	pass := 0
	for _, tc := range tests {
		cfg := settings.NewSharedFile()
		for n, p := range tc.Input.Profiles {
			cfg.Profiles[n] = p
		}
		for n, s := range tc.Input.SSOSessions {
			cfg.SSOSessions[n] = s
		}
		files := &settings.SharedFiles{ConfigFile: "/home/.aws/config", CredentialsFile: "/home/.aws/credentials",
			Config: cfg, Credentials: settings.NewSharedFile()}
		ch, err := resolveProfileChain(files, tc.Input.SelectedProfile)
		noSecretErr(t, err)
		switch {
		case tc.Output.Error != nil && err == nil:
			t.Errorf("%s: got chain %v, want an error containing %q", tc.Docs, describeChain(ch), *tc.Output.Error)
		case tc.Output.Error != nil:
			t.Logf("%s: error as expected: %v (upstream wording: %q)", tc.Docs, err, *tc.Output.Error)
			pass++
		case err != nil:
			t.Errorf("%s: unexpected error %v", tc.Docs, err)
		default:
			var got []any
			b, _ := json.Marshal(describeChain(ch))
			_ = json.Unmarshal(b, &got)
			if !reflect.DeepEqual(got, tc.Output.ProfileChain) {
				t.Errorf("%s: chain %s, want %v", tc.Docs, b, tc.Output.ProfileChain)
				continue
			}
			pass++
		}
	}
	t.Logf("assume-role-tests.json: %d/%d cases pass", pass, len(tests))
}
