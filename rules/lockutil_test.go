package rules

import (
	"testing"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// lockingRules are the rules built on lockutil.go.
var lockingRules = []string{
	"add-unique-constraint", "ban-alter-domain-with-add-constraint", "ban-char-field",
	"ban-create-domain-with-constraint", "ban-uncommitted-transaction", "concurrently-in-transaction",
	"constraint-not-valid", "foreign-key-without-index", "identifier-too-long", "json-column",
	"prefer-bigint-over-int", "prefer-identity", "prefer-robust-stmts", "prefer-text-field",
	"prefer-timestamptz", "require-concurrent-index-drop", "require-concurrent-index",
	"require-concurrent-partition-detach", "require-concurrent-reindex", "require-lock-timeout",
	"require-statement-timeout", "statements-after-access-exclusive", "table-rewrite",
	"transaction-nesting", "vacuum-full-or-cluster",
}

// TestRulesSurviveSparseNodes runs every rule over statements with missing
// parts (nil definitions, constraints, types, empty names) and a nil or
// empty catalog: none may panic.
func TestRulesSurviveSparseNodes(t *testing.T) {
	nodes := []sqlast.Node{
		&sqlast.AlterTable{Cmds: []sqlast.AlterCmd{
			{Kind: sqlast.AddColumn}, {Kind: sqlast.AddConstraint}, {Kind: sqlast.AlterColumnType},
			{Kind: sqlast.ValidateConstraint}, {Kind: sqlast.DetachPartition}, {Kind: sqlast.AttachPartition},
			{Kind: sqlast.AlterOther}, {Kind: sqlast.SetLogged}, {Kind: sqlast.DropConstraint},
			{Kind: sqlast.AddColumn, Def: &sqlast.ColumnDef{Constraints: []sqlast.Constraint{{Kind: sqlast.ConForeignKey}, {Kind: sqlast.ConUnique}}}},
			{Kind: sqlast.AddConstraint, Constraint: &sqlast.Constraint{Kind: sqlast.ConForeignKey}},
		}},
		&sqlast.CreateTable{Columns: []sqlast.ColumnDef{{Constraints: []sqlast.Constraint{{Kind: sqlast.ConForeignKey}}}}, Constraints: []sqlast.Constraint{{Kind: sqlast.ConForeignKey}}},
		&sqlast.CreateIndex{}, &sqlast.Drop{ObjType: sqlast.ObjIndex}, &sqlast.Drop{ObjType: sqlast.ObjTable},
		&sqlast.Drop{ObjType: sqlast.ObjIndex, Objects: []sqlast.Name{{}}},
		&sqlast.Reindex{}, &sqlast.Reindex{Kind: "index"}, &sqlast.Vacuum{Full: true}, &sqlast.Cluster{},
		&sqlast.AlterDomain{AddConstraint: true}, &sqlast.CreateType{Domain: true, Constraint: true},
		&sqlast.Transaction{Kind: sqlast.TxBegin}, &sqlast.Transaction{Kind: sqlast.TxCommit},
		&sqlast.Set{}, &sqlast.Truncate{}, &sqlast.Rename{ObjType: sqlast.ObjIndex}, &sqlast.Update{}, &sqlast.Delete{},
		&sqlast.Other{}, nil,
	}
	for _, cat := range []*catalog.Catalog{nil, catalog.NewCatalog()} {
		var prev []*sqlast.Stmt
		for _, n := range nodes {
			st := &sqlast.Stmt{Node: n, Text: "x", Pos: sqlast.Pos{Line: 1, Col: 1}, InTx: true}
			for _, name := range lockingRules {
				r := Get(name)
				if r == nil {
					t.Fatalf("rule %s is not registered", name)
				}
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("rule %s panicked on %T (catalog %v): %v", name, n, cat != nil, p)
						}
					}()
					c := NewContext(r, st, cat)
					c.Prev, c.InTx, c.ToolTx = prev, true, true
					r.Check(c)
				}()
			}
			prev = append(prev, st)
		}
	}
}

func TestLkTxState(t *testing.T) {
	mk := func(n sqlast.Node, line int) *sqlast.Stmt {
		return &sqlast.Stmt{Node: n, Pos: sqlast.Pos{Line: line}}
	}
	alter := mk(&sqlast.AlterTable{Table: sqlast.Name{Name: "t"}}, 1)
	begin := mk(&sqlast.Transaction{Kind: sqlast.TxBegin}, 2)
	a2 := mk(&sqlast.AlterTable{Table: sqlast.Name{Name: "t"}}, 3)
	commit := mk(&sqlast.Transaction{Kind: sqlast.TxCommit}, 4)
	cur := mk(&sqlast.Other{}, 5)

	// Autocommit file: no transaction, nothing shared.
	c := &Context{Stmt: cur, Prev: []*sqlast.Stmt{alter}}
	if s := lkTxState(c); s.InTx || len(s.Same) != 0 {
		t.Errorf("autocommit: %+v", s)
	}
	// Tool transaction: every earlier statement is in the same one.
	c = &Context{Stmt: cur, Prev: []*sqlast.Stmt{alter}, InTx: true}
	if s := lkTxState(c); !s.InTx || !s.ToolTx || len(s.Same) != 1 {
		t.Errorf("tool tx: %+v", s)
	}
	// Explicit block: only the statements since BEGIN.
	c = &Context{Stmt: cur, Prev: []*sqlast.Stmt{alter, begin, a2}, InTx: true}
	if s := lkTxState(c); !s.InTx || !s.ExplicitOpen || s.BeginPos.Line != 2 || len(s.Same) != 1 || s.Same[0] != a2 {
		t.Errorf("explicit: %+v", s)
	}
	// After COMMIT: autocommit again, even if the engine still says InTx.
	c = &Context{Stmt: cur, Prev: []*sqlast.Stmt{alter, begin, a2, commit}, InTx: true}
	if s := lkTxState(c); s.InTx || len(s.Same) != 0 {
		t.Errorf("after commit: %+v", s)
	}
}

func TestLkLocksModes(t *testing.T) {
	cat := catalog.NewCatalog()
	st := func(n sqlast.Node) *sqlast.Stmt { return &sqlast.Stmt{Node: n, Pos: sqlast.Pos{Line: 1}} }
	orders := sqlast.Name{Name: "orders"}
	users := sqlast.Name{Name: "users"}
	cases := []struct {
		name string
		node sqlast.Node
		pg   int
		want map[string]lkMode
	}{
		{"add column", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{{Kind: sqlast.AddColumn}}}, 17, map[string]lkMode{"orders": lkAccessExclusive}},
		{"validate", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{{Kind: sqlast.ValidateConstraint}}}, 17, map[string]lkMode{"orders": lkShareUpdateExclusive}},
		{"fk", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{{Kind: sqlast.AddConstraint, Constraint: &sqlast.Constraint{Kind: sqlast.ConForeignKey, RefTable: &users}}}}, 17,
			map[string]lkMode{"orders": lkShareRowExclusive, "users": lkShareRowExclusive}},
		{"fk and check", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{
			{Kind: sqlast.AddConstraint, Constraint: &sqlast.Constraint{Kind: sqlast.ConForeignKey, RefTable: &users}},
			{Kind: sqlast.AddConstraint, Constraint: &sqlast.Constraint{Kind: sqlast.ConCheck}}}}, 17,
			map[string]lkMode{"orders": lkAccessExclusive, "users": lkShareRowExclusive}},
		{"set statistics", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{{Kind: sqlast.AlterOther, Raw: "SetStatistics"}}}, 17, map[string]lkMode{"orders": lkShareUpdateExclusive}},
		{"attach pg11", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{{Kind: sqlast.AttachPartition, Name: "orders_2020"}}}, 11,
			map[string]lkMode{"orders": lkAccessExclusive, "orders_2020": lkAccessExclusive}},
		{"attach pg12", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{{Kind: sqlast.AttachPartition, Name: "orders_2020"}}}, 12,
			map[string]lkMode{"orders": lkShareUpdateExclusive, "orders_2020": lkAccessExclusive}},
		// Measured with pg_locks on Postgres 15.
		{"detach", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{{Kind: sqlast.DetachPartition, Name: "orders_2020"}}}, 17,
			map[string]lkMode{"orders": lkAccessExclusive, "orders_2020": lkAccessExclusive}},
		{"detach finalize", &sqlast.AlterTable{Table: orders, Cmds: []sqlast.AlterCmd{{Kind: sqlast.DetachPartition, Name: "orders_2020", Finalize: true}}}, 17,
			map[string]lkMode{"orders": lkShareUpdateExclusive, "orders_2020": lkAccessExclusive}},
		{"create index", &sqlast.CreateIndex{Table: orders}, 17, map[string]lkMode{"orders": lkShare}},
		{"create index concurrently", &sqlast.CreateIndex{Table: orders, Concurrently: true}, 17, map[string]lkMode{"orders": lkShareUpdateExclusive}},
		{"truncate", &sqlast.Truncate{Tables: []sqlast.Name{orders, users}}, 17, map[string]lkMode{"orders": lkAccessExclusive, "users": lkAccessExclusive}},
		{"vacuum", &sqlast.Vacuum{Tables: []sqlast.Name{orders}}, 17, map[string]lkMode{"orders": lkShareUpdateExclusive}},
		{"new table fk", &sqlast.CreateTable{Table: sqlast.Name{Name: "x"}, Constraints: []sqlast.Constraint{{Kind: sqlast.ConForeignKey, RefTable: &users}}}, 17, map[string]lkMode{"users": lkShareRowExclusive}},
	}
	for _, c := range cases {
		got := map[string]lkMode{}
		ctx := NewContext(nil, st(c.node), cat)
		ctx.PGVersion = c.pg
		for _, l := range lkLocks(ctx, ctx.Stmt) {
			got[l.Table.Name] = l.Mode
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: locks %v, want %v", c.name, got, c.want)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%s: %s locked %v, want %v", c.name, k, got[k], v)
			}
		}
	}
}

// BenchmarkStatementsAfterAccessExclusiveLongFile runs the rule over a
// 5,000-statement transaction, as in a whole-history dump: the rule folds
// its state forward, so the cost per statement must not grow with the file.
func BenchmarkStatementsAfterAccessExclusiveLongFile(b *testing.B) {
	r := Get("statements-after-access-exclusive")
	stmts := make([]*sqlast.Stmt, 5000)
	for i := range stmts {
		var n sqlast.Node = &sqlast.AlterTable{Table: sqlast.Name{Name: "t" + itoaLk(i%50)}, Cmds: []sqlast.AlterCmd{{Kind: sqlast.AddColumn}}}
		if i%10 == 0 {
			n = &sqlast.Update{Table: sqlast.Name{Name: "t" + itoaLk(i%50)}}
		}
		stmts[i] = &sqlast.Stmt{Node: n, Pos: sqlast.Pos{Line: i + 1, Col: 1}, InTx: true}
	}
	cat := catalog.NewCatalog()
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		found := 0
		for i, st := range stmts {
			c := NewContext(r, st, cat)
			c.Prev, c.Next, c.InTx, c.ToolTx = stmts[:i], stmts[i+1:], true, true
			r.Check(c)
			found += len(c.Findings())
		}
		if found == 0 {
			b.Fatal("no findings")
		}
		// A new slice of the same statements starts a fresh file state.
		stmts = append([]*sqlast.Stmt(nil), stmts...)
		stmts[0] = &sqlast.Stmt{Node: stmts[0].Node, Pos: stmts[0].Pos, InTx: true}
	}
}

// FuzzLockingRules parses arbitrary SQL with the real parser, replays it
// into a catalog as existing objects, and runs every rule of lockutil.go's
// family over it again as a migration: no input may make a rule panic.
func FuzzLockingRules(f *testing.F) {
	for _, s := range []string{
		"CREATE TABLE t (id int PRIMARY KEY, u int REFERENCES t(id)); ALTER TABLE t ADD COLUMN x uuid DEFAULT gen_random_uuid();",
		"BEGIN; CREATE INDEX CONCURRENTLY i ON t (a); COMMIT; DROP INDEX i;",
		"ALTER TABLE t ALTER COLUMN a TYPE varchar(10) USING a::text, ADD CONSTRAINT c CHECK (a > 0), SET LOGGED;",
		"ALTER TABLE p DETACH PARTITION c CONCURRENTLY; REINDEX TABLE t; VACUUM FULL t; CLUSTER t;",
		"CREATE DOMAIN d AS int CHECK (VALUE > 0); ALTER DOMAIN d ADD CONSTRAINT c CHECK (VALUE < 9);",
		"SET lock_timeout = '1s'; TRUNCATE a, b; ALTER TABLE a RENAME TO b; UPDATE b SET x = 1;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		stmts, _ := pgparse.Parse("f.sql", src)
		if len(stmts) > 50 {
			stmts = stmts[:50]
		}
		cat := catalog.NewCatalog()
		for _, st := range stmts {
			func() {
				defer func() { _ = recover() }() // the catalog's own robustness is tested elsewhere
				cat.Apply(st, catalog.Existing)
			}()
		}
		for i, st := range stmts {
			for _, name := range lockingRules {
				r := Get(name)
				c := NewContext(r, st, cat)
				c.Prev, c.Next, c.InTx, c.ToolTx = stmts[:i], stmts[i+1:], i%2 == 0, i%3 == 0
				c.PGVersion = 10 + i%8
				r.Check(c)
				for _, fd := range c.Findings() {
					if fd.Message == "" || fd.Help == "" || fd.Object.Type == "" {
						t.Fatalf("%s: incomplete finding %+v", name, fd)
					}
				}
			}
		}
	})
}
