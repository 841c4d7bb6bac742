package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-function",
		Title:      "Renaming a function or procedure breaks code that calls it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Old code that calls the function by its old name fails with `function … does not " +
			"exist`. Triggers and defaults follow the rename (they refer to it by OID); SQL text in " +
			"the application and in other function bodies does not.",
		Bad: `ALTER FUNCTION order_total(bigint) RENAME TO order_sum;`,
		Good: `CREATE FUNCTION order_sum(bigint) RETURNS numeric LANGUAGE sql AS $$ SELECT order_total($1) $$;` + "\n" +
			`-- drop order_total in a release after nothing calls it`,
		Fix: []string{
			"Create the function under the new name (it may call the old one).",
			"Release code that calls the new name.",
			"Drop the old function in a later release.",
		},
		Breaks: []Break{{
			Change: change.FunctionRenamed, Uses: []Use{UseFunctionCall},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code calls function %q, which is renamed to %q", ch.Object.Name, ch.NewName)
			},
		}},
		Default: true,
		Check:   checkRenameFunction,
		Nodes:   []sqlast.Node{(*sqlast.Rename)(nil)},
	})
}

func checkRenameFunction(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Rename)
	if !ok || (r.ObjType != sqlast.ObjFunction && r.ObjType != sqlast.ObjProcedure) {
		return
	}
	if c.Catalog != nil && c.NewObject(c.Catalog.Functions, r.Object) {
		return
	}
	kind := "function"
	if r.ObjType == sqlast.ObjProcedure {
		kind = "procedure"
	}
	c.Report(c.Stmt.Pos, Object{Type: r.ObjType, Schema: r.Object.Schema, Name: r.Object.Name, NewName: r.NewName},
		"renaming "+kind+" "+bcQ(r.Object.String())+" to "+bcQ(r.NewName)+" breaks code that still calls it",
		"create the "+kind+" under the new name beside the old one, move the callers, then drop the old one in a later release")
}
