package rules

import (
	"fmt"
	"strings"

	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "add-check-constraint",
		Title:      "A CHECK added to an existing table applies to the rows old code writes",
		Effect:     BreaksOldCode,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "A CHECK constraint, NOT VALID or not, is checked on every row written after it is added. " +
			"Old code that writes the table does not know it: when the check reads a column the release " +
			"adds, the old code's rows carry NULL or the column's default there, and a check such as " +
			"`(paused AND reason IS NOT NULL) OR NOT paused` rejects the old code's `UPDATE … SET paused = true` " +
			"after a rollback.",
		Bad: `ALTER TABLE jobs ADD COLUMN pause_reason text,` + "\n" +
			`  ADD CONSTRAINT jobs_pause_reason CHECK (NOT paused OR pause_reason IS NOT NULL) NOT VALID;`,
		Good: `-- add the column now; add the check in a later release, once no rollback target writes` + "\n" +
			`-- paused without pause_reason` + "\n" +
			`ALTER TABLE jobs ADD COLUMN pause_reason text;`,
		Fix: []string{
			"Release code whose writes satisfy the check (it sets the new columns) first.",
			"Add the check in a later release, once no rollback target writes rows it rejects.",
		},
		Breaks: []Break{{
			Change: change.CheckAdded, Uses: []Use{UseCheckWrite},
			Why: func(ch *change.Change) string {
				s := fmt.Sprintf("rows the old code writes to %q must satisfy check %q", ch.Table.Name, ch.Name)
				if len(ch.Added) > 0 {
					s += "; it reads " + acQuoted(ch.Added) + ", which the release adds, so the old code's rows have NULL or the default there"
				}
				return s
			},
		}},
		Default: true,
		Check:   checkAddCheckConstraint,
	})
}

func acQuoted(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = bcQ(c)
	}
	return strings.Join(q, ", ")
}

func checkAddCheckConstraint(c *Context) {
	at, ok := c.Stmt.Node.(*sqlast.AlterTable)
	if !ok || (at.ObjType != sqlast.ObjTable && at.ObjType != "") || c.NewTable(at.Table) || !lkExistingTable(c.Catalog, at.Table) {
		return
	}
	for i := range at.Cmds {
		cmd := &at.Cmds[i]
		con := cmd.Constraint
		if cmd.Kind != sqlast.AddConstraint || con == nil || con.Kind != sqlast.ConCheck || change.NotNullCheck(con.Check) != "" {
			continue
		}
		c.Report(cmd.Pos, cnvObject(at.Table, con),
			"check constraint "+bcQ(con.Name)+" is added to existing table "+lkQuote(at.Table)+
				": rows that old code writes must satisfy it, and a rollback of the code does not remove it",
			"release code whose writes satisfy the check first; add the check in a later release")
	}
}
