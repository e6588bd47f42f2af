package limitio

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(p, []byte("12345"), 0o600))
	b, err := ReadFile(p, 5)
	require.NoError(t, err)
	assert.Equal(t, "12345", string(b))

	_, err = ReadFile(p, 4)
	var tl *TooLargeError
	require.True(t, errors.As(err, &tl), "%v", err)
	assert.Equal(t, p+" is 5 bytes, over the limit of 4 bytes (4 bytes)", err.Error())

	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, nil, 0o600))
	b, err = ReadFile(empty, 4)
	require.NoError(t, err)
	assert.Empty(t, b)

	_, err = ReadFile("/dev/zero", 1<<20)
	assert.EqualError(t, err, "/dev/zero is larger than the limit of 1048576 bytes (1 MiB)")

	_, err = ReadFile(filepath.Join(dir, "missing"), 4)
	assert.ErrorIs(t, err, os.ErrNotExist)

	assert.Equal(t, "64 MiB", SizeName(64<<20))
	assert.Equal(t, "2 KiB", SizeName(2048))
	assert.Equal(t, "1000 bytes", SizeName(1000))
}
