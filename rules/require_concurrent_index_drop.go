package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "require-concurrent-index-drop",
		Title:      "Drop indexes on existing tables concurrently",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`DROP INDEX` without `CONCURRENTLY` takes an ACCESS EXCLUSIVE lock on the index's table. " +
			"The drop itself is quick, but to get the lock it must wait for every running transaction " +
			"that touched the table, and while it waits every new read and write of the table queues " +
			"behind it: one long report query turns a millisecond drop into an outage of the table. " +
			"`DROP INDEX CONCURRENTLY` waits for those transactions without blocking anyone.",
		Bad:  "DROP INDEX orders_legacy_idx;",
		Good: "DROP INDEX CONCURRENTLY IF EXISTS orders_legacy_idx;",
		Fix: []string{
			"Write `DROP INDEX CONCURRENTLY IF EXISTS …`, one index per statement.",
			"Run that migration outside a transaction (CONCURRENTLY is not allowed inside one).",
			"An index that backs a constraint cannot be dropped concurrently: drop the constraint instead, with `lock_timeout` set.",
		},
		Default: true,
		Check:   checkRequireConcurrentIndexDrop,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkRequireConcurrentIndexDrop(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || d.ObjType != sqlast.ObjIndex || d.Concurrently {
		return
	}
	for _, in := range d.Objects {
		if !lkExistingIndex(c, in) {
			continue
		}
		obj := Object{Type: sqlast.ObjIndex, Schema: in.Schema, Index: in.Name}
		target := "its table"
		if ix := lkIndex(c.Catalog, in); ix != nil {
			obj.Table = ix.Table.Name
			obj.Columns = ix.Columns
			if obj.Schema == "" {
				obj.Schema = ix.Table.Schema
			}
			target = lkQuote(ix.Table)
		}
		c.Report(c.Stmt.Pos, obj,
			"dropping index "+lkQuote(in)+" without concurrently takes an access exclusive lock that blocks reads and writes of "+target,
			"use DROP INDEX CONCURRENTLY in a migration that runs outside a transaction")
	}
}
