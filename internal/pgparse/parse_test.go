package pgparse

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// want is one expected statement: its kind, its text and its start.
type want struct {
	kind      string
	text      string
	line, col int
	comment   string
}

func checkStmts(t *testing.T, src string, stmts []*sqlast.Stmt, wants []want) {
	t.Helper()
	if len(stmts) != len(wants) {
		for _, s := range stmts {
			t.Logf("got %s %s %q", s.Pos, s.Kind, s.Text)
		}
		t.Fatalf("got %d statements, want %d", len(stmts), len(wants))
	}
	for i, w := range wants {
		s := stmts[i]
		if s.Kind != w.kind || s.Text != w.text || s.Pos.Line != w.line || s.Pos.Col != w.col {
			t.Errorf("stmt %d: got %s %s %q, want %d:%d %s %q", i, s.Pos, s.Kind, s.Text, w.line, w.col, w.kind, w.text)
		}
		if s.Comment != w.comment {
			t.Errorf("stmt %d: comment %q, want %q", i, s.Comment, w.comment)
		}
		checkInvariants(t, src, s)
	}
}

// checkInvariants checks what holds for every statement of every input.
func checkInvariants(t *testing.T, src string, s *sqlast.Stmt) {
	t.Helper()
	if s.Pos.Offset < 0 || s.End.Offset > len(src) || s.Pos.Offset > s.End.Offset {
		t.Fatalf("statement extent %d..%d outside the %d-byte source", s.Pos.Offset, s.End.Offset, len(src))
	}
	if len(s.Text) != s.End.Offset-s.Pos.Offset {
		t.Errorf("text %q is %d bytes but the extent %d..%d", s.Text, len(s.Text), s.Pos.Offset, s.End.Offset)
	}
	if s.Node == nil || s.Kind == "" {
		t.Errorf("statement %q has no node or kind", s.Text)
	}
	// Line and column agree with the offset.
	line := 1 + strings.Count(src[:s.Pos.Offset], "\n")
	col := s.Pos.Offset - (strings.LastIndex(src[:s.Pos.Offset], "\n") + 1) + 1
	if s.Pos.Line != line || s.Pos.Col != col {
		t.Errorf("position %d:%d does not match offset %d (%d:%d)", s.Pos.Line, s.Pos.Col, s.Pos.Offset, line, col)
	}
	if s.Pos.File != "m.sql" {
		t.Errorf("file %q, want m.sql", s.Pos.File)
	}
}

func TestParsePositionsAndComments(t *testing.T) {
	src := "\n\n-- create the users table\n-- rbcheck:ignore drop-column reason\nCREATE TABLE users (\n  id bigint PRIMARY KEY,\n  note text DEFAULT 'a;b'\n);\n\n/* block\n   comment */ ALTER TABLE users ADD COLUMN x int; -- trailing\nselect $$ ; $$ , $tag$ it's; $tag$;  SELECT 1 /* inside */ ;;\n"
	stmts, errs := Parse("m.sql", src)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	checkStmts(t, src, stmts, []want{
		{"CreateStmt", "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  note text DEFAULT 'a;b'\n)", 5, 1, "-- create the users table\n-- rbcheck:ignore drop-column reason"},
		{"AlterTableStmt", "ALTER TABLE users ADD COLUMN x int", 11, 15, "/* block\ncomment */"},
		{"SelectStmt", "select $$ ; $$ , $tag$ it's; $tag$", 12, 1, "-- trailing"},
		{"SelectStmt", "SELECT 1", 12, 38, ""},
	})
	if got := stmts[0].End; got.Line != 8 || got.Col != 2 {
		t.Errorf("CREATE TABLE ends at %d:%d, want 8:2", got.Line, got.Col)
	}
}

func TestParseCRLF(t *testing.T) {
	src := "-- c\r\nCREATE INDEX i ON t (a);\r\n\r\nDROP TABLE t;\r\n"
	stmts, errs := Parse("m.sql", src)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	checkStmts(t, src, stmts, []want{
		{"IndexStmt", "CREATE INDEX i ON t (a)", 2, 1, "-- c"},
		{"DropStmt", "DROP TABLE t", 4, 1, ""},
	})
}

func TestParseSyntaxErrorInTheMiddle(t *testing.T) {
	src := "ALTER TABLE a ADD COLUMN b int;\n\nALTER TABLE a\n  DROP COLUMN c d e;\nCREATE TABLE é (x int);\nSELECT 1 FROM;\nDROP TABLE z;"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{
		{"AlterTableStmt", "ALTER TABLE a ADD COLUMN b int", 1, 1, ""},
		{"CreateStmt", "CREATE TABLE é (x int)", 5, 1, ""},
		{"DropStmt", "DROP TABLE z", 7, 1, ""},
	})
	if len(errs) != 2 {
		t.Fatalf("got errors %v, want 2", errs)
	}
	if e := errs[0]; e.Msg != `syntax error at or near "d"` || e.Pos.Line != 4 || e.Pos.Col != 17 || src[e.Pos.Offset] != 'd' {
		t.Errorf("first error %v, want 4:17 syntax error at or near \"d\"", e)
	}
	if e := errs[1]; e.Msg != `syntax error at or near ";"` || e.Pos.Line != 6 || e.Pos.Col != 14 {
		t.Errorf("second error %v, want 6:14 syntax error at or near \";\"", e)
	}
}

func TestParseErrorAfterMultibyte(t *testing.T) {
	// The parser's cursor counts characters; the position must be in bytes.
	src := "SELECT 'ééé' FRM x;"
	_, errs := Parse("m.sql", src)
	if len(errs) != 1 {
		t.Fatalf("got %v, want one error", errs)
	}
	if e := errs[0]; e.Pos.Offset != strings.Index(src, "x;") || e.Msg != `syntax error at or near "x"` {
		t.Errorf("got %v at offset %d, want the x at %d", e, e.Pos.Offset, strings.Index(src, "x;"))
	}
}

func TestParseErrorAtEndOfInput(t *testing.T) {
	src := "SELECT 1;\nCREATE TABLE t (a int"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{{"SelectStmt", "SELECT 1", 1, 1, ""}})
	if len(errs) != 1 || errs[0].Msg != "syntax error at end of input" || errs[0].Pos.Line != 2 {
		t.Fatalf("got %v, want a syntax error at end of input on line 2", errs)
	}
}

func TestParseUnterminatedQuote(t *testing.T) {
	src := "ALTER TABLE a DROP COLUMN b;\nUPDATE a SET c = 'oops;\nDROP TABLE x;\n"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{{"AlterTableStmt", "ALTER TABLE a DROP COLUMN b", 1, 1, ""}})
	if len(errs) != 1 {
		t.Fatalf("got %v, want one error", errs)
	}
	e := errs[0]
	if e.Pos.Line != 2 || e.Pos.Col != 18 || !strings.HasPrefix(e.Msg, "unterminated quoted string at or near \"'oops;") || strings.Contains(e.Msg, "\n") {
		t.Errorf("got %v, want the unterminated string at 2:18 on one line", e)
	}
}

func TestParseUnterminatedComment(t *testing.T) {
	src := "SELECT 1; /* never closed\nDROP TABLE x;"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{{"SelectStmt", "SELECT 1", 1, 1, ""}})
	if len(errs) != 1 || errs[0].Pos.Col != 11 || !strings.HasPrefix(errs[0].Msg, "unterminated /* comment") {
		t.Fatalf("got %v, want an unterminated comment at 1:11", errs)
	}
}

func TestParseNotUTF8(t *testing.T) {
	src := "SELECT 1;\nCOMMENT ON TABLE t IS 'caf\xe9';\nDROP TABLE y;"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{
		{"SelectStmt", "SELECT 1", 1, 1, ""},
		// The text is the file's bytes: the invalid byte is read as a
		// space only for the parser (and reported below).
		{"CommentStmt", "COMMENT ON TABLE t IS 'caf\xe9'", 2, 1, ""},
		{"DropStmt", "DROP TABLE y", 3, 1, ""},
	})
	if len(errs) != 1 || errs[0].Pos.Line != 2 || errs[0].Pos.Col != 27 || !strings.Contains(errs[0].Msg, "not valid UTF-8 (byte 0xe9)") {
		t.Fatalf("got %v, want one UTF-8 error at 2:27", errs)
	}
}

func TestParseNULByte(t *testing.T) {
	src := "SELECT 1;\x00\nDROP TABLE y;"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{
		{"SelectStmt", "SELECT 1", 1, 1, ""},
		{"DropStmt", "DROP TABLE y", 2, 1, ""},
	})
	if len(errs) != 1 || errs[0].Pos.Offset != 9 || !strings.Contains(errs[0].Msg, "NUL byte") {
		t.Fatalf("got %v, want one NUL error at offset 9", errs)
	}
}

// The scanner refuses E'\0' without a position: the statement is still
// located (its start) and the statements around it are parsed.
func TestParseScanErrorWithoutPosition(t *testing.T) {
	src := "SELECT 1;\nSELECT E'\\0';\nDROP TABLE y; 0"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{
		{"SelectStmt", "SELECT 1", 1, 1, ""},
		{"DropStmt", "DROP TABLE y", 3, 1, ""},
	})
	if len(errs) != 2 || errs[0].Pos.Line != 2 || errs[0].Pos.Col != 1 || !strings.Contains(errs[0].Msg, "0x00") ||
		errs[1].Pos.Line != 3 || errs[1].Pos.Col != 15 || !strings.Contains(errs[1].Msg, `at or near "0"`) {
		t.Fatalf("got %v, want the 0x00 error at 2:1 and a syntax error at 3:15", errs)
	}
}

func TestParseMetaCommands(t *testing.T) {
	src := "\\set ON_ERROR_STOP on\nBEGIN;\n  \\i other.sql\nSELECT 'line\n\\not a meta command';\n\\connect db\nCOMMIT;"
	stmts, errs := Parse("m.sql", src)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	checkStmts(t, src, stmts, []want{
		{"TransactionStmt", "BEGIN", 2, 1, ""},
		{"SelectStmt", "SELECT 'line\n\\not a meta command'", 4, 1, ""},
		{"TransactionStmt", "COMMIT", 7, 1, ""},
	})
}

func TestParseEmpty(t *testing.T) {
	for _, src := range []string{"", "   \n\t\n", "-- only a comment\n/* and another */\n", ";;\n;", "\\set x 1\n"} {
		stmts, errs := Parse("m.sql", src)
		if len(stmts) != 0 || len(errs) != 0 {
			t.Errorf("%q: got %d statements and errors %v, want none", src, len(stmts), errs)
		}
	}
}

func TestParseBeginAtomic(t *testing.T) {
	body := "CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN a ELSE 0 END;\n  SELECT a + b;\nEND"
	// With a syntax error elsewhere the scanner split is used: the body must
	// stay whole.
	src := body + ";\nGARBAGE;\nCREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;\nSELECT 1;"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{
		{"CreateFunctionStmt", body, 1, 1, ""},
		{"CreateFunctionStmt", "CREATE OR REPLACE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END", 7, 1, ""},
		{"SelectStmt", "SELECT 1", 8, 1, ""},
	})
	if len(errs) != 1 || errs[0].Pos.Line != 6 {
		t.Fatalf("got %v, want one error on line 6", errs)
	}
	f := stmts[1].Node.(*sqlast.CreateFunction)
	if !f.Procedure || !f.Replace || f.Language != "sql" {
		t.Errorf("got %+v, want an OR REPLACE sql procedure", f)
	}
}

func TestParsePLpgSQLBodiesAreOneStatement(t *testing.T) {
	src := "DO $$\nBEGIN\n  UPDATE t SET a = 1;\n  DELETE FROM t;\nEND\n$$;\nCREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN NEW.x := now(); RETURN NEW; END;\n$body$ LANGUAGE plpgsql;"
	stmts, errs := Parse("m.sql", src)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors: %v", errs)
	}
	if len(stmts) != 2 || stmts[0].Kind != "DoStmt" || stmts[1].Kind != "CreateFunctionStmt" {
		t.Fatalf("got %d statements, want DO and CREATE FUNCTION", len(stmts))
	}
	if f := stmts[1].Node.(*sqlast.CreateFunction); f.Language != "plpgsql" || f.Name.Name != "f" {
		t.Errorf("got %+v", f)
	}
	for _, s := range stmts {
		checkInvariants(t, src, s)
	}
}

func TestParseSplitMatchesWholeParse(t *testing.T) {
	// The same statements come out whether the whole-file parse succeeds or
	// a syntax error forces the scanner split.
	good := "-- a\nCREATE TABLE t (a int);\nSELECT ';' ; /* x */ DROP INDEX CONCURRENTLY i;\nDO $$ BEGIN PERFORM 1; END $$;\nselect 1 -- inner\n;"
	s1, e1 := Parse("m.sql", good)
	s2, e2 := Parse("m.sql", good+"\nnope;")
	if len(e1) != 0 || len(e2) != 1 {
		t.Fatalf("errors %v / %v", e1, e2)
	}
	if len(s1) != len(s2) {
		t.Fatalf("%d vs %d statements", len(s1), len(s2))
	}
	for i := range s1 {
		a, b := s1[i], s2[i]
		if a.Pos != b.Pos || a.End != b.End || a.Text != b.Text || a.Kind != b.Kind || a.Comment != b.Comment {
			t.Errorf("stmt %d differs: %+v vs %+v", i, a, b)
		}
	}
}

func TestParseBadTokenDoesNotLoseTheRest(t *testing.T) {
	// The scanner itself refuses "123abc" (Postgres 15+): only that
	// statement is lost.
	src := "ALTER TABLE a ADD COLUMN b int;\nSELECT 123abc FROM t;\nDROP TABLE z;\nCREATE TABLE \"\" (a int);\nSELECT 2;"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{
		{"AlterTableStmt", "ALTER TABLE a ADD COLUMN b int", 1, 1, ""},
		{"DropStmt", "DROP TABLE z", 3, 1, ""},
		{"SelectStmt", "SELECT 2", 5, 1, ""},
	})
	if len(errs) != 2 {
		t.Fatalf("got %v, want two errors", errs)
	}
	if e := errs[0]; e.Pos.Line != 2 || e.Pos.Col != 8 || !strings.HasPrefix(e.Msg, "trailing junk after numeric literal") {
		t.Errorf("got %v, want trailing junk at 2:8", e)
	}
	if e := errs[1]; e.Pos.Line != 4 || e.Pos.Col != 14 || !strings.HasPrefix(e.Msg, "zero-length delimited identifier") {
		t.Errorf("got %v, want zero-length identifier at 4:14", e)
	}
}

func TestParseByteOrderMark(t *testing.T) {
	src := "\uFEFFCREATE TABLE t (a int);"
	stmts, errs := Parse("m.sql", src)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors %v", errs)
	}
	checkStmts(t, src, stmts, []want{{"CreateStmt", "CREATE TABLE t (a int)", 1, 4, ""}})
}

func TestParseCopyFromStdinData(t *testing.T) {
	src := "COPY public.users (id, name) FROM stdin;\n1\talice; drop\n2\tbob\n\\.\nSELECT 1;\ncopy t from STDIN with (format csv);\na,b\n"
	stmts, errs := Parse("m.sql", src)
	if len(errs) != 0 {
		t.Fatalf("unexpected errors %v", errs)
	}
	checkStmts(t, src, stmts, []want{
		{"CopyStmt", "COPY public.users (id, name) FROM stdin", 1, 1, ""},
		{"SelectStmt", "SELECT 1", 5, 1, ""},
		{"CopyStmt", "copy t from STDIN with (format csv)", 6, 1, ""},
	})
}

func TestParseParallelMatchesSerial(t *testing.T) {
	t.Run("clean", func(t *testing.T) { testParallelMatchesSerial(t, corpus(parallelMin*3, false), 0) })
	// Errors in several parts, one of them an unterminated string in the
	// last part: only the failed parts go through the scanner split.
	bad := corpus(parallelMin*3, true) + "SELECT 1;\nUPDATE t SET a = 'oops;\nSELECT 2;"
	t.Run("errors", func(t *testing.T) {
		testParallelMatchesSerial(t, bad, 1+strings.Count(bad, "ALTER TABLE oops DROP COLUMN;"))
	})
}

func testParallelMatchesSerial(t *testing.T, src string, nerrs int) {
	prev := runtime.GOMAXPROCS(1)
	serial, serr := Parse("m.sql", src)
	runtime.GOMAXPROCS(max(prev, 3))
	par, perr := Parse("m.sql", src)
	runtime.GOMAXPROCS(prev)
	if len(serr) != nerrs || !reflect.DeepEqual(serr, perr) {
		t.Fatalf("errors %v / %v, want %d", serr, perr, nerrs)
	}
	if cuts := chunkCuts(src, 3); len(cuts) != 3 {
		t.Fatalf("cut into %d parts, want 3", len(cuts))
	}
	if len(serial) != len(par) || len(serial) < 1000 {
		t.Fatalf("%d serial vs %d parallel statements", len(serial), len(par))
	}
	for i := range serial {
		if !reflect.DeepEqual(serial[i], par[i]) {
			t.Fatalf("statement %d differs:\n%s", i, diff(par[i], serial[i]))
		}
	}
}

func TestParseRuleWithSeveralActions(t *testing.T) {
	rule := "CREATE RULE log AS ON UPDATE TO t DO ALSO (INSERT INTO l VALUES (1); INSERT INTO l VALUES (2))"
	src := rule + ";\nbad bad;\nSELECT 1;"
	stmts, errs := Parse("m.sql", src)
	checkStmts(t, src, stmts, []want{
		{"RuleStmt", rule, 1, 1, ""},
		{"SelectStmt", "SELECT 1", 3, 1, ""},
	})
	if len(errs) != 1 || errs[0].Pos.Line != 2 {
		t.Fatalf("got %v, want one error on line 2", errs)
	}
}
