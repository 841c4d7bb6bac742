package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "ban-char-field",
		Title:      "Do not use char(n)",
		Effect:     NoEffect,
		Severity:   Info,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`char(n)` (`character(n)`, `bpchar`) pads values with spaces to n characters, ignores " +
			"trailing spaces in comparisons but not in `LIKE` or regular expressions, and takes more " +
			"space than `text` for short values; it is never faster. The padding leaks into " +
			"applications as surprising trailing spaces, and converting away from it rewrites the " +
			"table. A style rule that does not affect rollback: it reports at severity info.",
		Bad:  "ALTER TABLE countries ADD COLUMN code char(2);",
		Good: "ALTER TABLE countries ADD COLUMN code text CHECK (length(code) = 2);",
		Fix: []string{
			"Declare the column `text` (or `varchar`), with a CHECK constraint if the length matters.",
		},
		Default: true,
		Check:   checkBanCharField,
		Nodes:   lkColumnTypeNodes,
	})
}

func checkBanCharField(c *Context) {
	for _, u := range lkColumnTypeUses(c) {
		if canonType(u.Type) != "bpchar" || (u.Type.Schema != "" && u.Type.Schema != "pg_catalog") {
			continue
		}
		c.Report(u.Pos, Object{Type: sqlast.ObjColumn, Schema: u.Table.Schema, Table: u.Table.Name, Column: u.Column},
			"column "+lkQ(u.Column)+" of "+lkQuote(u.Table)+" is "+lkTypeText(u.Type)+"; char pads values with spaces",
			"declare the column text, with a CHECK constraint if the length matters")
	}
}
