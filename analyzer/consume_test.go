package analyzer

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsumption checks, for each statement of the consume fixtures
// marked `// scan: KIND MAPPER [strict]` (or `// scan: none`) on its line,
// how ScanDir says its rows are read; a marked line without a statement,
// or one read otherwise, fails.
func TestConsumption(t *testing.T) {
	root := filepath.Join("testdata", "src")
	inv, err := ScanDir(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"popconsume", "popconsume/lax", "ifaceconsume"} {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if len(files) == 0 {
			t.Fatalf("no fixture files in %s", dir)
		}
		for _, f := range files {
			rel := filepath.ToSlash(strings.TrimPrefix(f, root+string(filepath.Separator)))
			fh, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(fh)
			for line := 1; sc.Scan(); line++ {
				_, want, ok := strings.Cut(sc.Text(), "// scan: ")
				if !ok {
					continue
				}
				got, found := "none", false
				for _, q := range inv.Queries {
					if q.Pos.File == rel && q.Pos.Line == line {
						found = true
						if q.Scan != nil {
							got = q.Scan.Kind + " " + q.Scan.Mapper
							if q.Scan.Strict {
								got += " strict"
							}
						}
					}
				}
				if !found {
					t.Errorf("%s:%d: no statement found", rel, line)
				} else if got != want {
					t.Errorf("%s:%d: read by %q, want %q", rel, line, got, want)
				}
			}
			fh.Close()
		}
	}
}
