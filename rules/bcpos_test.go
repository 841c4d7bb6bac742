package rules

import (
	"testing"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func TestNamePositions(t *testing.T) {
	st := &sqlast.Stmt{
		Pos:  sqlast.Pos{Line: 3, Col: 5, Offset: 40},
		Text: "DROP TABLE IF EXISTS \"table\", audit,\n  app.audit, x.\"Audit\"",
	}
	b := bcNamesOf(st)
	cases := []struct {
		n              sqlast.Name
		line, col, off int
	}{
		{sqlast.Name{Name: "table"}, 3, 26, 61},
		{sqlast.Name{Name: "audit"}, 3, 35, 70},
		{sqlast.Name{Schema: "app", Name: "audit"}, 4, 3, 79},
		{sqlast.Name{Schema: "x", Name: "Audit"}, 4, 14, 90},
		{sqlast.Name{Name: "missing"}, 3, 5, 40},
	}
	for _, c := range cases {
		p := b.pos(c.n)
		if p.Line != c.line || p.Col != c.col || p.Offset != c.off {
			t.Errorf("%s at %d:%d (offset %d), want %d:%d (offset %d)", c.n, p.Line, p.Col, p.Offset, c.line, c.col, c.off)
		}
	}
}
