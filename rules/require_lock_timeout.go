package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "require-lock-timeout",
		Title:      "Set lock_timeout before statements that lock existing tables",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "A DDL statement first has to acquire its lock, and it waits for every transaction that " +
			"already touches the table, however long. While it waits, it sits at the head of the lock " +
			"queue and every later query that conflicts with its lock waits behind it: an `ALTER TABLE` " +
			"that needs a millisecond but waits for a ten-minute report query takes the table down for " +
			"ten minutes. `SET lock_timeout = '2s'` makes the statement give up instead (the migration " +
			"fails and can be retried). This rule flags statements that take a lock that blocks writes " +
			"on a table that existed before the release: ACCESS EXCLUSIVE (most ALTER TABLE forms, " +
			"DROP TABLE, TRUNCATE, RENAME, non-concurrent DROP INDEX and REINDEX, DROP TRIGGER, " +
			"VACUUM FULL, CLUSTER), SHARE ROW EXCLUSIVE (adding a foreign key, on both tables, even from " +
			"a new table; CREATE TRIGGER) and SHARE (non-concurrent CREATE INDEX, also flagged by " +
			"require-concurrent-index). Statements that only take SHARE UPDATE EXCLUSIVE (the " +
			"CONCURRENTLY forms, VALIDATE CONSTRAINT, ATTACH PARTITION on Postgres 12+) do not block " +
			"reads or writes and are not flagged. The rule reports the first such statement of each " +
			"stretch of the file without a lock_timeout and counts the later ones: one `SET` at the " +
			"top fixes them all. A `SET lock_timeout` earlier in the file satisfies the " +
			"rule (a `SET LOCAL` only inside the same transaction block). Tables created by the same " +
			"release are not flagged.",
		Bad: "ALTER TABLE orders ADD COLUMN note text;",
		Good: "SET lock_timeout = '2s';\n" +
			"ALTER TABLE orders ADD COLUMN note text;",
		Fix: []string{
			"Put `SET lock_timeout = '2s';` (or a value your traffic tolerates) at the top of the migration; `SET LOCAL` inside a transaction.",
			"Make the deploy retry the migration a few times when it fails with `canceling statement due to lock timeout`.",
			"If the migration runner's role already has one (`ALTER ROLE migrator SET lock_timeout = '2s'`), disable this rule in `.rbcheck.yaml`.",
		},
		Default: true,
		Check:   checkRequireLockTimeout,
		Nodes:   lkLockNodes,
	})
}

var rltMemo = &lkStretchMemo{"require-lock-timeout"}

func checkRequireLockTimeout(c *Context) {
	if c.LockTimeout {
		return
	}
	l, ok := rltBlocking(c, c.Stmt)
	rltMemo.remember(c, ok)
	if !ok {
		return
	}
	// One finding per stretch of the file without a lock_timeout: the fix
	// is one SET before the first statement that needs it.
	first, more := lkFirstInStretch(c, "lock_timeout", rltMemo, func(st *sqlast.Stmt) bool {
		_, b := rltBlocking(c, st)
		return b
	})
	if !first {
		return
	}
	c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjTable, Schema: l.Table.Schema, Table: l.Table.Name},
		"statement takes "+l.Mode.withArticle()+" lock on existing table "+lkQuote(l.Table)+" without lock_timeout"+lkAlso(more)+"; while it waits for the lock, "+l.Mode.blocks()+" of "+lkQuote(l.Table)+" queue behind it",
		"run SET lock_timeout = '2s' before this statement and retry the migration on timeout")
}

// rltBlocking returns the strongest write-blocking lock st takes on an
// existing table.
func rltBlocking(c *Context, st *sqlast.Stmt) (lkLock, bool) {
	var best lkLock
	for _, l := range lkLocks(c, st) {
		if l.Mode >= lkShare && l.Mode > best.Mode {
			best = l
		}
	}
	return best, best.Mode != lkNone
}
