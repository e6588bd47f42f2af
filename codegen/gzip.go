package main

import (
	"bytes"
	"compress/gzip"
	"strings"

	"github.com/gosoto/gosoto/sdk/model"
)

// gzipSuffix marks the generated files that are another generated file
// compressed (model.json.gz beside model.json). See "Model storage" in
// main.go.
const gzipSuffix = ".gz"

// gzipDoc compresses a generated document the way every model.json.gz is
// written: one gzip member, best compression, no name, no time stamp, so the
// bytes depend only on the input and compress/flate.
func gzipDoc(doc []byte) ([]byte, error) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(doc); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sameContent reports whether a file in the tree (got) matches the generated
// one (want). A compressed file matches when it decompresses to what the
// generated one decompresses to: what the library embeds is then exactly
// the reviewed model.json, whichever compress/flate wrote it.
func sameContent(path string, got, want []byte) bool {
	if bytes.Equal(got, want) {
		return true
	}
	if !strings.HasSuffix(path, gzipSuffix) {
		return false
	}
	g, err := model.Gunzip(got)
	if err != nil {
		return false
	}
	w, err := model.Gunzip(want)
	return err == nil && bytes.Equal(g, w)
}
