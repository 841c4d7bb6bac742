package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "prefer-timestamptz",
		Title:      "Prefer timestamptz over timestamp",
		Effect:     NoEffect,
		Severity:   Info,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`timestamp` (without time zone) stores a wall-clock reading with no zone: the same " +
			"column read by sessions or services with different `TimeZone` settings, or written " +
			"around a daylight-saving change, silently gives different instants. `timestamptz` stores " +
			"an absolute instant (UTC) and converts on input and output. Converting later " +
			"(`timestamp` → `timestamptz`) rewrites the table unless the session time zone is UTC. " +
			"Some schemas deliberately store UTC in `timestamp` columns, so the rule reports at " +
			"severity info.",
		Bad:  "ALTER TABLE orders ADD COLUMN shipped_at timestamp;",
		Good: "ALTER TABLE orders ADD COLUMN shipped_at timestamptz;",
		Fix: []string{
			"Declare the column `timestamptz`.",
		},
		Default: true,
		Check:   checkPreferTimestamptz,
		Nodes:   lkColumnTypeNodes,
	})
}

func checkPreferTimestamptz(c *Context) {
	for _, u := range lkColumnTypeUses(c) {
		if canonType(u.Type) != "timestamp" || (u.Type.Schema != "" && u.Type.Schema != "pg_catalog") {
			continue
		}
		c.Report(u.Pos, Object{Type: sqlast.ObjColumn, Schema: u.Table.Schema, Table: u.Table.Name, Column: u.Column},
			"column "+lkQ(u.Column)+" of "+lkQuote(u.Table)+" is timestamp without time zone; its values change meaning with the session time zone",
			"declare the column timestamptz")
	}
}
