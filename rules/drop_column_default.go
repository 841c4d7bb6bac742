package rules

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-column-default",
		Title:      "Dropping the default of a NOT NULL column breaks old inserts that omit it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Old INSERTs that leave a NOT NULL column out rely on its default. Without it they fail " +
			"with `null value in column \"…\" violates not-null constraint`. The rule fires when the " +
			"catalog knows the column is NOT NULL (from the baseline, earlier migrations, or a SET NOT " +
			"NULL in the same statement); without that knowledge it stays quiet.",
		Bad: `CREATE TABLE orders (id bigint, status text NOT NULL DEFAULT 'new');` + "\n" +
			`-- migration` + "\n" +
			`ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;`,
		Good: `-- release N: every INSERT names status` + "\n" +
			`-- release N+1, once no rollback target omits it:` + "\n" +
			`-- rbcheck:ignore drop-column-default all inserts name status since release N` + "\n" +
			`ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;`,
		Fix: []string{
			"Release code whose INSERTs always name the column.",
			"Drop the default in a later release, once no rollback target relies on it.",
		},
		Breaks: []Break{{
			Change: change.ColumnRequired, Uses: []Use{UseInsertOmits},
			Cause: []catalog.Op{catalog.OpDropDefault, catalog.OpDropIdentity},
			Why:   bcRequiredWhy,
		}},
		Default: true,
		Check:   checkDropColumnDefault,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkDropColumnDefault(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil {
		return
	}
	t := c.Table(a.Table)
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		if cmd.Kind != sqlast.DropDefault || cmd.Column == "" || c.NewTable(a.Table) {
			continue
		}
		col := t.Column(cmd.Column)
		notNull := col != nil && col.NotNull || bcSetNotNullHere(a, cmd.Column)
		if !notNull || (col != nil && (col.Identity || col.Default == nil)) {
			continue // nullable, or no default to drop
		}
		c.Report(cmd.Pos, c.ColumnObj(a.Table, cmd.Column),
			"dropping the default of not null column "+bcCol(a.Table, cmd.Column)+" breaks old inserts that omit it",
			"make every release name the column in its inserts, then drop the default in a later release")
	}
}

func bcSetNotNullHere(a *sqlast.AlterTable, col string) bool {
	for _, o := range a.Cmds {
		if o.Kind == sqlast.SetNotNull && o.Column == col {
			return true
		}
	}
	return false
}
