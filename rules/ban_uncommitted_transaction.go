package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "ban-uncommitted-transaction",
		Title:      "BEGIN without a matching COMMIT",
		Effect:     NoEffect,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "A migration that opens a transaction with `BEGIN` and never commits it leaves the " +
			"outcome to the tool and the connection: the changes are rolled back when the connection " +
			"closes, or committed by whatever runs next on it, and every lock the migration took stays " +
			"held until then (an ALTER TABLE keeps its ACCESS EXCLUSIVE lock, blocking all reads and " +
			"writes of the table). On by default: it is always a mistake, usually a forgotten line.",
		Bad:  "BEGIN;\nALTER TABLE orders ADD COLUMN note text;",
		Good: "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;",
		Fix: []string{
			"Add `COMMIT;` at the end of the transaction.",
			"Or remove the BEGIN and let the migration tool manage the transaction.",
		},
		Default: true,
		Check:   checkBanUncommittedTransaction,
		Nodes:   []sqlast.Node{(*sqlast.Transaction)(nil)},
	})
}

func checkBanUncommittedTransaction(c *Context) {
	tx, ok := c.Stmt.Node.(*sqlast.Transaction)
	if !ok || tx.Kind != sqlast.TxBegin {
		return
	}
	// A second BEGIN before any COMMIT: the nesting rule reports it; the
	// COMMIT that follows ends both.
	if txEndsLater(c) {
		return
	}
	c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjOther, Name: "begin"},
		"begin opens a transaction that the migration never commits; its changes and locks depend on what happens to the connection",
		"add COMMIT at the end of the transaction")
}
