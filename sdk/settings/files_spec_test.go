package settings

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosoto/gosoto/internal/testdata"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mergedProfiles is the spec's view of both files: profile name -> settings,
// credentials-file values winning.
func mergedProfiles(cfg, creds *SharedFile) map[string]map[string]string {
	f := &SharedFiles{Config: cfg, Credentials: creds}
	out := map[string]map[string]string{}
	for _, n := range f.ProfileNames() {
		out[n] = f.Profile(n).Settings
	}
	return out
}

func TestProfileParserSpec(t *testing.T) {
	dir := filepath.Dir(testdata.Dir(t, "sdk-profile-config"))
	data, err := os.ReadFile(filepath.Join(dir, "sdk-profile-config", "profile-parser-tests.json"))
	require.NoError(t, err)
	var suite struct {
		Tests []struct {
			Name  string
			Input struct {
				ConfigFile      *string `json:"configFile"`
				CredentialsFile *string `json:"credentialsFile"`
			}
			Output struct {
				Config *struct {
					Profiles    map[string]map[string]string `json:"profiles"`
					SSOSessions map[string]map[string]string `json:"sso_sessions"`
				} `json:"config"`
				ErrorContaining string `json:"errorContaining"`
			}
		}
	}
	require.NoError(t, json.Unmarshal(data, &suite))
	require.NotEmpty(t, suite.Tests)
	passed := 0
	for _, tc := range suite.Tests {
		ok := t.Run(tc.Name, func(t *testing.T) {
			parse := func(text *string, kind FileKind) (*SharedFile, error) {
				if text == nil {
					return NewSharedFile(), nil
				}
				return ParseSharedFile([]byte(*text), kind)
			}
			cfg, err1 := parse(tc.Input.ConfigFile, ConfigFileKind)
			creds, err2 := parse(tc.Input.CredentialsFile, CredentialsFileKind)
			if tc.Output.ErrorContaining != "" {
				err := err1
				if err == nil {
					err = err2
				}
				require.Error(t, err, "must fail like %q", tc.Output.ErrorContaining)
				var pe *ParseError
				require.ErrorAs(t, err, &pe)
				assert.Positive(t, pe.Line)
				return
			}
			require.NoError(t, err1)
			require.NoError(t, err2)
			require.NotNil(t, tc.Output.Config)
			assert.Equal(t, tc.Output.Config.Profiles, mergedProfiles(cfg, creds))
			if tc.Output.Config.SSOSessions != nil {
				assert.Equal(t, tc.Output.Config.SSOSessions, cfg.SSOSessions)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("profile-parser-tests.json: %d/%d passed", passed, len(suite.Tests))
}

func TestFileLocationSpec(t *testing.T) {
	dir := filepath.Dir(testdata.Dir(t, "sdk-profile-config"))
	data, err := os.ReadFile(filepath.Join(dir, "sdk-profile-config", "file-location-tests.json"))
	require.NoError(t, err)
	var suite struct {
		Tests []struct {
			Name                string
			Environment         map[string]string
			Platform            string
			Profile             string
			ConfigLocation      string `json:"configLocation"`
			CredentialsLocation string `json:"credentialsLocation"`
		}
	}
	require.NoError(t, json.Unmarshal(data, &suite))
	require.NotEmpty(t, suite.Tests)
	passed := 0
	for _, tc := range suite.Tests {
		ok := t.Run(tc.Name, func(t *testing.T) {
			env := mapEnv(tc.Environment)
			cfg, creds := SharedFileLocations(env, tc.Platform)
			assert.Equal(t, tc.ConfigLocation, cfg)
			assert.Equal(t, tc.CredentialsLocation, creds)
			if tc.Profile != "" {
				assert.Equal(t, tc.Profile, ProfileName(Source{Env: env}))
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("file-location-tests.json: %d/%d passed", passed, len(suite.Tests))
}
