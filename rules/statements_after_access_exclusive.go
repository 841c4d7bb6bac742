package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "statements-after-access-exclusive",
		Title:      "Slow or lock-taking statements while an earlier statement holds an ACCESS EXCLUSIVE lock",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Locks are released only when the transaction ends. Once a statement in a transaction has " +
			"taken an ACCESS EXCLUSIVE lock on an existing table (most ALTER TABLE forms, DROP, " +
			"TRUNCATE, RENAME …), every statement after it in the same transaction runs while reads " +
			"and writes of that table are blocked: an instant `ADD COLUMN` followed by a backfill " +
			"`UPDATE` or a `CREATE INDEX` keeps the table unavailable for the whole backfill or build, " +
			"and a following statement that must wait for a lock on another table keeps the first one " +
			"blocked while it waits. Migration tools that wrap each file in a transaction (and " +
			"golang-migrate's implicit transaction for multi-statement files) make this the default. " +
			"Like eugene's E4, but to stay useful the rule flags only the later statements that can " +
			"take long or wait: data changes and queries, index builds, ALTERs that scan or rewrite, " +
			"VACUUM/CLUSTER/REINDEX, statements rbcheck does not model (DO, CALL), and statements that " +
			"lock another existing table. Quick catalog changes to the already locked table, or to " +
			"objects created by the same release, are not flagged.",
		Bad: "ALTER TABLE orders ADD COLUMN status text;\n" +
			"UPDATE orders SET status = 'new';",
		Good: "ALTER TABLE orders ADD COLUMN status text;\n" +
			"-- next migration, or COMMIT first:\n" +
			"UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000;",
		Fix: []string{
			"Put the ACCESS EXCLUSIVE statement last in its transaction, or in a migration of its own.",
			"Move backfills and index builds to separate migrations (backfills in batches, indexes CONCURRENTLY).",
			"Keep several ALTERs of the same table together in one ALTER TABLE statement.",
			"Set `lock_timeout` so a statement that waits for another table's lock gives up quickly.",
		},
		Default: true,
		Check:   checkStatementsAfterAccessExclusive,
		Nodes:   saeNodes,
	})
}

func checkStatementsAfterAccessExclusive(c *Context) {
	// Only statements that may run long or take locks (saeNodes; not SET
	// or transaction control) matter. Decide first whether this statement matters at all (cheap), then
	// look at what the transaction holds.
	slow := saeSlow(c)
	own := lkLocks(c, c.Stmt)
	if !slow && len(own) == 0 {
		return
	}
	if !c.InTx && !lkTxState(c).InTx {
		return
	}
	held, heldBy := saeHeld(c)
	if len(held) == 0 {
		return
	}
	reason := ""
	if slow {
		reason = "may run long"
	} else {
		for _, l := range own {
			if heldBy[l.Table] == nil {
				reason = "waits for a lock on " + lkQuote(l.Table)
				break
			}
		}
	}
	if reason == "" {
		return
	}
	l := held[0]
	p := heldBy[l.Table]
	c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjTable, Schema: l.Table.Schema, Table: l.Table.Name},
		"statement "+reason+" while existing table "+lkQuote(l.Table)+" is still locked access exclusive by the statement at line "+itoaLk(p.Pos.Line)+" of the same transaction; reads and writes of "+lkQuote(l.Table)+" wait until it commits",
		"put the access exclusive statement last in its transaction or move this statement to a separate migration")
}

// saeFile is the ACCESS EXCLUSIVE locks held after the first n statements
// of a file. The rule runs statement by statement in order, so the state
// is folded forward one statement at a time instead of rescanning the
// whole transaction for every statement (whole-history files have
// thousands of statements).
type saeFile struct {
	n      int
	held   []lkLock
	heldBy map[sqlast.Name]*sqlast.Stmt
}

// saeKey keys the per-file state (fileState) by Postgres version.
type saeKey struct{ pg int }

// saeHeld returns the existing tables locked ACCESS EXCLUSIVE by earlier
// statements of the current transaction, with the statement that took
// each lock first.
func saeHeld(c *Context) ([]lkLock, map[sqlast.Name]*sqlast.Stmt) {
	st := fileState(c, saeKey{c.PGVersion}, func() *saeFile {
		return &saeFile{heldBy: map[sqlast.Name]*sqlast.Stmt{}}
	})
	if st.n > len(c.Prev) {
		*st = saeFile{heldBy: map[sqlast.Name]*sqlast.Stmt{}}
	}
	for _, p := range c.Prev[st.n:] {
		saeFold(c, st, p)
	}
	st.n = len(c.Prev)
	return st.held, st.heldBy
}

// saeFold adds statement p, which ran before the current one, to the state.
func saeFold(c *Context, st *saeFile, p *sqlast.Stmt) {
	reset := func() {
		// Most statements outside a transaction reset an empty state: keep
		// its map rather than allocate one for each. (The slices saeHeld
		// returned before are not kept by its callers.)
		st.held = st.held[:0]
		clear(st.heldBy)
	}
	if tx, ok := p.Node.(*sqlast.Transaction); ok {
		if tx.Kind == sqlast.TxBegin || tx.Kind == sqlast.TxCommit || tx.Kind == sqlast.TxRollback {
			reset()
		}
		return
	}
	if !p.InTx {
		// Autocommit: its locks were released when it finished.
		reset()
		return
	}
	for _, l := range lkRawLocks(c.Catalog, p, c.PGVersion) {
		if l.Mode < lkAccessExclusive {
			continue
		}
		if _, seen := st.heldBy[l.Table]; seen || !lkExistingTable(c, l.Table) {
			continue
		}
		st.heldBy[l.Table] = p
		st.held = append(st.held, l)
	}
}

// saeSlowNodes are the statement models saeSlowStmt can find slow (the
// cases of its switch); the rule looks at those and at the ones that take
// locks (lkLockNodes): a statement of any other kind is neither slow nor
// waits for a lock.
var (
	saeSlowNodes = []sqlast.Node{(*sqlast.Update)(nil), (*sqlast.Delete)(nil), (*sqlast.Insert)(nil), (*sqlast.Select)(nil),
		(*sqlast.Vacuum)(nil), (*sqlast.Cluster)(nil), (*sqlast.Reindex)(nil), (*sqlast.CreateIndex)(nil), (*sqlast.CreateTable)(nil),
		(*sqlast.CreateView)(nil), (*sqlast.AlterDomain)(nil), (*sqlast.AlterTable)(nil), (*sqlast.Other)(nil)}
	saeNodes = append(append([]sqlast.Node(nil), saeSlowNodes...), lkLockNodes...)
)

// saeSlow reports statements whose run time depends on the data (or that
// rbcheck cannot judge): they prolong any lock held before them.
func saeSlow(c *Context) bool { return saeSlowStmt(c, c.Stmt) }

// saeSlowStmt reports whether st may run long (scan, rewrite, build, or
// touch many rows) judged with c's catalog.
func saeSlowStmt(c *Context, st *sqlast.Stmt) bool {
	switch n := st.Node.(type) {
	case *sqlast.Update, *sqlast.Delete, *sqlast.Insert, *sqlast.Select,
		*sqlast.Vacuum, *sqlast.Cluster, *sqlast.Reindex:
		return true
	case *sqlast.CreateIndex:
		return lkExistingTable(c, n.Table)
	case *sqlast.CreateTable:
		return n.AsQuery
	case *sqlast.CreateView:
		return n.Materialized
	case *sqlast.AlterDomain:
		return n.AddConstraint
	case *sqlast.AlterTable:
		if !lkExistingTable(c, n.Table) {
			return false
		}
		for i := range n.Cmds {
			if saeSlowCmd(c, n.Table, &n.Cmds[i]) {
				return true
			}
		}
		return false
	case *sqlast.Other:
		switch st.Kind {
		case "DoStmt", "CallStmt", "RefreshMatViewStmt", "CopyStmt", "ExecuteStmt":
			return true
		}
	}
	return false
}

// saeSlowCmd reports ALTER TABLE sub-commands that scan or rewrite.
func saeSlowCmd(c *Context, t sqlast.Name, cmd *sqlast.AlterCmd) bool {
	switch cmd.Kind {
	case sqlast.AddConstraint:
		con := cmd.Constraint
		return con != nil && !con.NotValid && con.UsingIndex == "" && con.Kind != sqlast.ConNotNull
	case sqlast.SetNotNull:
		// No scan when the column is NOT NULL already, or (Postgres 12+)
		// a validated check proves it (see set-not-null-scan).
		if col := lkColumn(c, t, cmd.Column); col != nil && col.NotNull {
			return false
		}
		valid, _ := nnsChecks(lkTable(c, t), cmd.Column)
		return valid == "" || c.PGVersion < 12
	case sqlast.ValidateConstraint, sqlast.SetLogged, sqlast.SetUnlogged,
		sqlast.SetTablespace, sqlast.AttachPartition:
		return true
	case sqlast.AlterColumnType:
		old := lkColumn(c, t, cmd.Column)
		return cmd.Type == nil || old == nil || old.Type.Name == "" ||
			!binaryCompatible(old.Type, *cmd.Type) || !trUsingTrivial(cmd.Using, cmd.Column)
	case sqlast.AddColumn:
		d := cmd.Def
		if d == nil {
			return false
		}
		if d.Serial || d.Identity || d.Generated != nil {
			return true
		}
		if d.Default != nil && !d.Default.Null {
			if known, unknown := volatileCalls(c, d.Default); len(known)+len(unknown) > 0 {
				return true
			}
		}
		if c.PGVersion > 0 && c.PGVersion < 11 && d.Default != nil && !d.Default.Null {
			return true
		}
		for _, con := range d.Constraints {
			if con.Kind != sqlast.ConNotNull && !con.NotValid {
				return true
			}
		}
	}
	return false
}
