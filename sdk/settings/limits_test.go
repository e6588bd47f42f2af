package settings

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A shared file path naming a huge file is an error naming it, not an
// unbounded read.
func TestSharedFileReadIsBounded(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxSharedFile+1)) // sparse
	require.NoError(t, f.Close())

	_, err = LoadSharedFiles(Source{ConfigFile: big, Env: MapEnv(nil)})
	assert.ErrorContains(t, err, "cannot read shared file "+big+": "+big+" is 16777217 bytes, over the limit of 16777216 bytes (16 MiB)")
}
