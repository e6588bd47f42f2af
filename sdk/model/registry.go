package model

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

type entry struct {
	once sync.Once
	doc  func() []byte // the model document, or nil with gz set
	gz   []byte        // the model document, gzip-compressed
	svc  *Service
	err  error
}

var (
	regMu    sync.RWMutex
	registry = map[string]*entry{}
)

// Register makes a built-in model available under a botocore service name.
// doc is called once, on first use, so that registering costs nothing until
// a client of that service is made.
func Register(name string, doc func() []byte) {
	regMu.Lock()
	defer regMu.Unlock()
	registry[name] = &entry{doc: doc}
}

// RegisterGzip is Register for a model document stored gzip-compressed, as
// the generated sdk/service/<name> packages embed theirs: it is decompressed
// (see Gunzip) and parsed on the first Lookup, and registering costs nothing.
// gz must not be modified afterwards.
func RegisterGzip(name string, gz []byte) {
	regMu.Lock()
	defer regMu.Unlock()
	registry[name] = &entry{gz: gz}
}

// Lookup returns the built-in model of a service, loading it on first use.
func Lookup(name string) (*Service, error) {
	regMu.RLock()
	e, ok := registry[name]
	regMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown service %q (built-in services: %s)", name, strings.Join(Names(), ", "))
	}
	e.once.Do(func() {
		if e.doc != nil {
			e.svc, e.err = Load(name, e.doc())
			return
		}
		doc, err := Gunzip(e.gz)
		if err != nil {
			e.err = fmt.Errorf("service model %q: %w", name, err)
			return
		}
		e.svc, e.err = load(name, doc)
	})
	return e.svc, e.err
}

// Gunzip decompresses a gzip stream (one member) in one allocation: the
// trailer's ISIZE gives the decompressed length, and the CRC-32 is checked.
func Gunzip(gz []byte) ([]byte, error) {
	if len(gz) < 18 {
		return nil, errors.New("gzip: truncated")
	}
	size := int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	zr.Multistream(false)
	out := make([]byte, size)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	// Reading past the end checks the CRC-32 and that ISIZE was the length.
	if n, err := zr.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("longer than its recorded size")
		}
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return out, nil
}

// Names returns the names of the built-in services, sorted.
func Names() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
