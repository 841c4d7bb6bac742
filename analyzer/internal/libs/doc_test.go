package libs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocsTableIsCurrent: the library table of docs/go-analysis.md is what
// the descriptors generate.
func TestDocsTableIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "..", "docs", "go-analysis.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ReplaceTable(string(data))
	if err != nil {
		t.Fatal(err)
	}
	if want != string(data) {
		t.Errorf("the library table of docs/go-analysis.md is stale: run go generate ./analyzer")
	}
	for _, l := range All() {
		if !strings.Contains(string(data), "**"+l.Heading()+"**") {
			t.Errorf("library %s is missing from the docs table", l.Heading())
		}
	}
}

// TestDescriptorsAreConsistent: every library has a name; an import path
// belongs to one library; a library with sinks has import paths.
func TestDescriptorsAreConsistent(t *testing.T) {
	owner := map[string]string{}
	for _, l := range All() {
		if l.Name == "" {
			t.Errorf("a library has no name: %+v", l)
		}
		if len(l.Sinks) > 0 && len(l.Paths) == 0 {
			t.Errorf("%s has sinks but no import path", l.Heading())
		}
		for _, p := range l.Paths {
			if o, ok := owner[p]; ok {
				t.Errorf("import path %s belongs to both %s and %s", p, o, l.Heading())
			}
			owner[p] = l.Heading()
		}
		for _, s := range l.Sinks {
			if len(s.Methods) == 0 {
				t.Errorf("%s has a sink row without methods", l.Heading())
			}
			if s.Use == Fragment && s.Clause == "" {
				t.Errorf("%s: fragment sink %v has no clause", l.Heading(), s.Methods)
			}
		}
	}
}
