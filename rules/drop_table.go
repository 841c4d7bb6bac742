package rules

import (
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-table",
		Title:      "Dropping a table breaks code that still uses it and deletes its data",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Every query of the previous release that reads or writes the table fails with " +
			"`relation \"…\" does not exist`, and the rows are gone: recreating the table on " +
			"rollback gives the old code an empty table.",
		Bad: `DROP TABLE legacy_sessions;`,
		Good: `-- release N stops using legacy_sessions; a later release drops it:` + "\n" +
			`-- rbcheck:ignore drop-table unused since release N, data archived` + "\n" + `DROP TABLE legacy_sessions;`,
		Fix: []string{
			"Release code that no longer reads or writes the table.",
			"Archive the data if it may be needed (e.g. `CREATE TABLE … AS` in another schema, or a dump).",
			"Drop the table in a later release, once no rollback target uses it.",
		},
		Breaks:  []Break{{Change: change.TableDropped, Uses: []Use{UseRelation}, Why: bcRelationWhy}},
		Default: true,
		Check:   checkDropTable,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkDropTable(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || (d.ObjType != sqlast.ObjTable && d.ObjType != sqlast.ObjForeignTable) {
		return
	}
	names := bcNamesOf(c.Stmt)
	for _, n := range d.Objects {
		pos := names.pos(n)
		if c.NewTable(n) {
			continue
		}
		msg := "dropping table " + bcQ(n.String()) + " breaks code that still reads or writes it and deletes its rows"
		if d.Cascade {
			msg += ", and cascade drops the views and foreign keys that depend on it"
		}
		c.Report(pos, c.TableObj(n), msg,
			"stop using the table in one release, then drop it in a later release")
	}
}
