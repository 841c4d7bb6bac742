package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-column",
		Title:      "Dropping a column breaks code that still reads or writes it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Once the column is gone, every query of the previous release that names it fails with " +
			"`column \"…\" does not exist`, and so does `SELECT *` mapped onto a struct that expects it. " +
			"Rolling the code back does not help: the column and its data are gone, and recreating it " +
			"does not bring the values back.",
		Bad:  `ALTER TABLE users DROP COLUMN legacy_email;`,
		Good: `-- release N: the code stops reading and writing users.legacy_email` + "\n" + `-- release N+1, once no deployed version uses it:` + "\n" + `-- rbcheck:ignore drop-column unused since release N` + "\n" + `ALTER TABLE users DROP COLUMN legacy_email;`,
		Fix: []string{
			"Release the code that no longer reads or writes the column (ORMs: mark it ignored so `SELECT *` mappings stop expecting it).",
			"Wait until no deployed or rollback-target release uses it.",
			"Drop the column in a later release.",
		},
		Breaks: []Break{{
			Change: change.ColumnDropped, Uses: []Use{UseColumn},
			Why: func(ch *change.Change) string {
				switch {
				case ch.Replaced:
					return fmt.Sprintf("the old code reads or writes %q, but the table now under that name has no such column: its queries fail with `column does not exist`", ch.Label())
				case ch.Reused:
					return fmt.Sprintf("the old code reads or writes %q: its statements still run, but the column was re-created, so every value the old release wrote there is gone and it reads %s instead", ch.Label(), bcReaddedReads(ch))
				}
				return fmt.Sprintf("the old code reads or writes %q, which no longer exists after this migration: its queries fail with `column does not exist`", ch.Label())
			},
			Message: func(ch *change.Change) string {
				if !ch.Reused || ch.Readded == nil {
					return ""
				}
				r := ch.Readded
				def := strings.ToUpper(change.TypeText(r.Type))
				if r.NotNull {
					def += " NOT NULL"
				}
				if r.Default != "" {
					def += " DEFAULT " + r.Default
				}
				at := ""
				if r.Pos.Line > 0 {
					at = fmt.Sprintf(" by %s:%d", r.Pos.File, r.Pos.Line)
				}
				m := fmt.Sprintf("column %s is dropped and added back%s as %s: the data in it is lost; the old code's statements still run, but read %s where a value was", strconv.Quote(ch.Label()), at, def, bcReaddedReads(ch))
				if r.NotNull && r.Default == "" {
					m += ", and its inserts that leave the column out fail"
				}
				return m
			},
		}},
		Default: true,
		Check:   checkDropColumn,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkDropColumn(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil {
		return
	}
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		if cmd.Kind != sqlast.DropColumn || cmd.Column == "" || c.NewColumn(a.Table, cmd.Column) {
			continue
		}
		if t := c.Table(a.Table); cmd.IfExists && t != nil && !t.Partial && t.Column(cmd.Column) == nil {
			continue // the table is fully known and has no such column: a no-op
		}
		c.Report(cmd.Pos, c.ColumnObj(a.Table, cmd.Column),
			"dropping column "+bcCol(a.Table, cmd.Column)+" breaks code that still reads or writes it",
			"stop using the column in one release, then drop it in a later release")
	}
}

// bcReaddedReads: what old code reads from a column dropped and added
// back, for the rows that existed: its default, else NULL.
func bcReaddedReads(ch *change.Change) string {
	if ch.Readded != nil && ch.Readded.Default != "" {
		return "the default " + ch.Readded.Default
	}
	return "NULL"
}
