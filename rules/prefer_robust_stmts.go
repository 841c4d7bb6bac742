package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "prefer-robust-stmts",
		Title:      "Make statements of no-transaction migrations safe to re-run",
		Effect:     NoEffect,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "A migration that runs without a transaction (because it uses CONCURRENTLY, or because the " +
			"tool does not wrap it) is not atomic: if its third statement fails, the first two stay " +
			"applied, the tool does not record the version, and the retry fails on the first statement " +
			"(`relation already exists`). With `IF NOT EXISTS` / `IF EXISTS` every statement can be run " +
			"again, so a retry finishes the job. Statements inside a transaction (the migration tool's " +
			"or an explicit BEGIN), and files with a single statement (which cannot be half applied), " +
			"are never flagged. An unnamed `CREATE INDEX` never fails on a retry: Postgres builds a " +
			"second copy under the next free name (`orders_user_id_idx1`), so name the index and add " +
			"`IF NOT EXISTS`.",
		Bad:  "-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);",
		Good: "-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);",
		Fix: []string{
			"Add `IF NOT EXISTS` to CREATE TABLE/INDEX/SCHEMA/SEQUENCE and ADD COLUMN.",
			"Add `IF EXISTS` to DROP … and DROP COLUMN / DROP CONSTRAINT.",
			"Precede `ADD CONSTRAINT` with `DROP CONSTRAINT IF EXISTS` of the same name.",
			"Note that a failed `CREATE INDEX CONCURRENTLY` leaves an invalid index that IF NOT EXISTS would keep: drop it first when retrying.",
		},
		Default: true,
		Check:   checkPreferRobustStmts,
		Nodes:   []sqlast.Node{(*sqlast.CreateTable)(nil), (*sqlast.CreateIndex)(nil), (*sqlast.CreateSchema)(nil), (*sqlast.CreateSequence)(nil), (*sqlast.Drop)(nil), (*sqlast.AlterTable)(nil)},
	})
}

func checkPreferRobustStmts(c *Context) {
	// The engine tracks the tool's transaction and explicit BEGIN/COMMIT.
	if c.InTx || c.Stmt.InTx {
		return
	}
	// A file with a single schema statement cannot be left half applied.
	if !otherBefore(c) && !otherAfter(c) {
		return
	}
	const addINE = "add IF NOT EXISTS so the statement can be re-run after a partial failure"
	const addIE = "add IF EXISTS so the statement can be re-run after a partial failure"
	switch n := c.Stmt.Node.(type) {
	case *sqlast.CreateTable:
		if !n.IfNotExists && !n.Temp {
			c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjTable, Schema: n.Table.Schema, Table: n.Table.Name},
				"create table "+lkQuote(n.Table)+" without if not exists fails when the migration is retried", addINE)
		}
	case *sqlast.CreateIndex:
		obj := Object{Type: sqlast.ObjIndex, Schema: n.Table.Schema, Table: n.Table.Name, Index: n.Name, Columns: n.Columns}
		switch {
		case n.Name == "":
			// Postgres names it itself and never fails on a retry: it picks
			// the next free name and builds a second, identical index.
			copyName, name := "the next free name", prsIndexName(n)
			if name != "" {
				copyName = lkQ(name + "1")
			} else {
				name = "name"
			}
			c.Report(c.Stmt.Pos, obj,
				"unnamed index on "+lkQuote(n.Table)+" is built a second time when the migration is retried: postgres gives the copy "+
					copyName+" and keeps both, so every write to "+lkQuote(n.Table)+" maintains a duplicate index",
				"name the index and add IF NOT EXISTS: CREATE INDEX"+prsConc(n)+" IF NOT EXISTS "+name+" ON …")
		case !n.IfNotExists:
			c.Report(c.Stmt.Pos, obj,
				"create index "+lkQ(n.Name)+" without if not exists fails when the migration is retried", addINE)
		}
	case *sqlast.CreateSchema:
		if !n.IfNotExists {
			c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjSchema, Name: n.Name},
				"create schema "+lkQ(n.Name)+" without if not exists fails when the migration is retried", addINE)
		}
	case *sqlast.CreateSequence:
		if !n.IfNotExists {
			c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjSequence, Schema: n.Name.Schema, Name: n.Name.Name},
				"create sequence "+lkQuote(n.Name)+" without if not exists fails when the migration is retried", addINE)
		}
	case *sqlast.Drop:
		if !n.IfExists && len(n.Objects) > 0 {
			o := n.Objects[0]
			obj := Object{Type: n.ObjType, Schema: o.Schema, Name: o.Name}
			switch n.ObjType {
			case sqlast.ObjTable:
				obj = Object{Type: n.ObjType, Schema: o.Schema, Table: o.Name}
			case sqlast.ObjIndex:
				obj = Object{Type: n.ObjType, Schema: o.Schema, Index: o.Name}
			}
			c.Report(c.Stmt.Pos, obj,
				"drop "+string(n.ObjType)+" "+lkQuote(o)+" without if exists fails when the migration is retried", addIE)
		}
	case *sqlast.AlterTable:
		for i := range n.Cmds {
			cmd := &n.Cmds[i]
			obj := Object{Type: sqlast.ObjColumn, Schema: n.Table.Schema, Table: n.Table.Name, Column: cmd.Column}
			switch cmd.Kind {
			case sqlast.AddColumn:
				if !cmd.IfNotExists && cmd.Def != nil {
					obj.Column = cmd.Def.Name
					c.Report(cmd.Pos, obj, "add column "+lkQ(cmd.Def.Name)+" without if not exists fails when the migration is retried", addINE)
				}
			case sqlast.DropColumn:
				if !cmd.IfExists {
					c.Report(cmd.Pos, obj, "drop column "+lkQ(cmd.Column)+" without if exists fails when the migration is retried", addIE)
				}
			case sqlast.DropConstraint:
				if !cmd.IfExists {
					c.Report(cmd.Pos, Object{Type: sqlast.ObjConstraint, Schema: n.Table.Schema, Table: n.Table.Name, Constraint: cmd.Name},
						"drop constraint "+lkQ(cmd.Name)+" without if exists fails when the migration is retried", addIE)
				}
			case sqlast.AddConstraint:
				con := cmd.Constraint
				if con == nil || con.Name == "" {
					continue
				}
				dropped, addedAt := prsConstraintBefore(c, n, i, con.Name)
				obj := Object{Type: sqlast.ObjConstraint, Schema: n.Table.Schema, Table: n.Table.Name, Constraint: con.Name}
				switch {
				case dropped:
				case addedAt.Line > 0:
					c.Report(cmd.Pos, obj,
						"add constraint "+lkQ(con.Name)+" fails even on the first run: line "+itoaLk(addedAt.Line)+" already added it to "+lkQuote(n.Table)+" and nothing dropped it since",
						"remove one of the two ADD CONSTRAINT clauses, or DROP CONSTRAINT IF EXISTS "+con.Name+" between them")
				default:
					c.Report(cmd.Pos, obj,
						"add constraint "+lkQ(con.Name)+" fails when the migration is retried",
						"precede it with ALTER TABLE … DROP CONSTRAINT IF EXISTS "+con.Name)
				}
			}
		}
	}
}

// prsConstraintBefore says what happened last to constraint name of the
// altered table before sub-command upto of at: dropped (DROP CONSTRAINT,
// which makes the ADD safe to re-run), or added at addedAt (a second ADD,
// which fails even on the first run). Earlier statements of the file and
// earlier sub-commands of the same ALTER TABLE both count.
func prsConstraintBefore(c *Context, at *sqlast.AlterTable, upto int, name string) (dropped bool, addedAt sqlast.Pos) {
	// The last event decides: look backwards, at the earlier sub-commands
	// of this statement first.
	event := func(cmd *sqlast.AlterCmd) bool {
		switch {
		case cmd.Kind == sqlast.DropConstraint && cmd.Name == name:
			dropped, addedAt = true, sqlast.Pos{}
			return true
		case cmd.Kind == sqlast.AddConstraint && cmd.Constraint != nil && cmd.Constraint.Name == name:
			dropped, addedAt = false, cmd.Pos
			return true
		}
		return false
	}
	for i := min(upto, len(at.Cmds)) - 1; i >= 0; i-- {
		if event(&at.Cmds[i]) {
			return dropped, addedAt
		}
	}
	fi, cur := fileOf(c)
	prev := in(fi.alters().byConstraint, name, 0, cur)
	for k := len(prev) - 1; k >= 0; k-- {
		pa, ok := fi.all[prev[k]].Node.(*sqlast.AlterTable)
		if !ok || !fkiSameTable(pa.Table, at.Table) {
			continue
		}
		for i := len(pa.Cmds) - 1; i >= 0; i-- {
			if event(&pa.Cmds[i]) {
				return dropped, addedAt
			}
		}
	}
	return dropped, addedAt
}

// prsIndexName is the name Postgres gives an unnamed index whose keys are
// all plain columns (table_col1_col2_idx); "" for expression keys or a name
// Postgres would truncate.
func prsIndexName(n *sqlast.CreateIndex) string {
	if len(n.Exprs) > 0 || len(n.Columns) == 0 {
		return ""
	}
	name := n.Table.Name + "_" + strings.Join(n.Columns, "_") + "_idx"
	if len(name) > 62 {
		return ""
	}
	return name
}

func prsConc(n *sqlast.CreateIndex) string {
	if n.Concurrently {
		return " CONCURRENTLY"
	}
	return ""
}
