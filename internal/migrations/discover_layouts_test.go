package migrations

import (
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func TestSQLCSchemas(t *testing.T) {
	fsys := fstest.MapFS{
		"a/sqlc.yaml": {Data: []byte("version: \"2\"\nsql:\n  - schema: [../../outside.sql, ./schema.sql, ../db/schema]\n  - schema: one.sql\n")},
		"b/sqlc.json": {Data: []byte(`{"version": "1", "packages": [{"schema": "migrations"}, {"schema": ["/abs.sql", "x.sql"]}]}`)},
		"c/sqlc.yml":  {Data: []byte("sql: [\n")},
	}
	for file, want := range map[string][]string{
		"a/sqlc.yaml": {"a/schema.sql", "db/schema", "a/one.sql"},
		"b/sqlc.json": {"b/migrations", "b/x.sql"},
		"c/sqlc.yml":  nil,
		"d/sqlc.yaml": nil,
	} {
		if got := sqlcSchemas(fsys, file); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", file, got, want)
		}
	}
}

// A plain folder named as sqlc's schema is left out only beside a folder
// with a migration tool's mark, and only when it has none itself.
func TestDiscoverSQLCSchema(t *testing.T) {
	sqlc := []byte("version: \"2\"\nsql:\n  - schema: [../sql/schema/v0.sql]\n")
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want []string
		left []string
	}{{
		name: "schema beside goose",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":              {Data: sqlc},
			"sql/schema/v0.sql":         {Data: []byte("create table t (id int);")},
			"migrations/20240101_x.sql": {Data: []byte("-- +goose Up\ncreate table t (id int);")},
		},
		want: []string{"migrations"},
		left: []string{"sql/schema"},
	}, {
		name: "schema beside golang-migrate names",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":            {Data: sqlc},
			"sql/schema/v0.sql":       {Data: []byte("create table t (id int);")},
			"migrations/1_x.up.sql":   {Data: []byte("create table t (id int);")},
			"migrations/1_x.down.sql": {Data: []byte("drop table t;")},
		},
		want: []string{"migrations"},
		left: []string{"sql/schema"},
	}, {
		name: "schema alone",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":      {Data: sqlc},
			"sql/schema/v0.sql": {Data: []byte("create table t (id int);")},
		},
		want: []string{"sql/schema"},
	}, {
		name: "schema beside another plain folder",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":          {Data: sqlc},
			"sql/schema/v0.sql":     {Data: []byte("create table t (id int);")},
			"db/migrations/001.sql": {Data: []byte("create table t (id int);")},
		},
		want: []string{"db/migrations", "sql/schema"},
	}, {
		name: "schema with goose annotations",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":              {Data: sqlc},
			"sql/schema/v0.sql":         {Data: []byte("-- +goose Up\ncreate table t (id int);")},
			"migrations/20240101_x.sql": {Data: []byte("-- +goose Up\ncreate table t (id int);")},
		},
		want: []string{"migrations", "sql/schema"},
	}, {
		name: "not named by sqlc",
		fsys: fstest.MapFS{
			"db/sqlc.yaml":              {Data: []byte("version: \"2\"\nsql:\n  - schema: [../other.sql]\n")},
			"sql/schema/v0.sql":         {Data: []byte("create table t (id int);")},
			"migrations/20240101_x.sql": {Data: []byte("-- +goose Up\ncreate table t (id int);")},
		},
		want: []string{"migrations", "sql/schema"},
	}} {
		got, left := DiscoverExplained(tc.fsys)
		var leftDirs []string
		for _, l := range left {
			leftDirs = append(leftDirs, l.Path)
		}
		if !reflect.DeepEqual(got, tc.want) || !reflect.DeepEqual(leftDirs, tc.left) {
			t.Errorf("%s: got %q, left out %q; want %q, left out %q", tc.name, got, leftDirs, tc.want, tc.left)
		}
	}
}

// zdb's layout (arp242/goatcounter): the engine ends the name after a dash,
// .gotxt templates are rendered for PostgreSQL, and the whole name is the
// version (a file for every engine is not replaced by another migration's
// Postgres variant of the same year).
func TestDashDialectVariantsAndTemplates(t *testing.T) {
	fsys := fstest.MapFS{
		"db/migrate/2021-12-02-2-language-enable-postgres.sql": {Data: []byte("update sites set x = 1;")},
		"db/migrate/2021-12-02-2-language-enable-sqlite.sql":   {Data: []byte("update sites set x = json_set(x);")},
		"db/migrate/2021-12-13-1-drop-role-postgres.sql":       {Data: []byte("alter table users drop column role;")},
		"db/migrate/2021-12-13-2-superuser.sql":                {Data: []byte("update users set access = 'a';")},
		"db/migrate/2022-01-13-1-unfk-sqlite.sql":              {Data: []byte("create table t (id integer primary key autoincrement);")},
		"db/migrate/2022-01-14-1-idx.sql":                      {Data: []byte("create index i on t (id);")},
		"db/migrate/2021-12-02-1-languages.gotxt":              {Data: []byte("create table languages (id {{auto_increment}}, d date {{check_date \"d\"}});")},
		"db/migrate/2022-02-01-1-token.gotxt":                  {Data: []byte("insert into t values (1);\ninsert into t values ('{{random_text 8}}');")},
		"db/migrate/README.txt":                                {Data: []byte("not a migration")},
		// the twin: a lone engine word after an underscore, in a folder
		// with no pair, is part of the name of a migration for every engine
		"other/migrations/003_import_from_mysql.sql": {Data: []byte("create table imported (id int);")},
		"other/migrations/004_users.sql":             {Data: []byte("create table users (id int);")},
		// a .gotxt outside zdb's folders stays unread
		"goose/00001_init.sql":   {Data: []byte("-- +goose Up\ncreate table a (id int);")},
		"goose/00002_more.gotxt": {Data: []byte("create table b (id {{auto_increment}});")},
	}
	set, err := LoadFS(fsys, []string{"db/migrate", "other/migrations", "goose"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var read []string
	for _, f := range set.Files {
		read = append(read, f.Path)
	}
	wantRead := []string{
		"db/migrate/2021-12-02-1-languages.gotxt",
		"db/migrate/2021-12-02-2-language-enable-postgres.sql",
		"db/migrate/2021-12-13-1-drop-role-postgres.sql",
		"db/migrate/2021-12-13-2-superuser.sql",
		"db/migrate/2022-01-14-1-idx.sql",
		"db/migrate/2022-02-01-1-token.gotxt",
		"other/migrations/003_import_from_mysql.sql",
		"other/migrations/004_users.sql",
		"goose/00001_init.sql",
	}
	if !reflect.DeepEqual(read, wantRead) {
		t.Errorf("read %q, want %q", read, wantRead)
	}
	for _, f := range set.Files {
		switch f.Path {
		case "db/migrate/2021-12-02-1-languages.gotxt":
			if f.Format != FormatZdb || len(f.Errors) > 0 || len(f.Up.Stmts) != 1 || !f.Up.InTx {
				t.Errorf("languages.gotxt: format %s, errors %v, %d statements, in a transaction %v; want zdb, rendered, one statement in a transaction", f.Format, f.Errors, len(f.Up.Stmts), f.Up.InTx)
			} else if got := f.Up.Stmts[0].Text; !strings.Contains(got, "serial         primary key") || strings.Contains(got, "{{") {
				t.Errorf("languages.gotxt renders to %q", got)
			}
		case "db/migrate/2022-02-01-1-token.gotxt":
			if len(f.Errors) != 1 || len(f.Up.Stmts) != 0 {
				t.Fatalf("token.gotxt: errors %v, %d statements; want one error and nothing read", f.Errors, len(f.Up.Stmts))
			}
			e := f.Errors[0]
			if e.Pos.Line != 2 || e.Pos.Col != 26 || !strings.Contains(e.Msg, "zdb template not rendered") || !strings.Contains(e.Msg, "random_text") {
				t.Errorf("token.gotxt: %v, want an error at 2:26 naming random_text", e)
			}
		}
	}
	skipped := map[string]string{}
	for _, s := range set.Skipped {
		skipped[s.Path] = s.Reason
	}
	if r := skipped["goose/00002_more.gotxt"]; r == "" || !strings.Contains(r, "SQL template (.gotxt)") {
		t.Errorf("goose/00002_more.gotxt: skipped for %q, want an SQL template reason", r)
	}
	if _, ok := skipped["db/migrate/README.txt"]; ok {
		t.Errorf("README.txt is not a migration: %v", skipped)
	}
	var variants []string
	for _, s := range append(set.Skipped, set.Excluded...) {
		if strings.Contains(s.Reason, "variant") {
			variants = append(variants, s.Path)
		}
	}
	sort.Strings(variants)
	if want := []string{"db/migrate/2021-12-02-2-language-enable-sqlite.sql", "db/migrate/2022-01-13-1-unfk-sqlite.sql"}; !reflect.DeepEqual(variants, want) {
		t.Errorf("variants left out %q, want %q", variants, want)
	}
}

// maragudk/migrate (harness' Gitness): the whole stem is the version, so two
// `0003_…` files are two migrations, and `…_up.sql` runs too.
func TestMaragu(t *testing.T) {
	set := loadFixture(t, "maragu-migrate")
	check(t, set, FormatMaragu, []want{
		{path: "maragu-migrate/0001_init.up.sql", downPath: "maragu-migrate/0001_init.down.sql", version: "0001_init", up: []int{1, 2}, down: []int{1, 1}, upTx: true, downTx: true},
		{path: "maragu-migrate/0002_alter_webhooks_add_internal_up.sql", downPath: "maragu-migrate/0002_alter_webhooks_add_internal_down.sql", version: "0002_alter_webhooks_add_internal", up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		{path: "maragu-migrate/0003_create_index_repos_uid.up.sql", downPath: "maragu-migrate/0003_create_index_repos_uid.down.sql", version: "0003_create_index_repos_uid", up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		{path: "maragu-migrate/0003_create_table_favorite_repos.up.sql", version: "0003_create_table_favorite_repos", up: []int{1}, upTx: true},
	})
	// the twin: golang-migrate names alone stay golang-migrate's, where a
	// second file of one version is a duplicate
	for name, want := range map[string]bool{
		"0001_init.up.sql": true, "0002_x_up.sql": true, "0002_x-down.sql": true, "a-b_c.up.sql": true,
		"0001_init.UP.sql": false, "0001_a.b.up.sql": false, ".up.sql": false, "0001_init.sql": false,
	} {
		if _, ok := parseMaragu(name); ok != want {
			t.Errorf("parseMaragu(%q) = %v, want %v", name, ok, want)
		}
	}
	if maraguClaims([]string{"1_a.up.sql", "1_a.down.sql", "2_b.up.sql", "2_b.down.sql"}, nil) {
		t.Errorf("a golang-migrate folder is claimed")
	}
	if maraguClaims([]string{"1_a.up.sql", "1_b.up.sql"}, nil) {
		t.Errorf("a golang-migrate folder with a duplicate version is claimed (its error is worth keeping)")
	}
	if !maraguClaims([]string{"1_a.up.sql", "2_b_up.sql"}, nil) {
		t.Errorf("a name only maragudk/migrate runs is not claimed")
	}
	// plain numbered files whose names end in up.sql or down.sql
	// (PostgreSQL's regression suite has test_setup.sql)
	for _, b := range []string{"0187_test_setup.sql", "0003_user_group.sql", "0009_cleanup.sql", "0010_slowdown.sql"} {
		if maraguClaims([]string{"0001_init.sql", b}, nil) {
			t.Errorf("a plain folder with %s is claimed", b)
		}
	}
}

// concourse's migrator: golang-migrate's names beside `.up.go` migrations;
// two files of one version are two migrations, each with the down file of
// its title, and the Go migration is recorded as not read.
func TestConcourse(t *testing.T) {
	set := loadFixture(t, "concourse")
	check(t, set, FormatConcourse, []want{
		{path: "concourse/1510262030_initial_schema.up.sql", downPath: "concourse/1510262030_initial_schema.down.sql", version: "1510262030", up: []int{1, 2}, down: []int{1, 2}, upTx: true, downTx: true},
		{path: "concourse/1626194317_add_job_pauses_table.up.sql", downPath: "concourse/1626194317_add_job_pauses_table.down.sql", version: "1626194317", up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		{path: "concourse/1626194317_add_pipeline_pauses_table.up.sql", downPath: "concourse/1626194317_add_pipeline_pauses_table.down.sql", version: "1626194317", up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		{path: "concourse/1630515495_add_jobs_name_index.up.sql", version: "1630515495", up: []int{1}, upTx: true},
	})
	var goMig []string
	for _, s := range set.Skipped {
		if strings.Contains(s.Path, ".up.go") {
			goMig = append(goMig, s.Path+": "+s.Reason)
		}
	}
	if len(goMig) != 1 || !strings.Contains(goMig[0], "Go migration") {
		t.Errorf("the Go migration is not recorded as not read: %q (skipped %v)", goMig, set.Skipped)
	}
	// the twin: without a Go migration the folder is golang-migrate's,
	// which refuses two files of one version
	fsys := fstest.MapFS{
		"m/1_a.up.sql": {Data: []byte("CREATE TABLE a (id int);\n")},
		"m/2_b.up.sql": {Data: []byte("CREATE TABLE b (id int);\n")},
		"m/2_c.up.sql": {Data: []byte("CREATE TABLE c (id int);\n")},
	}
	set, err := LoadFS(fsys, []string{"m"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var dup []string
	for _, f := range set.Files {
		if f.Format != FormatGolangMigrate {
			t.Errorf("%s: format %q, want golang-migrate", f.Path, f.Format)
		}
		for _, e := range fileErrs(f) {
			dup = append(dup, f.Path+": "+e.Msg)
		}
	}
	if want := []string{"m/2_c.up.sql: duplicate migration version 2 (also m/2_b.up.sql): the migration tool refuses to run the directory"}; !reflect.DeepEqual(dup, want) {
		t.Errorf("golang-migrate folder with a duplicate version: %q, want %q", dup, want)
	}
	for name, want := range map[string]bool{
		"1516643303_update_auth_providers.up.go": true, "1516643303_x.down.go": true,
		"00002_backfill.go": false, "1_x.up.sql": false, "x_1.up.go": false, "1.up.go": false, "1_x_test.go": false,
	} {
		if got := concourseGoMigration(name); got != want {
			t.Errorf("concourseGoMigration(%q) = %v, want %v", name, got, want)
		}
	}
}

// bytebase's layout: versioned-folders with `##` after the file's number
// (backend/migrator/migration/3.20/0000##x.sql), found without
// configuration and ordered by folder version, then number.
func TestVersionedFoldersHashes(t *testing.T) {
	fsys := fstest.MapFS{
		"backend/migrator/migration/LATEST.sql":                {Data: []byte("create table principal (id int);")},
		"backend/migrator/migration/3.9/0010##backfill.sql":    {Data: []byte("update principal set id = id;")},
		"backend/migrator/migration/3.20/0000##theme.sql":      {Data: []byte("alter table principal add column theme text;")},
		"backend/migrator/migration/3.20/0001##rename_key.sql": {Data: []byte("update principal set theme = 'x';")},
		"backend/migrator/migration/3.20/0002#one_hash.sql":    {Data: []byte("select 1;")},
		"backend/migrator/migration/3.20/notes.sql":            {Data: []byte("select 1;")},
		"backend/migrator/migration_3_21_1.go":                 {Data: []byte("package migrator")},
	}
	if got := Discover(fsys); !reflect.DeepEqual(got, []string{"backend/migrator/migration"}) {
		t.Fatalf("Discover = %q", got)
	}
	set, err := LoadFS(fsys, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var read []string
	for _, f := range set.Files {
		read = append(read, f.Path)
		if f.Format != FormatVersionedFolders {
			t.Errorf("%s read as %s", f.Path, f.Format)
		}
	}
	want := []string{
		"backend/migrator/migration/3.9/0010##backfill.sql",
		"backend/migrator/migration/3.20/0000##theme.sql",
		"backend/migrator/migration/3.20/0001##rename_key.sql",
	}
	if !reflect.DeepEqual(read, want) {
		t.Errorf("read %q, want %q", read, want)
	}
	// the twin: a single # (or no separator) is no version-folder file, and
	// is said as not run rather than dropped
	skipped := map[string]bool{}
	for _, s := range set.Skipped {
		skipped[s.Path] = true
	}
	for _, p := range []string{"backend/migrator/migration/3.20/0002#one_hash.sql", "backend/migrator/migration/3.20/notes.sql", "backend/migrator/migration/LATEST.sql"} {
		if !skipped[p] {
			t.Errorf("%s is not listed as skipped: %v", p, set.Skipped)
		}
	}
}

// With no migration folder, the folders that hold Go migrations are named
// (woodpecker's `server/store/datastore/migration/001_add_org_id.go`,
// spicedb's `zz_migration.0024_….go`); a folder with SQL, a single Go file
// not named as a migration, and test files are not.
func TestGoOnlyMigrationFolders(t *testing.T) {
	fsys := fstest.MapFS{
		"server/store/datastore/migration/001_add_org_id.go":                 {Data: []byte("package migration\n")},
		"internal/datastore/postgres/migrations/driver.go":                   {Data: []byte("package migrations\n")},
		"internal/datastore/postgres/migrations/zz_migration.0024_schema.go": {Data: []byte("package migrations\n")},
		"cmd/migration/main.go":                                              {Data: []byte("package main\n")},
		"pkg/migrations/runner_test.go":                                      {Data: []byte("package migrations\n")},
		"pkg/migrations/helper_test.go":                                      {Data: []byte("package migrations\n")},
		"vendor/x/migrations/001_a.go":                                       {Data: []byte("package migrations\n")},
		"internal/datastore/postgres/migrations/testdata/001_x.go":           {Data: []byte("package x\n")},
	}
	set, err := LoadFS(fsys, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"internal/datastore/postgres/migrations", "server/store/datastore/migration"}
	if !reflect.DeepEqual(set.GoOnly, want) || len(set.Dirs) != 0 {
		t.Errorf("GoOnly %q (dirs %q), want %q", set.GoOnly, set.Dirs, want)
	}
	// the twin: a SQL migration folder is found, and Go folders are not asked about
	fsys["db/migrations/001_init.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE t (id int);\n")}
	set, err = LoadFS(fsys, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.GoOnly) != 0 || !reflect.DeepEqual(set.Dirs, []string{"db/migrations"}) {
		t.Errorf("with a SQL folder: GoOnly %q, dirs %q", set.GoOnly, set.Dirs)
	}
}

// zdb (arp242/goatcounter): the Postgres variant, the rendered .gotxt and
// the files for every engine, each in a transaction, in name order.
func TestZdb(t *testing.T) {
	set := loadFixture(t, "zdb")
	check(t, set, FormatZdb, []want{
		{path: "zdb/2021-04-07-1-billing-anchor-postgres.sql", version: "2021-04-07-1-billing-anchor", up: []int{1}, upTx: true},
		{path: "zdb/2021-12-02-1-languages.gotxt", version: "2021-12-02-1-languages", up: []int{1, 6}, upTx: true},
		{path: "zdb/2021-12-13-1-drop-role-postgres.sql", version: "2021-12-13-1-drop-role", up: []int{1}, upTx: true},
		{path: "zdb/2021-12-13-2-superuser.sql", version: "2021-12-13-2-superuser", up: []int{1}, upTx: true},
	})
	for name, want := range map[string]bool{
		"2021-12-02-1-languages.gotxt": true, "2021-12-02-1-x-postgres.sql": true, "001_init.sql": true,
		"languages.gotxt": false, "2021-12-02-1-x.sql.gotxt.txt": false, "2021-12-02-1-x.SQL": false,
	} {
		if _, ok := parseZdb(name); ok != want {
			t.Errorf("parseZdb(%q) = %v, want %v", name, ok, want)
		}
	}
	// the twin: plain numbered files are not zdb's, nor is a lone engine word
	for _, names := range [][]string{
		{"001_init.sql", "002_users.sql"},
		{"001_init-postgres.sql", "002_users.sql"},
		{"001_import-mysql.sql", "002_users.sql"},
		{"languages.gotxt", "002_users.sql"},
	} {
		if zdbClaims(names, nil) {
			t.Errorf("%q is claimed by zdb", names)
		}
	}
	for _, names := range [][]string{
		{"2021-12-02-1-languages.gotxt"},
		{"2021-04-07-1-a-postgres.sql", "2021-04-07-1-a-sqlite3.sql"},
	} {
		if !zdbClaims(names, nil) {
			t.Errorf("%q is not claimed by zdb", names)
		}
	}
}

// rudder-server keeps some migration folders as Go templates only
// (sql/migrations/jobsdb/000014_x.up.tmpl, rendered once per dataset): such
// a folder is a migrations folder whose files are named as not read, never
// left unlooked at; the twin, numbered templates outside any migration-like
// path, is not a migrations folder.
func TestTemplateOnlyFolder(t *testing.T) {
	fsys := fstest.MapFS{
		"sql/migrations/jobsdb/000001_create.up.tmpl": {Data: []byte("{{range .Datasets}}CREATE TABLE \"{{$.Prefix}}_jobs_{{.}}\" (id int);{{end}}")},
		"sql/migrations/jobsdb/000002_alter.up.tmpl":  {Data: []byte("{{range .Datasets}}ALTER TABLE \"{{$.Prefix}}_jobs_{{.}}\" DROP COLUMN x;{{end}}")},
		"sql/migrations/node/000001_init.up.sql":      {Data: []byte("CREATE TABLE n (id int);")},
		"internal/render/001_header.tmpl":             {Data: []byte("{{.Title}}")},
	}
	dirs := Discover(fsys)
	if want := []string{"sql/migrations/jobsdb", "sql/migrations/node"}; !reflect.DeepEqual(dirs, want) {
		t.Fatalf("Discover: %q, want %q", dirs, want)
	}
	set, err := LoadFS(fsys, dirs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 1 || set.Files[0].Path != "sql/migrations/node/000001_init.up.sql" {
		t.Errorf("read %d files, want only the .sql one", len(set.Files))
	}
	var skipped []string
	for _, s := range set.Skipped {
		if !strings.Contains(s.Reason, "SQL template (.tmpl)") {
			t.Errorf("%s: skipped for %q, want an SQL template reason", s.Path, s.Reason)
		}
		skipped = append(skipped, s.Path)
	}
	if want := []string{"sql/migrations/jobsdb/000001_create.up.tmpl", "sql/migrations/jobsdb/000002_alter.up.tmpl"}; !reflect.DeepEqual(skipped, want) {
		t.Errorf("skipped %q, want %q", skipped, want)
	}
}
