package main

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gosoto/gosoto/sdk/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newTree makes a scratch repository root with a service list.
func newTree(t *testing.T, services ...string) (root, list string) {
	root = t.TempDir()
	list = filepath.Join(root, "services.txt")
	require.NoError(t, os.WriteFile(list, []byte(strings.Join(services, "\n")+"\n"), 0o644))
	return root, list
}

func runCodegen(t *testing.T, root, list string, check bool) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code, err := run(&out, options{models: testModels(t), out: root, services: list, check: check})
	require.NoError(t, err)
	return code, out.String()
}

// snapshot reads every file under root except the service list.
func snapshot(t *testing.T, root string) map[string]string {
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(p) == "services.txt" {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	return files
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, listA := newTree(t, "sqs", "sts")
	b, listB := newTree(t, "sts", "sqs")
	code, _ := runCodegen(t, a, listA, false)
	require.Equal(t, 0, code)
	code, _ = runCodegen(t, b, listB, false)
	require.Equal(t, 0, code)
	first := snapshot(t, a)
	assert.Equal(t, first, snapshot(t, b))
	for _, p := range []string{
		"sdk/service/sqs/model.go", "sdk/service/sqs/model.json", "sdk/service/sqs/model.json.gz", "sdk/service/sts/model.go",
		"include/gosoto/sqs.h", "include/gosoto/sts.h", "include/gosoto/all.h",
		"capi/zz_sqs.c", "capi/zz_sts.c", "sdk/service/all/all.go",
		"sdk/endpoints/data.go", "sdk/endpoints/endpoints.json",
	} {
		require.Contains(t, first, p)
		if strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".gz") {
			continue
		}
		line, _, _ := strings.Cut(first[p], "\n")
		assert.Contains(t, []string{goMarker, cMarker}, line, p)
	}
	assert.Len(t, first, 14)
	// The library embeds model.json.gz: exactly model.json, compressed.
	for _, pkg := range []string{"sqs", "sts"} {
		doc, err := model.Gunzip([]byte(first["sdk/service/"+pkg+"/model.json.gz"]))
		require.NoError(t, err)
		assert.Equal(t, first["sdk/service/"+pkg+"/model.json"], string(doc))
		assert.Contains(t, first["sdk/service/"+pkg+"/model.go"], "//go:embed model.json.gz\n")
	}

	// A second run over the same tree writes nothing and leaves it alone.
	code, out := runCodegen(t, a, listA, false)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "0 files written, 0 removed, 14 unchanged")
	assert.Equal(t, first, snapshot(t, a))

	h := first["include/gosoto/sqs.h"]
	assert.Contains(t, h, "int gosoto_sqs_send_message(gosoto_client *client, const char *input_json, char **out_json);")
	assert.Contains(t, h, " * Operation: SendMessage.\n")
	assert.Contains(t, h, "#include \"../gosoto.h\"")
	assert.Contains(t, h, "extern \"C\" {")
	assert.NotContains(t, h, "<p>")
	assert.Contains(t, first["capi/zz_sts.c"], "\nint gosoto_sts_assume_role_with_saml(gosoto_client *client, const char *input_json, char **out_json) {\n\treturn gosoto__call_operation(client, \"sts\", \"AssumeRoleWithSAML\", input_json, out_json);\n}\n")
	assert.Contains(t, first["sdk/service/all/all.go"], "_ \"github.com/gosoto/gosoto/sdk/service/sts\"")
}

func TestCheckDetectsDrift(t *testing.T) {
	root, list := newTree(t, "sqs", "sts")
	code, _ := runCodegen(t, root, list, false)
	require.Equal(t, 0, code)
	code, out := runCodegen(t, root, list, true)
	assert.Equal(t, 0, code, out)

	// Hand-written files beside generated ones are none of codegen's business.
	hand := filepath.Join(root, "include", "gosoto", "extra.h")
	require.NoError(t, os.WriteFile(hand, []byte("/* hand-written */\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "capi", "main.go"), []byte("package main\n"), 0o644))

	edited := filepath.Join(root, "include", "gosoto", "sqs.h")
	orig, err := os.ReadFile(edited)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(edited, append(orig, '\n'), 0o644))
	require.NoError(t, os.Remove(filepath.Join(root, "sdk", "service", "sts", "model.json")))
	// model.json.gz is compared by what it decompresses to: the same
	// document compressed another way (another compress/flate) is no drift,
	// another document is.
	gzPath := filepath.Join(root, "sdk", "service", "sqs", "model.json.gz")
	gzOrig, err := os.ReadFile(gzPath)
	require.NoError(t, err)
	doc, err := model.Gunzip(gzOrig)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(gzPath, gzipFast(t, doc), 0o644))
	code, out = runCodegen(t, root, list, true)
	assert.Equal(t, 1, code)
	assert.NotContains(t, out, "model.json.gz")
	require.NoError(t, os.WriteFile(gzPath, gzipFast(t, append(doc, ' ')), 0o644))
	code, out = runCodegen(t, root, list, true)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "differs: sdk/service/sqs/model.json.gz\n")
	assert.Contains(t, out, "differs: include/gosoto/sqs.h\n")
	assert.Contains(t, out, "missing: sdk/service/sts/model.json\n")
	assert.NotContains(t, out, "extra.h")
	assert.NotContains(t, out, "capi/main.go")

	// sts leaves the list: its files are extra, then removed.
	require.NoError(t, os.WriteFile(list, []byte("sqs\n"), 0o644))
	code, out = runCodegen(t, root, list, true)
	assert.Equal(t, 1, code)
	for _, p := range []string{"capi/zz_sts.c", "include/gosoto/sts.h", "sdk/service/sts/model.go", "differs: include/gosoto/all.h", "differs: sdk/service/all/all.go"} {
		assert.Contains(t, out, p)
	}
	assert.Contains(t, out, "extra: capi/zz_sts.c\n")
	code, _ = runCodegen(t, root, list, false)
	require.Equal(t, 0, code)
	code, out = runCodegen(t, root, list, true)
	assert.Equal(t, 0, code, out)
	assert.NoDirExists(t, filepath.Join(root, "sdk", "service", "sts"))
	assert.NoFileExists(t, filepath.Join(root, "capi", "zz_sts.c"))
	assert.FileExists(t, hand)
	assert.FileExists(t, filepath.Join(root, "capi", "main.go"))
	b, err := os.ReadFile(edited)
	require.NoError(t, err)
	assert.Equal(t, orig, b, "generate restored the edited header")
}

// gzipFast compresses with another level than codegen's.
func gzipFast(t *testing.T, doc []byte) []byte {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	require.NoError(t, err)
	_, err = zw.Write(doc)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return b.Bytes()
}

// TestCommittedTreeIsCurrent is "go run ./codegen -check" on the repository.
func TestCommittedTreeIsCurrent(t *testing.T) {
	code, out := runCodegen(t, "..", "services.txt", true)
	assert.Equal(t, 0, code, out)
}

// TestHeadersCompile compiles the generated headers as C99 and C++11 with
// warnings as errors, against a stand-in for the hand-written gosoto.h.
func TestHeadersCompile(t *testing.T) {
	root, list := newTree(t, "sqs", "sts")
	code, _ := runCodegen(t, root, list, false)
	require.Equal(t, 0, code)
	inc := filepath.Join(root, "include")
	require.NoError(t, os.WriteFile(filepath.Join(inc, "gosoto.h"),
		[]byte("#ifndef GOSOTO_H\n#define GOSOTO_H\ntypedef struct gosoto_client gosoto_client;\n#endif\n"), 0o644))
	src := "#include \"gosoto/all.h\"\n#include \"gosoto/sqs.h\"\nint f(gosoto_client *c, char **o) { return gosoto_sqs_send_message(c, \"{}\", o) + gosoto_sts_get_caller_identity(c, \"{}\", o); }\n"
	for _, c := range []struct{ compiler, std, file string }{{"cc", "-std=c99", "t.c"}, {"c++", "-std=c++11", "t.cpp"}} {
		if _, err := exec.LookPath(c.compiler); err != nil {
			t.Logf("no %s: skipped", c.compiler)
			continue
		}
		f := filepath.Join(root, c.file)
		require.NoError(t, os.WriteFile(f, []byte(src), 0o644))
		out, err := exec.Command(c.compiler, c.std, "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", inc, "-c", f, "-o", os.DevNull).CombinedOutput()
		assert.NoError(t, err, "%s %s: %s", c.compiler, c.std, out)
	}
}
