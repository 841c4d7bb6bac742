package analyzer

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSquirrelConstantsAreLiterals: a string constant the code passes to a
// squirrel predicate, Set, SetMap or Values is part of the statement's
// text ('x', not a placeholder), so the statement's analysis lists it
// among the values the code compares a column with or writes
// (sqlast.Query.Literals); a value known only at run time stays a
// placeholder and is no literal.
func TestSquirrelConstantsAreLiterals(t *testing.T) {
	inv, err := ScanDir(filepath.Join("testdata", "src", "squirrel"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, q := range inv.Queries {
		if q.Query == nil {
			continue
		}
		for _, l := range q.Query.Literals {
			k := l.Table.Name + "." + l.Column + "=" + l.Value
			if l.Number {
				k += " (number)"
			}
			got[k] = true
		}
	}
	// a number constant is a number literal: SetMap's "age": 3, an
	// integer constant in an Eq
	for _, w := range []string{"users.status=x", "jobs.state=new", "teams.name=x", "users.email=a@b", "users.age=3 (number)", "jobs.priority=2 (number)"} {
		if !got[w] {
			t.Errorf("literal %s not found; have %v", w, got)
		}
	}
	for k := range got {
		if strings.HasPrefix(k, "users.name=") {
			t.Errorf("users.name is set from a parameter, yet has literal %s", k)
		}
	}
}
