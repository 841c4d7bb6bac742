package rules

import (
	"fmt"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/internal/sqleval"
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
			"after a rollback. The release verdict evaluates the check on the row each old INSERT or UPDATE " +
			"writes (its literal values, the defaults of the columns it leaves out, NULL or the default in the " +
			"columns the release adds): a row the check rejects breaks the rollback; a write whose values are " +
			"not known (parameters) is a warning saying for which values it fails.",
		Bad: `ALTER TABLE jobs ADD COLUMN pause_reason text,` + "\n" +
			`  ADD CONSTRAINT jobs_pause_reason CHECK (NOT paused OR pause_reason IS NOT NULL) NOT VALID;`,
		Good: `-- add the column now; add the check in a later release, once no rollback target writes` + "\n" +
			`-- paused without pause_reason` + "\n" +
			`ALTER TABLE jobs ADD COLUMN pause_reason text;`,
		Fix: []string{
			"Expand: add the new columns without the check, and release code whose writes satisfy it (it sets the new columns).",
			"Contract: add the check in a later release, once no rollback target writes rows it rejects, or write it so that it also accepts the rows the old code writes.",
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
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
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
	if !ok || (at.ObjType != sqlast.ObjTable && at.ObjType != "") || c.NewTable(at.Table) || !lkExistingTable(c, at.Table) {
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
				": rows that old code writes must satisfy it, and a rollback of the code does not remove it"+
				acOldRows(c, at, con),
			"release code whose writes satisfy the check first; add the check in a later release")
	}
}

// acOldRows evaluates the check on a row the old code writes without the
// columns the release adds (they hold their default, or NULL) and with any
// value in the others: "; it rejects every such row" when the check is
// false for all of them, "; it rejects them when "paused" is true" when
// it is for some values of a boolean column; "" otherwise, or when the
// release adds no column the check reads.
func acOldRows(c *Context, at *sqlast.AlterTable, con *sqlast.Constraint) string {
	if con.Check == nil || con.Check.Tree == nil {
		return ""
	}
	defs := map[string]*sqlast.ColumnDef{}
	for i := range at.Cmds {
		if d := at.Cmds[i].Def; at.Cmds[i].Kind == sqlast.AddColumn && d != nil {
			defs[d.Name] = d
		}
	}
	tab := lkTable(c, at.Table)
	in := sqleval.Input{New: map[string]sqleval.Source{}}
	var added []string
	for _, col := range con.Check.Columns {
		if _, ok := in.New[col]; ok {
			continue
		}
		var def *sqlast.Expr
		var isNew, notNull, boolean, generated bool
		if d := defs[col]; d != nil {
			def, isNew, notNull, boolean, generated = d.Default, true, d.NotNull, d.Type.Name == "bool" && !d.Type.Array, d.Identity || d.Generated != nil || d.Serial
		} else if cc := tab.Column(col); cc != nil {
			def, isNew, notNull, boolean, generated = cc.Default, cc.Origin == catalog.New, cc.NotNull, cc.Type.Name == "bool" && !cc.Type.Array, cc.Identity || cc.Generated
		} else {
			return ""
		}
		switch {
		case !isNew:
			in.New[col] = sqleval.Source{Unknown: &sqleval.Unknown{Name: bcQ(col), Bool: boolean, NotNull: notNull}}
		case generated:
			return ""
		case def == nil || def.Null:
			in.New[col] = sqleval.Source{}
			added = append(added, bcQ(col))
		case def.Tree != nil:
			in.New[col] = sqleval.Source{Term: def.Tree}
			added = append(added, bcQ(col))
		default:
			return ""
		}
	}
	if len(added) == 0 {
		return ""
	}
	r := sqleval.Check(con.Check.Tree, in)
	what := "rows that leave " + strings.Join(added, ", ") + " unset (the old code's rows)"
	switch {
	case r.Outcome == sqleval.Violated:
		return "; it rejects every row that leaves " + strings.Join(added, ", ") + " unset, as the old code's rows do"
	case r.FailsWhen != "":
		return "; it rejects " + what + " when " + r.FailsWhen
	}
	return ""
}
