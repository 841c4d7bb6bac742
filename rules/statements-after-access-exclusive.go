package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "statements-after-access-exclusive",
		Title:      "Statements that run while an earlier statement holds an ACCESS EXCLUSIVE lock",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Locks are released only when the transaction ends. Once a statement in a transaction has " +
			"taken an ACCESS EXCLUSIVE lock on an existing table (most ALTER TABLE forms, DROP, " +
			"TRUNCATE, RENAME …), every statement after it in the same transaction runs while reads " +
			"and writes of that table are blocked: an instant `ADD COLUMN` followed by a backfill " +
			"`UPDATE` or a `CREATE INDEX` keeps the table unavailable for the whole backfill or build. " +
			"Migration tools that wrap each file in a transaction make this the default. (eugene E4.)",
		Bad: "ALTER TABLE orders ADD COLUMN status text;\n" +
			"UPDATE orders SET status = 'new';",
		Good: "ALTER TABLE orders ADD COLUMN status text;\n" +
			"-- next migration, or COMMIT first:\n" +
			"UPDATE orders SET status = 'new' WHERE id BETWEEN 1 AND 10000;",
		Fix: []string{
			"Put the ACCESS EXCLUSIVE statement last in its transaction, or in a migration of its own.",
			"Move backfills and index builds to separate migrations (backfills in batches, indexes CONCURRENTLY).",
			"Keep several ALTERs of the same table together in one ALTER TABLE statement.",
		},
		Default: true,
		Check:   checkStatementsAfterAccessExclusive,
	})
}

func checkStatementsAfterAccessExclusive(c *Context) {
	switch c.Stmt.Node.(type) {
	case *sqlast.Transaction, *sqlast.Set:
		return
	}
	switch c.Stmt.Kind {
	case "CommentStmt", "VariableSetStmt", "VariableShowStmt", "TransactionStmt":
		return
	}
	tx := lkTxState(c)
	if !tx.InTx || len(tx.Same) == 0 {
		return
	}
	for _, p := range tx.Same {
		for _, l := range lkLocks(c.Catalog, p, c.PGVersion) {
			if l.Mode < lkAccessExclusive {
				continue
			}
			c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjTable, Schema: l.Table.Schema, Table: l.Table.Name},
				"statement runs while existing table "+lkQuote(l.Table)+" is still locked access exclusive by the statement at line "+itoaLk(p.Pos.Line)+" of the same transaction; reads and writes of "+lkQuote(l.Table)+" wait until it commits",
				"put the access exclusive statement last in its transaction or move this statement to a separate migration")
			return
		}
	}
}
