package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-sequence",
		Title:      "Dropping a sequence breaks code and defaults that use it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Old code that calls `nextval('seq')` or `currval`, and column defaults that the old " +
			"INSERTs rely on, fail with `relation \"…\" does not exist`. A recreated sequence starts " +
			"again from its start value, so ids would collide after a rollback.",
		Bad:  `DROP SEQUENCE invoice_number_seq;`,
		Good: `-- release N stops calling nextval('invoice_number_seq'); a later release drops it:` + "\n" + `-- rbcheck:ignore drop-sequence unused since release N` + "\n" + `DROP SEQUENCE invoice_number_seq;`,
		Fix: []string{
			"Release code (and column defaults) that no longer use the sequence.",
			"Drop the sequence in a later release.",
		},
		Breaks: []Break{{
			Change: change.SequenceDropped, Uses: []Use{UseSequence},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code calls nextval, currval or setval on sequence %q, which no longer exists", ch.Object.Name)
			},
		}},
		Default: true,
		Check:   checkDropSequence,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkDropSequence(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || d.ObjType != sqlast.ObjSequence {
		return
	}
	names := bcNamesOf(c.Stmt)
	for _, n := range d.Objects {
		pos := names.pos(n)
		if c.Catalog != nil && c.NewObject(c.Catalog.Sequences, n) || bcRecreated(c, sqlast.ObjSequence, n) {
			continue
		}
		c.Report(pos, Object{Type: sqlast.ObjSequence, Schema: n.Schema, Name: n.Name},
			"dropping sequence "+bcQ(n.String())+" breaks code and column defaults that still use it",
			"stop using the sequence in one release, then drop it in a later release")
	}
}
