package verdict

import (
	"fmt"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// undone turns a breaking finding that matches no net change of the
// release into a line of its own under "other findings": what the
// statement did, and which later statement of the release undid it, so a
// reviewer sees the net-effect reasoning instead of a finding that
// silently disappears. It never blocks. ok is false when the finding is
// covered by a larger change instead (its table, or the column it is on,
// is dropped): the table's drop is the finding that counts, and a line
// for each of its triggers, indexes and sequences would be noise.
func undone(f rules.Finding, steps []change.Step) (it Item, ok bool) {
	why, covered := undoneBy(f, steps)
	if covered {
		return Item{}, false
	}
	f.Message += "; " + why
	f.Effect = rules.NoEffect
	f.Severity = rules.Info
	f.Help = "nothing to do: the release's net effect on this object is no change"
	return Item{Finding: f}, true
}

// undoneBy says what undid the finding's change: the last step of a later
// statement on the same object; covered when that step drops the object
// along with its table or column.
func undoneBy(f rules.Finding, steps []change.Step) (why string, covered bool) {
	after := -1
	for i, s := range steps {
		if s.Stmt == f.Stmt || (f.Stmt != nil && s.Stmt != nil && s.Pos.File == f.Pos.File && s.Stmt.Pos == f.Stmt.Pos) {
			after = i
		}
	}
	o := f.Object
	if o.Type == sqlast.ObjSequence {
		// A serial's sequence goes with its table, whichever is dropped
		// first.
		for _, s := range steps {
			if s.Op == catalog.OpDrop && s.Kind == sqlast.ObjTable && strings.HasPrefix(o.Name, s.Table.Name+"_") {
				return "", true
			}
		}
	}
	if after < 0 {
		return "the release's net effect on it is no change for the old code", false
	}
	var by *change.Step
	var how string
	for i := after + 1; i < len(steps); i++ {
		s := &steps[i]
		if s.Stmt == f.Stmt {
			continue
		}
		if h := undoes(o, s); h != "" {
			by, how = s, h
		}
	}
	if by == nil {
		if o.Constraint != "" || o.Index != "" {
			return "another key on the same columns remains: no net change for the old code", false
		}
		return "the release's net effect on it is no change for the old code", false
	}
	if by.Op == catalog.OpDrop || by.Op == catalog.OpDropColumn {
		return "", true
	}
	if strings.Contains(how, ":") {
		return fmt.Sprintf("but %s:%d %s", by.Pos.File, by.Pos.Line, how), false
	}
	return fmt.Sprintf("undone by %s:%d, which %s: no net change for the old code", by.Pos.File, by.Pos.Line, how), false
}

// undoes says how step s undoes a change to object o ("" when it does
// not touch o).
func undoes(o rules.Object, s *change.Step) string {
	sameTab := func(t sqlast.Name) bool {
		return o.Table != "" && t.Name == o.Table && (o.Schema == "" || t.Schema == "" || t.Schema == o.Schema ||
			(o.Schema == catalog.DefaultSchema && t.Schema == ""))
	}
	relation := s.Kind == sqlast.ObjTable || s.Kind == sqlast.ObjView || s.Kind == sqlast.ObjMatView || s.Kind == sqlast.ObjForeignTable
	switch o.Type {
	case sqlast.ObjEnumValue:
		if s.Op == catalog.OpRenameValue && s.Object.Name == o.Name && s.NewName == o.Value {
			return fmt.Sprintf("renames value %q back", o.Value)
		}
		return ""
	case sqlast.ObjFunction, sqlast.ObjProcedure, sqlast.ObjType_, sqlast.ObjDomain, sqlast.ObjSequence:
		if s.Object.Name == o.Name && (o.Schema == "" || s.Object.Schema == "" || s.Object.Schema == o.Schema) {
			switch s.Op {
			case catalog.OpCreate:
				return fmt.Sprintf("creates %s %q again", kindText(o.Type), o.Name)
			}
		}
		if s.Op == catalog.OpRename && s.NewName == o.Name {
			return fmt.Sprintf("renames %s %q back", kindText(o.Type), o.Name)
		}
		return ""
	}
	if relation && s.Op == catalog.OpDrop && sameTab(s.Table) && (o.Column != "" || o.Constraint != "" || o.Index != "" || o.Type == sqlast.ObjTrigger) {
		return fmt.Sprintf("drops %q with everything on it", o.Table)
	}
	if relation && (o.Type == sqlast.ObjTable || o.Type == sqlast.ObjView || o.Type == sqlast.ObjMatView) && o.Column == "" {
		switch {
		case s.Op == catalog.OpCreate && sameTab(s.Table):
			return fmt.Sprintf("creates %q again in its place: the verdict compares it with the old one column by column", o.Table)
		case (s.Op == catalog.OpRename || s.Op == catalog.OpSetSchema) && s.NewName == o.Table:
			if s.Table.Name == o.Table {
				return fmt.Sprintf("moves %q back", o.Table)
			}
			return fmt.Sprintf("renames %q to %q in its place: the verdict compares it with the old one column by column", s.Table.Name, o.Table)
		}
		return ""
	}
	if !sameTab(s.Table) {
		return ""
	}
	switch {
	case o.Column != "" && s.Kind == sqlast.ObjColumn:
		if s.Op == catalog.OpRename && o.NewName != "" && s.Name == o.NewName && s.NewName == o.Column {
			return fmt.Sprintf("renames %q back to %q", o.NewName, o.Column)
		}
		if s.Name != o.Column {
			return ""
		}
		switch s.Op {
		case catalog.OpAlterType:
			return "changes its type back"
		case catalog.OpDropNotNull:
			return "drops NOT NULL again"
		case catalog.OpSetNotNull:
			return "sets NOT NULL again"
		case catalog.OpSetDefault:
			return "gives it a default again"
		case catalog.OpAddColumn:
			return "adds it back"
		case catalog.OpDropColumn:
			return "drops it"
		case catalog.OpDropIdentity:
			return "drops its identity"
		}
	case o.Constraint != "" || o.Index != "":
		name := o.Constraint
		if name == "" {
			name = o.Index
		}
		switch {
		case s.Op == catalog.OpDropColumn && containsFold(o.Columns, s.Name):
			return fmt.Sprintf("drops column %q, which takes it along", s.Name)
		case (s.Op == catalog.OpAddConstraint || s.Op == catalog.OpCreate && s.Kind == sqlast.ObjIndex) &&
			(s.Name == name || len(o.Columns) > 0 && catalog.SameColumnSet(s.Columns, o.Columns)):
			what := "unique index"
			if s.ConKind != "" {
				what = string(s.ConKind) + " constraint"
			}
			if s.Name != "" && s.Name != name {
				return fmt.Sprintf("adds %s %q on the same columns", what, s.Name)
			}
			return fmt.Sprintf("adds %s %q again on the same columns", what, name)
		case s.Op == catalog.OpRename && s.NewName == name:
			return fmt.Sprintf("renames it back to %q", name)
		}
	case o.Type == sqlast.ObjTrigger:
		if s.Kind == sqlast.ObjTrigger && s.Op == catalog.OpCreate && s.Name == o.Name {
			return "creates the trigger again"
		}
	}
	return ""
}

func kindText(t sqlast.ObjType) string {
	return strings.ReplaceAll(string(t), "_", " ")
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
