package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-sequence",
		Title:      "Renaming a sequence breaks code that calls nextval on it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Column defaults follow the rename (`nextval('seq'::regclass)` stores the OID), but old " +
			"code that calls `nextval('old_name')`, `currval` or `setval` with the name as text fails " +
			"with `relation \"…\" does not exist`.",
		Bad:  `ALTER SEQUENCE invoice_seq RENAME TO invoice_number_seq;`,
		Good: `-- release N stops calling nextval('invoice_seq') (the column default does it); then:` + "\n" + `-- rbcheck:ignore rename-sequence no code names invoice_seq since release N` + "\n" + `ALTER SEQUENCE invoice_seq RENAME TO invoice_number_seq;`,
		Fix: []string{
			"Release code that does not name the sequence (let the column default call nextval).",
			"Rename the sequence in a later release.",
		},
		Breaks: []Break{{
			Change: change.SequenceRenamed, Uses: []Use{UseSequence},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code calls nextval, currval or setval on sequence %q, which is renamed to %q", ch.Object.Name, ch.NewName)
			},
		}},
		Default: true,
		Check:   checkRenameSequence,
		Nodes:   []sqlast.Node{(*sqlast.Rename)(nil)},
	})
}

func checkRenameSequence(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Rename)
	if !ok || r.ObjType != sqlast.ObjSequence {
		return
	}
	if c.Catalog != nil && c.NewObject(c.Catalog.Sequences, r.Object) {
		return
	}
	c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjSequence, Schema: r.Object.Schema, Name: r.Object.Name, NewName: r.NewName},
		"renaming sequence "+bcQ(r.Object.String())+" to "+bcQ(r.NewName)+" breaks code that still names it",
		"stop naming the sequence in code in one release, then rename it in a later release")
}
