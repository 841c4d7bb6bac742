package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-function",
		Title:      "Dropping a function or procedure breaks code that calls it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Queries of the previous release that call the function, and triggers, defaults or " +
			"views that the old code relies on, fail with `function … does not exist`. Dropping a " +
			"function and creating it again under the same name in the same migration (to change its " +
			"signature or return type) does not fire; check that old callers match the new signature. " +
			"A function that returns `trigger` or `event_trigger` is not reported: no query can call it " +
			"(Postgres refuses the call), and Postgres refuses to drop one a trigger still uses unless " +
			"CASCADE drops the trigger with it.",
		Bad: `DROP FUNCTION order_total(bigint);`,
		Good: `CREATE OR REPLACE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$;` + "\n" +
			`-- replace the body in place; drop the function in a release after nothing calls it`,
		Fix: []string{
			"Release code that no longer calls the function (a changed signature is a new function: create it beside the old one).",
			"Drop the old function in a later release.",
		},
		Breaks: []Break{{
			Change: change.FunctionDropped, Uses: []Use{UseFunctionCall},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code calls function %q, which no longer exists", ch.Object.Name)
			},
		}},
		Default: true,
		Check:   checkDropFunction,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkDropFunction(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || (d.ObjType != sqlast.ObjFunction && d.ObjType != sqlast.ObjProcedure) {
		return
	}
	kind := "function"
	if d.ObjType == sqlast.ObjProcedure {
		kind = "procedure"
	}
	names := bcNamesOf(c.Stmt)
	for _, n := range d.Objects {
		pos := names.pos(n)
		if c.Catalog != nil && c.NewObject(c.Catalog.Functions, n) || bcRecreated(c, d.ObjType, n) {
			continue
		}
		if c.Catalog != nil {
			if fi, ok := c.Catalog.FunctionInfo(n); ok && fi.Trigger {
				continue // only a trigger calls it: no old code does
			}
		}
		c.Report(pos, Object{Type: d.ObjType, Schema: n.Schema, Name: n.Name},
			"dropping "+kind+" "+bcQ(n.String())+" breaks code that still calls it",
			"stop calling the "+kind+" in one release, then drop it in a later release")
	}
}
