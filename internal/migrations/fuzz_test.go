package migrations

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSplitSections checks, for every format, that splitting and parsing a
// file never panics, that every statement starts and ends inside the file,
// on a line of its own part, and that up and down parts never share a line.
func FuzzSplitSections(f *testing.F) {
	seeds := []string{
		"-- +goose Up\nCREATE TABLE t (id int);\n-- +goose Down\nDROP TABLE t;\n",
		"-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;\n-- +goose StatementEnd\n",
		"-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (a);\n",
		"-- +migrate Up notransaction\nSELECT 1;\n-- +migrate Down\nSELECT 2;",
		"-- migrate:up transaction:false\nSELECT 1;\n\n-- migrate:down\nSELECT 2;\n",
		"create table p (id int);\n---- create above / drop below ----\ndrop table p;\n",
		"BEGIN;\nALTER TABLE t ADD COLUMN a int;\nCOMMIT;\n",
		"SELECT 'unterminated\n-- +goose Down\n",
		"-- rbcheck:ignore a reason\nDROP TABLE t; -- rbcheck:ignore b why\n/* rbcheck:roll-forward-only x */",
		"$$ -- +goose Up $$;\n-- +goose Down\n",
		"\xff\xfe-- +goose Up\nSELECT 1;",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			return
		}
		for _, tool := range tools {
			format := tool.Format
			sp := splitSections(tool, src)
			nl := strings.Count(src, "\n") + 1
			if len(sp.up.lines) != nl || len(sp.down.lines) != nl {
				t.Fatalf("%s: line masks %d/%d for %d lines", format, len(sp.up.lines), len(sp.down.lines), nl)
			}
			for i := range sp.up.lines {
				if sp.up.lines[i] && sp.down.lines[i] {
					t.Fatalf("%s: line %d is in both parts", format, i+1)
				}
			}
			for _, p := range []part{sp.up, sp.down} {
				if !p.present {
					continue
				}
				sec := loadSection("f.sql", src, p)
				masked := maskText(src, p.lines)
				if len(masked) != len(src) {
					t.Fatalf("%s: masking changed the length", format)
				}
				for _, st := range sec.Stmts {
					if st.Pos.Offset < 0 || st.Pos.Offset >= len(src) || st.End.Offset > len(src) || st.End.Offset < st.Pos.Offset {
						t.Fatalf("%s: statement %q at %d..%d outside the file (%d bytes)", format, st.Text, st.Pos.Offset, st.End.Offset, len(src))
					}
					if st.Pos.Line < 1 || st.Pos.Line > nl || !p.lines[st.Pos.Line-1] {
						t.Fatalf("%s: statement %q starts on line %d, not in its part", format, st.Text, st.Pos.Line)
					}
					if utf8.ValidString(src) && !strings.HasPrefix(src[st.Pos.Offset:], firstWord(st.Text)) {
						t.Fatalf("%s: statement %q does not start at offset %d: %q", format, st.Text, st.Pos.Offset, src[st.Pos.Offset:min(len(src), st.Pos.Offset+20)])
					}
				}
			}
		}
		// Directives never panic and always point into the file.
		ds, errs := parseDirectives("f.sql", src, nil)
		for _, d := range ds {
			if d.Pos.Offset < 0 || d.Pos.Offset > len(src) {
				t.Fatalf("directive outside the file: %+v", d)
			}
		}
		for _, e := range errs {
			if e.Pos.Offset < 0 || e.Pos.Offset > len(src) || e.Msg == "" {
				t.Fatalf("directive error outside the file: %+v", e)
			}
		}
		_ = normalizeSQL(src)
	})
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t\r\n(;"); i > 0 {
		return s[:i]
	}
	return s
}
