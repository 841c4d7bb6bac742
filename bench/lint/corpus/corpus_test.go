package corpus

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/cli"
)

type lintJSON struct {
	Findings []struct {
		Rule   string `json:"rule"`
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	} `json:"findings"`
	Errors []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
	Summary struct {
		Migrations int `json:"migrations"`
	} `json:"summary"`
}

func lint(t *testing.T, dir string, args ...string) (*lintJSON, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &out, Stderr: &errb, Dir: dir}, append([]string{"lint", "--format", "json"}, args...))
	var doc lintJSON
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("exit %d, output is not JSON: %v\nstdout: %.2000s\nstderr: %s", code, err, out.String(), errb.String())
	}
	return &doc, errb.String(), code
}

// TestHostileCorpus runs lint over SQL written to break tools: it must not
// crash, must process every file, and must report syntax errors per
// statement at the right lines.
func TestHostileCorpus(t *testing.T) {
	dir := t.TempDir()
	// the huge file is kept at 400 kB so the test stays quick; bench/lint/gen
	// -hostile -mb 3 writes a bigger one for manual runs
	files, err := WriteHostile(filepath.Join(dir, "db", "migrations"), 400_000)
	if err != nil {
		t.Fatal(err)
	}
	doc, stderr, code := lint(t, dir, "db/migrations")
	if code != cli.ExitFindings {
		t.Errorf("exit %d, want %d (syntax errors are findings); stderr: %s", code, cli.ExitFindings, stderr)
	}
	if strings.Contains(stderr, "internal error") || strings.Contains(stderr, "panic") {
		t.Errorf("stderr reports a crash: %s", stderr)
	}
	if doc.Summary.Migrations != len(files) {
		t.Errorf("%d migrations processed, want %d", doc.Summary.Migrations, len(files))
	}
	errLines := map[string][]int{}
	for _, e := range doc.Errors {
		if filepath.IsAbs(e.File) {
			t.Errorf("absolute path in output: %s", e.File)
		}
		if e.Line < 1 || e.Column < 1 || e.Message == "" {
			t.Errorf("error without a position or message: %+v", e)
		}
		errLines[e.File] = append(errLines[e.File], e.Line)
	}
	for _, f := range files {
		p := "db/migrations/" + f.Name
		got := errLines[p]
		sort.Ints(got)
		switch {
		case f.ErrorLines != nil:
			if !equal(got, f.ErrorLines) {
				t.Errorf("%s: errors at lines %v, want %v", p, got, f.ErrorLines)
			}
		case f.SomeError:
			if len(got) == 0 {
				t.Errorf("%s: no error reported", p)
			}
		}
	}
}

// TestRealisticCorpus lints a small generated corpus: every generated
// syntax error is reported, and the generator is deterministic.
func TestRealisticCorpus(t *testing.T) {
	dir := t.TempDir()
	n, size, err := Realistic(filepath.Join(dir, "db", "migrations"), 7, 150_000)
	if err != nil {
		t.Fatal(err)
	}
	if size < 150_000 {
		t.Fatalf("wrote %d bytes", size)
	}
	dir2 := t.TempDir()
	if _, _, err := Realistic(dir2, 7, 150_000); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "db", "migrations", "000003_"+nameOf(t, dir2, 3)))
	b, _ := os.ReadFile(filepath.Join(dir2, "000003_"+nameOf(t, dir2, 3)))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Error("the generator is not deterministic")
	}
	doc, stderr, code := lint(t, dir, "db/migrations")
	if code == cli.ExitError {
		t.Fatalf("exit 2: %s", stderr)
	}
	if doc.Summary.Migrations != n {
		t.Errorf("%d migrations processed, want %d", doc.Summary.Migrations, n)
	}
	// every statement the generator broke starts a line with one of these
	broken := 0
	entries, _ := os.ReadDir(filepath.Join(dir, "db", "migrations"))
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(dir, "db", "migrations", e.Name()))
		for _, l := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(l, "SELEC ") || strings.Contains(l, " ADD COLUM ") || strings.Contains(l, " (;") ||
				strings.Contains(l, " SET WHERE ") || strings.Contains(l, "(id int,,") {
				broken++
			}
		}
	}
	if broken == 0 || len(doc.Errors) != broken {
		t.Errorf("%d syntax errors reported, the corpus has %d broken statements", len(doc.Errors), broken)
	}
	if len(doc.Findings) == 0 {
		t.Error("no findings on a corpus full of drops, renames and type changes")
	}
}

func nameOf(t *testing.T, dir string, n int) string {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) < n {
		t.Fatalf("corpus has %d files: %v", len(entries), err)
	}
	return strings.TrimPrefix(entries[n-1].Name(), "000003_")
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
