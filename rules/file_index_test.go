package rules

import (
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// The reference implementations below are the scans over c.Prev and
// c.Next the file index replaced (quadratic in the file's length);
// TestFileIndexMatchesScans checks that the index gives the same answers.

func scanTxState(c *Context) lkTxInfo {
	var info lkTxInfo
	start := 0
	ended := false
	for i, p := range c.Prev {
		tx, ok := p.Node.(*sqlast.Transaction)
		if !ok {
			continue
		}
		switch tx.Kind {
		case sqlast.TxBegin:
			info.ExplicitOpen = true
			info.BeginPos = p.Pos
			start = i + 1
		case sqlast.TxCommit, sqlast.TxRollback:
			info.ExplicitOpen = false
			ended = true
			start = i + 1
		}
	}
	info.ToolTx = (c.InTx || c.Stmt.InTx) && !info.ExplicitOpen && !ended
	if !info.ExplicitOpen && (c.InTx || c.Stmt.InTx) && ended {
		info.ToolTx = false
	}
	info.InTx = info.ExplicitOpen || info.ToolTx
	if info.InTx {
		info.Same = c.Prev[start:]
		info.SameStart = start
	}
	return info
}

func scanSetBefore(prev []*sqlast.Stmt, param string) bool {
	session, local := false, false
	for _, p := range prev {
		switch n := p.Node.(type) {
		case *sqlast.Transaction:
			if n.Kind == sqlast.TxCommit || n.Kind == sqlast.TxRollback {
				local = false
			}
		case *sqlast.Set:
			if n.Name != param {
				continue
			}
			on := !n.Reset && !lkZeroSetting(n.Value)
			if n.Local {
				if p.InTx {
					local = on
				}
				continue
			}
			session = on
			if !on {
				local = false
			}
		}
	}
	return session || local
}

func scanHasOther(list []*sqlast.Stmt) bool {
	for _, p := range list {
		switch p.Node.(type) {
		case *sqlast.Set, *sqlast.Transaction:
		default:
			return true
		}
	}
	return false
}

func scanTxEndsLater(c *Context) bool {
	for _, n := range c.Next {
		if t, ok := n.Node.(*sqlast.Transaction); ok && (t.Kind == sqlast.TxCommit || t.Kind == sqlast.TxRollback) {
			return true
		}
	}
	return false
}

func scanConstraintBefore(prev []*sqlast.Stmt, at *sqlast.AlterTable, upto int, name string) (dropped bool, addedAt sqlast.Pos) {
	visit := func(cmd *sqlast.AlterCmd) {
		switch {
		case cmd.Kind == sqlast.DropConstraint && cmd.Name == name:
			dropped, addedAt = true, sqlast.Pos{}
		case cmd.Kind == sqlast.AddConstraint && cmd.Constraint != nil && cmd.Constraint.Name == name:
			dropped, addedAt = false, cmd.Pos
		}
	}
	for _, p := range prev {
		pa, ok := p.Node.(*sqlast.AlterTable)
		if !ok || !fkiSameTable(pa.Table, at.Table) {
			continue
		}
		for i := range pa.Cmds {
			visit(&pa.Cmds[i])
		}
	}
	for i := 0; i < upto && i < len(at.Cmds); i++ {
		visit(&at.Cmds[i])
	}
	return dropped, addedAt
}

func scanAddedNotValid(same []*sqlast.Stmt, t sqlast.Name, name string) *sqlast.Stmt {
	for _, p := range same {
		at, ok := p.Node.(*sqlast.AlterTable)
		if !ok || !fkiSameTable(at.Table, t) {
			continue
		}
		for _, cmd := range at.Cmds {
			if cmd.Kind == sqlast.AddConstraint && cmd.Constraint != nil && cmd.Constraint.NotValid && cmd.Constraint.Name == name {
				return p
			}
		}
	}
	return nil
}

func scanIndexLater(c *Context, t sqlast.Name, cols []string) bool {
	for _, st := range c.Next {
		switch n := st.Node.(type) {
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

func scanRecreated(c *Context, kind sqlast.ObjType, n sqlast.Name) bool {
	same := func(m sqlast.Name) bool {
		return m.Name == n.Name && (n.Schema == "" || m.Schema == "" || m.Schema == n.Schema)
	}
	for _, st := range c.Next {
		switch x := st.Node.(type) {
		case *sqlast.CreateView:
			if same(x.Name) && (kind == sqlast.ObjView && !x.Materialized || kind == sqlast.ObjMatView && x.Materialized) {
				return true
			}
		case *sqlast.CreateFunction:
			if same(x.Name) && (kind == sqlast.ObjFunction && !x.Procedure || kind == sqlast.ObjProcedure && x.Procedure) {
				return true
			}
		case *sqlast.CreateEnum:
			if same(x.Name) && kind == sqlast.ObjType_ {
				return true
			}
		case *sqlast.CreateType:
			if same(x.Name) && (kind == sqlast.ObjType_ && !x.Domain || kind == sqlast.ObjDomain && x.Domain) {
				return true
			}
		case *sqlast.CreateSequence:
			if same(x.Name) && kind == sqlast.ObjSequence {
				return true
			}
		}
	}
	return false
}

func scanCompatView(c *Context, old sqlast.Name) bool {
	same := func(n sqlast.Name) bool {
		return n.Name == old.Name && (old.Schema == "" || n.Schema == "" || n.Schema == old.Schema)
	}
	for _, st := range c.Next {
		switch n := st.Node.(type) {
		case *sqlast.CreateView:
			if !n.Materialized && same(n.Name) {
				return true
			}
		case *sqlast.CreateTable:
			if same(n.Table) {
				return true
			}
		case *sqlast.Rename:
			if (n.ObjType == sqlast.ObjTable || n.ObjType == sqlast.ObjView) && n.NewName == old.Name {
				return true
			}
		}
	}
	return false
}

func scanCreatedInFile(c *Context, n sqlast.Name) bool {
	for _, p := range c.Prev {
		var got sqlast.Name
		switch x := p.Node.(type) {
		case *sqlast.CreateType:
			got = x.Name
		case *sqlast.CreateEnum:
			got = x.Name
		default:
			continue
		}
		if got.Name == n.Name && (got.Schema == n.Schema || got.Schema == "" || n.Schema == "") {
			return true
		}
	}
	return false
}

func scanTriggerCreated(c *Context, name string, table sqlast.Name) bool {
	for _, p := range c.Prev {
		if t, ok := p.Node.(*sqlast.CreateTrigger); ok && t.Name == name && t.Table.Name == table.Name {
			return true
		}
	}
	return false
}

func scanExtensionCreated(c *Context, name string) bool {
	for _, p := range c.Prev {
		if e, ok := p.Node.(*sqlast.CreateExtension); ok && e.Name == name {
			return true
		}
	}
	return false
}

// indexPool is the statements the random files are made of: every kind
// the index lists, over few names so that they collide.
var indexPool = []string{
	"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s", "START TRANSACTION",
	"SET statement_timeout = '5s'", "SET LOCAL statement_timeout = '5s'", "SET statement_timeout = 0",
	"RESET statement_timeout", "SET lock_timeout = '1s'", "SET LOCAL lock_timeout = '1s'", "RESET ALL",
	"ALTER TABLE {t} ADD CONSTRAINT {c} CHECK (a > 0) NOT VALID", "ALTER TABLE {t} ADD CONSTRAINT {c} UNIQUE (a)",
	"ALTER TABLE {t} ADD CONSTRAINT {c} PRIMARY KEY (a, b)", "ALTER TABLE {t} DROP CONSTRAINT {c}",
	"ALTER TABLE {t} DROP CONSTRAINT IF EXISTS {c}", "ALTER TABLE {t} VALIDATE CONSTRAINT {c}",
	"ALTER TABLE {t} ADD CONSTRAINT {c} FOREIGN KEY (a) REFERENCES u (id) NOT VALID",
	"ALTER TABLE {t} DROP CONSTRAINT {c}, ADD CONSTRAINT {c} CHECK (b > 0), ADD CONSTRAINT {c2} UNIQUE (b)",
	"ALTER TABLE {t} ADD COLUMN x int", "CREATE INDEX ON {t} (a)", "CREATE INDEX ON {t} (a, b) WHERE a > 0",
	"CREATE INDEX ON {t} (lower(b))", "CREATE UNIQUE INDEX ON {t} (b, a)",
	"CREATE VIEW {n} AS SELECT 1", "CREATE MATERIALIZED VIEW {n} AS SELECT 1", "CREATE TABLE {n} (a int)",
	"ALTER TABLE {t} RENAME TO {b}", "ALTER VIEW {n} RENAME TO {b}", "CREATE TYPE {n} AS ENUM ('a')",
	"CREATE TYPE {n} AS (a int)", "CREATE DOMAIN {n} AS int", "CREATE FUNCTION {n}() RETURNS int LANGUAGE sql AS 'SELECT 1'",
	"CREATE PROCEDURE {n}() LANGUAGE sql AS 'SELECT 1'", "CREATE SEQUENCE {n}", "CREATE EXTENSION {b}",
	"CREATE TRIGGER {b} BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION f()", "UPDATE {t} SET a = 1",
	"DROP VIEW {n}",
}

var (
	indexTables = []string{"t1", "t2", "s.t1", "public.t2"}
	indexNames  = []string{"v1", "t1", "s.v1", "e"}
	indexCons   = []string{"c1", "c2"}
	indexKinds  = []sqlast.ObjType{sqlast.ObjView, sqlast.ObjMatView, sqlast.ObjFunction, sqlast.ObjProcedure,
		sqlast.ObjType_, sqlast.ObjDomain, sqlast.ObjSequence}
)

func randomFile(r *rand.Rand, n int) string {
	var b strings.Builder
	for k := 0; k < n; k++ {
		s := indexPool[r.Intn(len(indexPool))]
		s = strings.NewReplacer("{t}", indexTables[r.Intn(len(indexTables))], "{c}", indexCons[r.Intn(2)],
			"{c2}", indexCons[r.Intn(2)], "{n}", indexNames[r.Intn(len(indexNames))], "{b}", strings.TrimPrefix(indexNames[r.Intn(len(indexNames))], "s.")).Replace(s)
		b.WriteString(s + ";\n")
	}
	return b.String()
}

// TestFileIndexMatchesScans runs every question the file index answers
// at every statement of random files, through one reused Context as the
// engine does, and compares with the scans it replaced.
func TestFileIndexMatchesScans(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	c := NewContext(nil, nil, nil)
	for f := 0; f < 200; f++ {
		src := randomFile(r, 1+r.Intn(40))
		stmts, errs := pgparse.Parse("f.sql", src)
		if len(errs) > 0 {
			t.Fatalf("%s: %v", src, errs)
		}
		for _, st := range stmts {
			st.InTx = r.Intn(4) == 0
		}
		if f%3 != 0 {
			c.StartFile() // and without: the index notices the new file
		}
		for i, st := range stmts {
			c.Stmt, c.Prev, c.Next = st, stmts[:i:i], stmts[i+1:]
			c.InTx = f%2 == 0
			where := fmt.Sprintf("file %d statement %d (%s)\n%s", f, i, st.Text, src)
			if got, want := lkTxState(c), scanTxState(c); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s\nlkTxState %+v, want %+v", where, got, want)
			}
			for _, p := range []string{"statement_timeout", "lock_timeout"} {
				if got, want := setBefore(c, p), scanSetBefore(c.Prev, p); got != want {
					t.Fatalf("%s\nsetBefore(%s) %v, want %v", where, p, got, want)
				}
			}
			if otherBefore(c) != scanHasOther(c.Prev) || otherAfter(c) != scanHasOther(c.Next) {
				t.Fatalf("%s\nother before/after", where)
			}
			if txEndsLater(c) != scanTxEndsLater(c) {
				t.Fatalf("%s\ntxEndsLater", where)
			}
			for _, tn := range indexTables {
				tab := lkSplitName(tn, "")
				for _, cols := range [][]string{{"a"}, {"b"}, {"a", "b"}} {
					if fkiCovered(c, tab, cols, nil) != scanIndexLater(c, tab, cols) {
						t.Fatalf("%s\nindex on %s %v later", where, tn, cols)
					}
				}
				for _, cn := range indexCons {
					tx := lkTxState(c)
					for _, from := range []int{0, tx.SameStart} {
						got, _ := cnvAddedNotValid(c, from, tab, cn)
						if want := scanAddedNotValid(c.Prev[from:], tab, cn); got != want {
							t.Fatalf("%s\nadded not valid %s.%s from %d: %v, want %v", where, tn, cn, from, got, want)
						}
					}
				}
				if bcTriggerCreatedInFile(c, "v1", tab) != scanTriggerCreated(c, "v1", tab) {
					t.Fatalf("%s\ntrigger created", where)
				}
			}
			if at, ok := st.Node.(*sqlast.AlterTable); ok {
				for k := 0; k <= len(at.Cmds); k++ {
					for _, cn := range indexCons {
						d1, a1 := prsConstraintBefore(c, at, k, cn)
						d2, a2 := scanConstraintBefore(c.Prev, at, k, cn)
						if d1 != d2 || a1 != a2 {
							t.Fatalf("%s\nconstraint %s before command %d: %v %v, want %v %v", where, cn, k, d1, a1, d2, a2)
						}
					}
				}
			}
			for _, nn := range indexNames {
				name := lkSplitName(nn, "")
				for _, k := range indexKinds {
					if bcRecreated(c, k, name) != scanRecreated(c, k, name) {
						t.Fatalf("%s\nrecreated %s %s", where, k, nn)
					}
				}
				if bcCompatView(c, name) != scanCompatView(c, name) || bcCreatedInFile(c, name) != scanCreatedInFile(c, name) ||
					bcExtensionCreatedInFile(c, name.Name) != scanExtensionCreated(c, name.Name) {
					t.Fatalf("%s\ncompat view, created type or extension %s", where, nn)
				}
			}
		}
	}
}
