package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "json-column",
		Title:      "Prefer jsonb over json",
		Effect:     NoEffect,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "A `json` column stores the text as given and re-parses it on every access; it has no " +
			"equality operator, so `SELECT DISTINCT`, `GROUP BY`, `UNION` and unique indexes on it fail, " +
			"and it cannot be indexed with GIN. `jsonb` stores a parsed binary form, supports " +
			"containment operators and GIN indexes. Changing the type later (`json` → `jsonb`) " +
			"rewrites the table under an ACCESS EXCLUSIVE lock, so choose `jsonb` when the column is " +
			"created. Keep `json` only when the exact text (key order, duplicate keys, whitespace) must " +
			"be preserved, and suppress the finding with that reason. On by default, unlike the other " +
			"type-style rules, because the choice is expensive to undo once the table has data. (eugene E3.)",
		Bad:  "ALTER TABLE events ADD COLUMN payload json;",
		Good: "ALTER TABLE events ADD COLUMN payload jsonb;",
		Fix: []string{
			"Declare the column `jsonb`.",
			"For an existing json column: add a jsonb column, backfill it in batches, switch reads and writes, drop the json column.",
		},
		Default: true,
		Check:   checkJSONColumn,
		Nodes:   lkColumnTypeNodes,
	})
}

func checkJSONColumn(c *Context) {
	for _, u := range lkColumnTypeUses(c) {
		if canonType(u.Type) != "json" || u.Type.Schema != "" && u.Type.Schema != "pg_catalog" {
			continue
		}
		c.Report(u.Pos, Object{Type: sqlast.ObjColumn, Schema: u.Table.Schema, Table: u.Table.Name, Column: u.Column},
			"column "+lkQ(u.Column)+" of "+lkQuote(u.Table)+" is json; it cannot be compared, grouped or GIN-indexed, and changing it to jsonb later rewrites the table",
			"declare the column jsonb")
	}
}
