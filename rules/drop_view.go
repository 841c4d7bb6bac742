package rules

import (
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-view",
		Title:      "Dropping a view breaks code that still queries it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Queries of the previous release that read the view (or write through it) fail with " +
			"`relation \"…\" does not exist`. Materialized views also lose their computed rows, " +
			"which a rollback has to wait for a full refresh to get back. Dropping a view and creating " +
			"it again under the same name in the same migration (to change its columns) does not fire.",
		Bad: `DROP VIEW active_users;`,
		Good: `CREATE OR REPLACE VIEW active_users AS SELECT id, email FROM users WHERE deleted_at IS NULL;` + "\n" +
			`-- change the view in place; drop it only in a release after the code stopped using it`,
		Fix: []string{
			"Release code that no longer queries the view.",
			"Drop the view in a later release (to change its definition, use CREATE OR REPLACE VIEW, which keeps existing columns).",
		},
		Breaks:  []Break{{Change: change.ViewDropped, Uses: []Use{UseRelation}, Why: bcRelationWhy}},
		Default: true,
		Check:   checkDropView,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkDropView(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || (d.ObjType != sqlast.ObjView && d.ObjType != sqlast.ObjMatView) {
		return
	}
	names := bcNamesOf(c.Stmt)
	for _, n := range d.Objects {
		pos := names.pos(n)
		if c.NewTable(n) || bcRecreated(c, d.ObjType, n) {
			continue
		}
		kind := "view"
		if d.ObjType == sqlast.ObjMatView {
			kind = "materialized view"
		}
		obj := c.TableObj(n)
		obj.Type = d.ObjType
		obj.Name = n.Name
		c.Report(pos, obj,
			"dropping "+kind+" "+bcQ(n.String())+" breaks code that still queries it",
			"stop using the "+kind+" in one release, then drop it in a later release")
	}
}
