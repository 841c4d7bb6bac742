package verdict

import (
	"strings"
	"testing"
)

// unreadLibraries: one item per library, counting uses, generated ones
// and folders; the position shown is a call outside generated code when
// there is one, else a call, else an import; nothing when no object is
// affected.
func TestUnreadLibraries(t *testing.T) {
	uses := []LibUse{
		{File: "ent/db/predicate.go", Line: 3, Col: 8, Lib: "ent", Call: "import entgo.io/ent/dialect/sql", Generated: true},
		{File: "ent/db/create.go", Line: 20, Col: 9, Lib: "ent", Call: "sqlgraph.CreateNode", Generated: true},
		{File: "billing/lock.go", Line: 21, Col: 11, Lib: "ent", Call: "entsql.DoNothing"},
		{File: "clickhouse/q.go", Line: 9, Col: 2, Lib: "go-sqlbuilder", Call: "import github.com/huandu/go-sqlbuilder"},
	}
	if got := unreadLibraries(uses, nil); got != nil {
		t.Errorf("nothing affected: %+v", got)
	}
	got := unreadLibraries(uses, []string{"entitlements"})
	if len(got) != 2 {
		t.Fatalf("got %d items, want 2: %+v", len(got), got)
	}
	ent := got[0]
	if ent.Kind != UnreadLibrary || ent.File != "billing/lock.go" || ent.Line != 21 || ent.Col != 11 {
		t.Errorf("ent item at %s:%d:%d (%s)", ent.File, ent.Line, ent.Col, ent.Kind)
	}
	for _, w := range []string{"through ent,", "3 uses (2 in generated code) in 2 folders, such as billing/lock.go:21 (entsql.DoNothing)", "(entitlements)"} {
		if !strings.Contains(ent.Reason, w) {
			t.Errorf("ent reason %q lacks %q", ent.Reason, w)
		}
	}
	if sb := got[1]; !strings.Contains(sb.Reason, "1 use in 1 folder, such as clickhouse/q.go:9 (import github.com/huandu/go-sqlbuilder)") {
		t.Errorf("go-sqlbuilder reason %q", sb.Reason)
	}
}

// dropLoaded: a load:name use whose file was read (name.sql holds a
// statement or a dynamic site) is dropped; the others stay.
func TestDropLoaded(t *testing.T) {
	oc := &OldCode{
		Queries: []Query{{Site: Site{File: "db/query/stats.Top.sql", Line: 1}}},
		Dynamic: []Site{{File: "db/query/hits.List.sql", Line: 1}},
		LibUses: []LibUse{
			{File: "a.go", Lib: "zdb", Call: "zdb load:stats.Top", Load: "stats.Top"},
			{File: "a.go", Lib: "zdb", Call: "zdb load:hits.List.sql", Load: "hits.List.sql"},
			{File: "a.go", Lib: "zdb", Call: "zdb load:paths.Merge", Load: "paths.Merge"},
			{File: "a.go", Lib: "zdb", Call: "zdb.NewBulkInsert"},
		},
	}
	oc.dropLoaded()
	var got []string
	for _, u := range oc.LibUses {
		got = append(got, u.Call)
	}
	if want := "zdb load:paths.Merge,zdb.NewBulkInsert"; strings.Join(got, ",") != want {
		t.Errorf("kept %v, want %s", got, want)
	}
}
