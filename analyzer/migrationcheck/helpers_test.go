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

// copyTestdata copies testdata/src/<pkg> into a fresh GOPATH-like tree.
func copyTestdata(t *testing.T, pkg string) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", "src", pkg)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, "src", pkg, rel)
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
	return dst
}
