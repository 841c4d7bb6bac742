package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "require-concurrent-partition-detach",
		Title:      "Detach partitions concurrently",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: ">= 14",
		Why: "`ALTER TABLE parent DETACH PARTITION child` takes an ACCESS EXCLUSIVE lock on the " +
			"partitioned table: every read and write of every partition waits for it, and it waits " +
			"itself for every transaction that touches the parent. Since Postgres 14 `DETACH PARTITION " +
			"… CONCURRENTLY` takes only a SHARE UPDATE EXCLUSIVE lock on the parent and lets queries " +
			"continue. It cannot run inside a transaction block (see concurrently-in-transaction) and " +
			"not on a table with a default partition. `DETACH PARTITION … FINALIZE`, which completes an " +
			"interrupted concurrent detach, takes the same SHARE UPDATE EXCLUSIVE lock on the parent " +
			"and is not flagged.",
		Bad:  "ALTER TABLE measurements DETACH PARTITION measurements_2020;",
		Good: "ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;",
		Fix: []string{
			"Add `CONCURRENTLY` to the DETACH PARTITION (Postgres 14+).",
			"Run it in a migration without a transaction.",
			"If it is interrupted, finish it with `ALTER TABLE … DETACH PARTITION … FINALIZE`.",
		},
		Default: true,
		Check:   checkRequireConcurrentPartitionDetach,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkRequireConcurrentPartitionDetach(c *Context) {
	if c.PGVersion > 0 && c.PGVersion < 14 {
		return
	}
	at, ok := c.Stmt.Node.(*sqlast.AlterTable)
	if !ok || !lkExistingTable(c, at.Table) {
		return
	}
	for i := range at.Cmds {
		cmd := &at.Cmds[i]
		// FINALIZE finishes an interrupted DETACH … CONCURRENTLY under a
		// SHARE UPDATE EXCLUSIVE lock on the parent, like CONCURRENTLY.
		if cmd.Kind != sqlast.DetachPartition || cmd.Concurrent || cmd.Finalize {
			continue
		}
		c.Report(cmd.Pos, Object{Type: sqlast.ObjTable, Schema: at.Table.Schema, Table: at.Table.Name, Name: cmd.Name},
			"detaching partition "+lkQ(cmd.Name)+" from existing table "+lkQuote(at.Table)+" without concurrently takes an access exclusive lock that blocks reads and writes of all of "+lkQuote(at.Table),
			"use DETACH PARTITION … CONCURRENTLY in a migration that runs outside a transaction")
	}
}
