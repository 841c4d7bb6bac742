package migrations

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// stmtForScan is stmtFor as a scan of every statement (what it was before
// it searched), the reference for TestStmtForMatchesScan.
func stmtForScan(stmts []*sqlast.Stmt, c comment, starts []int) *sqlast.Stmt {
	if !c.Own {
		line, _ := posAt(starts, c.Start)
		var last *sqlast.Stmt
		for _, s := range stmts {
			if s.Pos.Offset < c.Start && (s.End.Line == line || s.End.Offset >= c.Start) {
				last = s
			}
		}
		if last != nil {
			return last
		}
	}
	for _, s := range stmts {
		if s.Pos.Offset >= c.End {
			return s
		}
	}
	return nil
}

// TestStmtForMatchesScan: on random files of statements and comments
// (own-line, trailing, between statements of one line, inside multi-line
// statements), the searching stmtFor picks what the scan picked.
func TestStmtForMatchesScan(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pieces := []string{
		"SELECT 1;", "SELECT 1; SELECT 2;", "UPDATE t\n  SET a = 1 -- inside\n  WHERE b;",
		"-- own line\n", "/* block */ ", "SELECT 1; -- trailing\n", "\n", "INSERT INTO t VALUES (1); /* x */ SELECT 2;\n",
		"\\set x 1 -- after a meta-command\n", "CREATE TABLE t (\n  a int /* c */\n);",
	}
	for n := 0; n < 300; n++ {
		var b strings.Builder
		for k := r.Intn(12); k >= 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		src := b.String()
		stmts, _ := pgparse.Parse("f.sql", src)
		starts := lineStarts(src)
		for _, c := range scanComments(src) {
			if got, want := stmtFor(stmts, c, starts), stmtForScan(stmts, c, starts); got != want {
				t.Fatalf("%q: comment at %d: got %v, want %v", src, c.Start, got, want)
			}
		}
	}
}

// TestMayHoldDirective: the quick look for directives must not miss one
// that parseDirectives would read (any case, a Kelvin sign for the k).
func TestMayHoldDirective(t *testing.T) {
	for src, want := range map[string]bool{
		"-- rbcheck:ignore drop-column gone\nALTER TABLE t DROP COLUMN c;": true,
		"/* RbCheck:roll-forward-only reason */":                           true,
		"-- rbchec\u212a:ignore x y":                                       true,
		"SELECT 1::int; -- rbcheck ignore":                                 false,
		"SELECT a::text FROM t":                                            false,
		":rbcheck":                                                         false,
		"":                                                                 false,
	} {
		if got := mayHoldDirective(src); got != want {
			t.Errorf("mayHoldDirective(%q) = %v, want %v", src, got, want)
		}
		if ds, errs := parseDirectives("f.sql", src, nil); !want && (len(ds) > 0 || len(errs) > 0) {
			t.Errorf("%q: parseDirectives found %v %v", src, ds, errs)
		}
	}
	ds, errs := parseDirectives("f.sql", "-- rbchec\u212a:ignore drop-column gone since v2\nALTER TABLE t DROP COLUMN c;", nil)
	if len(ds)+len(errs) == 0 {
		t.Error("the directive written with a Kelvin sign was not read")
	}
}
