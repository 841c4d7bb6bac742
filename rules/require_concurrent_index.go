package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "require-concurrent-index",
		Title:      "Create indexes on existing tables concurrently",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`CREATE INDEX` without `CONCURRENTLY` takes a SHARE lock on the table for the whole " +
			"build: reads go on, but every INSERT, UPDATE and DELETE on the table waits until the index " +
			"is built, which on a large table means minutes to hours of blocked writes. While the " +
			"statement itself waits for its lock (behind a long-running transaction), the writers queue " +
			"behind it too. `CREATE INDEX CONCURRENTLY` takes only a SHARE UPDATE EXCLUSIVE lock and " +
			"lets reads and writes continue, at the cost of two table scans and of not being allowed " +
			"inside a transaction block. Indexes on tables created by the same release are not flagged: " +
			"nobody writes to them yet.",
		Bad:  "CREATE INDEX orders_user_id_idx ON orders (user_id);",
		Good: "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);",
		Fix: []string{
			"Write `CREATE INDEX CONCURRENTLY` (add `IF NOT EXISTS` so a retry after a failure is harmless).",
			"Run that migration outside a transaction (golang-migrate runs files without one; goose needs `-- +goose NO TRANSACTION`; Flyway detects it; dbmate needs `-- migrate:up transaction:false`).",
			"If the concurrent build fails it leaves an INVALID index: `DROP INDEX CONCURRENTLY` it and run the migration again.",
			"On a partitioned table, create the index `ON ONLY` the parent, create it concurrently on each partition, then `ALTER INDEX … ATTACH PARTITION` each one.",
		},
		Default: true,
		Check:   checkRequireConcurrentIndex,
		Nodes:   []sqlast.Node{(*sqlast.CreateIndex)(nil)},
	})
}

func checkRequireConcurrentIndex(c *Context) {
	ci, ok := c.Stmt.Node.(*sqlast.CreateIndex)
	if !ok || ci.Concurrently || ci.Only {
		return
	}
	if !lkExistingTable(c, ci.Table) {
		return
	}
	name := "an index"
	if ci.Name != "" {
		name = "index " + lkQ(ci.Name)
	}
	c.Report(c.Stmt.Pos, Object{
		Type: sqlast.ObjIndex, Schema: ci.Table.Schema, Table: ci.Table.Name, Index: ci.Name, Columns: ci.Columns,
	},
		"creating "+name+" on existing table "+lkQuote(ci.Table)+" without concurrently blocks writes to "+lkQuote(ci.Table)+" while it builds",
		"use CREATE INDEX CONCURRENTLY in a migration that runs outside a transaction")
}
