package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-schema",
		Title:      "Renaming a schema breaks code that qualifies names with it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Old code that writes `old_schema.table`, or whose search_path names the schema, stops " +
			"finding every object in it as soon as the rename commits.",
		Bad:  `ALTER SCHEMA reporting RENAME TO analytics;`,
		Good: `CREATE SCHEMA analytics; -- move objects one by one, keeping views in "reporting" until the code moved`,
		Fix: []string{
			"Create the new schema and move (or recreate) objects in it, leaving views under the old names.",
			"Release code that uses the new schema (and search_path).",
			"Drop the old schema in a later release.",
		},
		Breaks: []Break{{
			Change: change.SchemaRenamed, Uses: []Use{UseSchema},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code queries objects in schema %q, which is renamed to %q", ch.Object.Name, ch.NewName)
			},
		}},
		Default: true,
		Check:   checkRenameSchema,
		Nodes:   []sqlast.Node{(*sqlast.Rename)(nil)},
	})
}

func checkRenameSchema(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Rename)
	if !ok || r.ObjType != sqlast.ObjSchema {
		return
	}
	name := r.Object.Name
	if name == "" {
		name = r.Object.Schema
	}
	if bcNewSchema(c, name) {
		return
	}
	c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjSchema, Schema: name, Name: name, NewName: r.NewName},
		"renaming schema "+bcQ(name)+" to "+bcQ(r.NewName)+" breaks code that still uses the old name",
		"create the new schema and move objects while keeping the old names reachable, then drop the old schema in a later release")
}
