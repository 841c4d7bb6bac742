package rules

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-type",
		Title:      "Renaming a type, enum or domain breaks code that names it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Columns follow the rename (they refer to the type by OID), but old code that names the " +
			"type does not: casts such as `$1::order_status`, `CREATE TEMP TABLE … (s order_status)` " +
			"and functions whose bodies name it fail with `type \"…\" does not exist`.",
		Bad:  `ALTER TYPE order_status RENAME TO order_state;`,
		Good: `-- release N stops naming order_status in queries (no casts); then:` + "\n" + `-- rbcheck:ignore rename-type no query names order_status since release N` + "\n" + `ALTER TYPE order_status RENAME TO order_state;`,
		Fix: []string{
			"Release code that does not name the type in SQL (drop explicit casts, let parameters be inferred).",
			"Rename the type in a later release.",
		},
		Breaks:  []Break{{Change: change.TypeRenamed}},
		Default: true,
		Check:   checkRenameType,
		Nodes:   []sqlast.Node{(*sqlast.Rename)(nil)},
	})
}

func checkRenameType(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Rename)
	if !ok || (r.ObjType != sqlast.ObjType_ && r.ObjType != sqlast.ObjDomain) {
		return
	}
	kind := "type"
	if r.ObjType == sqlast.ObjDomain {
		kind = "domain"
	}
	e := c.Enum(r.Object)
	if e != nil {
		if e.Origin == catalog.New {
			return
		}
		kind = "enum"
	}
	if c.Catalog != nil && c.NewObject(c.Catalog.Types, r.Object) || bcCreatedInFile(c, r.Object) {
		return
	}
	c.Report(c.Stmt.Pos, Object{Type: r.ObjType, Schema: r.Object.Schema, Name: r.Object.Name, NewName: r.NewName},
		"renaming "+kind+" "+bcQ(r.Object.String())+" to "+bcQ(r.NewName)+" breaks code that still names it",
		"stop naming the "+kind+" in queries in one release, then rename it in a later release")
}
