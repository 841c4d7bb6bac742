package pgparse

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// TestRegressSQL runs the parser over a directory of SQL files named by
// RBCHECK_PG_REGRESS (meant for PostgreSQL's own regression SQL, which is
// not kept in this repository). For each file: Parse must not fail
// internally, statements must be the source between their positions and
// errors must point inside the file; the JSON decoder must agree with
// pg_query.Parse on every statement; and parsing in parallel parts must give
// what parsing the file whole gives.
func TestRegressSQL(t *testing.T) {
	dir := os.Getenv("RBCHECK_PG_REGRESS")
	if dir == "" {
		t.Skip("RBCHECK_PG_REGRESS does not name a directory of SQL files")
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Skipf("RBCHECK_PG_REGRESS=%q is not a directory", dir)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no .sql files in %s", dir)
	}
	sort.Strings(files)
	var nStmts, nErrs, nTexts, nParsed, nBlanked int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src, name := string(b), filepath.Base(f)
		stmts, errs, blanked := checkRegressFile(t, name, src)
		texts, parsed := checkRegressJSON(t, name, src)
		t.Logf("%s: %d bytes, %d statements, %d parse errors, %d texts compared (%d parsed)", name, len(src), len(stmts), len(errs), texts, parsed)
		nStmts += len(stmts)
		nErrs += len(errs)
		nTexts += texts
		nParsed += parsed
		nBlanked += blanked
	}
	t.Logf("%d files: %d statements, %d parse errors (%d statements span blanked psql lines); JSON decoder agreed on %d texts, %d of which parsed",
		len(files), nStmts, nErrs, nBlanked, nTexts, nParsed)
}

// checkRegressFile parses src whole and in forced parallel parts and checks
// the statements' and errors' positions. It returns the whole-file result
// and how many statements span psql lines the parser blanks.
func checkRegressFile(t *testing.T, name, src string) (stmts []*sqlast.Stmt, errs []*sqlast.ParseError, blanked int) {
	t.Helper()
	defer func(m int) { parallelMin = m }(parallelMin)
	parallelMin = 1 << 40
	stmts, errs = parseNoPanic(t, name, src)
	if runtime.GOMAXPROCS(0) > 1 {
		for _, m := range []int{8, 4 << 10} {
			parallelMin = m
			pstmts, perrs := parseNoPanic(t, name, src)
			if !reflect.DeepEqual(stmts, pstmts) || !reflect.DeepEqual(errs, perrs) {
				t.Errorf("%s: parts (parallelMin %d) and whole differ:\n%s\n%s", name, m, diff(pstmts, stmts), diff(perrs, errs))
			}
		}
	}
	// Text is the source with psql meta-command lines and COPY data
	// blanked (offsets kept), so it is compared with that where the
	// source itself differs.
	sanitized := blankMetaCommands(src)
	prev := 0
	for _, s := range stmts {
		if s.Pos.Offset < prev || s.End.Offset < s.Pos.Offset || s.End.Offset > len(src) {
			t.Errorf("%s:%d: statement extent %d..%d (previous end %d) in %d bytes", name, s.Pos.Line, s.Pos.Offset, s.End.Offset, prev, len(src))
			continue
		}
		prev = s.End.Offset
		orig := src[s.Pos.Offset:s.End.Offset]
		if s.Text != orig {
			if san := sanitized[s.Pos.Offset:s.End.Offset]; san != orig && s.Text == san {
				blanked++
			} else {
				t.Errorf("%s:%d: statement text %q is not the source %q", name, s.Pos.Line, s.Text, orig)
			}
		}
		if l := 1 + strings.Count(src[:s.Pos.Offset], "\n"); l != s.Pos.Line {
			t.Errorf("%s: statement at offset %d on line %d, want %d", name, s.Pos.Offset, s.Pos.Line, l)
		}
	}
	for _, e := range errs {
		if e.Pos.Offset < 0 || e.Pos.Offset > len(src) || e.Msg == "" || e.Pos.Line < 1 || e.Pos.Col < 1 {
			t.Errorf("%s: error outside the file: %+v", name, e)
			continue
		}
		if l := 1 + strings.Count(src[:e.Pos.Offset], "\n"); l != e.Pos.Line {
			t.Errorf("%s: error at offset %d on line %d, want %d: %s", name, e.Pos.Offset, e.Pos.Line, l, e.Msg)
		}
		if e.Pos.File != name {
			t.Errorf("%s: error names file %q: %s", name, e.Pos.File, e.Msg)
		}
	}
	return stmts, errs, blanked
}

// parseNoPanic calls Parse and fails the test when it panics or reports
// having recovered from an internal error.
func parseNoPanic(t *testing.T, name, src string) (stmts []*sqlast.Stmt, errs []*sqlast.ParseError) {
	t.Helper()
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("%s: Parse panicked: %v", name, r)
			}
		}()
		stmts, errs = Parse(name, src)
	}()
	for _, e := range errs {
		if strings.Contains(e.Msg, "internal error") {
			t.Errorf("%s:%d:%d: %s", name, e.Pos.Line, e.Pos.Col, e.Msg)
		}
	}
	return stmts, errs
}

// checkRegressJSON splits src with the Postgres scanner and compares the
// JSON decoder with pg_query.Parse on each statement (and on the whole
// file). It returns how many texts were compared and how many parsed.
func checkRegressJSON(t *testing.T, name, src string) (texts, parsed int) {
	t.Helper()
	check := func(label, s string) {
		texts++
		if checkSame(t, label, s) {
			parsed++
		}
	}
	check(name+" (whole file)", src)
	parts, err := pg_query.SplitWithScanner(src, true)
	if err != nil {
		// The scanner stops at psql lines and COPY data; split the
		// text the parser works on instead.
		t.Logf("%s: splitting the file: %v; splitting it with psql lines blanked", name, err)
		blanked := blankMetaCommands(src)
		if parts, err = pg_query.SplitWithScanner(blanked, true); err != nil {
			// The scanner refuses a token of the SQL itself (a
			// zero-length quoted name, junk after a number, a bad
			// escape: regression files test those): split as Parse
			// does then, with the small lexer.
			t.Logf("%s: splitting the blanked file: %v; splitting it with the small lexer", name, err)
			parts = nil
			for _, pc := range lexPieces(blanked, 0, len(blanked)) {
				parts = append(parts, blanked[pc.start:max(pc.end, pc.stop)])
			}
			if len(parts) == 0 {
				t.Errorf("%s: the small lexer found no statement", name)
			}
		}
	}
	for i, s := range parts {
		check(fmt.Sprintf("%s statement %d", name, i+1), s)
	}
	return texts, parsed
}
