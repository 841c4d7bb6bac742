//go:build unix

package pgparse

import (
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// TestBareSamplesTranslateToOther checks that every kind cparse.c writes
// bare translates to sqlast.Other from its whole tree (so nothing is lost
// by leaving the tree out), that each sample names a kind of its own, and
// that the skimmed JSON of each is indeed bare.
func TestBareSamplesTranslateToOther(t *testing.T) {
	if !skimInC() {
		t.Fatal("cparse.c's layout checks failed")
	}
	seen := map[string]string{}
	for _, s := range bareSamples {
		tree, err := pgParseWhole(s)
		if err != nil || len(tree.Stmts) != 1 {
			t.Errorf("%q: %v (%d statements)", s, err, len(tree.GetStmts()))
			continue
		}
		p := &fileParser{file: "f.sql", orig: s, text: s, src: s, lines: lineStarts(s)}
		st := p.newStmt(tree.Stmts[0], s, 0, 0, len(s), 0)
		if _, ok := st.Node.(*sqlast.Other); !ok || st.Nested != nil {
			t.Errorf("%q (%s) translates to %T: it must not be written bare", s, st.Kind, st.Node)
		}
		if prev, ok := seen[st.Kind]; ok {
			t.Errorf("%q and %q are both %s", prev, s, st.Kind)
		}
		seen[st.Kind] = s
		js, release, err := parseToJSON(s, true)
		if err != nil {
			t.Fatal(err)
		}
		if want := `"stmt":{"` + st.Kind + `":{}}`; !strings.Contains(js, want) {
			t.Errorf("%q: skimmed JSON %s does not hold %s", s, js, want)
		}
		release()
	}
	// and the kinds skimmed by field keep what translate reads
	for _, s := range []string{"CREATE VIEW v (a) AS SELECT 1", "CREATE TABLE t AS SELECT 1", "CREATE MATERIALIZED VIEW m AS SELECT 1"} {
		js, release, err := parseToJSON(s, true)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(js, "SelectStmt") || !strings.Contains(js, `"relname":`) {
			t.Errorf("%q: skimmed JSON %s", s, js)
		}
		release()
	}
}
