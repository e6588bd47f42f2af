package credentials

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Files the chain reads are bounded: a path naming a huge file (or a
// device that never ends) is an error naming it, not an unbounded read.
func TestFilesReadAreBounded(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(maxSharedFile+1)) // sparse
	require.NoError(t, f.Close())

	_, err = readSharedFile(big, ConfigFileKind)
	assert.ErrorContains(t, err, "cannot read shared file "+big+": "+big+" is 16777217 bytes, over the limit of 16777216 bytes (16 MiB)")

	p := &WebIdentityProvider{RoleARN: "arn:aws:iam::123456789012:role/r", TokenFile: "/dev/zero", Source: SourceWebIdentity}
	_, err = p.Retrieve(context.Background())
	assert.ErrorContains(t, err, "cannot read the web identity token file /dev/zero: /dev/zero is larger than the limit of 1048576 bytes (1 MiB)")
}
