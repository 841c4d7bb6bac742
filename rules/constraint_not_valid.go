package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "constraint-not-valid",
		Title:      "Add CHECK and FOREIGN KEY constraints NOT VALID, validate separately",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Adding a CHECK constraint to an existing table takes an ACCESS EXCLUSIVE lock and keeps it " +
			"while Postgres scans every row to prove the constraint holds: reads and writes of the table " +
			"stop for the length of a full table scan. Adding a FOREIGN KEY takes SHARE ROW EXCLUSIVE " +
			"locks on both the table and the referenced table and scans the table the same way: writes to " +
			"both stop. With `NOT VALID` the constraint is recorded instantly (new rows are checked from " +
			"then on) and `ALTER TABLE … VALIDATE CONSTRAINT` scans the old rows later under a SHARE " +
			"UPDATE EXCLUSIVE lock that lets reads and writes continue. Validating in the same " +
			"transaction as the NOT VALID add defeats the purpose: the ACCESS EXCLUSIVE lock of the add " +
			"is still held while the validation scans.",
		Bad: "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);",
		Good: "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n" +
			"-- next migration (its own transaction):\n" +
			"ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;",
		Fix: []string{
			"Add the constraint with `NOT VALID` (with `lock_timeout` set): only new and updated rows are checked.",
			"Fix the existing rows that violate it, if any.",
			"In a later migration (a separate transaction), run `ALTER TABLE … VALIDATE CONSTRAINT …`.",
			"For a new column with REFERENCES, add the column first, then the foreign key NOT VALID, then validate.",
			"To make a column NOT NULL without a long lock: add `CHECK (col IS NOT NULL) NOT VALID`, validate it, then `SET NOT NULL` (Postgres 12+ skips the scan) and drop the check.",
		},
		Default: true,
		Check:   checkConstraintNotValid,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkConstraintNotValid(c *Context) {
	at, ok := c.Stmt.Node.(*sqlast.AlterTable)
	if !ok || (at.ObjType != sqlast.ObjTable && at.ObjType != "") {
		return
	}
	existing := lkExistingTable(c, at.Table)
	var tx *lkTxInfo
	for i := range at.Cmds {
		cmd := &at.Cmds[i]
		switch cmd.Kind {
		case sqlast.AddConstraint:
			con := cmd.Constraint
			if !existing || con == nil || con.NotValid {
				continue
			}
			if con.Kind != sqlast.ConCheck && con.Kind != sqlast.ConForeignKey {
				continue
			}
			c.Report(cmd.Pos, cnvObject(at.Table, con), cnvMessage(at.Table, con), cnvHelp(con))
		case sqlast.AddColumn:
			if !existing || cmd.Def == nil {
				continue
			}
			for j := range cmd.Def.Constraints {
				con := &cmd.Def.Constraints[j]
				if con.Kind != sqlast.ConForeignKey && con.Kind != sqlast.ConCheck {
					continue
				}
				if con.NotValid {
					continue
				}
				// A CHECK on a new column without a default only sees NULLs,
				// but Postgres still scans the table to verify it.
				obj := cnvObject(at.Table, con)
				obj.Column = cmd.Def.Name
				c.Report(cmd.Pos, obj,
					"adding column "+lkQ(cmd.Def.Name)+" with a "+string(con.Kind)+" constraint to existing table "+lkQuote(at.Table)+
						" validates every row while "+cnvBlocks(con, at.Table),
					"add the column first, then add the constraint NOT VALID and validate it in a later migration")
			}
		case sqlast.ValidateConstraint:
			if tx == nil {
				t := lkTxState(c)
				tx = &t
			}
			if !tx.InTx {
				continue
			}
			if p, con := cnvAddedNotValid(c, tx.SameStart, at.Table, cmd.Name); p != nil {
				held := "the access exclusive lock on " + lkQuote(at.Table) + ", blocking reads and writes,"
				if con.Kind == sqlast.ConForeignKey {
					held = "the share row exclusive lock on " + lkQuote(at.Table)
					if con.RefTable != nil {
						held += " and " + lkQuote(*con.RefTable)
					}
					held += ", blocking writes,"
				}
				c.Report(cmd.Pos, Object{Type: sqlast.ObjConstraint, Schema: at.Table.Schema, Table: at.Table.Name, Constraint: cmd.Name},
					"validating constraint "+lkQ(cmd.Name)+" in the same transaction that added it not valid (line "+itoaLk(p.Pos.Line)+
						") keeps "+held+" while every row is scanned",
					"move VALIDATE CONSTRAINT to a later migration that runs in its own transaction")
			}
		}
	}
}

func cnvObject(t sqlast.Name, con *sqlast.Constraint) Object {
	o := Object{Type: sqlast.ObjConstraint, Schema: t.Schema, Table: t.Name, Constraint: con.Name, Columns: con.Columns}
	if len(con.Columns) == 1 {
		o.Column = con.Columns[0]
	}
	return o
}

func cnvBlocks(con *sqlast.Constraint, t sqlast.Name) string {
	if con.Kind == sqlast.ConForeignKey && con.RefTable != nil {
		return "blocking writes to " + lkQuote(t) + " and " + lkQuote(*con.RefTable)
	}
	return "blocking reads and writes of " + lkQuote(t)
}

func cnvMessage(t sqlast.Name, con *sqlast.Constraint) string {
	what := string(con.Kind) + " constraint"
	if con.Name != "" {
		what += " " + lkQ(con.Name)
	}
	return "adding " + what + " to existing table " + lkQuote(t) + " without not valid scans the whole table while " + cnvBlocks(con, t)
}

func cnvHelp(*sqlast.Constraint) string {
	return "add it with NOT VALID, then run VALIDATE CONSTRAINT in a later migration"
}

// cnvAddedNotValid finds the earlier statement of the same transaction
// that added constraint name NOT VALID to table t.
func cnvAddedNotValid(c *Context, from int, t sqlast.Name, name string) (*sqlast.Stmt, *sqlast.Constraint) {
	fi, i := fileOf(c)
	for _, k := range in(fi.alters().byConstraint, name, from, i) {
		p := fi.all[k]
		at, ok := p.Node.(*sqlast.AlterTable)
		if !ok || !fkiSameTable(at.Table, t) {
			continue
		}
		for _, cmd := range at.Cmds {
			if cmd.Kind == sqlast.AddConstraint && cmd.Constraint != nil && cmd.Constraint.NotValid && cmd.Constraint.Name == name {
				return p, cmd.Constraint
			}
		}
	}
	return nil, nil
}
