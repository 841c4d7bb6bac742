package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "prefer-identity",
		Title:      "Prefer identity columns over serial",
		Effect:     NoEffect,
		Severity:   Info,
		Since:      "0.1.0",
		PGVersions: ">= 10",
		Why: "`serial` is a macro for an integer column with a `nextval()` default and a separately " +
			"owned sequence: permissions on the sequence must be granted separately, copying the " +
			"table with `CREATE TABLE … LIKE` shares the sequence, and nothing stops explicit inserts " +
			"from colliding with future sequence values. `GENERATED ALWAYS AS IDENTITY` (Postgres 10+) " +
			"is the SQL-standard form: the sequence belongs to the column, and explicit values are " +
			"rejected unless `OVERRIDING SYSTEM VALUE` is given. Serial works, so the rule reports at " +
			"severity info.",
		Bad:  "CREATE TABLE events (id bigserial PRIMARY KEY);",
		Good: "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
		Fix: []string{
			"Declare `bigint GENERATED ALWAYS AS IDENTITY` (or `BY DEFAULT` if the application inserts explicit ids).",
		},
		Default: true,
		Check:   checkPreferIdentity,
		Nodes:   lkColumnTypeNodes,
	})
}

func checkPreferIdentity(c *Context) {
	if c.PGVersion > 0 && c.PGVersion < 10 {
		return
	}
	for _, u := range lkColumnTypeUses(c) {
		n := canonType(u.Type)
		if !u.Serial && n != "serial" && n != "bigserial" && n != "smallserial" && n != "serial4" && n != "serial8" && n != "serial2" {
			continue
		}
		c.Report(u.Pos, Object{Type: sqlast.ObjColumn, Schema: u.Table.Schema, Table: u.Table.Name, Column: u.Column},
			"column "+lkQ(u.Column)+" of "+lkQuote(u.Table)+" is "+lkTypeText(u.Type)+"; serial columns use a loosely attached sequence",
			"declare the column bigint GENERATED ALWAYS AS IDENTITY")
	}
}
