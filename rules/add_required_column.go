package rules

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "add-required-column",
		Title:      "Adding a NOT NULL column without a default breaks old inserts",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "The previous release does not know the column, so its INSERTs do not name it and " +
			"fail with `null value in column \"…\" violates not-null constraint`. On a table that " +
			"already has rows the ALTER itself fails for the same reason.",
		Bad: `ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;`,
		Good: `ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;` + "\n" +
			`-- or: add it nullable, backfill, and set NOT NULL once no deployed release omits it`,
		Fix: []string{
			"Add the column with a DEFAULT (a constant default is instant since Postgres 11), or add it nullable.",
			"Release code that writes the column, and backfill existing rows.",
			"Once no rollback target omits it, drop the default or add the NOT NULL constraint (via a NOT VALID check, then VALIDATE).",
		},
		Breaks: []Break{{
			Change: change.ColumnRequired, Uses: []Use{UseInsertOmits},
			Cause: []catalog.Op{catalog.OpAddColumn, catalog.OpCreate, catalog.OpRename, catalog.OpSetSchema},
			Why:   bcRequiredWhy,
		}},
		Default: true,
		Check:   checkAddRequiredColumn,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkAddRequiredColumn(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil || c.NewTable(a.Table) {
		return
	}
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		if cmd.Kind != sqlast.AddColumn || cmd.Def == nil {
			continue
		}
		d := cmd.Def
		if !bcRequired(d) {
			continue
		}
		if cmd.IfNotExists && c.Column(a.Table, d.Name) != nil {
			continue // the column is already there: a no-op
		}
		c.Report(cmd.Pos, c.ColumnObj(a.Table, d.Name),
			"adding column "+bcCol(a.Table, d.Name)+" as not null without a default breaks old inserts that do not name it",
			"add the column with a default (or nullable), backfill, and require it in a later release")
	}
}

// bcRequired reports whether an INSERT that omits the column fails: NOT
// NULL (or PRIMARY KEY) and no default, identity, serial or generation.
func bcRequired(d *sqlast.ColumnDef) bool {
	notNull := d.NotNull
	for _, con := range d.Constraints {
		if con.Kind == sqlast.ConPrimaryKey || con.Kind == sqlast.ConNotNull {
			notNull = true
		}
	}
	if !notNull || d.Identity || d.Serial || d.Generated != nil {
		return false
	}
	return d.Default == nil || d.Default.Null
}
