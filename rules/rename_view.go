package rules

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-view",
		Title:      "Renaming a view breaks code that queries the old name",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Queries of the previous release that use the view's old name fail with " +
			"`relation \"…\" does not exist` as soon as the rename commits.",
		Bad:  `ALTER VIEW active_users RENAME TO current_users;`,
		Good: `CREATE VIEW current_users AS SELECT * FROM active_users; -- or a copy of its query` + "\n" + `-- drop active_users in a release after the code moved to current_users`,
		Fix: []string{
			"Create the view under the new name next to the old one.",
			"Release code that uses the new name.",
			"Drop the old view in a later release.",
		},
		Breaks:  []Break{{Change: change.ViewRenamed, Cause: []catalog.Op{catalog.OpRename}, Uses: []Use{UseRelation}, Why: bcRelationWhy}},
		Default: true,
		Check:   checkRenameView,
		Nodes:   []sqlast.Node{(*sqlast.Rename)(nil)},
	})
}

func checkRenameView(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Rename)
	if !ok {
		return
	}
	isView := r.ObjType == sqlast.ObjView || r.ObjType == sqlast.ObjMatView
	if !isView || c.NewTable(r.Object) || bcCompatView(c, r.Object) {
		return
	}
	obj := c.TableObj(r.Object)
	obj.Type = r.ObjType
	obj.Name = r.Object.Name
	obj.NewName = r.NewName
	c.Report(c.Stmt.Pos, obj,
		"renaming view "+bcQ(r.Object.String())+" to "+bcQ(r.NewName)+" breaks code that still uses the old name",
		"create the view under the new name beside the old one, move the code, then drop the old view in a later release")
}
