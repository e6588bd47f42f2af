package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// options are codegen's flags.
type options struct {
	models, out, services string
	check, verbose        bool
}

// run generates (or, with check, verifies) the tree and returns the exit
// status: 0, or 1 when check finds drift.
func run(w io.Writer, o options) (int, error) {
	if o.out == "" {
		root, err := findRoot()
		if err != nil {
			return 2, err
		}
		o.out = root
	}
	if o.services == "" {
		o.services = filepath.Join(o.out, "codegen", "services.txt")
	}
	names, err := readServices(o.services)
	if err != nil {
		return 2, err
	}
	models, err := findModels(o.models)
	if err != nil {
		return 2, err
	}
	want, svcs, err := generate(models, names)
	if err != nil {
		return 2, err
	}
	if o.verbose {
		for _, s := range svcs {
			fmt.Fprintf(w, "%-28s model.json %8d bytes, api-2.json %8d bytes (%.0f%%), %d operations\n",
				s.src.Name, len(s.compact), len(s.src.API), 100*float64(len(s.compact))/float64(len(s.src.API)), len(s.ops))
		}
	}
	have, err := existing(o.out)
	if err != nil {
		return 2, err
	}
	var differ, missing, extra []string
	for _, p := range sortedKeys(want) {
		got, err := os.ReadFile(filepath.Join(o.out, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, p)
		case err != nil:
			return 2, err
		case !sameContent(p, got, want[p]):
			differ = append(differ, p)
		}
	}
	for _, p := range have {
		if _, ok := want[p]; !ok {
			extra = append(extra, p)
		}
	}
	if o.check {
		for _, l := range []struct {
			what  string
			paths []string
		}{{"differs", differ}, {"missing", missing}, {"extra", extra}} {
			for _, p := range l.paths {
				fmt.Fprintf(w, "%s: %s\n", l.what, p)
			}
		}
		if n := len(differ) + len(missing) + len(extra); n > 0 {
			fmt.Fprintf(w, "codegen -check: %d generated files out of date; run: go run ./codegen\n", n)
			return 1, nil
		}
		return 0, nil
	}
	for _, p := range append(differ, missing...) {
		full := filepath.Join(o.out, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return 2, err
		}
		if err := os.WriteFile(full, want[p], 0o644); err != nil {
			return 2, err
		}
	}
	for _, p := range extra {
		full := filepath.Join(o.out, filepath.FromSlash(p))
		if err := os.Remove(full); err != nil {
			return 2, err
		}
		if strings.HasPrefix(p, "sdk/service/") {
			// Drop the package directory once it is empty.
			_ = os.Remove(filepath.Dir(full))
		}
	}
	fmt.Fprintf(w, "codegen: %d services, %d files written, %d removed, %d unchanged\n",
		len(svcs), len(differ)+len(missing), len(extra), len(want)-len(differ)-len(missing))
	return 0, nil
}

// generate builds every file for the named services in memory, using all
// CPUs; the result does not depend on scheduling.
func generate(models string, names []string) (map[string][]byte, []*service, error) {
	svcs := make([]*service, len(names))
	files := make([]map[string][]byte, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			src, err := loadSource(models, name)
			if err == nil {
				svcs[i], err = analyze(src)
			}
			if err == nil {
				files[i], err = svcs[i].files()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	all := map[string][]byte{}
	for _, f := range files {
		for p, b := range f {
			all[p] = b
		}
	}
	allGoFile, err := allGo(svcs)
	if err != nil {
		return nil, nil, err
	}
	all["sdk/service/all/all.go"] = allGoFile
	all["include/gosoto/all.h"] = allH(svcs)
	eps, err := endpointFiles(models)
	if err != nil {
		return nil, nil, err
	}
	for p, b := range eps {
		all[p] = b
	}
	return all, svcs, nil
}

// existing lists the generated files in the tree (slash-separated, relative
// to root, sorted): files under sdk/service/*/, include/gosoto/,
// sdk/endpoints/ and capi/zz_*.c whose first line is the generated-code
// marker, the model.json and model.json.gz beside a generated model.go and
// the endpoints.json beside the generated sdk/endpoints/data.go.
func existing(root string) ([]string, error) {
	var out []string
	add := func(pattern, marker string) error {
		matches, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(pattern)))
		if err != nil {
			return err
		}
		for _, m := range matches {
			ok, err := hasMarker(m, marker)
			if err != nil {
				return err
			}
			if ok {
				rel, _ := filepath.Rel(root, m)
				out = append(out, filepath.ToSlash(rel))
				if rel == filepath.FromSlash(endpointsGoPath) {
					if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(endpointsJSONPath))); err == nil {
						out = append(out, endpointsJSONPath)
					}
				}
				if filepath.Base(m) == "model.go" {
					for _, f := range []string{"model.json", "model.json" + gzipSuffix} {
						if _, err := os.Stat(filepath.Join(filepath.Dir(m), f)); err == nil {
							out = append(out, filepath.ToSlash(filepath.Join(filepath.Dir(rel), f)))
						}
					}
				}
			}
		}
		return nil
	}
	for _, g := range []struct{ pattern, marker string }{
		{"sdk/service/*/*.go", goMarker},
		{"include/gosoto/*.h", cMarker},
		{"capi/zz_*.c", cMarker},
		{"sdk/endpoints/*.go", goMarker},
	} {
		if err := add(g.pattern, g.marker); err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// hasMarker reports whether the file's first line is marker.
func hasMarker(path, marker string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && err != io.EOF {
		return false, err
	}
	return strings.TrimRight(line, "\r\n") == marker, nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
