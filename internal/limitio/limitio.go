// Package limitio reads files with a bound on their size: a path that
// names something huge (or a device that never ends, /dev/zero) is an
// error naming the path and the limit, read no further than one byte past
// the limit. The library reads such paths from its callers' configuration
// (service_model_path, token files, shared config files, caches).
package limitio

import (
	"fmt"
	"io"
	"os"
)

// TooLargeError is a file (or, for the C API's arguments, a string) over
// its limit; Path names it. Size is -1 when unknown (not a regular file).
type TooLargeError struct {
	Path        string
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("%s is larger than the limit of %d bytes (%s)", e.Path, e.Limit, SizeName(e.Limit))
	}
	return fmt.Sprintf("%s is %d bytes, over the limit of %d bytes (%s)", e.Path, e.Size, e.Limit, SizeName(e.Limit))
}

// ReadFile is os.ReadFile with a limit of max bytes; over it, the error is
// a *TooLargeError.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var hint int64 = 512
	st, serr := f.Stat()
	if serr == nil && st.Mode().IsRegular() {
		if st.Size() > max {
			return nil, &TooLargeError{path, st.Size(), max}
		}
		hint = st.Size() + 1
	}
	b := make([]byte, 0, hint)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > max {
			size := int64(-1)
			if serr == nil && st.Mode().IsRegular() {
				size = int64(len(b)) // the file grew while being read
			}
			return nil, &TooLargeError{path, size, max}
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// SizeName spells a limit in KiB or MiB when it is a whole number of them.
func SizeName(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
