package rules

// Helpers shared by the breaks-old-code and data-loss rules. Names start
// with "bc" so they do not clash with other rule helpers in this package.
// Tables, columns, enums and indexes are looked up through the rule's
// Context (one resolver for every rule: catalog.Resolve).
//
// Objects created by the checked migrations (catalog Origin New) have no
// reader yet, so the rules stay quiet on them; objects the catalog does not
// know are assumed to exist (there may be no baseline schema).

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// bcAlterTable returns the ALTER TABLE of st when it alters a table (not an
// index, view or sequence).
func bcAlterTable(st *sqlast.Stmt) *sqlast.AlterTable {
	a, ok := st.Node.(*sqlast.AlterTable)
	if !ok {
		return nil
	}
	switch a.ObjType {
	case "", sqlast.ObjTable, sqlast.ObjForeignTable:
		return a
	}
	return nil
}

// bcQ quotes a name for a message.
func bcQ(s string) string { return `"` + s + `"` }

// bcCol renders "table.column" for a message (without the schema unless
// it was written).
func bcCol(n sqlast.Name, col string) string { return bcQ(n.String() + "." + col) }

// bcTypeText renders a column type for a message.
func bcTypeText(t sqlast.TypeName) string {
	if t.Text != "" {
		return t.Text
	}
	s := t.Name
	if len(t.Mods) > 0 {
		parts := make([]string, len(t.Mods))
		for i, m := range t.Mods {
			parts[i] = strconv.Itoa(m)
		}
		s += "(" + strings.Join(parts, ",") + ")"
	}
	if t.Array {
		s += "[]"
	}
	return s
}

// bcRecreated reports whether a later statement of the same file creates
// an object of the same kind under name n again (DROP VIEW v; CREATE VIEW
// v …, the usual way to change a view's columns or a function's
// signature): code that uses the name keeps finding it.
func bcRecreated(c *Context, kind sqlast.ObjType, n sqlast.Name) bool {
	same := func(m sqlast.Name) bool {
		return m.Name == n.Name && (n.Schema == "" || m.Schema == "" || m.Schema == n.Schema)
	}
	fi, next := later(c, n.Name)
	for _, k := range next {
		switch x := fi.all[k].Node.(type) {
		case *sqlast.CreateView:
			if same(x.Name) && (kind == sqlast.ObjView && !x.Materialized || kind == sqlast.ObjMatView && x.Materialized) {
				return true
			}
		case *sqlast.CreateFunction:
			if same(x.Name) && (kind == sqlast.ObjFunction && !x.Procedure || kind == sqlast.ObjProcedure && x.Procedure) {
				return true
			}
		case *sqlast.CreateEnum:
			if same(x.Name) && kind == sqlast.ObjType_ {
				return true
			}
		case *sqlast.CreateType:
			if same(x.Name) && (kind == sqlast.ObjType_ && !x.Domain || kind == sqlast.ObjDomain && x.Domain) {
				return true
			}
		case *sqlast.CreateSequence:
			if same(x.Name) && kind == sqlast.ObjSequence {
				return true
			}
		}
	}
	return false
}

// bcRelationWhy is the evidence text of a table or view that is gone
// under its name.
func bcRelationWhy(ch *change.Change) string {
	return fmt.Sprintf("the old code queries %q, which no longer exists under that name after this migration: its queries fail with `relation does not exist`", ch.Label())
}

// bcRequiredWhy is the evidence text of a column old inserts leave out.
func bcRequiredWhy(ch *change.Change) string {
	t := ch.Table
	if t.Schema == catalog.DefaultSchema {
		t.Schema = ""
	}
	return fmt.Sprintf("the old code inserts into %q without a value for %q, which is now required: those inserts fail with `null value in column violates not-null constraint`", t.String(), ch.Column)
}

// bcConflictWhy is the evidence text of a unique key old upserts need.
func bcConflictWhy(*change.Change) string {
	return "the old code's INSERT … ON CONFLICT needs this unique index or constraint: without it Postgres rejects the statement (`there is no unique or exclusion constraint matching the ON CONFLICT specification`)"
}

// bcForeignKeyWhy is the evidence text of a dropped foreign key whose ON
// DELETE (ON UPDATE) action the old code's deletes (key updates) of the
// referenced table relied on: "the old code deletes rows of "users" and
// relied on ON DELETE CASCADE to delete the rows of "orders" that
// reference them; after the drop those rows stay, orphaned".
func bcForeignKeyWhy(ch *change.Change) string {
	var parts []string
	for _, a := range []struct{ on, act, verb string }{
		{"DELETE", ch.OnDelete, "deletes rows of"},
		{"UPDATE", ch.OnUpdate, "changes the key of rows of"},
	} {
		if !bcFKCascades(a.act) {
			continue
		}
		what := "delete"
		switch a.act {
		case "set null":
			what = "set to NULL the key of"
		case "set default":
			what = "set to its default the key of"
		case "cascade":
			if a.on == "UPDATE" {
				what = "change the key of"
			}
		}
		parts = append(parts, fmt.Sprintf("the old code %s %q and relied on ON %s %s of foreign key %q to %s the rows of %q that reference them",
			a.verb, ch.RefTable.Name, a.on, strings.ToUpper(a.act), ch.Name, what, ch.Table.Name))
	}
	return strings.Join(parts, "; ") + fmt.Sprintf("; after the drop those rows of %q stay as they were, orphaned", ch.Table.Name)
}

// bcFKCascades: a referential action by which the database changes the
// referencing rows itself.
func bcFKCascades(a string) bool { return a == "cascade" || a == "set null" || a == "set default" }

// bcWidening reports whether a type change only widens what the column
// holds (smallint → integer → bigint, an integer → numeric): every old
// value reads, compares and writes the same, and old code breaks only
// where it scans the column into a Go type sized for the old one, once a
// value outgrows it. real → double precision is not one: a real such as
// 0.1 becomes another double than 0.1, so old filters on it stop matching
// (internal/verify's TestTypeChangesOnPostgres).
func bcWidening(from, to sqlast.TypeName) bool {
	if from.Array != to.Array {
		return false
	}
	rank := map[string]int{"int2": 1, "int4": 2, "int8": 3}
	f, t := change.BaseType(from), change.BaseType(to)
	if rank[f] > 0 && rank[t] > rank[f] {
		return len(to.Mods) == 0
	}
	if rank[f] > 0 && t == "numeric" {
		// numeric(p,s) holds every value of the integer type when its
		// integer digits (p - s) do: 5 for smallint, 10 for integer, 19
		// for bigint.
		if len(to.Mods) == 0 {
			return true
		}
		s := 0
		if len(to.Mods) > 1 {
			s = to.Mods[1]
		}
		return to.Mods[0]-s >= map[string]int{"int2": 5, "int4": 10, "int8": 19}[f]
	}
	return false
}
