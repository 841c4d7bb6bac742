package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "transaction-nesting",
		Title:      "BEGIN and COMMIT inside a transaction the migration tool already opened",
		Effect:     NoEffect,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Postgres has no nested transactions. A `BEGIN` inside an open transaction (one the " +
			"migration tool opened around the file, or an earlier `BEGIN` in the file) is ignored with " +
			"a WARNING, and the file's `COMMIT` then commits the tool's transaction early: the " +
			"statements after it run without a transaction, a failure leaves the migration half " +
			"applied, and the tool records the version outside the migration's transaction (or fails " +
			"on its own COMMIT). Tools that wrap files (goose, dbmate, sql-migrate, tern, Flyway) " +
			"expect no transaction control in the file; golang-migrate runs a multi-statement file as " +
			"one implicit transaction, where BEGIN/COMMIT are allowed. On by default: it is always a " +
			"mistake.",
		Bad:  "-- goose file, wrapped by goose\nBEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;",
		Good: "ALTER TABLE orders ADD COLUMN note text;",
		Fix: []string{
			"Remove BEGIN/COMMIT from the file and let the tool's transaction cover it.",
			"If the file must control its own transactions, disable the tool's transaction for it (goose `-- +goose NO TRANSACTION`, dbmate `transaction:false`, sql-migrate `notransaction`).",
		},
		Default: true,
		Check:   checkTransactionNesting,
		Nodes:   []sqlast.Node{(*sqlast.Transaction)(nil)},
	})
}

func checkTransactionNesting(c *Context) {
	tx, ok := c.Stmt.Node.(*sqlast.Transaction)
	if !ok {
		return
	}
	// State before this statement, from the earlier statements.
	explicit, begin, ended, _ := txBefore(c)
	var beginLine int
	if begin != nil {
		beginLine = begin.Pos.Line
	}
	tool := c.ToolTx && !ended
	obj := Object{Type: sqlast.ObjOther, Name: string(tx.Kind)}
	switch tx.Kind {
	case sqlast.TxBegin:
		switch {
		case explicit:
			c.Report(c.Stmt.Pos, obj,
				"begin inside the transaction opened at line "+itoaLk(beginLine)+" is ignored; postgres has no nested transactions and the first commit ends both",
				"remove the nested BEGIN (use SAVEPOINT for a partial rollback)")
		case tool:
			c.Report(c.Stmt.Pos, obj,
				"begin inside the migration tool's transaction is ignored; the file's commit then ends the tool's transaction early and the rest runs without one",
				"remove BEGIN/COMMIT from the file, or disable the tool's transaction for this migration")
		}
	case sqlast.TxCommit, sqlast.TxRollback:
		if tool && !explicit {
			c.Report(c.Stmt.Pos, obj,
				string(tx.Kind)+" ends the migration tool's transaction early; the statements after it and the tool's own bookkeeping run outside the migration's transaction",
				"remove "+string(tx.Kind)+" from the file, or disable the tool's transaction for this migration")
		}
	}
}
