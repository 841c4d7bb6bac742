package rules

import (
	"fmt"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

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
			"is never NULL, which the locking rules cover.)\n\n" +
			"Adding `CHECK (col IS NOT NULL)` fires too: the check rejects NULL writes as soon as it is " +
			"added, even NOT VALID. A later SET NOT NULL of a column that such a check already covers " +
			"does not fire again.\n\n" +
			"A column the same release adds to an existing table, backfills and then makes NOT NULL fires as " +
			"well (unless it has a default): the previous release's inserts never name it, so they fail.",
		Bad: `ALTER TABLE users ALTER COLUMN email SET NOT NULL;`,
		Good: `-- release N: every code path writes email; backfill NULLs` + "\n" +
			`-- release N+1, once no rollback target writes NULL:` + "\n" +
			`-- rbcheck:ignore set-not-null every release since N writes email` + "\n" +
			`ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;`,
		Fix: []string{
			"Release code that always writes the column (give it a default if old inserts omit it), and backfill existing NULLs.",
			"In a later release, once no rollback target writes NULL, add `CHECK (col IS NOT NULL) NOT VALID`, VALIDATE it, then SET NOT NULL and drop the check.",
		},
		Breaks: []Break{{
			// inserts that leave the column out fail, and so do writes of
			// NULL to it (a NULL literal, Go's nil)
			Change: change.ColumnRequired, Uses: []Use{UseInsertOmits, UseNullWrite},
			Cause: []catalog.Op{catalog.OpSetNotNull},
			Why:   bcRequiredWhy,
		}, {
			Change: change.ColumnNotNull, Uses: []Use{UseNullWrite},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code writes %q, and a NULL it writes is now rejected (`null value in column violates not-null constraint`)", ch.Label())
			},
		}},
		Default: true,
		Check:   checkSetNotNull,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkSetNotNull(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil {
		return
	}
	t := c.Table(a.Table)
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		column := cmd.Column
		if cmd.Kind == sqlast.AddConstraint && cmd.Constraint != nil && cmd.Constraint.Kind == sqlast.ConCheck {
			// CHECK (col IS NOT NULL) rejects NULL writes from the moment it
			// is added, even NOT VALID.
			column = bcNotNullCheck(cmd.Constraint.Check)
			if column == "" {
				continue
			}
		} else if cmd.Kind != sqlast.SetNotNull {
			continue
		}
		if column == "" || c.NewTable(a.Table) {
			continue
		}
		col := t.Column(column)
		if col != nil && col.NotNull {
			continue // already NOT NULL: nothing changes
		}
		defaulted := col != nil && (col.Default != nil && !col.Default.Null || col.Identity || col.Generated)
		if d, ok := stmtDefault(a.Cmds, column); ok {
			defaulted = d
		}
		if c.NewColumn(a.Table, column) && (col == nil || defaulted) {
			// Added by this release to an old table: old code never
			// names it, so only its inserts that leave it out matter,
			// and a default fills it for them (one the same ALTER TABLE
			// sets after SET NOT NULL too: ente's `ALTER COLUMN
			// is_multipart SET NOT NULL, ALTER COLUMN is_multipart SET
			// DEFAULT FALSE`).
			continue
		}
		if cmd.Kind == sqlast.SetNotNull && bcHasNotNullCheck(t, column) {
			continue // a CHECK (col IS NOT NULL) already rejects NULLs (and was reported when added)
		}
		what := "setting column " + bcCol(a.Table, column) + " not null"
		if cmd.Kind == sqlast.AddConstraint {
			what = "adding check " + bcQ(column+" is not null") + " on " + bcQ(a.Table.String())
		}
		msg := what + " breaks old code that writes null to it"
		if col != nil && !defaulted {
			msg = what + " breaks old code that writes null to it or omits it in inserts"
		}
		c.Report(cmd.Pos, c.ColumnObj(a.Table, column), msg,
			"make every release write the column first, then require it in a later release")
	}
}

// stmtDefault reports whether the ALTER TABLE's sub-commands cmds leave
// column with a non-null default, and whether any of them sets or drops
// it. The statement commits them together, before or after SET NOT NULL,
// so no insert ever sees the column required without that default.
func stmtDefault(cmds []sqlast.AlterCmd, column string) (defaulted, touched bool) {
	for _, cmd := range cmds {
		if cmd.Column != column {
			continue
		}
		switch cmd.Kind {
		case sqlast.SetDefault:
			defaulted, touched = cmd.Default != nil && !cmd.Default.Null, true
		case sqlast.DropDefault:
			defaulted, touched = false, true
		}
	}
	return defaulted, touched
}

// bcNotNullCheck returns the column of a `col IS NOT NULL` check, "" for
// any other expression.
func bcNotNullCheck(e *sqlast.Expr) string { return change.NotNullCheck(e) }

// bcHasNotNullCheck reports whether table t has a CHECK (col IS NOT NULL).
func bcHasNotNullCheck(t *catalog.Table, col string) bool {
	if t == nil {
		return false
	}
	for _, con := range t.Constraints {
		if con.Kind == sqlast.ConCheck && bcNotNullCheck(con.Check) == col {
			return true
		}
	}
	return false
}
