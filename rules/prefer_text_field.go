package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "prefer-text-field",
		Title:      "Prefer text (with a CHECK) over varchar(n)",
		Effect:     NoEffect,
		Severity:   Info,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "In Postgres `varchar(n)` is stored exactly like `text`; the length limit is its only " +
			"difference. Raising the limit is free, but lowering it (or changing it on older versions) " +
			"rewrites the table under an ACCESS EXCLUSIVE lock, and the limit is usually an arbitrary " +
			"guess that the application enforces anyway. `text` with a `CHECK (length(col) <= n)` " +
			"constraint can be changed with `NOT VALID` and `VALIDATE` without blocking. `varchar(n)` " +
			"is harmless until the limit needs to change, so the rule reports at severity info.",
		Bad:  "ALTER TABLE users ADD COLUMN nickname varchar(40);",
		Good: "ALTER TABLE users ADD COLUMN nickname text;\nALTER TABLE users ADD CONSTRAINT users_nickname_len CHECK (length(nickname) <= 40) NOT VALID;",
		Fix: []string{
			"Declare the column `text`.",
			"If a limit is needed, add a CHECK constraint NOT VALID and validate it separately.",
		},
		Default: true,
		Check:   checkPreferTextField,
		Nodes:   lkColumnTypeNodes,
	})
}

func checkPreferTextField(c *Context) {
	for _, u := range lkColumnTypeUses(c) {
		if canonType(u.Type) != "varchar" || len(u.Type.Mods) == 0 {
			continue
		}
		c.Report(u.Pos, Object{Type: sqlast.ObjColumn, Schema: u.Table.Schema, Table: u.Table.Name, Column: u.Column},
			"column "+lkQ(u.Column)+" of "+lkQuote(u.Table)+" is "+lkTypeText(u.Type)+"; changing the length limit later can rewrite the table",
			"declare the column text and enforce a limit with a CHECK constraint")
	}
}
