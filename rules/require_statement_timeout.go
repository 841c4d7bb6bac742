package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "require-statement-timeout",
		Title:      "Set statement_timeout before statements that block traffic while they run",
		Effect:     NoEffect,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`lock_timeout` bounds how long a statement waits for its lock; `statement_timeout` bounds " +
			"how long it may run once it has it. A statement that holds a lock blocking writes (or " +
			"reads) on an existing table while it scans or rewrites it — an ALTER that validates, " +
			"rewrites or scans, a non-concurrent CREATE INDEX, VACUUM FULL, CLUSTER, REINDEX — or a " +
			"whole-table UPDATE/DELETE keeps the table blocked for as long as it runs; a " +
			"statement_timeout turns an unexpectedly long run into a failed migration instead of an " +
			"outage. Statements that take their lock only to change the catalog (adding a nullable " +
			"column, dropping an index) are left to require-lock-timeout. If the migration runner's " +
			"role already sets it (`ALTER ROLE migrator SET statement_timeout`), disable the rule in " +
			"`.rbcheck.yaml`. Do not set a short statement_timeout for CONCURRENTLY " +
			"builds: a cancelled concurrent build leaves an invalid index behind. One finding per " +
			"stretch of the file without a statement_timeout, counting the later statements.",
		Bad:  "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);",
		Good: "SET statement_timeout = '5min';\nALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);",
		Fix: []string{
			"Put `SET statement_timeout = '…';` at the top of the migration (`SET LOCAL` inside a transaction).",
			"Or configure it for the migration runner's role: `ALTER ROLE migrator SET statement_timeout = '…'`.",
		},
		Default: true,
		Check:   checkRequireStatementTimeout,
		Nodes:   rstNodes,
	})
}

// rstNodes: the statements that lock (lkLockNodes) and whole-table
// UPDATE and DELETE (rstOffending).
var rstNodes = append([]sqlast.Node{(*sqlast.Update)(nil), (*sqlast.Delete)(nil)}, lkLockNodes...)

var rstMemo = &lkStretchMemo{"require-statement-timeout"}

func checkRequireStatementTimeout(c *Context) {
	if setBefore(c, "statement_timeout") {
		return
	}
	msg, obj, help := rstOffending(c, c.Stmt)
	rstMemo.remember(c, msg != "")
	if msg == "" {
		return
	}
	first, more := lkFirstInStretch(c, "statement_timeout", rstMemo, func(st *sqlast.Stmt) bool {
		m, _, _ := rstOffending(c, st)
		return m != ""
	})
	if !first {
		return
	}
	c.Report(c.Stmt.Pos, obj, msg+lkAlso(more), help)
}

// rstOffending describes why st needs a statement_timeout ("" when it
// does not): a lock that blocks writes on an existing table, or a
// whole-table UPDATE/DELETE.
func rstOffending(c *Context, st *sqlast.Stmt) (msg string, obj Object, help string) {
	for _, l := range lkLocks(c, st) {
		// Only statements that run long while they hold the lock: a
		// catalog-only change is over once it has the lock.
		if l.Mode < lkShare || !saeSlowStmt(c, st) {
			continue
		}
		return "statement holds " + l.Mode.withArticle() + " lock on existing table " + lkQuote(l.Table) + " without statement_timeout; " + l.Mode.blocks() + " of " + lkQuote(l.Table) + " wait for as long as it runs",
			Object{Type: sqlast.ObjTable, Schema: l.Table.Schema, Table: l.Table.Name},
			"run SET statement_timeout before this statement"
	}
	var t sqlast.Name
	verb := ""
	switch n := st.Node.(type) {
	case *sqlast.Update:
		if n.HasWhere {
			return "", Object{}, ""
		}
		t, verb = n.Table, "update"
	case *sqlast.Delete:
		if n.HasWhere {
			return "", Object{}, ""
		}
		t, verb = n.Table, "delete"
	default:
		return "", Object{}, ""
	}
	if !lkExistingTable(c, t) {
		return "", Object{}, ""
	}
	return "whole-table " + verb + " on existing table " + lkQuote(t) + " runs without statement_timeout; it locks every row of " + lkQuote(t) + " for as long as it runs",
		Object{Type: sqlast.ObjTable, Schema: t.Schema, Table: t.Name},
		"run SET statement_timeout before this statement, or update in batches"
}
