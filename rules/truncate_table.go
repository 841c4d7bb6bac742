package rules

import "github.com/rbcheck/rbcheck/internal/sqlast"

func init() {
	register(&Rule{
		Name:       "truncate-table",
		Title:      "Truncating a table deletes every row for good",
		Effect:     DataLoss,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "TRUNCATE removes all rows at once (CASCADE also empties every table with a foreign " +
			"key to it). Neither a down migration nor a rollback of the code brings them back; only a " +
			"restore from backup does. It also takes an ACCESS EXCLUSIVE lock.",
		Bad:  `TRUNCATE TABLE audit_log;`,
		Good: `-- archive first, then delete in batches in a job outside the migration:` + "\n" + `CREATE TABLE archive.audit_log_2024 AS SELECT * FROM audit_log WHERE created_at < '2025-01-01';`,
		Fix: []string{
			"Archive the rows that may be needed (CREATE TABLE … AS, or a dump).",
			"Delete them outside the schema migration, in batches, once the release is known to be good.",
		},
		Default: true,
		Check:   checkTruncateTable,
		Nodes:   []sqlast.Node{(*sqlast.Truncate)(nil)},
	})
}

func checkTruncateTable(c *Context) {
	t, ok := c.Stmt.Node.(*sqlast.Truncate)
	if !ok {
		return
	}
	names := bcNamesOf(c.Stmt)
	for _, n := range t.Tables {
		pos := names.pos(n)
		if c.NewTable(n) {
			continue
		}
		msg := "truncating table " + bcQ(n.String()) + " deletes every row, which no rollback restores"
		if t.Cascade {
			msg += ", and cascade empties the tables that reference it"
		}
		c.Report(pos, c.TableObj(n), msg,
			"archive the rows first and delete them outside the migration once the release is known to be good")
	}
}
