package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/gosoto/gosoto/sdk/model"
	_ "github.com/gosoto/gosoto/sdk/service/all"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

var (
	modelsOnce sync.Once
	modelsPath string
	modelsErr  error
)

// testModels locates the pinned models the way codegen does.
func testModels(t *testing.T) string {
	t.Helper()
	modelsOnce.Do(func() { modelsPath, modelsErr = findModels("") })
	require.NoError(t, modelsErr, "the pinned models (%s) are needed", modelModule)
	return modelsPath
}

func TestCompactModelDropsOnlyDocumentation(t *testing.T) {
	api := `{
	  "version": "2.0",
	  "documentation": "top",
	  "metadata": {"protocol": "json", "endpointPrefix": "x", "documentation": "kept: metadata is copied"},
	  "operations": {
	    "Op": {"name": "Op", "http": {"method": "POST", "requestUri": "/"},
	           "input": {"shape": "In", "documentation": "d"},
	           "errors": [{"shape": "Err", "documentation": "d"}],
	           "documentation": "<p>doc</p>", "documentationUrl": "u",
	           "deprecated": true, "deprecatedMessage": "m", "httpChecksumRequired": true}
	  },
	  "shapes": {
	    "In": {"type": "structure", "required": ["documentation"],
	           "members": {"documentation": {"shape": "S", "locationName": "doc", "documentation": "d", "box": true},
	                       "pattern": {"shape": "S", "hostLabel": true}},
	           "documentation": "d"},
	    "S": {"type": "string", "pattern": "^a+$", "min": 1, "max": 5, "enum": ["a", "aa"], "sensitive": true},
	    "Err": {"type": "structure", "members": {}, "error": {"code": "E", "httpStatusCode": 400}, "exception": true, "box": true}
	  }
	}`
	pag := `{"pagination": {"Op": {"input_token": "T", "output_token": "T", "result_key": "Items"}}}`
	got, err := compactModel([]byte(api), []byte(pag), nil)
	require.NoError(t, err)
	for _, gone := range []string{`"top"`, `"<p>doc</p>"`, `"documentationUrl"`, `"deprecatedMessage"`, `"box"`, `"^a+$"`, `"documentation":"d"`} {
		assert.NotContains(t, string(got), gone)
	}
	for _, kept := range []string{
		`"documentation":"kept: metadata is copied"`,
		`"members":{"documentation":{"shape":"S","locationName":"doc"},"pattern":{"shape":"S","hostLabel":true}}`,
		`"required":["documentation"]`,
		`"min":1,"max":5,"enum":["a","aa"],"sensitive":true`,
		`"deprecated":true`, `"httpChecksumRequired":true`,
		`"error":{"code":"E","httpStatusCode":400},"exception":true`,
		"\n\"paginators\":{\n\"Op\":{\"input_token\":\"T\",\"output_token\":\"T\",\"result_key\":\"Items\"}\n}",
		"\n\"waiters\":{}}\n",
		"\n\"In\":{", "\n\"Op\":{\"name\"",
	} {
		assert.Contains(t, string(got), kept)
	}
	assert.True(t, json.Valid(got))
	assert.Equal(t, "Items", gjson.GetBytes(got, "paginators.Op.result_key").String())

	_, err = compactModel([]byte(`{"metadata":{},"waiters":{}}`), nil, nil)
	assert.ErrorContains(t, err, "waiters")
	_, err = compactModel([]byte(`{"metadata":`), nil, nil)
	assert.Error(t, err)
}

// fullModel is api-2.json with paginators-1.json and waiters-2.json, whole,
// under the keys "paginators" and "waiters" (which model.Load accepts), so
// that it loads with the same paginators and waiters as the compact model.
func fullModel(t *testing.T, src *source) []byte {
	t.Helper()
	api := bytes.TrimRight(src.API, " \t\r\n")
	require.True(t, bytes.HasSuffix(api, []byte("}")), src.Name)
	out := append([]byte{}, api[:len(api)-1]...)
	for _, f := range []struct {
		key string
		doc []byte
	}{{"paginators", src.Paginators}, {"waiters", src.Waiters}} {
		if f.doc != nil {
			out = append(append(append(out, `,"`+f.key+`":`...), f.doc...), '\n')
		}
	}
	return append(out, '}')
}

// assertEquivalent loads a service from its full model files (fullModel) and
// from the compact model and requires the same model.Service.
func assertEquivalent(t *testing.T, src *source, compact []byte) {
	t.Helper()
	name := src.Name
	want, err := model.Load(name, fullModel(t, src))
	require.NoError(t, err, name)
	got, err := model.Load(name, compact)
	require.NoError(t, err, name)
	require.Equal(t, want.OperationNames(), got.OperationNames(), name)
	require.Equal(t, len(want.Shapes), len(got.Shapes), name)
	if !reflect.DeepEqual(want, got) {
		for n, s := range want.Shapes {
			assert.Equal(t, s, got.Shapes[n], "%s shape %s", name, n)
		}
		for n, op := range want.Operations {
			assert.Equal(t, op, got.Operations[n], "%s operation %s", name, n)
		}
		t.Fatalf("%s: compact model loads differently", name)
	}
}

func TestCompactModelEquivalentSQSSTS(t *testing.T) {
	models := testModels(t)
	for _, name := range []string{"sqs", "sts"} {
		src, err := loadSource(models, name)
		require.NoError(t, err)
		compact, err := compactModel(src.API, src.Paginators, src.Waiters)
		require.NoError(t, err)
		assert.Less(t, len(compact), len(src.API), name)
		assertEquivalent(t, src, compact)
		t.Logf("%s: model.json %d bytes, api-2.json %d bytes", name, len(compact), len(src.API))
	}
}

// TestCompactModelEquivalentAll runs the same check on every model of the
// pinned source, which covers every protocol and trait in use.
func TestCompactModelEquivalentAll(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	models := testModels(t)
	dirs, err := os.ReadDir(models)
	require.NoError(t, err)
	n := 0
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		name := botocoreName(d.Name())
		if dir, _ := modelDir(name); dir != d.Name() {
			continue // shadowed by a renamed folder ("events")
		}
		src, err := loadSource(models, name)
		require.NoError(t, err)
		compact, err := compactModel(src.API, src.Paginators, src.Waiters)
		require.NoError(t, err, name)
		assertEquivalent(t, src, compact)
		n++
	}
	assert.Greater(t, n, 300)
}

// TestRegisteredModels checks the committed generated packages: every listed
// service is registered and loads, from its embedded model.json.gz, the same
// model as its api-2.json, paginators-1.json and waiters-2.json (with -short,
// only a few services), and exposes its paginators.
func TestRegisteredModels(t *testing.T) {
	models := testModels(t)
	names, err := readServices("services.txt")
	require.NoError(t, err)
	assert.Subset(t, model.Names(), names, "every listed service is registered: run go run ./codegen")
	if testing.Short() {
		names = []string{"sqs", "sts", "ec2", "s3", "lexv2-models"}
	}
	for _, name := range names {
		src, err := loadSource(models, name)
		require.NoError(t, err)
		got, err := model.Lookup(name)
		require.NoError(t, err, "service %s is not registered: run go run ./codegen", name)
		want, err := model.Load(name, fullModel(t, src))
		require.NoError(t, err)
		assert.True(t, reflect.DeepEqual(want, got), "%s: registered model differs from its model files", name)
	}
	sqs, err := model.Lookup("sqs")
	require.NoError(t, err)
	_, ok := sqs.Operation("send_message")
	assert.True(t, ok)
	emb, err := os.ReadFile(filepath.Join("..", "sdk", "service", "sqs", "model.json"))
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(emb), `"ListQueues":{"input_token":"NextToken"`))
}
