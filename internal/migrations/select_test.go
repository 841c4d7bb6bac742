package migrations

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func skipPaths(s []Skip) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Path)
	}
	return out
}

func mapFS(files ...string) fstest.MapFS {
	m := fstest.MapFS{}
	for _, f := range files {
		m[f] = &fstest.MapFile{Data: []byte("SELECT 1;\n")}
	}
	return m
}

func TestFileGlobSelectsExactlyThoseFiles(t *testing.T) {
	fsys := mapFS(
		"db/migrations/1_a.up.sql", "db/migrations/1_a.down.sql",
		"db/migrations/10_b.up.sql", "db/migrations/10_b.down.sql",
		"db/migrations/2_c.up.sql",
		"db/migrations/README.md",
		"other/3_x.up.sql",
	)
	set, err := LoadFS(fsys, []string{"db/migrations/*.up.sql"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// the tool's order (numeric), not the glob's (by name), and each up
	// file still gets its down half
	if got := paths(set); !reflect.DeepEqual(got, []string{"db/migrations/1_a.up.sql", "db/migrations/2_c.up.sql", "db/migrations/10_b.up.sql"}) {
		t.Errorf("files %v", got)
	}
	if set.Files[0].DownPath != "db/migrations/1_a.down.sql" || set.Files[0].Format != FormatGolangMigrate {
		t.Errorf("first file %+v", set.Files[0])
	}
	if !reflect.DeepEqual(set.Dirs, []string{"db/migrations"}) || len(set.Skipped) != 0 {
		t.Errorf("dirs %v skipped %v", set.Dirs, set.Skipped)
	}

	// a glob with ** selects files in any sub-folder
	set, err = LoadFS(fsys, []string{"**/*.up.sql"}, Options{Exclude: []string{"db/**/1*"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(set); !reflect.DeepEqual(got, []string{"db/migrations/2_c.up.sql", "other/3_x.up.sql"}) {
		t.Errorf("** files %v", got)
	}
	if got := skipPaths(set.Excluded); !reflect.DeepEqual(got, []string{"db/migrations/10_b.up.sql", "db/migrations/1_a.up.sql"}) {
		t.Errorf("excluded %v", got)
	}

	// a glob matching no .sql file selects the migration directories it matches
	set, err = LoadFS(fsys, []string{"*/migrations"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 3 || !reflect.DeepEqual(set.Dirs, []string{"db/migrations"}) {
		t.Errorf("directory glob: %v %v", set.Dirs, paths(set))
	}
}

func TestFileGlobReadsUnversionedFiles(t *testing.T) {
	fsys := mapFS("db/001_init.sql", "db/hotfix.sql", "db/002_more.sql")
	// selected by a glob: a migration, ordered by name after the versioned ones
	set, err := LoadFS(fsys, []string{"db/*.sql"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(set); !reflect.DeepEqual(got, []string{"db/001_init.sql", "db/002_more.sql", "db/hotfix.sql"}) {
		t.Errorf("files %v", got)
	}
	if f := set.Files[2]; f.Version != "" || f.Name != "hotfix" || len(f.Up.Stmts) != 1 {
		t.Errorf("unversioned file %+v", f)
	}
	// selected as a folder: skipped, with the reason
	set, err = LoadFS(fsys, []string{"db"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 2 || len(set.Skipped) != 1 || set.Skipped[0].Path != "db/hotfix.sql" || !strings.Contains(set.Skipped[0].Reason, "no version") {
		t.Errorf("files %v skipped %+v", paths(set), set.Skipped)
	}
	// named literally: read whatever the name
	set = LoadFiles(fsys, []string{"db/hotfix.sql"}, Options{})
	if got := paths(set); !reflect.DeepEqual(got, []string{"db/hotfix.sql"}) {
		t.Errorf("named file %v", got)
	}
}

func TestMalformedGlobIsAnError(t *testing.T) {
	fsys := mapFS("db/1_a.up.sql")
	for _, o := range []Options{
		{Dirs: []string{"db/[abc"}},
		{Dirs: []string{"db"}, Exclude: []string{"[x"}},
		{Include: []string{"**/a["}},
	} {
		_, err := LoadFS(fsys, nil, o)
		if !IsPatternError(err) || !strings.Contains(err.Error(), "malformed glob") {
			t.Errorf("%+v: error %v, want a malformed-glob error", o, err)
		}
	}
	if ValidatePattern("db/**/x[0-9].sql") != nil || ValidatePattern("plain/dir") != nil {
		t.Errorf("valid patterns rejected")
	}
}

func TestUnmatchedEntries(t *testing.T) {
	fsys := mapFS("db/1_a.up.sql")
	for _, e := range []string{"moved/migrations", "moved/*.sql", "**/nothing"} {
		if _, err := LoadFS(fsys, []string{e}, Options{}); err == nil {
			t.Errorf("%s: selecting nothing is no error", e)
		}
		set, err := LoadFS(fsys, []string{e, "db"}, Options{MissingOK: true})
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		if !reflect.DeepEqual(set.Unmatched, []string{e}) || len(set.Files) != 1 {
			t.Errorf("%s: unmatched %v files %v", e, set.Unmatched, paths(set))
		}
	}
}

func TestDialectVariants(t *testing.T) {
	fsys := mapFS(
		// Authelia: V names, a dialect per file, `all` for every engine
		"a/V0001.Initial_Schema.all.down.sql",
		"a/V0001.Initial_Schema.mysql.up.sql",
		"a/V0001.Initial_Schema.postgres.up.sql",
		"a/V0001.Initial_Schema.sqlite.up.sql",
		// pop: the untagged file is for every engine; a Postgres variant
		// replaces it
		"p/20210101000000_users.up.sql",
		"p/20210101000000_users.mysql.up.sql",
		"p/20210101000000_users.sqlite3.up.sql",
		"p/20210102000000_more.up.sql",
		"p/20210102000000_more.postgres.up.sql",
		"p/20210102000000_more.cockroach.up.sql",
		"p/20210102000000_more.down.sql",
	)
	set, err := LoadFS(fsys, []string{"p"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(set); !reflect.DeepEqual(got, []string{"p/20210101000000_users.up.sql", "p/20210102000000_more.postgres.up.sql"}) {
		t.Errorf("files %v", got)
	}
	if f := set.Files[1]; f.Name != "more" || f.DownPath != "p/20210102000000_more.down.sql" {
		t.Errorf("postgres variant %+v", f)
	}
	wantSkip := map[string]string{
		"p/20210101000000_users.mysql.up.sql":    "mysql variant of a migration: only the Postgres variants are read",
		"p/20210101000000_users.sqlite3.up.sql":  "sqlite3 variant of a migration: only the Postgres variants are read",
		"p/20210102000000_more.cockroach.up.sql": "cockroach variant of a migration: only the Postgres variants are read",
		"p/20210102000000_more.up.sql":           "replaced by its Postgres variant 20210102000000_more.postgres.up.sql",
	}
	if len(set.Skipped) != 0 {
		t.Errorf("variants for other engines are not unread files: %v", set.Skipped)
	}
	got := map[string]string{}
	for _, s := range set.Excluded {
		got[s.Path] = s.Reason
	}
	if !reflect.DeepEqual(got, wantSkip) {
		t.Errorf("skipped\n got %v\nwant %v", got, wantSkip)
	}
	// a file glob picks one dialect the same way
	set, err = LoadFS(fsys, []string{"p/*.up.sql"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 2 || len(set.Excluded) != 4 {
		t.Errorf("glob: files %v excluded %v", paths(set), skipPaths(set.Excluded))
	}
	// a file named literally is read whatever its dialect
	set = LoadFiles(fsys, []string{"p/20210101000000_users.mysql.up.sql"}, Options{})
	if len(set.Files) != 1 || len(set.Excluded) != 0 {
		t.Errorf("named: files %v excluded %v", paths(set), skipPaths(set.Excluded))
	}
}

func TestSplitDialect(t *testing.T) {
	for _, c := range []struct{ in, rest, dialect string }{
		{"users", "users", ""},
		{"users.postgres", "users", "postgres"},
		{"Initial_Schema.PostgreSQL", "Initial_Schema", "postgres"},
		{"x.all", "x", "all"},
		{"x.sqlite3", "x", "sqlite3"},
		{"x.mysql8", "x.mysql8", ""},
		{".mysql", ".mysql", ""},
		{"add_mysql", "add_mysql", ""},
	} {
		rest, d := splitDialect(c.in)
		if rest != c.rest || d != c.dialect {
			t.Errorf("splitDialect(%q) = %q, %q; want %q, %q", c.in, rest, d, c.rest, c.dialect)
		}
	}
}

// A format configured for a glob entry applies to what the glob selects.
func TestFormatOfAGlobEntry(t *testing.T) {
	fsys := mapFS("svc/a/migrations/1_x.sql", "svc/b/migrations/1_y.sql", "db/2_z.sql")
	set, err := LoadFS(fsys, []string{"svc/*/migrations", "db/*.sql"}, Options{Formats: map[string]Format{"svc/*/migrations": "tern", "db/*.sql": "dbmate"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Format{}
	for _, f := range set.Files {
		got[f.Path] = f.Format
	}
	want := map[string]Format{"svc/a/migrations/1_x.sql": FormatTern, "svc/b/migrations/1_y.sql": FormatTern, "db/2_z.sql": FormatDbmate}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("formats %v", got)
	}
}
