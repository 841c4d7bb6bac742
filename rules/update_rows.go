package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "update-rows",
		Title:      "Updating rows in a migration cannot be undone by a rollback",
		Effect:     DataLoss,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "A data migration overwrites the old values; redeploying the previous release does not " +
			"restore them, and the previous release reads the new values (a rewritten status, a " +
			"normalised email) that it may not expect. Backfilling a column that only the new " +
			"release reads is safe and is a reason to ignore the finding.",
		Bad: `UPDATE orders SET status = 'cancelled' WHERE status = 'canceled';`,
		Good: `-- backfill a new column the old code does not read:` + "\n" +
			`-- rbcheck:ignore update-rows backfills display_name, added in this release` + "\n" +
			`UPDATE users SET display_name = full_name WHERE display_name IS NULL;`,
		Fix: []string{
			"Write the new values to a new column (or table) instead of overwriting the old ones.",
			"Release code that reads the new column.",
			"Drop the old column in a later release.",
		},
		Default: true,
		Check:   checkUpdateRows,
		Nodes:   []sqlast.Node{(*sqlast.Update)(nil)},
	})
}

func checkUpdateRows(c *Context) {
	u, ok := c.Stmt.Node.(*sqlast.Update)
	if !ok || c.NewTable(u.Table) {
		return
	}
	// Writing only columns the checked migrations added overwrites nothing
	// an old release has written or reads.
	allNew := len(u.Columns) > 0
	for _, col := range u.Columns {
		if !c.NewColumn(u.Table, col) {
			allNew = false
		}
	}
	if allNew {
		return
	}
	obj := c.TableObj(u.Table)
	obj.Columns = append([]string(nil), u.Columns...)
	if len(u.Columns) == 1 {
		obj.Type = sqlast.ObjColumn
		obj.Column = u.Columns[0]
	}
	cols := ""
	if len(u.Columns) > 0 {
		cols = " (" + strings.Join(u.Columns, ", ") + ")"
	}
	rows := "rows"
	if !u.HasWhere {
		rows = "every row"
	}
	c.Report(c.Stmt.Pos, obj,
		"updating "+rows+" of table "+bcQ(u.Table.String())+cols+" overwrites old values, which rolling back cannot restore",
		"write the new values to a new column and switch reads to it, keeping the old values until no rollback target needs them")
}
