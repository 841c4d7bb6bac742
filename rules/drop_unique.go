package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-unique",
		Title:      "Dropping a unique index or constraint breaks old ON CONFLICT statements",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "`INSERT … ON CONFLICT (cols)` needs a unique index or constraint on exactly those " +
			"columns; without it the previous release's upserts fail with `there is no unique or " +
			"exclusion constraint matching the ON CONFLICT specification` (and `ON CONFLICT ON " +
			"CONSTRAINT name` fails outright). Old code may also rely on the uniqueness itself: " +
			"duplicates written after the drop make a later rollback of the schema fail.\n\n" +
			"The rule fires on DROP INDEX of an index the catalog knows is unique, on DROP CONSTRAINT " +
			"of a primary key or unique constraint, and, when the catalog does not know the object, " +
			"on names that follow the usual unique-key conventions (`*_key`, `*_pkey`, `uq_*`, `*_uniq`, …).",
		Bad: `DROP INDEX users_email_key;`,
		Good: `CREATE UNIQUE INDEX CONCURRENTLY users_email_lower_key ON users (lower(email));` + "\n" +
			`-- keep users_email_key until no rollback target upserts ON CONFLICT (email)`,
		Fix: []string{
			"Create the replacement unique index first (CONCURRENTLY), if there is one.",
			"Release code whose ON CONFLICT targets no longer need the old key.",
			"Drop the old index or constraint in a later release.",
		},
		Breaks: []Break{{
			Change: change.UniqueKeyDropped, Uses: []Use{UseConflictKey, UseConflictName}, Why: bcConflictWhy,
		}, {
			Change: change.ConstraintDropped, Uses: []Use{UseConflictName}, Why: bcConflictWhy,
			When: func(ch *change.Change) bool { return bcUniqueName(ch.Name) },
		}, {
			Change: change.IndexDropped, Uses: []Use{UseConflictName}, Why: bcConflictWhy,
			When: func(ch *change.Change) bool { return bcUniqueName(ch.Name) },
		}},
		Default: true,
		Check:   checkDropUnique,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil), (*sqlast.AlterTable)(nil)},
	})
}

func checkDropUnique(c *Context) {
	switch n := c.Stmt.Node.(type) {
	case *sqlast.Drop:
		if n.ObjType != sqlast.ObjIndex {
			return
		}
		names := bcNamesOf(c.Stmt)
		for _, name := range n.Objects {
			pos := names.pos(name)
			ix := c.Index(name)
			if ix != nil {
				if !ix.Unique || ix.Origin == catalog.New || c.NewTable(ix.Table) {
					continue
				}
			} else if !bcUniqueName(name.Name) {
				continue
			}
			obj := Object{Type: sqlast.ObjIndex, Schema: name.Schema, Index: name.Name}
			if ix != nil {
				obj.Table = ix.Table.Name
				if obj.Schema == "" {
					obj.Schema = ix.Table.Schema
				}
				obj.Columns = append([]string(nil), ix.Columns...)
			}
			c.Report(pos, obj,
				"dropping unique index "+bcQ(name.String())+bcOn(obj)+" breaks old inserts that rely on it in on conflict",
				"drop the unique index only in a release after no rollback target upserts against it")
		}
	case *sqlast.AlterTable:
		a := bcAlterTable(c.Stmt)
		if a == nil || c.NewTable(a.Table) {
			return
		}
		t := c.Table(a.Table)
		for i := range a.Cmds {
			cmd := &a.Cmds[i]
			if cmd.Kind != sqlast.DropConstraint || cmd.Name == "" {
				continue
			}
			kind, cols, known := bcUniqueConstraint(c.Catalog, t, a.Table, cmd.Name)
			if known && kind == "" {
				continue // a check, foreign key or exclusion constraint
			}
			if !known && !bcUniqueName(cmd.Name) {
				continue
			}
			if con := t.Constraint(cmd.Name); con != nil && con.Origin == catalog.New {
				continue
			}
			if kind == "" {
				kind = "unique"
			}
			obj := c.TableObj(a.Table)
			obj.Type = sqlast.ObjConstraint
			obj.Constraint = cmd.Name
			obj.Columns = cols
			c.Report(cmd.Pos, obj,
				"dropping "+kind+" constraint "+bcQ(cmd.Name)+" of "+bcQ(a.Table.String())+bcCols(cols)+" breaks old inserts that rely on it in on conflict",
				"drop the constraint only in a release after no rollback target upserts against it")
		}
	}
}

// bcUniqueConstraint looks a constraint up: its kind ("primary key" or
// "unique", "" for other kinds), its columns, and whether the catalog knows
// it at all (as a constraint, or as a unique index of the same name).
func bcUniqueConstraint(cat *catalog.Catalog, t *catalog.Table, table sqlast.Name, name string) (string, []string, bool) {
	if con := t.Constraint(name); con != nil {
		switch con.Kind {
		case sqlast.ConPrimaryKey, sqlast.ConUnique:
			cols := con.Columns
			if len(cols) == 0 && con.UsingIndex != "" {
				if ix := cat.ResolveIndex(sqlast.Name{Schema: table.Schema, Name: con.UsingIndex}); ix != nil {
					cols = ix.Columns
				}
			}
			return string(con.Kind), append([]string(nil), cols...), true
		}
		return "", nil, true
	}
	if ix := cat.ResolveIndex(sqlast.Name{Schema: table.Schema, Name: name}); ix != nil {
		if ix.Unique {
			return "unique", append([]string(nil), ix.Columns...), true
		}
		return "", nil, true
	}
	return "", nil, false
}

// bcUniqueName reports whether a name follows a unique-key convention.
func bcUniqueName(n string) bool {
	n = strings.ToLower(n)
	for _, s := range []string{"_key", "_pkey", "_uniq", "_unique", "_uq", "_ux", "_uk"} {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	for _, p := range []string{"uq_", "ux_", "uk_", "uniq_", "unique_", "pk_"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

func bcOn(o Object) string {
	if o.Table == "" {
		return ""
	}
	t := o.Table
	return " on " + bcQ(t) + bcCols(o.Columns)
}

func bcCols(cols []string) string {
	if len(cols) == 0 {
		return ""
	}
	return " (" + strings.Join(cols, ", ") + ")"
}
