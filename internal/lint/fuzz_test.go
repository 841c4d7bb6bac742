package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/rules"
)

// FuzzRun feeds arbitrary SQL through the loader and the engine with every
// rule enabled: no rule and no catalog replay may panic (the engine would
// turn a panic into an "internal error" error, which fails the fuzz run).
func FuzzRun(f *testing.F) {
	seeds, _ := filepath.Glob("../../rules/testdata/*/*.sql")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("ALTER TABLE t DROP COLUMN a, ALTER COLUMN b TYPE int, ALTER COLUMN c DROP DEFAULT;")
	var opts Options
	opts.Enable = allRuleNames()
	f.Fuzz(func(t *testing.T, src string) {
		base, mig, ok := strings.Cut(src, "\n-- migration\n")
		if !ok {
			base, mig = "", src
		}
		cat := catalog.NewCatalog()
		cat.ApplySQL("base.sql", base, catalog.Existing)
		fsys := fstest.MapFS{"db/0001_x.sql": {Data: []byte(mig)}}
		set := migrations.LoadFiles(fsys, []string{"db/0001_x.sql"}, migrations.Options{})
		res := Run(cat, set.Files, opts)
		for _, e := range res.Errors {
			if strings.Contains(e.Msg, "internal error") {
				t.Fatalf("%v\ninput:\n%s", e, src)
			}
		}
	})
}

func allRuleNames() []string {
	var out []string
	for _, r := range rules.All() {
		out = append(out, r.Name)
	}
	return out
}
