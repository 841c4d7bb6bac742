package migrations

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// fillCommentsByLines is fillComments as it was, on the text split into
// lines: the reference the line walk must agree with.
func fillCommentsByLines(s *Section, src string) {
	lines := splitLines(src)
	for _, st := range s.Stmts {
		if st.Comment != "" || st.Pos.Line < 2 || st.Pos.Line > len(lines)+1 {
			continue
		}
		var got []string
		for l := st.Pos.Line - 2; l >= 0; l-- {
			t := strings.TrimSpace(lines[l])
			if !strings.HasPrefix(t, "--") {
				break
			}
			got = append(got, t)
		}
		slices.Reverse(got)
		st.Comment = strings.Join(got, "\n")
	}
}

// randomLines is a text of random lines: comments, SQL, psql
// meta-commands, blanks, CRLF endings, a byte order mark now and then.
func randomLines(r *rand.Rand) string {
	pieces := []string{"-- a comment", "  -- indented", "select 1;", "\\set x 1", "\\", "", "   ", "--", "create table t (id int);\r", "-- crlf\r", "\\echo hi", "x"}
	var b strings.Builder
	if r.Intn(8) == 0 {
		b.WriteString(bom)
	}
	n := r.Intn(12)
	for i := 0; i < n; i++ {
		b.WriteString(pieces[r.Intn(len(pieces))])
		if i < n-1 || r.Intn(2) == 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestFillCommentsWalk: the line walk finds the same comments as the split
// lines did, for statements on any line (in order, out of order, past the
// end), with or without a comment already.
func TestFillCommentsWalk(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		src := randomLines(r)
		nl := countLines(src)
		var a, b Section
		for k := r.Intn(6); k > 0; k-- {
			line := r.Intn(nl+4) - 1
			comment := ""
			if r.Intn(5) == 0 {
				comment = "-- kept"
			}
			a.Stmts = append(a.Stmts, &sqlast.Stmt{Pos: sqlast.Pos{Line: line}, Comment: comment})
			b.Stmts = append(b.Stmts, &sqlast.Stmt{Pos: sqlast.Pos{Line: line}, Comment: comment})
		}
		fillComments(&a, src)
		fillCommentsByLines(&b, src)
		for k := range a.Stmts {
			if a.Stmts[k].Comment != b.Stmts[k].Comment {
				t.Fatalf("%q, statement on line %d: comment %q, want %q", src, a.Stmts[k].Pos.Line, a.Stmts[k].Comment, b.Stmts[k].Comment)
			}
		}
	}
}

// TestSplitPlainLines: splitPlain keeps the same lines as a split into
// lines (init) would, and sizes both parts to the lines.
func TestSplitPlainLines(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for i := 0; i < 20000; i++ {
		src := randomLines(r)
		var want splitResult
		for k, l := range want.init(src) {
			want.up.lines[k] = !psqlMetaCommand(l)
		}
		got := splitPlain(src)
		if !slices.Equal(got.up.lines, want.up.lines) || len(got.down.lines) != len(want.down.lines) {
			t.Fatalf("%q: up %v (down %d lines), want %v (%d)", src, got.up.lines, len(got.down.lines), want.up.lines, len(want.down.lines))
		}
	}
}
