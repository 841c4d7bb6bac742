package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-not-null",
		Title:      "Dropping NOT NULL lets new code write NULLs that old code cannot read",
		Effect:     BreaksOldCode,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "The change itself is instant and harmless, but once the new release writes NULL into " +
			"the column, a rolled-back release that scans it into a non-pointer Go type (`string`, " +
			"`int64`) fails with `converting NULL to string is unsupported`, and the down migration " +
			"(SET NOT NULL) fails until the NULLs are backfilled.",
		Bad: `ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;`,
		Good: `-- release N: the code scans phone into sql.NullString / *string` + "\n" +
			`-- release N+1:` + "\n" + `-- rbcheck:ignore drop-not-null release N reads NULL phones` + "\n" +
			`ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;`,
		Fix: []string{
			"Release code that reads the column into a nullable type (sql.NullString, a pointer) and handles NULL.",
			"Drop NOT NULL in a later release.",
		},
		Breaks: []Break{{
			Change: change.ColumnNullable, Uses: []Use{UseNullScan},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code scans %q into a Go type that cannot hold NULL, which the new release may now write", ch.Label())
			},
		}},
		Default: true,
		Check:   checkDropNotNull,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkDropNotNull(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil {
		return
	}
	t := c.Table(a.Table)
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		if cmd.Kind != sqlast.DropNotNull || cmd.Column == "" || c.NewColumn(a.Table, cmd.Column) {
			continue
		}
		if col := t.Column(cmd.Column); col != nil && !col.NotNull {
			continue // already nullable
		}
		c.Report(cmd.Pos, c.ColumnObj(a.Table, cmd.Column),
			"dropping not null on column "+bcCol(a.Table, cmd.Column)+" lets new code write nulls that old code may fail to read",
			"make every release read the column as nullable first, then drop not null in a later release")
	}
}
