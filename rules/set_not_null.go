package rules

import "github.com/rbcheck/rbcheck/internal/sqlast"

func init() {
	register(&Rule{
		Name:       "set-not-null",
		Title:      "Setting NOT NULL breaks old code that writes NULL to the column",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "The previous release may insert rows without the column (when it has no default) or " +
			"write NULL to it explicitly; after the change those statements fail with " +
			"`null value in column \"…\" violates not-null constraint`. (The ALTER also scans the " +
			"whole table under an ACCESS EXCLUSIVE lock unless a validated CHECK proves the column " +
			"is never NULL, which the locking rules cover.)",
		Bad: `ALTER TABLE users ALTER COLUMN email SET NOT NULL;`,
		Good: `-- release N: every code path writes email; backfill NULLs` + "\n" +
			`-- release N+1, once no rollback target writes NULL:` + "\n" +
			`ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;`,
		Fix: []string{
			"Release code that always writes the column (give it a default if old inserts omit it), and backfill existing NULLs.",
			"In a later release, once no rollback target writes NULL, add `CHECK (col IS NOT NULL) NOT VALID`, VALIDATE it, then SET NOT NULL and drop the check.",
		},
		Default: true,
		Check:   checkSetNotNull,
	})
}

func checkSetNotNull(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil {
		return
	}
	t := bcTable(c.Catalog, a.Table)
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		if cmd.Kind != sqlast.SetNotNull || cmd.Column == "" || bcNewColumn(c.Catalog, a.Table, cmd.Column) {
			continue
		}
		col := bcColumn(t, cmd.Column)
		if col != nil && col.NotNull {
			continue // already NOT NULL: nothing changes
		}
		msg := "setting column " + bcCol(a.Table, cmd.Column) + " not null breaks old code that writes null to it"
		if col != nil && col.Default == nil && !col.Identity {
			msg = "setting column " + bcCol(a.Table, cmd.Column) + " not null breaks old code that writes null to it or omits it in inserts"
		}
		c.Report(cmd.Pos, bcColumnObj(c.Catalog, a.Table, cmd.Column), msg,
			"make every release write the column first, then require it in a later release")
	}
}
