package rules

import "github.com/rbcheck/rbcheck/internal/sqlast"

func init() {
	register(&Rule{
		Name:       "drop-database",
		Title:      "Dropping a database deletes everything in it",
		Effect:     DataLoss,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "DROP DATABASE removes every schema, table and row of the database; only a backup " +
			"restore brings it back. It has no place in an application's migrations.",
		Bad:  `DROP DATABASE legacy_reporting;`,
		Good: `-- drop databases by hand, after a backup, outside the application's migrations`,
		Fix: []string{
			"Take a backup and make sure no release (or other service) uses the database.",
			"Drop it by hand, outside the migrations.",
		},
		Default: true,
		Check:   checkDropDatabase,
		Nodes:   []sqlast.Node{(*sqlast.DropDatabase)(nil), (*sqlast.Drop)(nil)},
	})
}

func checkDropDatabase(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.DropDatabase)
	if ok {
		c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjDatabase, Name: d.Name},
			"dropping database "+bcQ(d.Name)+" deletes every object and row in it",
			"drop databases by hand after a backup, not in a migration")
		return
	}
	if dr, ok := c.Stmt.Node.(*sqlast.Drop); ok && dr.ObjType == sqlast.ObjDatabase {
		for _, n := range dr.Objects {
			c.Report(c.Stmt.Pos, Object{Type: sqlast.ObjDatabase, Name: n.Name},
				"dropping database "+bcQ(n.Name)+" deletes every object and row in it",
				"drop databases by hand after a backup, not in a migration")
		}
	}
}
