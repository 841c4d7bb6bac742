package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// bcNames finds the positions of object names in a statement's text, so a
// finding about one of several objects (DROP TABLE a, b) points at its
// name. The parser does not give these positions; the statement text does.
type bcNames struct {
	st   *sqlast.Stmt
	toks []bcTok
	next int // token index to search from: names are found in order
}

func bcNamesOf(st *sqlast.Stmt) *bcNames {
	b := &bcNames{st: st, toks: bcTokens(st.Text)}
	// Skip the statement's leading keywords (DROP MATERIALIZED VIEW IF
	// EXISTS, TRUNCATE TABLE ONLY …) so a name like "table" is not found in
	// them.
	for b.next < len(b.toks) && !b.toks[b.next].quoted && bcLeadWord(strings.ToLower(b.toks[b.next].s)) {
		b.next++
	}
	return b
}

// after moves the search past the first unquoted keyword w (e.g.
// "rename"), and reports whether there was one.
func (b *bcNames) after(w string) bool {
	for i := b.next; i < len(b.toks); i++ {
		if !b.toks[i].quoted && strings.EqualFold(b.toks[i].s, w) {
			b.next = i + 1
			return true
		}
	}
	return false
}

func bcLeadWord(w string) bool {
	switch w {
	case "drop", "truncate", "table", "foreign", "view", "materialized", "index", "concurrently", "if", "exists",
		"function", "procedure", "routine", "aggregate", "sequence", "type", "domain", "schema", "extension",
		"trigger", "only":
		return true
	}
	return false
}

// pos returns the position of name n (schema-qualified when written so),
// searching after the previous name found; the statement's position when
// it is not found.
func (b *bcNames) pos(n sqlast.Name) sqlast.Pos {
	t := b.toks
	for i := b.next; i < len(t); i++ {
		if n.Schema != "" && i+2 < len(t) && t[i].ident() == n.Schema && t[i+1].s == "." && t[i+2].ident() == n.Name {
			b.next = i + 3
			return bcPosAt(b.st, t[i].off)
		}
		if t[i].ident() == n.Name && (i == 0 || t[i-1].s != ".") && (i+1 >= len(t) || t[i+1].s != ".") {
			b.next = i + 1
			return bcPosAt(b.st, t[i].off)
		}
	}
	return b.st.Pos
}

// bcPosAt converts a byte offset in st.Text to a file position.
func bcPosAt(st *sqlast.Stmt, off int) sqlast.Pos {
	p := st.Pos
	if off <= 0 || off > len(st.Text) || p.Line == 0 {
		return p
	}
	prefix := st.Text[:off]
	p.Offset += off
	if nl := strings.LastIndexByte(prefix, '\n'); nl >= 0 {
		p.Line += strings.Count(prefix, "\n")
		p.Col = off - nl
	} else {
		p.Col += off
	}
	return p
}
