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
		if (len(l.NotReadPaths) > 0 || len(l.NotReadCalls) > 0) != (l.NotRead != "") {
			t.Errorf("%s: NotRead must say what of NotReadPaths/NotReadCalls is not read", l.Heading())
		}
		if len(l.NotReadCalls) > 0 && len(l.Paths) == 0 {
			t.Errorf("%s: NotReadCalls without import paths", l.Heading())
		}
		for _, p := range l.NotReadPaths {
			// a read library's package must not be listed as not read
			for _, m := range All() {
				for _, q := range m.Paths {
					if q == p || strings.HasPrefix(q, p+"/") {
						t.Errorf("%s: not-read path %s covers %s's %s", l.Heading(), p, m.Heading(), q)
					}
				}
			}
			if NotReadLib(p) != l {
				t.Errorf("%s: not-read path %s is claimed by %v", l.Heading(), p, NotReadLib(p).Heading())
			}
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

// TestNotReadLib: a not-read path covers the packages below it, and only
// those.
func TestNotReadLib(t *testing.T) {
	for p, want := range map[string]string{
		"entgo.io/ent/dialect/sql":                        "ent",
		"entgo.io/ent/dialect/sql/sqlgraph":               "ent",
		"entgo.io/ent/dialect/sqlx":                       "",
		"entgo.io/ent/schema/field":                       "",
		"github.com/go-jet/jet/v2/postgres":               "go-jet",
		"xorm.io/xorm":                                    "xorm",
		"xorm.io/xormplus":                                "",
		"github.com/doug-martin/goqu/v9":                  "goqu",
		"github.com/jmoiron/sqlx":                         "",
		"zgo.at/zdb":                                      "",
		"github.com/volatiletech/sqlboiler/v4/queries/qm": "sqlboiler",
	} {
		got := ""
		if l := NotReadLib(p); l != nil {
			got = l.Name
		}
		if got != want {
			t.Errorf("NotReadLib(%q) = %q, want %q", p, got, want)
		}
	}
}
