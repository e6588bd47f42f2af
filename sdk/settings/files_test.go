package settings

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSharedFileSectionsAndSettings(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, ".aws/config", "[profile dev]\r\n"+
		"sso_session = corp\r\n"+
		"services = local\r\n"+
		"Region = eu-west-1 ; not a comment: no whitespace? yes there is\r\n"+
		"use_fips_endpoint = true\r\n"+
		"use_dualstack_endpoint = false\r\n"+
		"ca_bundle = ~/certs/ca.pem\r\n"+
		"s3 =\r\n"+
		"  addressing_style = path\r\n"+
		"\tMax_Concurrent_Requests = 20 # comment\r\n"+
		"[sso-session corp]\r\n"+
		"sso_start_url = https://corp.awsapps.com/start\r\n"+
		"sso_region = us-east-1\r\n"+
		"[services local]\r\n"+
		"s3 =\r\n"+
		"  endpoint_url = http://127.0.0.1:9000\r\n"+
		"Elastic_Load_Balancing =\r\n"+
		"  endpoint_url = http://127.0.0.1:9001\r\n"+
		"[sso-session]\r\n"+ // no name: ignored
		"x = 1\r\n")
	p, err := LoadProfile(Source{Profile: "dev", Env: mapEnv(map[string]string{"HOME": dir})})
	require.NoError(t, err)
	assert.Equal(t, "eu-west-1", p.Region, "CRLF, key case, comment after whitespace")
	assert.Equal(t, "true", p.UseFIPSEndpoint)
	assert.Equal(t, "false", p.UseDualStackEndpoint)
	assert.Equal(t, "~/certs/ca.pem", p.CABundle)
	assert.Equal(t, map[string]string{"addressing_style": "path", "max_concurrent_requests": "20"}, p.SubSettings("s3"))
	assert.Equal(t, map[string]string{"sso_start_url": "https://corp.awsapps.com/start", "sso_region": "us-east-1"}, p.SSOSession)
	assert.Equal(t, map[string]map[string]string{
		"s3":                     {"endpoint_url": "http://127.0.0.1:9000"},
		"elastic_load_balancing": {"endpoint_url": "http://127.0.0.1:9001"},
	}, p.Services)

	f, err := LoadSharedFiles(Source{Env: mapEnv(map[string]string{"HOME": dir})})
	require.NoError(t, err)
	assert.Equal(t, []string{"dev"}, f.ProfileNames(), "sso-session and services sections are not profiles")
	assert.Len(t, f.Config.SSOSessions, 1)
	assert.Len(t, f.Config.Services, 1)

	// A profile naming sections that do not exist.
	write(t, dir, ".aws/config", "[default]\nsso_session = nope\nservices = nope\n")
	p, err = LoadProfile(Source{Env: mapEnv(map[string]string{"HOME": dir})})
	require.NoError(t, err)
	assert.Nil(t, p.SSOSession)
	assert.Nil(t, p.Services)
}

func TestSharedFileMergeRules(t *testing.T) {
	cfg, err := ParseSharedFile([]byte(`[default]
region = ignored-1
[profile default]
region = us-east-1
aws_access_key_id = CFG
[profile a]
x = 1
 continued
y = 2
[profile a]
x = 3
[profile bad name]
z = 1
[profile ok]
bad key = 1
good.key/with@chars = 2
`), ConfigFileKind)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"region": "us-east-1", "aws_access_key_id": "CFG"}, cfg.Profiles["default"])
	assert.Equal(t, map[string]string{"x": "3", "y": "2"}, cfg.Profiles["a"])
	assert.Equal(t, map[string]string{"good.key/with@chars": "2"}, cfg.Profiles["ok"])
	assert.NotContains(t, cfg.Profiles, "bad name")

	creds, err := ParseSharedFile([]byte("[default]\naws_access_key_id = CREDS\n[profile x]\na = b\n"), CredentialsFileKind)
	require.NoError(t, err)
	m := mergedProfiles(cfg, creds)
	assert.Equal(t, "CREDS", m["default"]["aws_access_key_id"], "credentials file wins per key")
	assert.Equal(t, "us-east-1", m["default"]["region"])
	assert.NotContains(t, m, "x")
}

func TestSharedFileErrorsNameLineNotContent(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"[default]\naws_secret_access_key " + secret1 + "\n", "line 2: Expected an '=' sign defining a property"},
		{"aws_secret_access_key = " + secret1 + "\n", "line 1: Expected a profile definition"},
		{"[default]\n= " + secret1 + "\n", "line 2: Property did not have a name"},
		{"# c\n\n[default\n", "line 3: Profile definition must end with ']'"},
		{"[default]\ns3 =\n  " + secret1 + "\n", "line 3: Expected an '=' sign defining a sub-property"},
		{"[default]\n  " + secret1 + "\n", "line 2: Expected a property definition, found continuation"},
	} {
		_, err := ParseSharedFile([]byte(tc.text), CredentialsFileKind)
		require.Error(t, err, tc.text)
		assert.Equal(t, tc.want, err.Error())
		var pe *ParseError
		assert.True(t, errors.As(err, &pe))
	}
	dir := t.TempDir()
	path := write(t, dir, "creds", "[default]\naws_secret_access_key "+secret1+"\n")
	_, err := LoadProfile(Source{CredentialsFile: path, Env: mapEnv(nil)})
	e := awserr.As(err)
	require.NotNil(t, e)
	assert.Equal(t, CodeConfigParse, e.Code)
	assert.Equal(t, "cannot parse shared file "+path+": line 2: Expected an '=' sign defining a property", e.Message)
	noSecretErr(t, err)
}

func TestParseSubProperties(t *testing.T) {
	assert.Equal(t, map[string]string{"a": "1", "b": "x;y", "c": ""},
		ParseSubProperties("\na = 1\nB = x;y # comment\nc =\nnot a property\nbad name = 2\n= 3"))
	assert.Empty(t, ParseSubProperties(""))
}

func TestHomeAndLocations(t *testing.T) {
	env := mapEnv(map[string]string{"USERPROFILE": `C:\Users\u`, "HOMEDRIVE": "D:", "HOMEPATH": `\x`})
	assert.Equal(t, `C:\Users\u`, HomeDir(env, "windows"), "USERPROFILE before HOMEDRIVE+HOMEPATH")
	assert.Equal(t, "", HomeDir(env, "linux"), "only HOME on other systems")
	cfg, creds := SharedFileLocations(mapEnv(map[string]string{"HOME": `C:\h\`, "AWS_CONFIG_FILE": "~/a/b"}), "windows")
	assert.Equal(t, `C:\h\a\b`, cfg)
	assert.Equal(t, `C:\h\.aws\credentials`, creds)
	cfg, creds = SharedFileLocations(mapEnv(map[string]string{"HOME": "/h", "AWS_SHARED_CREDENTIALS_FILE": "~"}), "linux")
	assert.Equal(t, "/h/.aws/config", cfg)
	assert.Equal(t, "/h", creds)
	cfg, _ = SharedFileLocations(mapEnv(map[string]string{"HOME": "/h", "AWS_CONFIG_FILE": `~\x`}), "linux")
	assert.Equal(t, `~\x`, cfg, `~\ is not expanded outside Windows`)
	cfg, creds = SharedFileLocations(mapEnv(nil), "linux")
	assert.Equal(t, "", cfg)
	assert.Equal(t, "", creds)
	assert.Equal(t, filepath.Join("/h", ".aws", "config"), ConfigFilePath(Source{Env: mapEnv(map[string]string{"HOME": "/h"})}))
}

func TestSharedFileByteOrderMarkAndTabs(t *testing.T) {
	f, err := ParseSharedFile([]byte("\uFEFF[default]\r\nregion\t=\tus-east-1\t# c\r\nname = a\u00a0;b\r\n"), CredentialsFileKind)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"region": "us-east-1", "name": "a\u00a0"}, f.Profiles["default"],
		"a comment may follow any whitespace (here a no-break space), but only spaces and tabs are trimmed")
}
