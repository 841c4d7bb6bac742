package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-schema",
		Title:      "Dropping a schema breaks code that uses anything in it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Every table, view, type and function in the schema goes with it (with CASCADE) or the " +
			"drop fails (without). Old code that queries any of them fails, and their data is gone.",
		Bad:  `DROP SCHEMA reporting CASCADE;`,
		Good: `-- release N stops using every object in "reporting"; a later release drops it:` + "\n" + `-- rbcheck:ignore drop-schema unused since release N` + "\n" + `DROP SCHEMA reporting CASCADE;`,
		Fix: []string{
			"Release code that no longer uses any object in the schema.",
			"Archive what may be needed, then drop the schema in a later release.",
		},
		Breaks: []Break{{
			Change: change.SchemaDropped, Uses: []Use{UseSchema},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code queries objects in schema %q, which no longer exists", ch.Object.Name)
			},
		}},
		Default: true,
		Check:   checkDropSchema,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkDropSchema(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || d.ObjType != sqlast.ObjSchema {
		return
	}
	names := bcNamesOf(c.Stmt)
	for _, n := range d.Objects {
		name := n.Name
		pos := names.pos(sqlast.Name{Name: name})
		if n.Schema != "" && name == "" {
			name = n.Schema
		}
		if bcNewSchema(c, name) {
			continue
		}
		msg := "dropping schema " + bcQ(name) + " breaks code that uses any object in it"
		if d.Cascade {
			msg += ", and cascade deletes every table in it with its data"
		}
		c.Report(pos, Object{Type: sqlast.ObjSchema, Schema: name, Name: name}, msg,
			"stop using the schema's objects in one release, then drop it in a later release")
	}
}

// bcNewSchema reports whether the checked migrations created the schema.
func bcNewSchema(c *Context, name string) bool {
	if c.Catalog == nil || c.Catalog.Schemas == nil {
		return false
	}
	o, ok := c.Catalog.Schemas[name]
	return ok && o == catalog.New
}
