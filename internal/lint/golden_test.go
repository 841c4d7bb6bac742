package lint_test

// Golden findings: every finding and error of `rbcheck lint --enable all`
// on every rule fixture (and, when RBCHECK_PG_REGRESS names PostgreSQL's
// regression SQL, on that corpus), compared with testdata/golden. Speed
// work on the parser and the engine must not change a single one; a rule
// change that does changes them on purpose:
//
//	go test ./internal/lint -run TestGolden -update

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/cli"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// lintText runs `rbcheck lint --enable all --format text` in dir.
func lintText(t *testing.T, dir string, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &out, Stderr: &errb, Dir: dir}, append([]string{"lint", "--enable", "all", "--format", "text"}, args...))
	if code != cli.ExitOK && code != cli.ExitFindings {
		t.Fatalf("lint %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

func compareGolden(t *testing.T, path string, got []byte, gz bool) {
	t.Helper()
	if *update {
		data := got
		if gz {
			var b bytes.Buffer
			w := gzip.NewWriter(&b)
			w.Write(got)
			w.Close()
			data = b.Bytes()
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if gz {
		r, err := gzip.NewReader(bytes.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		if want, err = io.ReadAll(r); err != nil {
			t.Fatal(err)
		}
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	var diff []string
	for i := 0; i < max(len(gl), len(wl)) && len(diff) < 20; i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			diff = append(diff, fmt.Sprintf("line %d:\n  got:  %s\n  want: %s", i+1, g, w))
		}
	}
	t.Errorf("findings differ from %s (a rule change? then rewrite it: go test ./internal/lint -run TestGolden -update):\n%s", path, strings.Join(diff, "\n"))
}

// TestGoldenFixtures lints every rule fixture as a migration of its own
// with every rule on.
func TestGoldenFixtures(t *testing.T) {
	root, err := filepath.Abs("../../rules/testdata")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.sql"))
	if len(files) < 100 {
		t.Fatalf("%d fixtures under %s", len(files), root)
	}
	sort.Strings(files)
	var b strings.Builder
	for _, f := range files {
		rel, _ := filepath.Rel(root, f)
		fmt.Fprintf(&b, "== %s\n", filepath.ToSlash(rel))
		b.WriteString(lintText(t, root, filepath.ToSlash(rel)))
	}
	compareGolden(t, filepath.Join("testdata", "golden", "fixtures.txt"), []byte(b.String()), false)
}

// TestGoldenRegress lints PostgreSQL's regression SQL (the directory
// RBCHECK_PG_REGRESS names, e.g. postgres/src/test/regress/sql), numbered
// as one migration directory in name order. The golden file records the
// corpus it was made from; another corpus is skipped.
func TestGoldenRegress(t *testing.T) {
	src := os.Getenv("RBCHECK_PG_REGRESS")
	if src == "" {
		t.Skip("RBCHECK_PG_REGRESS is not set")
	}
	files, _ := filepath.Glob(filepath.Join(src, "*.sql"))
	if len(files) == 0 {
		t.Fatalf("no .sql files in %s", src)
	}
	sort.Strings(files)
	dir := t.TempDir()
	mig := filepath.Join(dir, "db", "migrations")
	if err := os.MkdirAll(mig, 0o755); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(data))
		h.Write(data)
		if err := os.WriteFile(filepath.Join(mig, fmt.Sprintf("%04d_%s", i+1, filepath.Base(f))), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	header := fmt.Sprintf("corpus %x (%d files)\n", h.Sum(nil)[:12], len(files))
	path := filepath.Join("testdata", "golden", "pg-regress.txt.gz")
	if !*update {
		if data, err := os.ReadFile(path); err == nil {
			if r, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
				first, _ := io.ReadAll(io.LimitReader(r, int64(len(header))))
				if string(first) != header {
					t.Skipf("the golden file was made from another corpus: %q, this is %q", strings.TrimSpace(string(first)), strings.TrimSpace(header))
				}
			}
		}
	}
	compareGolden(t, path, []byte(header+lintText(t, dir, "db/migrations")), true)
}
