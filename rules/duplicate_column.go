package rules

import (
	"unicode/utf8"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "duplicate-column",
		Title:      "A column named twice in one statement makes Postgres reject the migration",
		Effect:     NoEffect,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Postgres refuses a statement that names the same column twice where each name must be " +
			"unique: `UPDATE t SET a = 1, a = 2` (`multiple assignments to same column \"a\"`), " +
			"`INSERT INTO t (a, a) …` (`column \"a\" specified more than once`), `CREATE TABLE t (a int, " +
			"a text)` (`column \"a\" specified more than once`) and `ALTER TABLE t ADD COLUMN a int, ADD " +
			"COLUMN a text` (`column \"a\" of relation \"t\" already exists`). The migration fails when " +
			"it is deployed; outside a transaction the statements before it stay applied. Names are " +
			"compared as Postgres compares them: unquoted names folded to lower case, and every name cut " +
			"to 63 bytes, so two long names that differ only after the 63rd byte are the same column. " +
			"Several assignments to elements or fields of one column (`SET a[1] = 0, a[2] = 0`) are " +
			"allowed and not reported.",
		Bad:  "UPDATE accounts SET balance = 0, status = 'closed', balance = NULL WHERE closed_at IS NOT NULL;",
		Good: "UPDATE accounts SET balance = 0, status = 'closed' WHERE closed_at IS NOT NULL;",
		Fix: []string{
			"Remove the repeated column, or rename one of the two columns if both are meant.",
		},
		Default: true,
		Check:   checkDuplicateColumn,
		Nodes:   []sqlast.Node{(*sqlast.Update)(nil), (*sqlast.Insert)(nil), (*sqlast.CreateTable)(nil), (*sqlast.AlterTable)(nil)},
	})
}

func checkDuplicateColumn(c *Context) {
	switch n := c.Stmt.Node.(type) {
	case *sqlast.Update:
		dcTargets(c, n.Table, n.Targets, "assigned twice in the set clause",
			"multiple assignments to same column", "remove one of the two assignments")
	case *sqlast.Insert:
		dcTargets(c, n.Table, n.Targets, "listed twice in the insert column list",
			"column specified more than once", "list each column once, with its value once in VALUES")
	case *sqlast.CreateTable:
		seen := map[string]*sqlast.ColumnDef{}
		for i := range n.Columns {
			d := &n.Columns[i]
			k := dcKey(d.Name)
			if first, ok := seen[k]; ok {
				c.Report(d.Pos, Object{Type: sqlast.ObjColumn, Schema: n.Table.Schema, Table: n.Table.Name, Column: d.Name},
					"column "+lkQ(d.Name)+" of "+lkQuote(n.Table)+" is defined twice"+dcFirst(first.Pos)+"; postgres rejects the create table (column specified more than once)",
					"remove one of the two definitions or rename one column")
				continue
			}
			seen[k] = d
		}
	case *sqlast.AlterTable:
		seen := map[string]sqlast.Pos{}
		for i := range n.Cmds {
			cmd := &n.Cmds[i]
			if cmd.Kind != sqlast.AddColumn || cmd.Def == nil {
				continue
			}
			k := dcKey(cmd.Def.Name)
			if first, ok := seen[k]; ok && !cmd.IfNotExists {
				c.Report(cmd.Pos, Object{Type: sqlast.ObjColumn, Schema: n.Table.Schema, Table: n.Table.Name, Column: cmd.Def.Name},
					"column "+lkQ(cmd.Def.Name)+" is added to "+lkQuote(n.Table)+" twice"+dcFirst(first)+"; postgres rejects the alter table (column already exists)",
					"remove one of the two ADD COLUMN clauses or rename one column")
				continue
			}
			if _, ok := seen[k]; !ok {
				seen[k] = cmd.Pos
			}
		}
	}
}

// dcTargets reports each column of list named a second time (assignments
// to elements or fields of a column may repeat it, but not mixed with a
// plain assignment).
func dcTargets(c *Context, table sqlast.Name, list []sqlast.Target, what, pgMsg, help string) {
	type first struct {
		pos sqlast.Pos
		sub bool
	}
	seen := map[string]first{}
	for _, t := range list {
		k := dcKey(t.Name)
		f, ok := seen[k]
		if !ok {
			seen[k] = first{t.Pos, t.Sub}
			continue
		}
		if f.sub && t.Sub {
			continue
		}
		c.Report(t.Pos, Object{Type: sqlast.ObjColumn, Schema: table.Schema, Table: table.Name, Column: t.Name},
			"column "+lkQ(t.Name)+" of "+lkQuote(table)+" is "+what+dcFirst(f.pos)+"; postgres rejects the statement ("+pgMsg+")",
			help)
	}
}

// dcFirst says where the first occurrence is.
func dcFirst(p sqlast.Pos) string {
	if p.Line == 0 {
		return ""
	}
	return " (first at line " + itoaLk(p.Line) + ", column " + itoaLk(p.Col) + ")"
}

// dcKey is the name as Postgres stores it: at most 63 bytes, cut on a
// character boundary (the parser has already folded unquoted names).
func dcKey(name string) string {
	if len(name) <= 63 {
		return name
	}
	n := 63
	for n > 0 && !utf8.RuneStart(name[n]) {
		n--
	}
	return name[:n]
}
