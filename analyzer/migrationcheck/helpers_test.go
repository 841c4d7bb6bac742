package migrationcheck

import (
	"go/ast"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
)

type analysisAnalyzer = analysis.Analyzer

// quiet is a testing.T whose Errorf is dropped: for runs that must report
// nothing, where the fixture's // want comments do not apply.
type quiet struct {
	*testing.T
}

func (q *quiet) Errorf(string, ...any) {}

func commentOf(text string) *ast.Comment { return &ast.Comment{Text: text} }

// sharedStubs are the library stubs of the analyzer's tests
// (../testdata/src) that fixtures here import. analysistest takes a single
// GOPATH directory, so the fixtures that import them run on a copy holding
// both (copyTestdata) rather than on a second copy of the stubs.
var sharedStubs = []string{"github.com/jmoiron/sqlx", "github.com/uptrace/bun", "gorm.io/gorm"}

// copyTestdata copies testdata/src/<pkg> and the shared stubs into a fresh
// GOPATH-like tree.
func copyTestdata(t *testing.T, pkg string) string {
	t.Helper()
	dst := t.TempDir()
	copyDir(t, filepath.Join("testdata", "src", pkg), filepath.Join(dst, "src", pkg))
	for _, s := range sharedStubs {
		s = filepath.FromSlash(s)
		copyDir(t, filepath.Join("..", "testdata", "src", s), filepath.Join(dst, "src", s))
	}
	return dst
}

func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
