package rules

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-table",
		Title:      "Renaming a table breaks code that uses the old name",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Every query of the previous release that names the table fails with " +
			"`relation \"…\" does not exist` as soon as the rename commits, during the deploy and " +
			"after a rollback. The rule stays quiet when a later statement of the same migration puts " +
			"something back under the old name: a compatibility view, a new table, or another table " +
			"renamed to it (the table swap).",
		Bad: `ALTER TABLE customers RENAME TO accounts;`,
		Good: `ALTER TABLE customers RENAME TO accounts;` + "\n" +
			`CREATE VIEW customers AS SELECT * FROM accounts; -- old code keeps working through the view` + "\n" +
			`-- a later release, once nothing uses "customers", drops the view`,
		Fix: []string{
			"Rename the table and, in the same transaction, create a view with the old name (`CREATE VIEW old AS SELECT * FROM new`): simple views are updatable, so old reads and writes keep working.",
			"Release code that uses only the new name.",
			"Drop the compatibility view in a later release.",
		},
		Breaks:  []Break{{Change: change.TableRenamed, Cause: []catalog.Op{catalog.OpRename}, Uses: []Use{UseRelation}, Why: bcRelationWhy}},
		Default: true,
		Check:   checkRenameTable,
		Nodes:   []sqlast.Node{(*sqlast.Rename)(nil)},
	})
}

func checkRenameTable(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Rename)
	if !ok || (r.ObjType != sqlast.ObjTable && r.ObjType != sqlast.ObjForeignTable) {
		return
	}
	if c.NewTable(r.Object) {
		return
	}
	if bcCompatView(c, r.Object) {
		return
	}
	obj := c.TableObj(r.Object)
	obj.NewName = r.NewName
	c.Report(c.Stmt.Pos, obj,
		"renaming table "+bcQ(r.Object.String())+" to "+bcQ(r.NewName)+" breaks code that still uses the old name",
		"create a view with the old name over the renamed table in the same migration, then drop it in a later release")
}

// bcCompatView reports whether a later statement of the same file puts
// something back under the old name: a compatibility view over the renamed
// object (Atlas skips BC101 in that case too), a new table, or another
// table renamed to it (the table swap pattern).
func bcCompatView(c *Context, old sqlast.Name) bool {
	same := func(n sqlast.Name) bool {
		return n.Name == old.Name && (old.Schema == "" || n.Schema == "" || n.Schema == old.Schema)
	}
	fi, next := later(c, old.Name)
	for _, k := range next {
		switch n := fi.all[k].Node.(type) {
		case *sqlast.CreateView:
			if !n.Materialized && same(n.Name) {
				return true
			}
		case *sqlast.CreateTable:
			if same(n.Table) {
				return true
			}
		case *sqlast.Rename:
			if (n.ObjType == sqlast.ObjTable || n.ObjType == sqlast.ObjView) && n.NewName == old.Name {
				return true
			}
		}
	}
	return false
}
