package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "require-table-schema",
		Title:      "Qualify table names with their schema",
		Effect:     NoEffect,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "An unqualified table name is resolved through the session's `search_path`, which the " +
			"migration runner, a connection pooler or a role setting may change: the same migration " +
			"then creates or alters a table in another schema than the one the application reads. " +
			"Projects that keep several schemas (or run migrations as a role with its own " +
			"search_path) write every name as `schema.table`. Opt-in, like squawk's rule of the same " +
			"name: a single-schema project loses nothing by relying on `public`. A file that sets " +
			"`search_path` itself is still flagged, since a pooler may reset it between statements.",
		Bad:  "CREATE TABLE invoices (id bigint PRIMARY KEY);",
		Good: "CREATE TABLE billing.invoices (id bigint PRIMARY KEY);",
		Fix: []string{
			"Write the schema before every table name: `billing.invoices`, `public.users`.",
		},
		Default: false,
		Check:   checkRequireTableSchema,
		Nodes:   []sqlast.Node{(*sqlast.CreateTable)(nil), (*sqlast.AlterTable)(nil), (*sqlast.CreateIndex)(nil), (*sqlast.Drop)(nil), (*sqlast.Truncate)(nil)},
	})
}

func checkRequireTableSchema(c *Context) {
	report := func(n sqlast.Name, what string) {
		if n.Name == "" || n.Schema != "" {
			return
		}
		c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjTable, Table: n.Name},
			what+" names table "+lkQ(n.Name)+" without its schema; the table it means depends on the session's search_path",
			"write the table name with its schema, e.g. public."+n.Name)
	}
	switch n := c.Stmt.Node.(type) {
	case *sqlast.CreateTable:
		if !n.Temp {
			report(n.Table, "create table")
		}
	case *sqlast.AlterTable:
		if n.ObjType == sqlast.ObjTable || n.ObjType == "" {
			report(n.Table, "alter table")
		}
	case *sqlast.CreateIndex:
		report(n.Table, "create index")
	case *sqlast.Drop:
		if n.ObjType == sqlast.ObjTable {
			for _, t := range n.Objects {
				report(t, "drop table")
			}
		}
	case *sqlast.Truncate:
		for _, t := range n.Tables {
			report(t, "truncate")
		}
	}
}
