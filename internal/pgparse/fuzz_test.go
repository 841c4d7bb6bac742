package pgparse

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	benchcorpus "github.com/rbcheck/rbcheck/bench/lint/corpus"
)

// FuzzParse checks that Parse never panics and that every statement and
// error points inside the source, with Text the source between Pos and End.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE t (a int PRIMARY KEY, b text DEFAULT 'x;y' NOT NULL);\nALTER TABLE t ADD COLUMN c int, DROP COLUMN b;",
		"-- c\nSELECT 1; /* x */ SELECT $$;$$;",
		"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END; oops;",
		"SELECT 'unterminated; DROP TABLE x;",
		"SELECT 1; /* unterminated",
		"\\set x 1\nSELECT :x;\n\\i f.sql",
		"select E'\\'';;select\r\n1",
		"caf\xe9\x00;",
		"ALTER TYPE mood ADD VALUE 'x'; DROP INDEX CONCURRENTLY i; VACUUM FULL t; SET LOCAL lock_timeout = '1s';",
		"DO $body$ BEGIN RAISE NOTICE ';'; END $body$; garbage garbage;",
		"CREATE INDEX ON t (lower(a)) WHERE b; REINDEX INDEX CONCURRENTLY i; TRUNCATE a CASCADE;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		// Parsing in parts (forced here for small inputs) and at once give
		// the same result.
		defer func(m int) { parallelMin = m }(parallelMin)
		parallelMin = 1 << 40
		stmts, errs := Parse("f.sql", src)
		if runtime.GOMAXPROCS(0) > 1 {
			parallelMin = 8
			pstmts, perrs := Parse("f.sql", src)
			if !reflect.DeepEqual(stmts, pstmts) || !reflect.DeepEqual(errs, perrs) {
				t.Fatalf("parts and whole differ:\n%s\n%s", diff(pstmts, stmts), diff(perrs, errs))
			}
		}
		// After an error, the statements parsed one by one in one call
		// into C (parsePieces) and ranges parsed a chunk at a time
		// (parseRange, forced to chunk here for small inputs) give the
		// same result too.
		defer func(c int, p bool) { rangeChunk, piecesAtOnce = c, p }(rangeChunk, piecesAtOnce)
		rangeChunk, piecesAtOnce = 16, false
		cstmts, cerrs := Parse("f.sql", src)
		if !reflect.DeepEqual(stmts, cstmts) || !reflect.DeepEqual(errs, cerrs) {
			t.Fatalf("chunked ranges and statements one by one differ:\n%s\n%s", diff(cstmts, stmts), diff(cerrs, errs))
		}
		prev := 0
		for _, s := range stmts {
			if s.Pos.Offset < prev || s.End.Offset < s.Pos.Offset || s.End.Offset > len(src) {
				t.Fatalf("statement extent %d..%d (previous end %d) in %d bytes", s.Pos.Offset, s.End.Offset, prev, len(src))
			}
			prev = s.End.Offset
			if len(s.Text) != s.End.Offset-s.Pos.Offset {
				t.Fatalf("text %q does not span %d..%d", s.Text, s.Pos.Offset, s.End.Offset)
			}
			// Text is the source with invalid bytes replaced, so compare
			// only where the source is clean.
			if orig := src[s.Pos.Offset:s.End.Offset]; !strings.ContainsAny(orig, "\x00\\") && validUTF8(orig) && orig != s.Text {
				t.Fatalf("text %q is not the source %q", s.Text, orig)
			}
			if s.Node == nil || s.Kind == "" {
				t.Fatalf("statement %q without node or kind", s.Text)
			}
			if strings.TrimSpace(s.Text) == "" || strings.HasSuffix(s.Text, ";") {
				t.Fatalf("bad statement text %q", s.Text)
			}
			if l := 1 + strings.Count(src[:s.Pos.Offset], "\n"); l != s.Pos.Line {
				t.Fatalf("line %d, want %d", s.Pos.Line, l)
			}
		}
		for _, e := range errs {
			if e.Pos.Offset < 0 || e.Pos.Offset > len(src) || e.Msg == "" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("bad error %+v", e)
			}
		}
	})
}

func validUTF8(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// TestRangeChunkAlike: after a syntax error the rest of a file is parsed
// a chunk at a time (rangeChunk); with tiny chunks the lint benchmark's
// generated corpus (a syntax error every 150 statements or so), its
// hostile corpus, every rule fixture, and PostgreSQL's regression SQL when
// RBCHECK_PG_REGRESS names it, parse as they do with one chunk.
func TestRangeChunkAlike(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := benchcorpus.Realistic(dir, 1, 200<<10); err != nil {
		t.Fatal(err)
	}
	for _, h := range benchcorpus.Hostile(16 << 10) {
		if err := os.WriteFile(filepath.Join(dir, h.Name), h.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	fixtures, _ := filepath.Glob(filepath.Join("..", "..", "rules", "testdata", "*", "*.sql"))
	files = append(files, fixtures...)
	if dir := os.Getenv("RBCHECK_PG_REGRESS"); dir != "" {
		more, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
		files = append(files, more...)
	}
	if len(files) < 100 {
		t.Fatalf("only %d files", len(files))
	}
	defer func(c int) { rangeChunk = c }(rangeChunk)
	withErrors := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rangeChunk = 1 << 40
		stmts, errs := Parse(f, string(data))
		if len(errs) > 0 {
			withErrors++
		}
		rangeChunk = 64
		cstmts, cerrs := Parse(f, string(data))
		if !reflect.DeepEqual(stmts, cstmts) || !reflect.DeepEqual(errs, cerrs) {
			t.Errorf("%s: chunked ranges and whole differ:\n%s\n%s", f, diff(cstmts, stmts), diff(cerrs, errs))
		}
	}
	if withErrors < 10 {
		t.Errorf("only %d files with syntax errors: the chunks were hardly used", withErrors)
	}
}
