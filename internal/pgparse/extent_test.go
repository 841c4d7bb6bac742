package pgparse

import (
	"os"
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
)

// extentSamples end statements in the ways parsedExtent must leave to
// sigExtent: trailing comments, doubled semicolons, comment markers in
// literals.
var extentSamples = map[string]string{
	"trailing line comment":     "SELECT 1 -- one\n;\nSELECT 2 -- two\n",
	"trailing block comment":    "SELECT 1 /* one\n */ ;\nSELECT 2 /* a /* nested */ b */",
	"doubled semicolons":        "SELECT 1;; ;SELECT 2;;\n;",
	"comment markers in text":   "SELECT '--', 'a */ b' ;\nSELECT $$ -- $$, $t$*/$t$\n;\nSELECT E'\\' -- ' ;",
	"literal over lines":        "SELECT 'a -- b\nc' ;\nSELECT 'x\n*/y'\n\n",
	"leading comments":          "-- head\n/* block */ ; ; SELECT 1;\n  \t-- only a comment\n",
	"quoted name":               "CREATE TABLE \"a--b\" (\"c*/\" int)\n;",
	"begin atomic":              "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END -- x\n;",
	"operators":                 "SELECT 1 */* c */ 2;\nSELECT 2 --x\n-1;",
	"comment after last on own": "SELECT 1\n-- trailing\n/* more */\n",
}

// TestParsedExtentMatchesSigExtent checks that the statement extents of
// parsedExtent (fromTree's shortcut) are sigExtent's, for every statement
// of the test corpora the parser accepts (a file that does not parse
// whole is split with the scanner and its statements parsed one by one).
func TestParsedExtentMatchesSigExtent(t *testing.T) {
	corpus := jsonCorpus(t)
	for name, src := range extentSamples {
		corpus[name] = src
	}
	if dir := os.Getenv("RBCHECK_PG_REGRESS"); dir != "" {
		readSQLInto(t, corpus, dir)
	}
	n := 0
	check := func(name, s string, stmts []*pgnode.RawStmt) {
		for _, raw := range stmts {
			from := int(raw.StmtLocation)
			to := len(s)
			if raw.StmtLen > 0 {
				to = from + int(raw.StmtLen)
			}
			ws, we := sigExtent(s, from, to)
			hs, he := parsedExtent(s, from, to)
			if ws != hs || we != he {
				t.Errorf("%s: statement at %d..%d: parsedExtent %d..%d, sigExtent %d..%d (%q)", name, from, to, hs, he, ws, we, s[from:to])
			}
			n++
		}
	}
	for name, src := range corpus {
		p := &fileParser{file: name, orig: src}
		p.text = p.sanitize(src)
		if tree, err := pgParse(p.text); err == nil {
			check(name, p.text, tree.Stmts)
			continue
		}
		if !p.scanAt(0, len(p.text)) {
			continue
		}
		for _, pc := range p.split() {
			s := p.text[pc.start:max(pc.end, pc.stop)]
			if tree, err := pgParse(s); err == nil {
				check(name, s, tree.Stmts)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d statements compared", n)
	}
	t.Logf("%d statements compared", n)
}
