package catalog

import (
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// TestReplayAnyOrderNeverPanics replays every statement of every .sql file
// in the repository's testdata in shuffled orders, with shuffled origins,
// and on clones: Apply must never panic (it turns a panic into a note, so
// a note saying "internal error" fails the test).
func TestReplayAnyOrderNeverPanics(t *testing.T) {
	var all []*sqlast.Stmt
	root := "../.."
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".sql") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil || len(src) > 1<<20 {
			return nil
		}
		stmts, _ := pgparse.Parse(p, string(src))
		all = append(all, stmts...)
		return nil
	})
	if len(all) < 50 {
		t.Fatalf("only %d statements found under testdata", len(all))
	}
	rng := rand.New(rand.NewSource(1))
	for round := 0; round < 20; round++ {
		c := NewCatalog()
		rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		for i, st := range all {
			c.Apply(st, Origin(rng.Intn(2)))
			if i%97 == 0 {
				c = c.Clone()
			}
		}
		for _, n := range c.Notes {
			if strings.Contains(n, "internal error") {
				t.Fatalf("round %d: %s", round, n)
			}
		}
		for _, name := range c.TableNames() {
			_ = c.UniqueKeys(name)
			_ = c.IndexesOn(name)
		}
	}
}
