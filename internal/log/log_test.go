package log

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) Env {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestOffByDefault(t *testing.T) {
	for _, v := range []string{"", "info", "1", "true"} {
		if l := FromEnv(env(map[string]string{"GOSOTO_LOG": v})); l != nil {
			t.Errorf("GOSOTO_LOG=%q: logging on", v)
		}
	}
	if FromEnv(nil) != nil || FromEnv(env(nil)) != nil {
		t.Error("no environment: logging on")
	}
	var l *Logger
	l.Printf("nothing") // a nil logger discards
	l.Request(1, "GET", "http://x/", "x", nil, nil, 0)
	l.Response(1, 200, nil, nil, nil, 0)
}

func TestFileAndSharing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	e := env(map[string]string{"GOSOTO_LOG": "DEBUG", "GOSOTO_LOG_FILE": path})
	l1, l2 := FromEnv(e), FromEnv(e)
	if l1 == nil || l1 != l2 {
		t.Fatal("one logger per destination")
	}
	l1.Printf("hello %d", 1)
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "gosoto: hello 1\n") {
		t.Errorf("file: %q", b)
	}
}

func TestRedaction(t *testing.T) {
	const sig = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	u := RedactURL("https://user:pw@b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F2020&X-Amz-Security-Token=TOKEN&X-Amz-Signature=" + sig + "#f")
	for _, s := range []string{sig, "TOKEN", "AKID", "pw"} {
		if strings.Contains(u, s) {
			t.Errorf("URL keeps %q: %s", s, u)
		}
	}
	if !strings.Contains(u, "X-Amz-Algorithm=AWS4-HMAC-SHA256") || !strings.HasSuffix(u, "#f") {
		t.Errorf("URL: %s", u)
	}
	h := http.Header{
		"Authorization":        {"AWS4-HMAC-SHA256 Credential=AKID/20200101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=" + sig},
		"X-Amz-Security-Token": {"TOKEN"}, "Cookie": {"c=COOKIE"}, "Set-Cookie": {"d=COOKIE"},
		"X-Amz-Server-Side-Encryption-Customer-Key": {"SSEKEY"}, "X-Amz-Target": {"AmazonSQS.ListQueues"},
	}
	hs := Headers(h)
	for _, s := range []string{sig, "TOKEN", "COOKIE", "SSEKEY"} {
		if strings.Contains(hs, s) {
			t.Errorf("headers keep %q: %s", s, hs)
		}
	}
	if !strings.Contains(hs, "Credential=AKID/20200101") || !strings.Contains(hs, "AmazonSQS.ListQueues") {
		t.Errorf("headers: %s", hs)
	}
	if RedactHeader("Authorization", "Bearer SSOTOKEN") != Redacted {
		t.Error("a non-SigV4 Authorization is redacted whole")
	}
	bodies := []string{
		`{"Credentials":{"AccessKeyId":"ASIA","SecretAccessKey":"SECRET","SessionToken":"TOKEN","Expiration":1}}`,
		`{"roleCredentials":{"secretAccessKey":"SECRET","sessionToken":"TOKEN"}}`,
		`{"accessToken":"TOKEN","refreshToken":"SECRET","clientSecret":"SECRET"}`,
		`<Credentials><SecretAccessKey>SECRET</SecretAccessKey><SessionToken>TOKEN</SessionToken></Credentials>`,
		`Action=AssumeRoleWithWebIdentity&WebIdentityToken=TOKEN&RoleArn=x`,
		`{"SecretAccessKey":"SECR` + strings.Repeat("E", 9000) + `T"}`, // cut mid-secret
		`{"SecretAccessKey": "SE\"CRET"}`,
	}
	for _, b := range bodies {
		out := Body([]byte(b))
		if strings.Contains(out, "SECRET") || strings.Contains(out, "TOKEN") || strings.Contains(out, "EEEE") {
			t.Errorf("body keeps a secret: %s", out)
		}
	}
	if out := Body([]byte(strings.Repeat("x", 5000))); len(out) > MaxBody+64 || !strings.Contains(out, "(5000 bytes)") {
		t.Errorf("long body: %d bytes", len(out))
	}
}
