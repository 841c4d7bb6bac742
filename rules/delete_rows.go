package rules

import "github.com/rbcheck/rbcheck/internal/sqlast"

func init() {
	register(&Rule{
		Name:       "delete-rows",
		Title:      "Deleting rows in a migration cannot be undone by a rollback",
		Effect:     DataLoss,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "A data migration that deletes rows runs once; redeploying the previous release does not " +
			"bring the rows back, and the previous release may still need them. Without a WHERE " +
			"clause every row goes.",
		Bad:  `DELETE FROM sessions WHERE created_at < now() - interval '90 days';`,
		Good: `-- keep migrations to schema changes; expire rows in a scheduled job, or archive them first:` + "\n" + `INSERT INTO sessions_archive SELECT * FROM sessions WHERE created_at < now() - interval '90 days';`,
		Fix: []string{
			"Archive the rows that will be deleted (INSERT INTO … SELECT, CREATE TABLE … AS).",
			"Delete them in a later release, or in a job outside the migrations, once no rollback target needs them.",
		},
		Default: true,
		Check:   checkDeleteRows,
		Nodes:   []sqlast.Node{(*sqlast.Delete)(nil)},
	})
}

func checkDeleteRows(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Delete)
	if !ok || c.NewTable(d.Table) {
		return
	}
	what := "deleting rows from table " + bcQ(d.Table.String())
	if !d.HasWhere {
		what = "deleting every row of table " + bcQ(d.Table.String())
	}
	c.Report(c.Stmt.Pos, c.TableObj(d.Table), what+" cannot be undone by rolling back",
		"archive the rows first, and delete them once no rollback target needs them")
}
