package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "foreign-key-without-index",
		Title:      "Foreign keys need an index on the referencing columns",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Postgres indexes the referenced side of a foreign key (it must be unique) but not the " +
			"referencing side. Every DELETE of a referenced row, and every UPDATE of its key, must then " +
			"find the referencing rows with a sequential scan of the referencing table, holding row " +
			"locks as it goes: deleting one user scans all orders, and batch deletes or cascades turn " +
			"into long lock waits and lock contention between writers. Joins along the foreign key " +
			"suffer too. The rule looks for an index, primary key or unique constraint whose leading " +
			"columns are the foreign key's columns, existing before the statement or created later in " +
			"the same file. On by default as a warning: the cost shows up later, in production, " +
			"when nobody connects it to the migration. (eugene E15.)",
		Bad: "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
		Good: "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);\n" +
			"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
		Fix: []string{
			"Create an index whose leading columns are the foreign key columns (`CREATE INDEX CONCURRENTLY` on an existing table).",
			"Create it before adding the foreign key, or in the same release.",
			"If the referenced rows are never deleted or their keys never updated, suppress the finding with a reason.",
		},
		Default: true,
		Check:   checkForeignKeyWithoutIndex,
		Nodes:   []sqlast.Node{(*sqlast.CreateTable)(nil), (*sqlast.AlterTable)(nil)},
	})
}

func checkForeignKeyWithoutIndex(c *Context) {
	type fk struct {
		table sqlast.Name
		con   *sqlast.Constraint
		pos   sqlast.Pos
		cols  []string
	}
	var fks []fk
	var own []*sqlast.Constraint // constraints of the statement that bring an index
	switch n := c.Stmt.Node.(type) {
	case *sqlast.CreateTable:
		for i := range n.Columns {
			col := &n.Columns[i]
			for j := range col.Constraints {
				con := &col.Constraints[j]
				cols := con.Columns
				if len(cols) == 0 {
					cols = []string{col.Name}
				}
				switch con.Kind {
				case sqlast.ConForeignKey:
					fks = append(fks, fk{n.Table, con, c.Stmt.Pos, cols})
				case sqlast.ConPrimaryKey, sqlast.ConUnique:
					own = append(own, &sqlast.Constraint{Kind: con.Kind, Columns: cols})
				}
			}
		}
		for i := range n.Constraints {
			con := &n.Constraints[i]
			switch con.Kind {
			case sqlast.ConForeignKey:
				fks = append(fks, fk{n.Table, con, c.Stmt.Pos, con.Columns})
			case sqlast.ConPrimaryKey, sqlast.ConUnique, sqlast.ConExclusion:
				own = append(own, con)
			}
		}
	case *sqlast.AlterTable:
		for i := range n.Cmds {
			cmd := &n.Cmds[i]
			switch cmd.Kind {
			case sqlast.AddConstraint:
				if cmd.Constraint == nil {
					continue
				}
				switch cmd.Constraint.Kind {
				case sqlast.ConForeignKey:
					fks = append(fks, fk{n.Table, cmd.Constraint, cmd.Pos, cmd.Constraint.Columns})
				case sqlast.ConPrimaryKey, sqlast.ConUnique, sqlast.ConExclusion:
					own = append(own, cmd.Constraint)
				}
			case sqlast.AddColumn:
				if cmd.Def == nil {
					continue
				}
				for j := range cmd.Def.Constraints {
					con := &cmd.Def.Constraints[j]
					cols := con.Columns
					if len(cols) == 0 {
						cols = []string{cmd.Def.Name}
					}
					switch con.Kind {
					case sqlast.ConForeignKey:
						fks = append(fks, fk{n.Table, con, cmd.Pos, cols})
					case sqlast.ConPrimaryKey, sqlast.ConUnique:
						own = append(own, &sqlast.Constraint{Kind: con.Kind, Columns: cols})
					}
				}
			}
		}
	default:
		return
	}
	for _, f := range fks {
		if len(f.cols) == 0 {
			continue
		}
		if fkiCovered(c, f.table, f.cols, own) {
			continue
		}
		obj := Object{Type: sqlast.ObjConstraint, Schema: f.table.Schema, Table: f.table.Name, Constraint: f.con.Name, Columns: f.cols}
		if len(f.cols) == 1 {
			obj.Column = f.cols[0]
		}
		ref := ""
		if f.con.RefTable != nil {
			ref = " to " + lkQuote(*f.con.RefTable)
		}
		c.Report(f.pos, obj,
			"foreign key"+ref+" on "+lkQuote(f.table)+" ("+strings.Join(f.cols, ", ")+") has no index on the referencing columns; deletes and key updates on the referenced table scan "+lkQuote(f.table),
			"create an index on "+f.table.String()+" ("+strings.Join(f.cols, ", ")+"), concurrently if the table exists")
	}
}

// fkiPrefix reports whether key's leading columns are exactly cols (in
// any order, as Postgres can use any permutation for the lookup).
func fkiPrefix(key, cols []string) bool {
	if len(key) < len(cols) {
		return false
	}
	want := map[string]bool{}
	for _, c := range cols {
		want[c] = true
	}
	for _, k := range key[:len(cols)] {
		if !want[k] {
			return false
		}
	}
	return true
}

func fkiSameTable(a, b sqlast.Name) bool {
	if a.Name != b.Name {
		return false
	}
	sa, sb := a.Schema, b.Schema
	if sa == "" {
		sa = "public"
	}
	if sb == "" {
		sb = "public"
	}
	return sa == sb
}

func fkiCovered(c *Context, t sqlast.Name, cols []string, own []*sqlast.Constraint) bool {
	for _, con := range own {
		if fkiPrefix(con.Columns, cols) {
			return true
		}
	}
	if tab := lkTable(c, t); tab != nil {
		for _, con := range tab.Constraints {
			if (con.Kind == sqlast.ConPrimaryKey || con.Kind == sqlast.ConUnique || con.Kind == sqlast.ConExclusion) && fkiPrefix(con.Columns, cols) {
				return true
			}
		}
	}
	if c.Catalog != nil && c.Catalog.Tables != nil {
		for _, ix := range c.Catalog.IndexesOn(t) {
			// Expression and partial indexes do not reliably serve the
			// foreign key lookup (their plain columns may not lead).
			if len(ix.Exprs) == 0 && !ix.Partial && fkiPrefix(ix.Columns, cols) {
				return true
			}
		}
	}
	fi, i := fileOf(c)
	for _, k := range in(fi.alters().byIndexOn, t.Name, i+1, len(fi.all)) {
		switch n := fi.all[k].Node.(type) {
		case *sqlast.CreateIndex:
			if fkiSameTable(n.Table, t) && len(n.Exprs) == 0 && n.Where == nil && fkiPrefix(n.Columns, cols) {
				return true
			}
		case *sqlast.AlterTable:
			if !fkiSameTable(n.Table, t) {
				continue
			}
			for _, cmd := range n.Cmds {
				if cmd.Kind == sqlast.AddConstraint && cmd.Constraint != nil &&
					(cmd.Constraint.Kind == sqlast.ConPrimaryKey || cmd.Constraint.Kind == sqlast.ConUnique) &&
					fkiPrefix(cmd.Constraint.Columns, cols) {
					return true
				}
			}
		}
	}
	return false
}
