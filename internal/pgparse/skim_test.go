package pgparse

import (
	"maps"
	"os"
	"reflect"
	"slices"
	"testing"
)

// TestSkimTranslatesAlike parses every SQL file of the repository, a
// generated corpus and (when RBCHECK_PG_REGRESS names PostgreSQL's
// regression SQL) that corpus, with the statements skimmed and whole: the
// statements, their translation and the errors must be the same.
func TestSkimTranslatesAlike(t *testing.T) {
	corpus := jsonCorpus(t)
	if dir := os.Getenv("RBCHECK_PG_REGRESS"); dir != "" {
		readSQLInto(t, corpus, dir)
	}
	names := slices.Sorted(maps.Keys(corpus))
	defer func() { skimMigrations = true }()
	skimmedAny := 0
	for _, name := range names {
		src := corpus[name]
		skimMigrations = true
		s1, e1 := Parse(name, src)
		skimMigrations = false
		s2, e2 := Parse(name, src)
		if !reflect.DeepEqual(e1, e2) {
			t.Errorf("%s: errors differ:\n%s", name, diff(e1, e2))
			continue
		}
		if !reflect.DeepEqual(s1, s2) {
			t.Errorf("%s: statements differ:\n%s", name, diff(s1, s2))
		}
		for _, st := range s1 {
			switch st.Kind {
			case "SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt":
				skimmedAny++
			}
		}
	}
	if skimmedAny < 100 {
		t.Errorf("only %d statements were skimmed", skimmedAny)
	}
}
