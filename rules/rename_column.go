package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-column",
		Title:      "Renaming a column breaks code that uses the old name",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "The rename is instant, but every query of the previous release that names the column " +
			"fails with `column \"…\" does not exist` the moment it commits: during the deploy, and " +
			"again after a rollback to the previous release.",
		Bad: `ALTER TABLE users RENAME COLUMN full_name TO display_name;`,
		Good: `ALTER TABLE users ADD COLUMN display_name text;` + "\n" +
			`-- the code writes both columns, a backfill copies full_name into display_name,` + "\n" +
			`-- reads move to display_name; a later release drops full_name`,
		Fix: []string{
			"Add the new column.",
			"Release code that writes both columns (or add a trigger that copies one into the other), and backfill the new column.",
			"Release code that reads only the new column.",
			"Release code that stops writing the old column, then drop it in a later release.",
		},
		Breaks: []Break{{
			Change: change.ColumnRenamed, Uses: []Use{UseColumn},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code uses %q by its old name: after the rename its queries fail with `column does not exist` (or read other data if a column of the old name is added back)", ch.Label())
			},
		}},
		Default: true,
		Check:   checkRenameColumn,
		Nodes:   []sqlast.Node{(*sqlast.Rename)(nil)},
	})
}

func checkRenameColumn(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Rename)
	if !ok || r.ObjType != sqlast.ObjColumn || r.Sub == "" {
		return
	}
	if c.NewColumn(r.Object, r.Sub) {
		return
	}
	obj := c.ColumnObj(r.Object, r.Sub)
	obj.NewName = r.NewName
	pos := c.Stmt.Pos
	if names := bcNamesOf(c.Stmt); names.after("rename") {
		names.after("column")
		pos = names.pos(sqlast.Name{Name: r.Sub})
	}
	c.Report(pos, obj,
		"renaming column "+bcCol(r.Object, r.Sub)+" to "+bcQ(r.NewName)+" breaks code that still uses the old name",
		"add the new column, write both, backfill, move reads, then drop the old column in a later release")
}
