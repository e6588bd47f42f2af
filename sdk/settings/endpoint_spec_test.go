package settings

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/internal/testdata"

	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// writeSpecConfig writes the suite's profiles and services sections as a
// config file, services sections in the nested "s3 =" form.
func writeSpecConfig(t *testing.T, profiles map[string]map[string]string, services map[string]map[string]map[string]string) string {
	var b strings.Builder
	for _, name := range sortedKeys(profiles) {
		b.WriteString("[profile " + name + "]\n")
		for _, k := range sortedKeys(profiles[name]) {
			b.WriteString(k + " = " + profiles[name][k] + "\n")
		}
	}
	for _, name := range sortedKeys(services) {
		b.WriteString("[services " + name + "]\n")
		for _, id := range sortedKeys(services[name]) {
			b.WriteString(id + " =\n")
			for _, k := range sortedKeys(services[name][id]) {
				b.WriteString("  " + k + " = " + services[name][id][k] + "\n")
			}
		}
	}
	path := filepath.Join(t.TempDir(), "config")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	return path
}

func TestConfiguredEndpointURLSpec(t *testing.T) {
	dir := filepath.Dir(testdata.Dir(t, "sdk-configured-endpoint-urls"))
	data, err := os.ReadFile(filepath.Join(dir, "sdk-configured-endpoint-urls", "profile-tests.json"))
	require.NoError(t, err)
	var doc struct {
		TestSuites []struct {
			Profiles      map[string]map[string]string            `json:"profiles"`
			Services      map[string]map[string]map[string]string `json:"services"`
			ClientConfigs map[string]map[string]any               `json:"client_configs"`
			Environments  map[string]map[string]string            `json:"environments"`
			Tests         []struct {
				Name         string `json:"name"`
				Profile      string `json:"profile"`
				ClientConfig string `json:"client_config"`
				Environment  string `json:"environment"`
				Service      string `json:"service"`
				Output       struct {
					EndpointURL string `json:"endpointUrl"`
				} `json:"output"`
			} `json:"endpointUrlTests"`
		} `json:"testSuites"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	require.NotEmpty(t, doc.TestSuites)
	passed, total := 0, 0
	for _, suite := range doc.TestSuites {
		cfgPath := writeSpecConfig(t, suite.Profiles, suite.Services)
		home := t.TempDir() // no ~/.aws here: only AWS_CONFIG_FILE counts
		for _, tc := range suite.Tests {
			total++
			ok := t.Run(tc.Name, func(t *testing.T) {
				cc, found := suite.ClientConfigs[tc.ClientConfig]
				require.True(t, found, "client config %q", tc.ClientConfig)
				envVars, found := suite.Environments[tc.Environment]
				require.True(t, found, "environment %q", tc.Environment)
				_, found = suite.Profiles[tc.Profile]
				require.True(t, found, "profile %q", tc.Profile)

				doc := map[string]any{"service": tc.Service}
				for k, v := range cc {
					doc[k] = v
				}
				raw, err := json.Marshal(doc)
				require.NoError(t, err)
				c, err := ParseConfig(raw)
				require.NoError(t, err)

				env := map[string]string{"HOME": home, "AWS_CONFIG_FILE": cfgPath, "AWS_PROFILE": tc.Profile}
				for k, v := range envVars {
					env[k] = v
				}
				svc := &model.Service{Name: tc.Service, Metadata: model.Metadata{ServiceID: tc.Service, EndpointPrefix: tc.Service}}
				r, err := Resolve(c, svc, mapEnv(env))
				require.NoError(t, err)
				assert.Equal(t, tc.Output.EndpointURL, r.Endpoint.URL)
			})
			if ok {
				passed++
			}
		}
	}
	t.Logf("profile-tests.json (configured endpoint URLs): %d/%d passed", passed, total)
}
