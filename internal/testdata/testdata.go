// Package testdata locates the shared conformance data (../shared/testdata:
// the SigV4 suites, botocore's protocol tests, the config and credential
// suites) for the tests of every package, in one place.
//
// The data is found at $GOSOTO_TESTDATA, else at ../shared/testdata beside
// the repository root (the directory holding go.mod). When it is missing a
// test is skipped with a message saying so, except when CI=true: then the
// test fails, so that a CI run never passes with a suite silently unrun.
package testdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the repository root: the nearest directory above the working
// directory that holds go.mod.
func Root(t testing.TB) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("testdata: %v", err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			t.Fatalf("testdata: no go.mod above %s", wd)
		}
	}
}

// Dir returns the directory of one suite of the shared data (for example
// "botocore-protocols" or "sigv4-aws-c-auth/v4"), or skips (fails under
// CI=true) when it is not there.
func Dir(t testing.TB, suite string) string {
	t.Helper()
	base := os.Getenv("GOSOTO_TESTDATA")
	where := "GOSOTO_TESTDATA=" + base
	if base == "" {
		base = filepath.Join(Root(t), "..", "shared", "testdata")
		where = base
	}
	dir := filepath.Join(base, filepath.FromSlash(suite))
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		msg := "shared test data " + suite + " not found under " + where + " (set GOSOTO_TESTDATA to the shared testdata directory)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}
