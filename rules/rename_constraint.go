package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-constraint",
		Title:      "Renaming a constraint breaks code that names it",
		Effect:     BreaksOldCode,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Old code that names the constraint fails or misbehaves after the rename: " +
			"`INSERT … ON CONFLICT ON CONSTRAINT old_name` fails with `constraint \"…\" does not " +
			"exist`, and error handling that matches the constraint name of a violation " +
			"(`pq.Error.Constraint == \"users_email_key\"`) stops recognising it.",
		Bad: `ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_uniq;`,
		Good: `-- release N: ON CONFLICT (email) instead of ON CONFLICT ON CONSTRAINT users_email_key` + "\n" +
			`-- release N+1:` + "\n" +
			`-- rbcheck:ignore rename-constraint no code names it since release N` + "\n" +
			`ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_uniq;`,
		Fix: []string{
			"Release code that does not name the constraint (ON CONFLICT (columns) instead of ON CONFLICT ON CONSTRAINT, error handling that accepts both names).",
			"Rename the constraint in a later release.",
		},
		Breaks: []Break{{
			Change: change.ConstraintRenamed, Uses: []Use{UseConflictName},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code names constraint %q in ON CONFLICT ON CONSTRAINT, which no longer exists under that name", ch.Name)
			},
		}},
		Default: true,
		Check:   checkRenameConstraint,
		Nodes:   []sqlast.Node{(*sqlast.Rename)(nil)},
	})
}

func checkRenameConstraint(c *Context) {
	r, ok := c.Stmt.Node.(*sqlast.Rename)
	if !ok || r.ObjType != sqlast.ObjConstraint || r.Sub == "" {
		return
	}
	if c.NewTable(r.Object) {
		return
	}
	t := c.Table(r.Object)
	con := t.Constraint(r.Sub)
	if con != nil && con.Origin == catalog.New {
		return
	}
	obj := c.TableObj(r.Object)
	obj.Type = sqlast.ObjConstraint
	obj.Constraint = r.Sub
	obj.NewName = r.NewName
	if con != nil {
		obj.Columns = append([]string(nil), con.Columns...)
	}
	pos := c.Stmt.Pos
	if names := bcNamesOf(c.Stmt); names.after("constraint") {
		pos = names.pos(sqlast.Name{Name: r.Sub})
	}
	c.Report(pos, obj,
		"renaming constraint "+bcQ(r.Sub)+" of "+bcQ(r.Object.String())+" to "+bcQ(r.NewName)+" breaks code that names it, such as on conflict on constraint",
		"stop naming the constraint in code in one release, then rename it in a later release")
}
