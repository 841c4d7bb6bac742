package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "vacuum-full-or-cluster",
		Title:      "VACUUM FULL and CLUSTER lock the table while they rewrite it",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`VACUUM FULL` and `CLUSTER` write a complete new copy of the table and its indexes while " +
			"holding an ACCESS EXCLUSIVE lock: every read and write of the table waits until the copy is " +
			"finished, and the copy needs as much free disk again. In a migration they run on production " +
			"data of unknown size. pg_repack (or pg_squeeze) does the same compaction or reordering " +
			"online, holding the strong lock only for a moment at the start and the end.",
		Bad:  "VACUUM FULL orders;",
		Good: "-- run outside migrations: pg_repack --table=orders --no-order",
		Fix: []string{
			"Remove VACUUM FULL / CLUSTER from the migration; a plain `VACUUM (ANALYZE)` does not block reads or writes.",
			"Reclaim space or reorder rows online with pg_repack (`pg_repack --table=orders`, `--order-by` for CLUSTER).",
		},
		Default: true,
		Check:   checkVacuumFullOrCluster,
		Nodes:   []sqlast.Node{(*sqlast.Vacuum)(nil), (*sqlast.Cluster)(nil)},
	})
}

func checkVacuumFullOrCluster(c *Context) {
	switch n := c.Stmt.Node.(type) {
	case *sqlast.Vacuum:
		if !n.Full {
			return
		}
		if len(n.Tables) == 0 {
			c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjDatabase},
				"vacuum full rewrites every table of the database, each under an access exclusive lock that blocks its reads and writes",
				"use pg_repack outside the migration, or a plain VACUUM")
			return
		}
		for _, t := range n.Tables {
			if !lkExistingTable(c, t) {
				continue
			}
			c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjTable, Schema: t.Schema, Table: t.Name},
				"vacuum full rewrites existing table "+lkQuote(t)+" under an access exclusive lock that blocks reads and writes of "+lkQuote(t),
				"use pg_repack outside the migration, or a plain VACUUM")
		}
	case *sqlast.Cluster:
		if n.Table.Name == "" {
			c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjDatabase},
				"cluster rewrites every previously clustered table, each under an access exclusive lock that blocks its reads and writes",
				"use pg_repack --order-by outside the migration")
			return
		}
		if !lkExistingTable(c, n.Table) {
			return
		}
		c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjTable, Schema: n.Table.Schema, Table: n.Table.Name},
			"cluster rewrites existing table "+lkQuote(n.Table)+" under an access exclusive lock that blocks reads and writes of "+lkQuote(n.Table),
			"use pg_repack --order-by outside the migration")
	}
}
