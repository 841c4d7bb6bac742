package migrations

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func loadFixture(t *testing.T, dir string) *Set {
	t.Helper()
	set, err := LoadFS(os.DirFS("../../testdata/migrations"), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range set.Files {
		for _, e := range f.Errors {
			t.Errorf("%s: unexpected file error: %v", f.Path, e)
		}
		for _, s := range []*Section{f.Up, f.Down} {
			if s == nil {
				continue
			}
			for _, e := range s.Errors {
				t.Errorf("%s: unexpected parse error: %v", f.Path, e)
			}
		}
	}
	return set
}

func stmtLines(s *Section) []int {
	if s == nil {
		return nil
	}
	var out []int
	for _, st := range s.Stmts {
		out = append(out, st.Pos.Line)
	}
	return out
}

func stmtTx(s *Section) []bool {
	if s == nil {
		return nil
	}
	var out []bool
	for _, st := range s.Stmts {
		out = append(out, st.InTx)
	}
	return out
}

func paths(set *Set) []string {
	var out []string
	for _, f := range set.Files {
		out = append(out, f.Path)
	}
	return out
}

type want struct {
	path, downPath string
	version        string
	kind           Kind
	up, down       []int // statement lines; down nil means no down part
	upTx, downTx   bool
	upStmtTx       []bool
}

func check(t *testing.T, set *Set, format Format, wants []want) {
	t.Helper()
	if got, w := len(set.Files), len(wants); got != w {
		t.Fatalf("got %d files %v, want %d", got, paths(set), w)
	}
	for i, w := range wants {
		f := set.Files[i]
		if f.Path != w.path {
			t.Errorf("file %d: path %q, want %q", i, f.Path, w.path)
			continue
		}
		if f.Format != format {
			t.Errorf("%s: format %q, want %q", f.Path, f.Format, format)
		}
		if f.DownPath != w.downPath {
			t.Errorf("%s: down path %q, want %q", f.Path, f.DownPath, w.downPath)
		}
		if f.Version != w.version {
			t.Errorf("%s: version %q, want %q", f.Path, f.Version, w.version)
		}
		k := w.kind
		if k == "" {
			k = Versioned
		}
		if f.Kind != k {
			t.Errorf("%s: kind %q, want %q", f.Path, f.Kind, k)
		}
		if got := stmtLines(f.Up); !reflect.DeepEqual(got, w.up) {
			t.Errorf("%s: up statements at lines %v, want %v", f.Path, got, w.up)
		}
		if (f.Down == nil) != (w.down == nil) {
			t.Errorf("%s: has down part %v, want %v", f.Path, f.Down != nil, w.down != nil)
		} else if f.Down != nil {
			if got := stmtLines(f.Down); !reflect.DeepEqual(got, w.down) && !(len(got) == 0 && len(w.down) == 0) {
				t.Errorf("%s: down statements at lines %v, want %v", f.Path, got, w.down)
			}
			if f.Down.InTx != w.downTx {
				t.Errorf("%s: down InTx %v, want %v", f.Path, f.Down.InTx, w.downTx)
			}
		}
		if f.Up.InTx != w.upTx {
			t.Errorf("%s: up InTx %v, want %v", f.Path, f.Up.InTx, w.upTx)
		}
		if w.upStmtTx != nil {
			if got := stmtTx(f.Up); !reflect.DeepEqual(got, w.upStmtTx) {
				t.Errorf("%s: up statement InTx %v, want %v", f.Path, got, w.upStmtTx)
			}
		} else {
			for _, st := range f.Up.Stmts {
				if st.InTx != f.Up.InTx {
					t.Errorf("%s:%d: statement InTx %v differs from section %v", f.Path, st.Pos.Line, st.InTx, f.Up.InTx)
				}
			}
		}
		if len(f.Hash) != 64 {
			t.Errorf("%s: hash %q is not a sha256 hex digest", f.Path, f.Hash)
		}
	}
}

func TestGolangMigrate(t *testing.T) {
	set := loadFixture(t, "golang-migrate")
	check(t, set, FormatGolangMigrate, []want{
		{path: "golang-migrate/1_init.up.sql", downPath: "golang-migrate/1_init.down.sql", version: "1",
			up: []int{2, 7}, down: []int{1, 2}, upTx: true, downTx: true},
		{path: "golang-migrate/2_add_name.up.sql", downPath: "golang-migrate/2_add_name.down.sql", version: "2",
			up: []int{1}, down: []int{2}},
		// 10 after 2; a single CONCURRENTLY statement runs outside a transaction.
		{path: "golang-migrate/10_index.up.sql", downPath: "golang-migrate/10_index.down.sql", version: "10",
			up: []int{1}, down: []int{1}},
	})
	f := set.Files[1]
	if len(f.Directives) != 1 {
		t.Fatalf("directives %+v, want one", f.Directives)
	}
	d := f.Directives[0]
	if d.Kind != Ignore || d.Pos.File != "golang-migrate/2_add_name.down.sql" || d.Pos.Line != 1 || d.Pos.Col != 4 ||
		!reflect.DeepEqual(d.Rules, []string{"drop-column"}) || d.Reason != "name was added by 2_add_name.up.sql in this release" {
		t.Errorf("directive %+v", d)
	}
	if d.Stmt == nil || d.Stmt != f.Down.Stmts[0] {
		t.Errorf("directive applies to %+v, want the DROP COLUMN", d.Stmt)
	}
	if c := set.Files[0].Up.Stmts[0].Comment; c != "-- users and their orders" {
		t.Errorf("comment %q", c)
	}
	if len(set.Skipped) != 0 {
		t.Errorf("skipped %v", set.Skipped)
	}
}

func TestGoose(t *testing.T) {
	set := loadFixture(t, "goose")
	check(t, set, FormatGoose, []want{
		{path: "goose/00001_create_users.sql", version: "00001", up: []int{2, 6}, down: []int{9}, upTx: true, downTx: true},
		{path: "goose/00002_touch_fn.sql", version: "00002", up: []int{3}, down: []int{13}, upTx: true, downTx: true},
		{path: "goose/00010_index.sql", version: "00010", up: []int{4}, down: []int{7}},
	})
	f := set.Files[2]
	if len(f.Directives) != 1 || f.Directives[0].Kind != IgnoreFile || f.Directives[0].Stmt != nil ||
		f.Directives[0].Pos.Line != 2 || f.Directives[0].Rules[0] != "require-lock-timeout" {
		t.Errorf("directives %+v", f.Directives)
	}
	// the function body with its inner semicolons is one statement
	if s := set.Files[1].Up.Stmts[0]; !strings.HasSuffix(s.Text, "LANGUAGE plpgsql") || s.End.Line != 8 {
		t.Errorf("function statement %q ends at %v", s.Text, s.End)
	}
	if got := set.Files[0].Up.Stmts[1].Text; !strings.Contains(got, "'a;b@example.com'") {
		t.Errorf("semicolon inside a string split the statement: %q", got)
	}
}

func TestFlyway(t *testing.T) {
	set := loadFixture(t, "flyway")
	check(t, set, FormatFlyway, []want{
		{path: "flyway/V1__init.sql", version: "1", up: []int{1}, upTx: true},
		{path: "flyway/V1_1__underscore_version.sql", version: "1.1", up: []int{1}, upTx: true},
		{path: "flyway/V1.2__add_name.sql", downPath: "flyway/U1.2__add_name.sql", version: "1.2", up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		{path: "flyway/V1.10__add_age.sql", version: "1.10", up: []int{1}, upTx: true},
		// Flyway detects CONCURRENTLY and runs the script outside a transaction.
		{path: "flyway/V2__concurrent.sql", version: "2", up: []int{1}},
		{path: "flyway/R__users_view.sql", kind: Repeatable, up: []int{1}, upTx: true},
	})
}

func TestDbmate(t *testing.T) {
	set := loadFixture(t, "dbmate")
	check(t, set, FormatDbmate, []want{
		{path: "dbmate/20240101120000_create_users.sql", version: "20240101120000", up: []int{2, 3}, down: []int{6, 7}, upTx: true, downTx: true},
		{path: "dbmate/20240102120000_index.sql", version: "20240102120000", up: []int{2}, down: []int{5}},
	})
}

func TestSQLMigrate(t *testing.T) {
	set := loadFixture(t, "sql-migrate")
	check(t, set, FormatSQLMigrate, []want{
		{path: "sql-migrate/1_init.sql", version: "1", up: []int{2}, down: []int{5}, upTx: true, downTx: true},
		{path: "sql-migrate/2_fn.sql", version: "2", up: []int{3}, down: []int{11}, upTx: true, downTx: true},
		// notransaction on Up only
		{path: "sql-migrate/10_index.sql", version: "10", up: []int{2}, down: []int{5}, downTx: true},
	})
}

func TestTern(t *testing.T) {
	set := loadFixture(t, "tern")
	check(t, set, FormatTern, []want{
		{path: "tern/001_create_people.sql", version: "001", up: []int{1}, down: []int{8}, upTx: true, downTx: true},
		{path: "tern/002_add_email.sql", version: "002", up: []int{1, 3}, down: []int{5}, upTx: true, downTx: true},
		{path: "tern/010_index.sql", version: "010", up: []int{2}, down: []int{4}},
	})
	f := set.Files[1]
	if len(f.Directives) != 1 || f.Directives[0].Kind != RollForwardOnly || f.Directives[0].Stmt != f.Up.Stmts[1] ||
		f.Directives[0].Reason != "email backfill cannot be undone" {
		t.Errorf("directives %+v", f.Directives)
	}
}

func TestPlain(t *testing.T) {
	set := loadFixture(t, "plain")
	check(t, set, FormatPlain, []want{
		{path: "plain/001_init.sql", version: "001", up: []int{1, 2}},
		{path: "plain/002_tx.sql", version: "002", up: []int{1, 2, 3, 4}, upStmtTx: []bool{true, true, true, false}},
		{path: "plain/010_seed.sql", version: "010", up: []int{1}},
	})
	if !reflect.DeepEqual(set.Skipped, []Skip{{Path: "plain/notes.sql", Reason: "no version in the name, so no migration tool runs it"}}) {
		t.Errorf("skipped %v", set.Skipped)
	}
}

// Every tool has a testdata/migrations/<format> folder, detected as its own.
func TestDetectFormat(t *testing.T) {
	for _, tool := range tools {
		f := tool.Format
		set, err := LoadFS(os.DirFS("../../testdata/migrations"), []string{string(f)}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(set.Files) == 0 {
			t.Errorf("%s: no migrations in testdata/migrations/%s", f, f)
		}
		for _, file := range set.Files {
			if file.Format != f {
				t.Errorf("%s detected as %s, want %s", file.Path, file.Format, f)
			}
		}
	}
}

func TestForcedFormatAndRoot(t *testing.T) {
	set, err := LoadFS(os.DirFS("../../testdata/migrations"), []string{"tern"}, Options{Format: FormatPlain, Root: "testdata/migrations"})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 3 || set.Files[0].Format != FormatPlain || set.Files[0].Down != nil {
		t.Fatalf("forced plain: %+v", set.Files)
	}
	if set.Files[0].Path != "testdata/migrations/tern/001_create_people.sql" || set.Dirs[0] != "testdata/migrations/tern" {
		t.Errorf("root not prefixed: %s %v", set.Files[0].Path, set.Dirs)
	}
}

func TestCompareVersions(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2", "10", -1}, {"10", "2", 1}, {"002", "2", 0}, {"1.2", "1.10", -1}, {"1", "1.0", 0},
		{"1.1", "1.2", -1}, {"20240101120000", "20231231235959", 1}, {"1.9.9", "1.10", -1},
		{"99999999999999999999", "100000000000000000000", -1},
	} {
		if got := CompareVersions(c.a, c.b); got != c.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestDirectives(t *testing.T) {
	src := strings.Join([]string{
		"-- rbcheck:ignore-file a,b whole file",          // 1
		"-- rbcheck:ignore drop-column",                  // 2 no reason
		"-- rbcheck:ignore",                              // 3 no rules
		"-- rbcheck:frobnicate x y",                      // 4 unknown
		"-- rbcheck:roll-forward-only",                   // 5 no reason
		"-- rbcheck:ignore a, b -- reason here",          // 6
		"DROP TABLE t;",                                  // 7
		"DROP TABLE u; -- rbcheck:ignore c trailing",     // 8
		"SELECT '-- rbcheck:ignore x not a comment';",    // 9
		"/* rbcheck:roll-forward-only block reason */",   // 10
		"DROP TABLE v;",                                  // 11
		"SELECT 1; SELECT 2; -- rbcheck:ignore e second", // 12
		"-- rbcheck:ignore d at the end",                 // 13
	}, "\n")
	fsys := fstest.MapFS{"db/migrations/001_x.sql": {Data: []byte(src)}}
	set, err := LoadFS(fsys, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 1 {
		t.Fatalf("discovered %v", paths(set))
	}
	f := set.Files[0]
	type dd struct {
		kind   DirectiveKind
		line   int
		rules  string
		reason string
		stmt   int // line of the statement, 0 for none
	}
	var got []dd
	for _, d := range f.Directives {
		x := dd{d.Kind, d.Pos.Line, strings.Join(d.Rules, ","), d.Reason, 0}
		if d.Stmt != nil {
			x.stmt = d.Stmt.Pos.Line
		}
		got = append(got, x)
	}
	wantD := []dd{
		{IgnoreFile, 1, "a,b", "whole file", 0},
		{Ignore, 6, "a,b", "reason here", 7},
		{Ignore, 8, "c", "trailing", 8},
		{RollForwardOnly, 10, "", "block reason", 11},
		{Ignore, 12, "e", "second", 12},
	}
	if !reflect.DeepEqual(got, wantD) {
		t.Errorf("directives\n got %+v\nwant %+v", got, wantD)
	}
	if d := f.Directives[len(f.Directives)-1]; d.Stmt == nil || d.Stmt.Text != "SELECT 2" {
		t.Errorf("trailing directive applies to %+v, want SELECT 2", d.Stmt)
	}
	var errLines []int
	for _, e := range f.Errors {
		errLines = append(errLines, e.Pos.Line)
		if e.Msg != strings.ToLower(e.Msg[:1])+e.Msg[1:] || strings.HasSuffix(e.Msg, ".") {
			t.Errorf("message style: %q", e.Msg)
		}
	}
	if !reflect.DeepEqual(errLines, []int{2, 3, 4, 5, 13}) {
		t.Errorf("errors at %v: %v", errLines, f.Errors)
	}
	if !strings.Contains(f.Errors[0].Msg, "needs a reason") {
		t.Errorf("first error %q", f.Errors[0].Msg)
	}
}

func TestHashIgnoresLayout(t *testing.T) {
	fsys := fstest.MapFS{
		"a/migrations/001_x.sql": {Data: []byte("-- hi\nCREATE TABLE t (id int);\n\nDROP TABLE u;\n")},
		"b/migrations/007_y.sql": {Data: []byte("CREATE   TABLE t\n  (id int); /* moved */ DROP TABLE u;")},
		"c/migrations/001_x.sql": {Data: []byte("CREATE TABLE t (id bigint);\nDROP TABLE u;\n")},
	}
	set, err := LoadFS(fsys, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 3 {
		t.Fatalf("files %v", paths(set))
	}
	if set.Files[0].Hash != set.Files[1].Hash {
		t.Errorf("same statements, different hash")
	}
	if set.Files[0].Hash == set.Files[2].Hash {
		t.Errorf("different statements, same hash")
	}
}

func TestDiscover(t *testing.T) {
	fsys := fstest.MapFS{
		"db/migrations/001_init.sql":                {Data: []byte("create table t (id int);")},
		"services/a/migrate/1_x.up.sql":             {Data: []byte("select 1;")},
		"src/main/resources/db/migration/V1__x.sql": {Data: []byte("select 1;")},
		"internal/store/0001_goose.sql":             {Data: []byte("-- +goose Up\nselect 1;")},
		"docs/examples/001_example.sql":             {Data: []byte("select 1;")},
		"vendor/x/migrations/1_x.up.sql":            {Data: []byte("select 1;")},
		"node_modules/y/migrations/001.sql":         {Data: []byte("select 1;")},
		"testdata/migrations/001.sql":               {Data: []byte("select 1;")},
		"oryx/popx/stub/migrations/1_x.up.sql":      {Data: []byte("select 1;")},
		"internal/stubs/migrations/1_x.up.sql":      {Data: []byte("select 1;")},
		".github/migrations/001.sql":                {Data: []byte("select 1;")},
		"queries/users.sql":                         {Data: []byte("select 1;")},
	}
	got := Discover(fsys)
	wantDirs := []string{"db/migrations", "internal/store", "services/a/migrate", "src/main/resources/db/migration"}
	if !reflect.DeepEqual(got, wantDirs) {
		t.Errorf("Discover = %v, want %v", got, wantDirs)
	}
	set, err := LoadFS(fsys, nil, Options{Include: []string{"**/migrat*"}, Exclude: []string{"services/**"}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(set.Dirs, []string{"db/migrations", "src/main/resources/db/migration"}) {
		t.Errorf("include/exclude dirs %v", set.Dirs)
	}
	if _, err := LoadFS(fsys, []string{"nope"}, Options{}); err == nil {
		t.Errorf("missing directory: no error")
	}
}

func TestBadFilesDoNotStopTheLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"m/1_a.up.sql":   {Data: []byte("create table a (id int);")},
		"m/2_b.down.sql": {Data: []byte("drop table b;")},
		"m/3_c.up.sql":   {Data: []byte("\xff\xfe create table c (id int);")},
		"m/4_d.up.sql":   {Data: []byte("create table d (id int);")},
	}
	set, err := LoadFS(fsys, []string{"m"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 4 {
		t.Fatalf("files %v", paths(set))
	}
	if f := set.Files[1]; f.Path != "m/2_b.down.sql" || len(f.Errors) == 0 || f.Down == nil || !f.Up.Empty {
		t.Errorf("down without up: %+v", f)
	}
	if f := set.Files[2]; len(f.Errors)+len(f.Up.Errors) == 0 {
		t.Errorf("a file that is not UTF-8 has no error")
	}
	if f := set.Files[3]; len(f.Up.Stmts) != 1 {
		t.Errorf("file after a bad one not loaded: %+v", f)
	}
}

func TestTransactionFlags(t *testing.T) {
	fsys := fstest.MapFS{
		// golang-migrate: one query string, so several statements share an
		// implicit transaction even around explicit COMMITs
		"gm/1_a.up.sql": {Data: []byte("BEGIN;\nALTER TABLE t ADD COLUMN a int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);\n")},
		// Flyway: a .conf file turns the transaction off
		"fw/V1__a.sql":      {Data: []byte("ALTER TABLE t ADD COLUMN a int;\n")},
		"fw/V1__a.sql.conf": {Data: []byte("executeInTransaction=false\n")},
		"fw/V2__b.sql":      {Data: []byte("VACUUM t;\n")},
		"fw/V3__c.sql":      {Data: []byte("ALTER TABLE t ADD COLUMN b int;\n")},
		// goose with a transaction: statements after an explicit COMMIT run
		// with autocommit
		"gs/2_backfill.go":      {Data: []byte("package migrations")},
		"gs/2_backfill_test.go": {Data: []byte("package migrations")},
		"gs/1_a.sql":            {Data: []byte("-- +goose Up\nSELECT 1;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);\nBEGIN;\nSELECT 2;\n")},
		// sql-migrate: notransaction on Down only
		"sm/1_a.sql": {Data: []byte("-- +migrate Up\nSELECT 1;\n-- +migrate Down notransaction\nSELECT 2;\n")},
	}
	set, err := LoadFS(fsys, []string{"gm", "fw", "gs", "sm"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]bool{}
	sec := map[string]bool{}
	for _, f := range set.Files {
		got[f.Path] = stmtTx(f.Up)
		sec[f.Path] = f.Up.InTx
		if f.Down != nil {
			got[f.Path+" down"] = stmtTx(f.Down)
			sec[f.Path+" down"] = f.Down.InTx
		}
	}
	wantStmt := map[string][]bool{
		"gm/1_a.up.sql":   {true, true, true, true},
		"fw/V1__a.sql":    {false},
		"fw/V2__b.sql":    {false},
		"fw/V3__c.sql":    {true},
		"gs/1_a.sql":      {true, true, false, true, true},
		"sm/1_a.sql":      {true},
		"sm/1_a.sql down": {false},
	}
	if !reflect.DeepEqual(got, wantStmt) {
		t.Errorf("statement InTx\n got %v\nwant %v", got, wantStmt)
	}
	if !reflect.DeepEqual(set.Skipped, []Skip{{Path: "gs/2_backfill.go", Reason: "Go migration: rbcheck does not run Go code, so the schema changes it makes are not checked"}}) {
		t.Errorf("skipped %v", set.Skipped)
	}
	wantSec := map[string]bool{"gm/1_a.up.sql": true, "fw/V1__a.sql": false, "fw/V2__b.sql": false, "fw/V3__c.sql": true, "gs/1_a.sql": true, "sm/1_a.sql": true, "sm/1_a.sql down": false}
	if !reflect.DeepEqual(sec, wantSec) {
		t.Errorf("section InTx\n got %v\nwant %v", sec, wantSec)
	}
}

func TestMarkerProblems(t *testing.T) {
	fsys := fstest.MapFS{
		"g/1_a.sql": {Data: []byte("/* x */ SELECT 0;\n-- +goose Up\n-- +goose StatementBegin\nSELECT 1;\n-- +goose Down\n-- +goose Frobnicate\nSELECT 2;\n")},
		"g/2_b.sql": {Data: []byte("/*\n * header\n */\n-- +goose Up\nSELECT 1;\n")},
		"g/3_c.sql": {Data: []byte("SELECT 1;\n")},
	}
	set, err := LoadFS(fsys, []string{"g"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range set.Files[0].Errors {
		msgs = append(msgs, e.Pos.String()+" "+e.Msg)
	}
	want := []string{
		"g/1_a.sql:1:1 statements before the `-- +goose Up` annotation are never run",
		"g/1_a.sql:3:1 `-- +goose StatementBegin` has no StatementEnd",
		"g/1_a.sql:6:1 unknown annotation `-- +goose Frobnicate`: the migration tool rejects or ignores it",
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("errors\n got %q\nwant %q", msgs, want)
	}
	if got := stmtLines(set.Files[0].Up); !reflect.DeepEqual(got, []int{4}) {
		t.Errorf("up lines %v", got)
	}
	if len(set.Files[1].Errors) != 0 || set.Files[1].Down != nil {
		t.Errorf("a goose file without Down: %+v", set.Files[1])
	}
	// no annotation at all: reported, and the whole file is still checked as up
	if f := set.Files[2]; len(f.Errors) != 1 || len(f.Up.Stmts) != 1 {
		t.Errorf("unannotated goose file: errors %v, up %d statements", f.Errors, len(f.Up.Stmts))
	}
}

func TestLoadFilesPairsSiblings(t *testing.T) {
	fsys := os.DirFS("../../testdata/migrations")
	set := LoadFiles(fsys, []string{"golang-migrate/2_add_name.up.sql", "flyway/U1.2__add_name.sql", "tern/002_add_email.sql"}, Options{Formats: map[string]Format{"tern": "TERN"}})
	if got := paths(set); !reflect.DeepEqual(got, []string{"golang-migrate/2_add_name.up.sql", "flyway/V1.2__add_name.sql", "tern/002_add_email.sql"}) {
		t.Fatalf("files %v", got)
	}
	if set.Files[0].DownPath != "golang-migrate/2_add_name.down.sql" || set.Files[1].DownPath != "flyway/U1.2__add_name.sql" {
		t.Errorf("siblings not paired: %q %q", set.Files[0].DownPath, set.Files[1].DownPath)
	}
	if set.Files[2].Format != FormatTern || set.Files[2].Down == nil {
		t.Errorf("format from a raw config string: %s", set.Files[2].Format)
	}
	// a Flyway undo file alone is an Undo file with an error
	orphan := LoadFiles(fstest.MapFS{"f/U3__x.sql": {Data: []byte("DROP TABLE x;")}}, []string{"f/U3__x.sql"}, Options{})
	if f := orphan.Files[0]; f.Kind != Undo || len(f.Errors) != 1 || f.Down == nil || len(f.Down.Stmts) != 1 {
		t.Errorf("orphan undo %+v", f)
	}
}

func TestByteOrderMarkAndCRLF(t *testing.T) {
	fsys := fstest.MapFS{
		"g/1_a.sql": {Data: []byte("\ufeff-- +goose Up\r\nCREATE TABLE t (id int);\r\n\r\n-- +goose Down\r\nDROP TABLE t;\r\n")},
		"p/1_a.sql": {Data: []byte("\ufeffCREATE TABLE t (id int);\r\n")},
	}
	set, err := LoadFS(fsys, []string{"g", "p"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, p := set.Files[0], set.Files[1]
	if g.Format != FormatGoose || len(g.Errors) != 0 || !reflect.DeepEqual(stmtLines(g.Up), []int{2}) || !reflect.DeepEqual(stmtLines(g.Down), []int{5}) {
		t.Errorf("goose with BOM and CRLF: format %s errors %v up %v down %v", g.Format, g.Errors, stmtLines(g.Up), stmtLines(g.Down))
	}
	if len(p.Up.Errors) != 0 || len(p.Up.Stmts) != 1 || p.Up.Stmts[0].Pos.Offset != 3 || p.Up.Stmts[0].Pos.Col != 4 {
		t.Errorf("plain with BOM: errors %v stmts %+v", p.Up.Errors, p.Up.Stmts)
	}
}

func TestMatchGlob(t *testing.T) {
	for _, c := range []struct {
		pat, name string
		want      bool
	}{
		{"**", "a/b/c", true},
		{"**/migrations", "migrations", true},
		{"**/migrations", "services/a/migrations", true},
		{"services/*/migrations", "services/a/migrations", true},
		{"services/*/migrations", "services/a/b/migrations", false},
		{"db/**/sql", "db/x/y/sql", true},
		{"db/**/sql", "db/sql", true},
		{"db/*", "db", false},
		{"[", "[", false},
	} {
		if got := matchGlob(c.pat, c.name); got != c.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", c.pat, c.name, got, c.want)
		}
	}
	if !excluded([]string{"*.down.sql"}, "db/1_x.down.sql") || !excluded([]string{"db/old"}, "db/old/1_x.sql") || excluded([]string{"db/old"}, "db/older/1.sql") {
		t.Errorf("excluded")
	}
}

func TestPlainSkipsPsqlMetaCommands(t *testing.T) {
	fsys := fstest.MapFS{"p/1_a.sql": {Data: []byte("\\set ON_ERROR_STOP on\nCREATE TABLE t (id int);\n\\echo done\n")}}
	set, err := LoadFS(fsys, []string{"p"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := set.Files[0]
	if len(f.Up.Errors) != 0 || !reflect.DeepEqual(stmtLines(f.Up), []int{2}) {
		t.Errorf("errors %v lines %v", f.Up.Errors, stmtLines(f.Up))
	}
}

func TestPlaceholders(t *testing.T) {
	fsys := fstest.MapFS{
		"fw/V1__a.sql": {Data: []byte("CREATE TABLE ${flyway:defaultSchema}.users (id int);\nGRANT SELECT ON users TO ${reader};\n")},
		"gs/1_a.sql":   {Data: []byte("-- +goose ENVSUB ON\n-- +goose Up\nCREATE TABLE ${SCHEMA}.t (id int);\n")},
		"gx/1_a.sql":   {Data: []byte("-- +goose Up\nSELECT '${NOT_SUBSTITUTED}';\n")},
	}
	set, err := LoadFS(fsys, []string{"fw", "gs", "gx"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range set.Files {
		if len(f.Up.Errors) != 0 {
			t.Errorf("%s: %v", f.Path, f.Up.Errors)
		}
	}
	fw := set.Files[0].Up.Stmts
	if len(fw) != 2 || fw[0].Text != "CREATE TABLE ${flyway:defaultSchema}.users (id int)" {
		t.Fatalf("flyway statements %+v", fw)
	}
	if ct, ok := fw[0].Node.(*sqlast.CreateTable); !ok || ct.Table.Name != "users" || ct.Table.Schema != "" {
		t.Errorf("placeholder-qualified table %+v", fw[0].Node)
	}
	if gs := set.Files[1].Up.Stmts; len(gs) != 1 || gs[0].Node.(*sqlast.CreateTable).Table.Name != "t" {
		t.Errorf("goose envsub %+v", gs)
	}
	if gx := set.Files[2].Up.Stmts; len(gx) != 1 || gx[0].Text != "SELECT '${NOT_SUBSTITUTED}'" {
		t.Errorf("goose without envsub %+v", gx)
	}
}

func TestDuplicateVersionsAreStillChecked(t *testing.T) {
	fsys := fstest.MapFS{
		"m/1_a.up.sql":   {Data: []byte("CREATE TABLE a (id int);")},
		"m/001_b.up.sql": {Data: []byte("DROP TABLE a;")},
		"f/V1__a.sql":    {Data: []byte("CREATE TABLE a (id int);")},
		"f/V1.0__b.sql":  {Data: []byte("DROP TABLE a;")},
	}
	set, err := LoadFS(fsys, []string{"m", "f"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 4 {
		t.Fatalf("files %v", paths(set))
	}
	dups := 0
	for _, f := range set.Files {
		if len(f.Up.Stmts) != 1 {
			t.Errorf("%s: %d statements", f.Path, len(f.Up.Stmts))
		}
		for _, e := range f.Errors {
			if strings.Contains(e.Msg, "duplicate migration version") {
				dups++
			}
		}
	}
	if dups != 2 {
		t.Errorf("%d duplicate errors, want 2", dups)
	}
}

func TestLoadFromDisk(t *testing.T) {
	set, err := Load("../../testdata/migrations", Options{Dirs: []string{"goose", "dbmate"}, Exclude: []string{"*00010*"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(set); !reflect.DeepEqual(got, []string{"goose/00001_create_users.sql", "goose/00002_touch_fn.sql", "dbmate/20240101120000_create_users.sql", "dbmate/20240102120000_index.sql"}) {
		t.Errorf("files %v", got)
	}
	if _, err := Load("../../testdata/migrations/nope", Options{}); err == nil {
		t.Errorf("a missing root is no error")
	}
	// a file entry selects that file
	if set, err := Load("../../testdata/migrations", Options{Dirs: []string{"goose/00001_create_users.sql"}}); err != nil || !reflect.DeepEqual(paths(set), []string{"goose/00001_create_users.sql"}) || set.Files[0].Format != FormatGoose {
		t.Errorf("a file entry: %v, %v", err, set)
	}
	if _, err := Load("../../testdata/migrations", Options{Dirs: []string{"**/nothing-here"}}); err == nil {
		t.Errorf("a glob matching nothing is no error")
	}
}
