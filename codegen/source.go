package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// modelModule is the pinned source of the models: aws-sdk-go's
// models/apis/<dir>/<version>/ directories, in botocore's JSON format.
const modelModule = "github.com/aws/aws-sdk-go@v1.55.8"

// findModels returns the directory holding one folder per service model.
// With dir set it is dir/models/apis when that exists, else dir itself;
// otherwise it is models/apis of modelModule, fetched into (or found in) the
// Go module cache with "go mod download".
func findModels(dir string) (string, error) {
	if dir == "" {
		cmd := exec.Command("go", "mod", "download", "-json", modelModule)
		// Run outside the repository so that no go.mod or go.sum is touched.
		cmd.Dir = os.TempDir()
		cmd.Env = append(os.Environ(), "GOWORK=off")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("go mod download %s: %v\n%s%s", modelModule, err, out, stderr.Bytes())
		}
		var info struct{ Dir, Error string }
		if err := json.Unmarshal(out, &info); err != nil {
			return "", fmt.Errorf("go mod download %s: %v", modelModule, err)
		}
		if info.Error != "" || info.Dir == "" {
			return "", fmt.Errorf("go mod download %s: %s", modelModule, info.Error)
		}
		dir = info.Dir
	}
	if st, err := os.Stat(filepath.Join(dir, "models", "apis")); err == nil && st.IsDir() {
		return filepath.Join(dir, "models", "apis"), nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return "", fmt.Errorf("models directory %s: not a directory", dir)
	}
	return dir, nil
}

// readServices reads a service list: one botocore service name a line;
// blank lines and lines starting with "#" are ignored. Names come back
// sorted.
func readServices(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.ContainsAny(line, " \t/\\") {
			return nil, fmt.Errorf("%s:%d: %q is not a service name", path, ln, line)
		}
		if _, err := modelDir(line); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, ln, err)
		}
		names = append(names, line)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, checkCollisions(names)
}

// source is one service's model files.
type source struct {
	Name       string // botocore name
	Path       string // "<dir>/<version>", as recorded in generated files
	API        []byte
	Docs       []byte // nil when missing
	Paginators []byte // nil when missing
	Waiters    []byte // nil when missing
}

// loadSource reads the newest version of a service's model from the models
// directory. Version folders are dates (YYYY-MM-DD), so the newest sorts
// last; only folders with an api-2.json count.
func loadSource(models, name string) (*source, error) {
	dir, err := modelDir(name)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(models, dir))
	if err != nil {
		return nil, fmt.Errorf("service %q: no model folder %q in %s", name, dir, models)
	}
	var versions []string
	for _, e := range entries {
		if e.IsDir() {
			if _, err := os.Stat(filepath.Join(models, dir, e.Name(), "api-2.json")); err == nil {
				versions = append(versions, e.Name())
			}
		}
	}
	if len(versions) == 0 {
		return nil, fmt.Errorf("service %q: no version of %s has an api-2.json", name, dir)
	}
	sort.Strings(versions)
	version := versions[len(versions)-1]
	src := &source{Name: name, Path: dir + "/" + version}
	base := filepath.Join(models, dir, version)
	if src.API, err = os.ReadFile(filepath.Join(base, "api-2.json")); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		file string
		dst  *[]byte
	}{{"docs-2.json", &src.Docs}, {"paginators-1.json", &src.Paginators}, {"waiters-2.json", &src.Waiters}} {
		b, err := os.ReadFile(filepath.Join(base, f.file))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		*f.dst = b
	}
	return src, nil
}
