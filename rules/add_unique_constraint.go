package rules

import (
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "add-unique-constraint",
		Title:      "Add UNIQUE and PRIMARY KEY constraints from a concurrently built index",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`ALTER TABLE … ADD UNIQUE` or `ADD PRIMARY KEY` builds the backing unique index while it " +
			"holds an ACCESS EXCLUSIVE lock on the table: no read and no write of the table completes " +
			"until the whole index is built. Building the unique index with `CREATE UNIQUE INDEX " +
			"CONCURRENTLY` first and then attaching it with `ADD CONSTRAINT … UNIQUE USING INDEX` " +
			"(or `PRIMARY KEY USING INDEX`) keeps the ACCESS EXCLUSIVE lock to a catalog update. " +
			"Exclusion constraints have no such shortcut and are flagged too. A column added with " +
			"UNIQUE or PRIMARY KEY to an existing table builds its index the same way.",
		Bad: "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
		Good: "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);\n" +
			"-- next migration:\n" +
			"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
		Fix: []string{
			"Build the index with `CREATE UNIQUE INDEX CONCURRENTLY` in a migration that runs outside a transaction.",
			"Check it is valid (`pg_index.indisvalid`); a failed build leaves an invalid index to drop and retry.",
			"With `lock_timeout` set, run `ALTER TABLE … ADD CONSTRAINT name UNIQUE USING INDEX name` (or `PRIMARY KEY USING INDEX`; for a primary key the columns must already be NOT NULL, see set-not-null).",
		},
		Default: true,
		Check:   checkAddUniqueConstraint,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkAddUniqueConstraint(c *Context) {
	at, ok := c.Stmt.Node.(*sqlast.AlterTable)
	if !ok || (at.ObjType != sqlast.ObjTable && at.ObjType != "") {
		return
	}
	if !lkExistingTable(c, at.Table) {
		return
	}
	for i := range at.Cmds {
		cmd := &at.Cmds[i]
		switch cmd.Kind {
		case sqlast.AddConstraint:
			con := cmd.Constraint
			if con == nil || con.UsingIndex != "" {
				continue
			}
			switch con.Kind {
			case sqlast.ConUnique, sqlast.ConPrimaryKey:
				c.Report(cmd.Pos, cnvObject(at.Table, con),
					"adding "+aucWhat(con)+" to existing table "+lkQuote(at.Table)+" builds its unique index under an access exclusive lock that blocks reads and writes of "+lkQuote(at.Table),
					"create the unique index concurrently first, then ADD CONSTRAINT … "+aucKeyword(con)+" USING INDEX")
			case sqlast.ConExclusion:
				c.Report(cmd.Pos, cnvObject(at.Table, con),
					"adding "+aucWhat(con)+" to existing table "+lkQuote(at.Table)+" builds its index under an access exclusive lock that blocks reads and writes of "+lkQuote(at.Table),
					"add the exclusion constraint while the table is small, in a maintenance window, or enforce it with a unique index built concurrently where possible")
			}
		case sqlast.AddColumn:
			if cmd.Def == nil {
				continue
			}
			for j := range cmd.Def.Constraints {
				con := &cmd.Def.Constraints[j]
				if con.Kind != sqlast.ConUnique && con.Kind != sqlast.ConPrimaryKey {
					continue
				}
				obj := cnvObject(at.Table, con)
				obj.Column = cmd.Def.Name
				if len(obj.Columns) == 0 {
					obj.Columns = []string{cmd.Def.Name}
				}
				c.Report(cmd.Pos, obj,
					"adding column "+lkQ(cmd.Def.Name)+" with "+string(con.Kind)+" to existing table "+lkQuote(at.Table)+" builds a unique index under an access exclusive lock that blocks reads and writes of "+lkQuote(at.Table),
					"add the column without the constraint, create the unique index concurrently, then ADD CONSTRAINT … "+aucKeyword(con)+" USING INDEX")
			}
		}
	}
}

func aucWhat(con *sqlast.Constraint) string {
	s := string(con.Kind) + " constraint"
	if con.Name != "" {
		s += " " + lkQ(con.Name)
	}
	return s
}

func aucKeyword(con *sqlast.Constraint) string {
	if con.Kind == sqlast.ConPrimaryKey {
		return "PRIMARY KEY"
	}
	return "UNIQUE"
}
