package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "require-concurrent-reindex",
		Title:      "Reindex concurrently",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: ">= 12",
		Why: "`REINDEX` without `CONCURRENTLY` locks out writes to the table (SHARE lock) and takes an " +
			"ACCESS EXCLUSIVE lock on each index it rebuilds, so queries whose plans consider that index " +
			"— in practice nearly every read of the table — wait until the rebuild finishes. Since " +
			"Postgres 12 `REINDEX … CONCURRENTLY` builds a new copy of the index alongside the old one " +
			"and swaps them with only brief locks. On Postgres 11 and older there is no concurrent " +
			"form and the rule stays quiet (build a new index concurrently and drop the old one).",
		Bad:  "REINDEX INDEX orders_user_id_idx;",
		Good: "REINDEX INDEX CONCURRENTLY orders_user_id_idx;",
		Fix: []string{
			"Write `REINDEX … CONCURRENTLY` (TABLE, INDEX, SCHEMA or DATABASE; system catalogs cannot be reindexed concurrently).",
			"Run it outside a transaction, in a migration of its own.",
			"If it fails, drop the leftover `_ccnew` invalid index and retry.",
		},
		Default: true,
		Check:   checkRequireConcurrentReindex,
		Nodes:   []sqlast.Node{(*sqlast.Reindex)(nil)},
	})
}

func checkRequireConcurrentReindex(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Reindex)
	if !ok || r.Concurrently || r.Kind == "system" {
		return
	}
	if c.PGVersion > 0 && c.PGVersion < 12 {
		return
	}
	obj := Object{Type: sqlast.ObjOther, Schema: r.Name.Schema, Name: r.Name.Name}
	what := r.Kind + " " + lkQuote(r.Name)
	switch r.Kind {
	case "table":
		if !lkExistingTable(c, r.Name) {
			return
		}
		obj = Object{Type: sqlast.ObjTable, Schema: r.Name.Schema, Table: r.Name.Name}
	case "index":
		if !lkExistingIndex(c, r.Name) {
			return
		}
		obj = Object{Type: sqlast.ObjIndex, Schema: r.Name.Schema, Index: r.Name.Name}
		if ix := lkIndex(c.Catalog, r.Name); ix != nil {
			obj.Table = ix.Table.Name
		}
	case "schema":
		obj = Object{Type: sqlast.ObjSchema, Name: r.Name.Name}
	case "database":
		obj = Object{Type: sqlast.ObjDatabase, Name: r.Name.Name}
	}
	if r.Name.Name == "" {
		what = r.Kind
	}
	c.Report(c.Stmt.Pos, obj,
		"reindexing "+what+" without concurrently blocks writes, and reads that use the rebuilt indexes, until the rebuild finishes",
		"use REINDEX … CONCURRENTLY in a migration that runs outside a transaction")
}
