//go:build unix

package pgparse

import (
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// piecesSamples are files with syntax errors in the places the split and
// the error positions are delicate: the first and the last statement,
// several errors in a row, a multibyte text before the error, comments
// before the statements, BEGIN ATOMIC bodies, rule actions in parentheses,
// a blanked bad token and a text cut at an unterminated literal.
var piecesSamples = map[string]string{
	"first":     "CREATE TABLE t (a int,);\n-- c\nCREATE TABLE u (a int);\n",
	"last":      "CREATE TABLE t (a int);\n/* c */ CREATE TABLE u (a int,)",
	"row":       "SELEC 1;\nSELEC 2;\nSELEC 3;\nCREATE TABLE t (a int);\n",
	"multibyte": "COMMENT ON TABLE t IS 'ünïcödé';\nCREATE TABLE \"Ü\" (a int,);\nALTER TABLE t ADD COLUMN b int;\n",
	"atomic": "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\nSELEC 1;\n" +
		"CREATE PROCEDURE p() BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; END;\n",
	"rule":      "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO u VALUES (1); INSERT INTO v VALUES (2));\nDROP TABL t;\n",
	"badtoken":  "SELECT 1;\nSELECT 0A;\nCREATE TABLE \"\" (a int);\nCREATE TABLE t (a int);\n",
	"cut":       "CREATE TABLE t (a int);\nSELEC 1;\nCREATE TABLE u (a text DEFAULT 'oops);\n",
	"semicolon": "SELECT 1;;\n;CREATE TABLE t (a int) oops;\n-- only a comment at the end\n",
	"do": "DO $$ BEGIN PERFORM 1; END $$;\nDO $$ BEGIN PERFORM ; END $$;\nSELEC 1;\n" +
		"CREATE INDEX CONCURRENTLY i ON t (a);\nUPDATE t SET a = 1 WHERE b = 'x' RETURNING *;\n",
}

// TestParsePiecesMatchesParseRange checks that parsing the statements of a
// file with syntax errors in one call into C (parsePieces) gives the
// statements, errors and positions that parsing ranges of them one call at
// a time (parseRange) gives: on the samples above, on every SQL file of the
// repository and a generated corpus, with an error put in the middle of
// each, and, with RBCHECK_PG_REGRESS, on PostgreSQL's regression SQL.
func TestParsePiecesMatchesParseRange(t *testing.T) {
	if !skimInC() {
		t.Fatal("cparse.c's layout checks failed: parsePieces cannot run")
	}
	corpus := jsonCorpus(t)
	for name, src := range corpus {
		// an error in the middle: the rest goes through parsePieces too
		mid := strings.IndexByte(src[len(src)/2:], '\n')
		if mid >= 0 {
			mid += len(src) / 2
			corpus[name+" (error in the middle)"] = src[:mid] + "\nSELEC oops;\n" + src[mid:]
		}
	}
	for name, src := range piecesSamples {
		corpus[name] = src
	}
	if dir := os.Getenv("RBCHECK_PG_REGRESS"); dir != "" {
		readSQLInto(t, corpus, dir)
	}
	names := slices.Sorted(maps.Keys(corpus))
	defer func(p bool) { piecesAtOnce = p }(piecesAtOnce)
	nErrs, nStmts := 0, 0
	for _, name := range names {
		src := corpus[name]
		piecesAtOnce = false
		wantStmts, wantErrs := parseNoPanic(t, name, src)
		piecesAtOnce = true
		stmts, errs := parseNoPanic(t, name, src)
		if !reflect.DeepEqual(stmts, wantStmts) {
			t.Errorf("%s: statements differ:\n%s", name, diff(stmts, wantStmts))
		}
		if !reflect.DeepEqual(errs, wantErrs) {
			t.Errorf("%s: errors differ:\n%s", name, diff(errs, wantErrs))
		}
		nErrs += len(errs)
		nStmts += len(stmts)
	}
	if nErrs == 0 {
		t.Fatal("no syntax error in the corpus: parsePieces was not exercised")
	}
	t.Logf("%d texts: %d statements, %d errors alike", len(names), nStmts, nErrs)
}

// TestParsePiecesRuns checks that parsePieces does the work (it may fall
// back to parseRange only when C cannot) and reports each error at its
// token, with the message Postgres gives.
func TestParsePiecesRuns(t *testing.T) {
	src := piecesSamples["row"]
	p := &fileParser{file: "f.sql", orig: src, text: src, src: src, lines: lineStarts(src)}
	if !p.scanAt(0, len(src)) {
		t.Fatal("scan failed")
	}
	if !p.parsePieces(p.split()) {
		t.Fatal("parsePieces fell back to parseRange")
	}
	if len(p.stmts) != 1 || p.stmts[0].Kind != "CreateStmt" || p.stmts[0].Pos.Line != 4 {
		t.Errorf("statements: %s", diff(p.stmts, nil))
	}
	if len(p.errs) != 3 {
		t.Fatalf("errors: %s", diff(p.errs, nil))
	}
	for i, e := range p.errs {
		if e.Pos.Line != i+1 || e.Pos.Col != 1 || e.Msg != `syntax error at or near "SELEC"` {
			t.Errorf("error %d: %+v", i, e)
		}
	}
}
