package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "prefer-bigint-over-int",
		Title:      "Prefer bigint over int and smallint for new columns",
		Effect:     NoEffect,
		Severity:   Info,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`integer` (and `smallint`, `serial`, `smallserial`) columns overflow at 2,147,483,647 " +
			"(32,767): an id or counter that reaches it makes every insert fail, and widening the " +
			"column then to `bigint` rewrites the table and its indexes under an ACCESS EXCLUSIVE lock " +
			"at the worst possible moment. `bigint` costs four more bytes per value, often nothing " +
			"after alignment padding. Many int columns (enums, small counts, foreign keys to small " +
			"tables) will never overflow, so the rule reports at severity info: in the survey of real " +
			"migrations in docs/rules/README.md, 6 of 10 findings were ids or foreign keys, and two of " +
			"the eight projects later shipped migrations that widened int ids to bigint, each a table " +
			"rewrite.",
		Bad:  "CREATE TABLE events (id serial PRIMARY KEY, count integer);",
		Good: "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, count bigint);",
		Fix: []string{
			"Declare the column `bigint` (`bigserial` or `bigint GENERATED … AS IDENTITY` for ids).",
			"For an existing int id approaching its limit: add a bigint column, backfill in batches, swap with a brief lock.",
		},
		Default: true,
		Check:   checkPreferBigintOverInt,
		Nodes:   lkColumnTypeNodes,
	})
}

func checkPreferBigintOverInt(c *Context) {
	for _, u := range lkColumnTypeUses(c) {
		name := canonType(u.Type)
		if u.Type.Schema != "" && u.Type.Schema != "pg_catalog" {
			continue
		}
		switch name {
		case "int4", "int2", "serial", "serial4", "smallserial", "serial2":
		default:
			continue
		}
		c.Report(u.Pos, Object{Type: sqlast.ObjColumn, Schema: u.Table.Schema, Table: u.Table.Name, Column: u.Column},
			"column "+lkQ(u.Column)+" of "+lkQuote(u.Table)+" is "+lkTypeText(u.Type)+"; it overflows at its 2- or 4-byte limit and widening it later rewrites the table",
			"declare the column bigint")
	}
}
