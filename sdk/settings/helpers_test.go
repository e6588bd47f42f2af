package settings

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret1 = "s3cr3tFILExxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// noSecretErr checks the error's message, every fmt form and its JSON.
func noSecretErr(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		assert.NotContains(t, fmt.Sprintf(f, err), secret1)
	}
	if e := awserr.As(err); e != nil {
		assert.NotContains(t, string(e.JSON()), secret1)
	}
}

func TestStaticKeysRedacted(t *testing.T) {
	k := StaticKeys{AccessKeyID: "AKID", SecretAccessKey: secret1, SessionToken: secret1}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		s := fmt.Sprintf(f, k)
		assert.NotContains(t, s, secret1, f)
	}
	assert.Contains(t, k.String(), "AKID")
}
