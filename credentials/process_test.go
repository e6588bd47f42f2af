package credentials

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProcessProvider(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("uses /bin/sh")
	}
	ctx := context.Background()
	exp := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	p := &ProcessProvider{Name: "profile p", Command: `printf '{"Version":1,"AccessKeyId":"AKPROC","SecretAccessKey":"` + secret1 +
		`","SessionToken":"` + token1 + `","Expiration":"` + exp + `"}'`, AccountID: "999"}
	c, err := p.Retrieve(ctx)
	require.NoError(t, err)
	assert.Equal(t, "AKPROC", c.AccessKeyID)
	assert.True(t, c.CanExpire)
	assert.Equal(t, exp, c.Expires.Format(time.RFC3339))
	assert.Equal(t, "999", c.AccountID)
	assert.Equal(t, SourceProcess, c.Source)

	_, err = (&ProcessProvider{Name: "profile p", Command: "echo 'token expired, run login' >&2; exit 3"}).Retrieve(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exit status 3")
	assert.Contains(t, err.Error(), "stderr: token expired, run login")

	start := time.Now()
	_, err = (&ProcessProvider{Name: "profile p", Command: "sleep 5", Timeout: 200 * time.Millisecond}).Retrieve(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "did not finish within 200ms")
	assert.Less(t, time.Since(start), 3*time.Second)

	for cmd, want := range map[string]string{
		`echo '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"` + secret1 + `"}'`:                     "Version: expected the number 1",
		`echo '{"Version":1,"SecretAccessKey":"` + secret1 + `"}'`:                                       "AccessKeyId: required",
		`echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"` + secret1 + `","Expiration":"soon"}'`: "Expiration: not an RFC 3339 time",
		`echo '` + secret1 + `'`: "invalid JSON in response",
	} {
		_, err := (&ProcessProvider{Name: "profile p", Command: cmd}).Retrieve(ctx)
		require.Error(t, err, cmd)
		assert.Contains(t, err.Error(), want)
		noSecretErr(t, err)
	}
}
