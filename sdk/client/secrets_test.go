package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosoto/gosoto/credentials"
	"github.com/gosoto/gosoto/internal/awserr"
	ilog "github.com/gosoto/gosoto/internal/log"
	"github.com/stretchr/testify/require"
)

// The secrets of the scenario. The access key IDs are not secret: they
// appear in the Credential scope of the Authorization header, which the
// wire log keeps (it says which credentials signed a request).
const (
	scanAKID    = "AKIDSCANSCENARIO0001"
	scanSecret  = "scanSecretKey/abcdefghij+0123456789XYZ"
	scanToken   = "scanSessionToken-QWERTYUIOP-0123456789-tok"
	stsSecret   = "stsReturnedSecret/zyxwvut+9876543210ABC"
	stsToken    = "stsReturnedSessionToken-ASDFGHJKL-987654"
	procSecret  = "procSecretKey/lmnopqrstu+1122334455"
	procToken   = "procSessionToken-ZXCVBNM-556677"
	scanWebTok  = "scanWebIdentityToken-eyJhbGciOi-abcdef"
	scanPresign = "presignSecret/AAAABBBBCCCCDDDD+0000"
	// scanCookie is set by the server: the response's HTTPHeaders return it
	// to the caller (as boto3 does), so only log lines are scanned for it.
	scanCookie = "serverCookieValue-0099887766"
)

// TestSecretsNeverLeak runs a full scenario with GOSOTO_LOG=debug against
// local servers -- calls that succeed and fail (service error, 500,
// validation, network), credential errors (a failing credential_process, a
// missing profile), STS returning credentials in its body, presign,
// build_request errors, printing credentials with every verb -- and scans
// every log line, error message, error JSON and printed value for the
// secret keys, session tokens and signatures used: no hits. The presigned
// URL and build_request's output carry a signature by design (they are the
// product) and are not scanned; their log lines and errors are.
func TestSecretsNeverLeak(t *testing.T) {
	dir := t.TempDir()
	logFile := filepath.Join(dir, "gosoto.log")

	var mu sync.Mutex
	var lines []string
	ilog.SetHook(func(l string) { mu.Lock(); lines = append(lines, l); mu.Unlock() })
	t.Cleanup(func() { ilog.SetHook(nil) })

	// Signatures seen by the servers, scanned for too.
	var signatures []string
	sigRe := regexp.MustCompile(`Signature=([0-9a-f]{64})`)
	record := func(r *http.Request) {
		if m := sigRe.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
			mu.Lock()
			signatures = append(signatures, m[1])
			mu.Unlock()
		}
	}
	sqs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record(r)
		w.Header().Set("Set-Cookie", "session="+scanCookie)
		w.Header().Set("x-amzn-RequestId", "rid")
		switch r.Header.Get("X-Amz-Target") {
		case "AmazonSQS.ListQueues":
			io.WriteString(w, `{"QueueUrls":["http://q/1"]}`)
		case "AmazonSQS.GetQueueUrl":
			w.WriteHeader(400)
			io.WriteString(w, `{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"no such queue"}`)
		default:
			w.WriteHeader(500)
			io.WriteString(w, `{"__type":"InternalError","message":"boom"}`)
		}
	}))
	defer sqs.Close()
	sts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record(r)
		io.WriteString(w, `<GetSessionTokenResponse><GetSessionTokenResult><Credentials>
<AccessKeyId>ASIASTS0000000000001</AccessKeyId><SecretAccessKey>`+stsSecret+`</SecretAccessKey>
<SessionToken>`+stsToken+`</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>
</Credentials></GetSessionTokenResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetSessionTokenResponse>`)
	}))
	defer sts.Close()

	// A credential_process that prints valid-looking credentials with a
	// wrong Version, and one that fails after printing them.
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o700))
		return p
	}
	procJSON := `{"Version": 2, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "` + procSecret + `", "SessionToken": "` + procToken + `"}`
	badVersion := write("badversion.sh", "#!/bin/sh\necho '"+procJSON+"'\n")
	failing := write("failing.sh", "#!/bin/sh\necho '"+strings.Replace(procJSON, `"Version": 2`, `"Version": 1`, 1)+"'\nexit 3\n")
	cfgFile := write("config", "[profile badversion]\ncredential_process = "+badVersion+
		"\nregion = us-east-1\n[profile failing]\ncredential_process = "+failing+"\nregion = us-east-1\n")
	credFile := write("credentials", "[default]\naws_access_key_id = "+scanAKID+"\naws_secret_access_key = "+scanSecret+
		"\naws_session_token = "+scanToken+"\n")
	env := envOf(map[string]string{
		"GOSOTO_LOG": "debug", "GOSOTO_LOG_FILE": logFile,
		"AWS_CONFIG_FILE": cfgFile, "AWS_SHARED_CREDENTIALS_FILE": credFile,
		"HOME": dir,
	})

	var printed []string // errors, error JSON and printed values
	keep := func(err error) {
		if err == nil {
			return
		}
		e := awserr.As(err)
		printed = append(printed, err.Error(), string(e.JSON()), fmt.Sprintf("%v|%+v|%#v|%s|%q", err, err, err, err, err),
			fmt.Sprintf("%v|%+v|%#v", e, e, e))
	}
	ctx := context.Background()
	creds := `"credentials":{"access_key_id":"` + scanAKID + `","secret_access_key":"` + scanSecret + `","session_token":"` + scanToken + `"}`
	newC := func(cfg string) (*Client, error) {
		return New([]byte(cfg), env)
	}

	// 1. Static credentials in the config: success, service error, 500 with
	// retries, validation error, network error.
	c, err := newC(`{"service":"sqs","region":"us-east-1","endpoint_url":"` + sqs.URL + `",` + creds + `,"max_attempts":2}`)
	require.NoError(t, err)
	out, err := c.Call(ctx, "ListQueues", nil)
	require.NoError(t, err)
	printed = append(printed, string(out))
	_, err = c.Call(ctx, "GetQueueUrl", []byte(`{"QueueName":"x"}`))
	require.Error(t, err)
	keep(err)
	_, err = c.Call(ctx, "DeleteQueue", []byte(`{"QueueUrl":"http://q/1"}`))
	require.Error(t, err)
	keep(err)
	_, err = c.Call(ctx, "SendMessage", []byte(`{"MessageBody":1}`))
	require.Error(t, err)
	keep(err)
	_, err = c.BuildRequest(ctx, "SendMessage", []byte(`{"QueueUrl":5}`))
	require.Error(t, err)
	keep(err)
	_, err = c.BuildRequest(ctx, "NoSuchOperation", nil)
	keep(err)
	req, err := c.BuildRequest(ctx, "ListQueues", nil)
	require.NoError(t, err)
	require.Contains(t, string(req), "Signature=") // by design; not scanned
	if m := sigRe.FindStringSubmatch(string(req)); m != nil {
		signatures = append(signatures, m[1])
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	deadURL := closed.URL
	closed.Close()
	cn, err := newC(`{"service":"sqs","region":"us-east-1","endpoint_url":"` + deadURL + `",` + creds + `,"max_attempts":2,"connect_timeout_ms":500}`)
	require.NoError(t, err)
	_, err = cn.Call(ctx, "ListQueues", nil)
	require.Error(t, err)
	keep(err)

	// 2. Credentials from the shared file (default profile).
	cd, err := newC(`{"service":"sqs","region":"us-east-1","endpoint_url":"` + sqs.URL + `"}`)
	require.NoError(t, err)
	_, err = cd.Call(ctx, "ListQueues", nil)
	require.NoError(t, err)

	// 3. Credential errors: credential_process with a bad Version, one that
	// fails, a profile that does not exist.
	for _, prof := range []string{"badversion", "failing", "nosuchprofile"} {
		cp, err := newC(`{"service":"sqs","region":"us-east-1","endpoint_url":"` + sqs.URL + `","profile":"` + prof + `"}`)
		if err != nil {
			keep(err)
			continue
		}
		_, err = cp.Call(ctx, "ListQueues", nil)
		require.Error(t, err, prof)
		keep(err)
	}

	// 4. STS returning credentials in its body: the log shows the body with
	// them redacted (the call's output is the caller's and is not scanned).
	cs, err := newC(`{"service":"sts","region":"us-east-1","endpoint_url":"` + sts.URL + `",` + creds + `}`)
	require.NoError(t, err)
	out, err = cs.Call(ctx, "GetSessionToken", nil)
	require.NoError(t, err)
	require.Contains(t, string(out), stsSecret)
	// And a request body carrying a token (AssumeRoleWithWebIdentity).
	_, err = cs.Call(ctx, "AssumeRoleWithWebIdentity", []byte(`{"RoleArn":"arn:aws:iam::123456789012:role/r","RoleSessionName":"s","WebIdentityToken":"`+scanWebTok+`"}`))
	keep(err)

	// 5. Presign (S3) and its errors.
	c3, err := newC(`{"service":"s3","region":"us-east-1","endpoint_url":"` + sqs.URL + `","credentials":{"access_key_id":"` + scanAKID + `","secret_access_key":"` + scanPresign + `","session_token":"` + scanToken + `"}}`)
	require.NoError(t, err)
	u, err := c3.Presign(ctx, "GetObject", []byte(`{"Bucket":"b","Key":"k"}`), time.Hour)
	require.NoError(t, err)
	if m := regexp.MustCompile(`X-Amz-Signature=([0-9a-f]{64})`).FindStringSubmatch(string(u)); m != nil {
		signatures = append(signatures, m[1])
	}
	_, err = c3.Presign(ctx, "GetObject", []byte(`{"Bucket":"b"}`), time.Hour)
	keep(err)
	_, err = c3.Presign(ctx, "GetObject", []byte(`{"Bucket":"b","Key":"k"}`), -time.Second)
	keep(err)

	// 6. Printing credentials and client configs.
	cr := credentials.Credentials{AccessKeyID: scanAKID, SecretAccessKey: scanSecret, SessionToken: scanToken, Source: "static"}
	printed = append(printed, fmt.Sprintf("%v|%+v|%#v|%s|%q", cr, cr, cr, cr, cr), fmt.Sprint(cr), fmt.Sprint(&cr))
	p, err := credentials.New(credentials.Options{Env: env})
	require.NoError(t, err)
	got, err := p.Retrieve(ctx)
	require.NoError(t, err)
	printed = append(printed, fmt.Sprintf("%v|%+v|%#v", got, got, got))

	// Gather everything and scan.
	fileLog, err := os.ReadFile(logFile)
	require.NoError(t, err)
	mu.Lock()
	all := append(append([]string{string(fileLog)}, lines...), printed...)
	sigs := append([]string(nil), signatures...)
	nlines := len(lines)
	mu.Unlock()
	require.NotEmpty(t, sigs, "the servers saw signed requests")
	require.Greater(t, nlines, 10, "the wire log is on")
	joined := strings.Join(lines, "")
	require.Contains(t, joined, "Signature="+ilog.Redacted)
	require.Contains(t, joined, "X-Amz-Security-Token: \""+ilog.Redacted)
	require.Contains(t, joined, scanAKID, "the access key id is logged (not a secret)")

	secrets := append([]string{scanSecret, scanToken, stsSecret, stsToken, procSecret, procToken, scanWebTok, scanPresign}, sigs...)
	hits := 0
	for _, s := range all {
		for _, sec := range secrets {
			if strings.Contains(s, sec) {
				hits++
				t.Errorf("secret %q leaked in: %s", sec, s)
			}
		}
	}
	for _, l := range lines {
		if strings.Contains(l, scanCookie) {
			hits++
			t.Errorf("cookie leaked in: %s", l)
		}
	}
	for _, l := range lines[:4] {
		t.Logf("sample: %s", l)
	}
	t.Logf("scanned %d log lines, %d printed values, %d secrets (%d signatures): %d hits", nlines, len(printed), len(secrets), len(sigs), hits)
}
