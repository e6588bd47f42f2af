package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/tidwall/gjson"
)

// Generated endpoint files: the pinned endpoints.json, compacted, and the Go
// file that embeds it into sdk/endpoints.
const (
	endpointsJSONPath = "sdk/endpoints/endpoints.json"
	endpointsGoPath   = "sdk/endpoints/data.go"
)

// findEndpoints returns the path of endpoints.json for a models directory:
// aws-sdk-go keeps it at models/endpoints/endpoints.json, beside the
// models/apis directory that findModels returns; a models directory that
// holds an endpoints.json itself is accepted too.
func findEndpoints(models string) (string, error) {
	for _, p := range []string{
		filepath.Join(filepath.Dir(models), "endpoints", "endpoints.json"),
		filepath.Join(models, "endpoints.json"),
	} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("no endpoints.json beside the models in %s (expected %s)", models,
		filepath.Join(filepath.Dir(models), "endpoints", "endpoints.json"))
}

// endpointFiles reads endpoints.json and returns the generated files of
// sdk/endpoints by slash-separated path.
func endpointFiles(models string) (map[string][]byte, error) {
	path, err := findEndpoints(models)
	if err != nil {
		return nil, err
	}
	doc, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	compact, err := compactEndpoints(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return map[string][]byte{endpointsJSONPath: compact, endpointsGoPath: endpointsGo()}, nil
}

// compactEndpoints minifies endpoints.json, keeping every key and the
// source's key order. To keep diffs readable, each partition and each of its
// services starts a line; the document ends with a newline.
func compactEndpoints(doc []byte) ([]byte, error) {
	if !gjson.ValidBytes(doc) {
		return nil, fmt.Errorf("not valid JSON")
	}
	root := gjson.ParseBytes(doc)
	if !root.IsObject() || !root.Get("partitions").IsArray() {
		return nil, fmt.Errorf("not an endpoints document: no \"partitions\" array")
	}
	var b bytes.Buffer
	var err error
	raw := func(s string) {
		if err == nil {
			err = json.Compact(&b, []byte(s))
		}
	}
	b.WriteByte('{')
	first := true
	root.ForEach(func(k, v gjson.Result) bool {
		if !first {
			b.WriteByte(',')
		}
		first = false
		raw(k.Raw)
		b.WriteByte(':')
		if k.String() != "partitions" {
			raw(v.Raw)
			return err == nil
		}
		b.WriteByte('[')
		for i, p := range v.Array() {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
			if !p.IsObject() {
				err = fmt.Errorf("partition %d is not an object", i)
				return false
			}
			b.WriteByte('{')
			pfirst := true
			p.ForEach(func(pk, pv gjson.Result) bool {
				if !pfirst {
					b.WriteByte(',')
				}
				pfirst = false
				raw(pk.Raw)
				b.WriteByte(':')
				if pk.String() != "services" || !pv.IsObject() {
					raw(pv.Raw)
					return err == nil
				}
				b.WriteByte('{')
				sfirst := true
				pv.ForEach(func(sk, sv gjson.Result) bool {
					if !sfirst {
						b.WriteByte(',')
					}
					sfirst = false
					b.WriteByte('\n')
					raw(sk.Raw)
					b.WriteByte(':')
					raw(sv.Raw)
					return err == nil
				})
				b.WriteByte('}')
				return err == nil
			})
			b.WriteByte('}')
			if err != nil {
				return false
			}
		}
		b.WriteString("\n]")
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	b.WriteString("}\n")
	if !json.Valid(b.Bytes()) {
		return nil, fmt.Errorf("compacted document is not valid JSON")
	}
	return b.Bytes(), nil
}

// endpointsGo is sdk/endpoints/data.go, which embeds endpoints.json.
func endpointsGo() []byte {
	return []byte(goMarker + `

package endpoints

import _ "embed"

// endpointsJSON is endpoints.json, generated beside this file: the
// models/endpoints/endpoints.json of ` + modelModule + `, minified by
// codegen. It is parsed on the first resolution, not at init.
//
//go:embed endpoints.json
var endpointsJSON []byte

// DataSource names the pinned source of the endpoint data.
const DataSource = "` + modelModule + ` models/endpoints/endpoints.json"
`)
}
