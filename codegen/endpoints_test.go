package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompactEndpointsKeepsEverything compacts the pinned endpoints.json
// and checks that it decodes to the same value, is smaller, deterministic,
// and has one service a line.
func TestCompactEndpointsKeepsEverything(t *testing.T) {
	path, err := findEndpoints(testModels(t))
	require.NoError(t, err)
	doc, err := os.ReadFile(path)
	require.NoError(t, err)
	got, err := compactEndpoints(doc)
	require.NoError(t, err)
	again, err := compactEndpoints(doc)
	require.NoError(t, err)
	assert.Equal(t, got, again, "deterministic")

	var a, b any
	require.NoError(t, json.Unmarshal(doc, &a))
	require.NoError(t, json.Unmarshal(got, &b))
	assert.Equal(t, a, b, "same document")
	assert.Less(t, len(got), len(doc)*2/3)
	assert.True(t, bytes.HasSuffix(got, []byte("}\n")))
	assert.True(t, bytes.HasPrefix(got, []byte("{\"partitions\":[\n{")))
	assert.Contains(t, string(got), "\n\"sqs\":{")
	for i, line := range strings.Split(string(got), "\n") {
		assert.NotContains(t, line, ": ", "line %d keeps no insignificant space", i+1)
		if i > 0 && len(line) > 0 && !strings.HasPrefix(line, "\"") && !strings.HasPrefix(line, "{") && !strings.HasPrefix(line, "]") {
			t.Errorf("line %d starts with neither a service nor a partition: %.40q", i+1, line)
		}
	}
}

func TestCompactEndpointsRejects(t *testing.T) {
	for doc, want := range map[string]string{
		`{`:                   "not valid JSON",
		`[]`:                  "no \"partitions\"",
		`{"partitions": {}}`:  "no \"partitions\"",
		`{"partitions": [1]}`: "partition 0 is not an object",
	} {
		_, err := compactEndpoints([]byte(doc))
		require.Error(t, err, doc)
		assert.Contains(t, err.Error(), want, doc)
	}
	out, err := compactEndpoints([]byte(`{"partitions": [ {"partition": "p", "services": {"a": { "endpoints": {} }, "b": {}}} ], "version": 3}`))
	require.NoError(t, err)
	assert.Equal(t, "{\"partitions\":[\n{\"partition\":\"p\",\"services\":{\n\"a\":{\"endpoints\":{}},\n\"b\":{}}}\n],\"version\":3}\n", string(out))
}

func TestFindEndpoints(t *testing.T) {
	dir := t.TempDir()
	_, err := findEndpoints(filepath.Join(dir, "models", "apis"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no endpoints.json")

	want := filepath.Join(dir, "models", "endpoints", "endpoints.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(want), 0o755))
	require.NoError(t, os.WriteFile(want, []byte(`{"partitions":[]}`), 0o644))
	got, err := findEndpoints(filepath.Join(dir, "models", "apis"))
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestEndpointsGoFile(t *testing.T) {
	src := string(endpointsGo())
	line, _, _ := strings.Cut(src, "\n")
	assert.Equal(t, goMarker, line)
	assert.Contains(t, src, "//go:embed endpoints.json\nvar endpointsJSON []byte\n")
	assert.Contains(t, src, modelModule)
}

// TestCheckDetectsEndpointsDrift: -check reports an edited endpoints.json
// and a missing data.go, and a run restores both.
func TestCheckDetectsEndpointsDrift(t *testing.T) {
	root, list := newTree(t, "sqs")
	code, _ := runCodegen(t, root, list, false)
	require.Equal(t, 0, code)
	data := filepath.Join(root, "sdk", "endpoints", "endpoints.json")
	orig, err := os.ReadFile(data)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(data, bytes.Replace(orig, []byte("amazonaws.com"), []byte("example.com"), 1), 0o644))
	require.NoError(t, os.Remove(filepath.Join(root, "sdk", "endpoints", "data.go")))
	code, out := runCodegen(t, root, list, true)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "differs: sdk/endpoints/endpoints.json\n")
	assert.Contains(t, out, "missing: sdk/endpoints/data.go\n")
	code, _ = runCodegen(t, root, list, false)
	require.Equal(t, 0, code)
	got, err := os.ReadFile(data)
	require.NoError(t, err)
	assert.Equal(t, orig, got)
	code, out = runCodegen(t, root, list, true)
	assert.Equal(t, 0, code, out)
}
