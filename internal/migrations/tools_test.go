package migrations

import (
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/config"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func TestPop(t *testing.T) {
	set, err := LoadFS(os.DirFS("../../testdata/migrations"), []string{"pop"}, Options{Templates: map[string]string{"Namespace": "auth"}})
	if err != nil {
		t.Fatal(err)
	}
	check(t, set, FormatPop, []want{
		{path: "pop/20210101000000000000_users.up.sql", downPath: "pop/20210101000000000000_users.down.sql", version: "20210101000000000000",
			up: []int{1, 5}, down: []int{1}, upTx: true, downTx: true},
		// the Postgres variant replaces the file for every engine; the down file for every engine pairs with it
		{path: "pop/20210102000000000000_add_name.postgres.up.sql", downPath: "pop/20210102000000000000_add_name.down.sql", version: "20210102000000000000",
			up: []int{1, 2}, down: []int{1}, upTx: true, downTx: true},
		// popx: .autocommit runs outside a transaction
		{path: "pop/20210104000000000000_email_index.autocommit.up.sql", version: "20210104000000000000", up: []int{1}},
	})
	for _, f := range set.Files {
		for _, s := range []*Section{f.Up, f.Down} {
			if s == nil {
				continue
			}
			for _, e := range s.Errors {
				t.Errorf("%s: %v", f.Path, e)
			}
		}
	}
	ct := set.Files[0].Up.Stmts[0].Node.(*sqlast.CreateTable)
	if ct.Table.Schema != "auth" || ct.Table.Name != "users" {
		t.Errorf("templated table %+v", ct.Table)
	}
	// positions are those of the file: `users` of line 5 starts at byte 56 of the line
	if s := set.Files[0].Up.Stmts[1]; s.Pos.Line != 5 || s.Pos.Col != 1 || !strings.HasSuffix(s.Text, "IS 'in auth'") {
		t.Errorf("comment statement at %v: %q", s.Pos, s.Text)
	}
	if f := set.Files[0]; f.Name != "users" || set.Files[1].Name != "add_name" {
		t.Errorf("names %q %q", f.Name, set.Files[1].Name)
	}
	want := map[string]string{
		"pop/20210103000000000000_nick.up.fizz": "fizz migration: rbcheck reads SQL migrations only, so what it changes is not checked",
	}
	got := map[string]string{}
	for _, s := range set.Skipped {
		got[s.Path] = s.Reason
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skipped %v", got)
	}
	var excl []string
	for _, s := range set.Excluded {
		excl = append(excl, s.Path)
	}
	sort.Strings(excl)
	if !reflect.DeepEqual(excl, []string{"pop/20210101000000000000_users.mysql.up.sql", "pop/20210102000000000000_add_name.sqlite3.up.sql", "pop/20210102000000000000_add_name.up.sql"}) {
		t.Errorf("excluded %v", excl)
	}

	// without a value, `{{…}}.users` is `users`
	set, err = LoadFS(os.DirFS("../../testdata/migrations"), []string{"pop"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ct = set.Files[0].Up.Stmts[0].Node.(*sqlast.CreateTable)
	if ct.Table.Schema != "" || ct.Table.Name != "users" || len(set.Files[0].Up.Errors) != 0 {
		t.Errorf("template without value: %+v %v", ct.Table, set.Files[0].Up.Errors)
	}
}

func TestAuthelia(t *testing.T) {
	set := loadFixture(t, "authelia")
	check(t, set, FormatAuthelia, []want{
		{path: "authelia/V0001.Initial_Schema.postgres.up.sql", downPath: "authelia/V0001.Initial_Schema.all.down.sql", version: "0001",
			up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		{path: "authelia/V0002.WebAuthn.up.sql", downPath: "authelia/V0002.WebAuthn.down.sql", version: "0002", up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		{path: "authelia/V0010.AttestationFormat.up.sql", version: "0010", up: []int{1}, upTx: true},
	})
	if len(set.Skipped) != 0 || len(set.Excluded) != 2 {
		t.Errorf("skipped %v excluded %v", set.Skipped, set.Excluded)
	}
	if set.Files[2].Name != "AttestationFormat" {
		t.Errorf("name %q", set.Files[2].Name)
	}
}

func TestVersionedFolders(t *testing.T) {
	set := loadFixture(t, "versioned-folders")
	check(t, set, FormatVersionedFolders, []want{
		{path: "versioned-folders/0.9/00__memo.sql", version: "0.9/00", up: []int{1}, upTx: true},
		{path: "versioned-folders/0.9/01__memo_pinned.sql", version: "0.9/01", up: []int{1}, upTx: true},
		{path: "versioned-folders/0.10/00__visibility.sql", version: "0.10/00", up: []int{1}, upTx: true},
		{path: "versioned-folders/0.24/00__drop_pinned.sql", version: "0.24/00", up: []int{1}, upTx: true},
	})
	if len(set.Skipped) != 1 || set.Skipped[0].Path != "versioned-folders/LATEST.sql" || !strings.Contains(set.Skipped[0].Reason, "not in a version folder") {
		t.Errorf("skipped %+v", set.Skipped)
	}
	if set.Files[0].Dir != "versioned-folders" || set.Files[0].Name != "memo" {
		t.Errorf("dir %q name %q", set.Files[0].Dir, set.Files[0].Name)
	}
	// a file glob over the version folders reads them as one layout, in order
	set, err := LoadFS(os.DirFS("../../testdata/migrations"), []string{"versioned-folders/**/*.sql"}, Options{Exclude: []string{"LATEST.sql"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(set); !reflect.DeepEqual(got, []string{"versioned-folders/0.9/00__memo.sql", "versioned-folders/0.9/01__memo_pinned.sql", "versioned-folders/0.10/00__visibility.sql", "versioned-folders/0.24/00__drop_pinned.sql"}) || set.Files[3].Version != "0.24/00" {
		t.Errorf("glob: %v", got)
	}
	// Discover lists the layout's folder, not each version folder
	fsys := fstest.MapFS{
		"store/migration/postgres/0.9/00__memo.sql":  {Data: []byte("SELECT 1;")},
		"store/migration/postgres/0.10/00__memo.sql": {Data: []byte("SELECT 1;")},
		"store/migration/postgres/LATEST.sql":        {Data: []byte("SELECT 1;")},
		"db/migrations/1528395834/up.sql":            {Data: []byte("SELECT 1;")},
		"db/migrations/1528395835_x/up.sql":          {Data: []byte("SELECT 1;")},
		"docs/0.9/00__example.sql":                   {Data: []byte("SELECT 1;")},
	}
	if got := Discover(fsys); !reflect.DeepEqual(got, []string{"db/migrations", "store/migration/postgres"}) {
		t.Errorf("Discover %v", got)
	}
}

func TestFolderPerMigration(t *testing.T) {
	set := loadFixture(t, "folder-per-migration")
	check(t, set, FormatFolderPerMigration, []want{
		{path: "folder-per-migration/1528395834/up.sql", downPath: "folder-per-migration/1528395834/down.sql", version: "1528395834",
			up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		{path: "folder-per-migration/1528395835_add_name/up.sql", downPath: "folder-per-migration/1528395835_add_name/down.sql", version: "1528395835",
			up: []int{1}, down: []int{1}, upTx: true, downTx: true},
		// metadata.yaml: createIndexConcurrently: true
		{path: "folder-per-migration/1528395840_index/up.sql", downPath: "folder-per-migration/1528395840_index/down.sql", version: "1528395840",
			up: []int{1}, down: []int{1}},
	})
	if set.Files[1].Name != "add_name" {
		t.Errorf("name %q", set.Files[1].Name)
	}
}

// Every tool's names, and their ordering by a leading version token.
func TestToolNames(t *testing.T) {
	for _, c := range []struct {
		tool    *Tool
		name    string
		ok      bool
		version string
		title   string
		down    bool
	}{
		{golangMigrate, "0001_init.up.sql", true, "0001", "init", false},
		{golangMigrate, "0001_init.down.sql", true, "0001", "init", true},
		{golangMigrate, "0001_init.sql", false, "", "", false},
		{golangMigrate, "init.up.sql", false, "", "", false},
		{pop, "20210410175418000000_users.postgres.up.sql", true, "20210410175418000000", "users", false},
		{pop, "20210410175418_users.down.sql", true, "20210410175418", "users", true},
		{pop, "20210410175418_users.v2.up.sql", false, "", "", false},
		{pop, "20250708190000000000_ids.cockroach.autocommit.up.sql", true, "20250708190000000000", "ids", false},
		{pop, "20241029153900000001_identities.autocommit.down.sql", true, "20241029153900000001", "identities", true},
		{flyway, "V1_1__x.sql", true, "1.1", "x", false},
		{flyway, "V1.2.3__a_b.sql", true, "1.2.3", "a_b", false},
		{flyway, "U2__x.sql", true, "2", "x", true},
		{flyway, "R__view.sql", true, "", "view", false},
		{flyway, "V1_x.sql", false, "", "", false},
		{authelia, "V0001.Initial_Schema.postgres.up.sql", true, "0001", "Initial_Schema", false},
		{authelia, "V0002.AttestationFormat.down.sql", true, "0002", "AttestationFormat", true},
		{authelia, "V0002.a.b.up.sql", false, "", "", false},
		{authelia, "V1__x.sql", false, "", "", false},
		{goose, "00001_create.sql", true, "00001", "create", false},
		{goose, "1.sql", true, "1", "", false},
		{goose, "v1_x.sql", false, "", "", false},
		{tern, "001_create_people.sql", true, "001", "create_people", false},
		{dbmate, "20240101120000_users.sql", true, "20240101120000", "users", false},
		{sqlMigrate, "1.sql", true, "1", "", false},
		{plain, "v2.1-add-index.sql", true, "2.1", "add-index", false},
		{plain, "2024_01_31_users.sql", true, "2024_01_31", "users", false},
		{plain, "001__x.sql", true, "001", "_x", false},
		{plain, "001x.sql", false, "", "", false},
		{plain, "LATEST.sql", false, "", "", false},
		{versionedFolders, "0.24/00__memo.sql", true, "0.24/00", "memo", false},
		{versionedFolders, "v1.2/01_users.sql", true, "1.2/01", "users", false},
		{versionedFolders, "0.24/memo.sql", false, "", "", false},
		{versionedFolders, "prod/00__memo.sql", false, "", "", false},
		{folderPerMigration, "1528395834/up.sql", true, "1528395834", "", false},
		{folderPerMigration, "1648115472_do_it/down.sql", true, "1648115472", "do_it", true},
		{folderPerMigration, "1528395834/metadata.yaml", false, "", "", false},
		{manifestFolders, "v1.16/fix_data_encoding_column.sql", true, "1.16", "fix_data_encoding_column", false},
		{manifestFolders, "v1.5/event.sql", true, "1.5", "event", false},
		{manifestFolders, "v1.5/manifest.json", false, "", "", false},
		{manifestFolders, "versioned/x.sql", false, "", "", false},
		{manifestFolders, "v1.5/sub/x.sql", false, "", "", false},
	} {
		n, ok := c.tool.accepts(c.name)
		if ok != c.ok || (ok && (n.Version != c.version || n.Title != c.title || n.Down != c.down)) {
			t.Errorf("%s %q: %+v %v; want version %q title %q down %v ok %v", c.tool.Format, c.name, n, ok, c.version, c.title, c.down, c.ok)
		}
	}
}

func TestDetectionPrefersTheStrongestEvidence(t *testing.T) {
	for _, c := range []struct {
		files map[string]string
		want  Format
	}{
		// golang-migrate names without an engine, a .fizz file or a template: golang-migrate
		{map[string]string{"1_a.up.sql": "SELECT 1;", "1_a.down.sql": "SELECT 1;"}, FormatGolangMigrate},
		// the same names with a template: pop
		{map[string]string{"1_a.up.sql": "CREATE TABLE {{ .S }}.t (id int);"}, FormatPop},
		{map[string]string{"1_a.up.sql": "SELECT 1;", "2_b.up.fizz": "x"}, FormatPop},
		// pop's mark wins even when golang-migrate's names fit more files
		{map[string]string{"1_a.up.sql": "SELECT 1;", "1_a.mysql.up.sql": "SELECT 1;", "2_b.x.y.up.sql": "SELECT 1;", "3_c.x.y.up.sql": "SELECT 1;"}, FormatPop},
		// annotations beat names
		{map[string]string{"1_a.sql": "-- +goose Up\nSELECT 1;"}, FormatGoose},
		{map[string]string{"1_a.sql": "SELECT 1;", "tern.conf": "[database]"}, FormatTern},
		{map[string]string{"1_a.sql": "SELECT 1;"}, FormatPlain},
		{map[string]string{"V0001.A.up.sql": "SELECT 1;"}, FormatAuthelia},
		// an array literal is no template
		{map[string]string{"1_a.up.sql": "SELECT '{{1,2},{3,4}}'::int[];"}, FormatGolangMigrate},
		// up names among plain numbered files and no down file: the
		// runner applies them all (getfider/fider's migrations folder)
		{map[string]string{"1_a.up.sql": "SELECT 1;", "2_b.up.sql": "SELECT 1;", "3_c.sql": "SELECT 1;", "4_d_up.sql": "SELECT 1;"}, FormatPlain},
		{map[string]string{"1_a.sql": "SELECT 1;", "2_b.up.sql": "SELECT 1;", "3_c.up.sql": "SELECT 1;"}, FormatPlain},
		// the twins: a down file, or no numbered file left out, keeps the tool
		{map[string]string{"1_a.sql": "SELECT 1;", "2_b.up.sql": "SELECT 1;", "2_b.down.sql": "SELECT 1;"}, FormatGolangMigrate},
		{map[string]string{"1_a.up.sql": "SELECT 1;", "2_b.up.sql": "SELECT 1;"}, FormatGolangMigrate},
		{map[string]string{"1_a.sql": "SELECT 1;", "2_b_up.sql": "SELECT 1;", "2_b_down.sql": "SELECT 1;"}, FormatMaragu},
	} {
		fsys := fstest.MapFS{}
		for n, d := range c.files {
			fsys["m/"+n] = &fstest.MapFile{Data: []byte(d)}
		}
		set, err := LoadFS(fsys, []string{"m"}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(set.Files) == 0 || set.Files[0].Format != c.want {
			var got Format
			if len(set.Files) > 0 {
				got = set.Files[0].Format
			}
			t.Errorf("%v: detected %q, want %q", c.files, got, c.want)
		}
	}
}

// The configuration accepts exactly the formats the package has.
func TestConfigKnowsEveryFormat(t *testing.T) {
	got := append([]string(nil), config.Formats...)
	want := FormatNames()
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("config.Formats %v, want %v", got, want)
	}
	for _, f := range want {
		if ParseFormat(strings.ToUpper(f)) != Format(f) {
			t.Errorf("ParseFormat(%q)", f)
		}
	}
}

// docs/configuration.md documents every format with its names.
func TestFormatsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range Tools() {
		if !strings.Contains(string(doc), "| `"+string(tool.Format)+"` |") {
			t.Errorf("docs/configuration.md has no row for format %s", tool.Format)
		}
	}
}

// Discover leaves out another engine's folder beside a Postgres one.
func TestDiscoverSkipsOtherEngines(t *testing.T) {
	fsys := fstest.MapFS{
		"assets/migrations/mysql/001_init.sql":    {Data: []byte("-- +goose Up\nSELECT 1;")},
		"assets/migrations/postgres/001_init.sql": {Data: []byte("-- +goose Up\nSELECT 1;")},
		"assets/migrations/sqlite/001_init.sql":   {Data: []byte("-- +goose Up\nSELECT 1;")},
		"other/mysql/migrations/1_a.up.sql":       {Data: []byte("SELECT 1;")},
		// temporal: the engine and its version are folders above the layout
		"schema/mysql/v8/temporal/versioned/v1.0/manifest.json":       {Data: []byte(`{"SchemaUpdateCqlFiles": ["schema.sql"]}`)},
		"schema/mysql/v8/temporal/versioned/v1.0/schema.sql":          {Data: []byte("SELECT 1;")},
		"schema/postgresql/v12/temporal/versioned/v1.0/manifest.json": {Data: []byte(`{"SchemaUpdateCqlFiles": ["schema.sql"]}`)},
		"schema/postgresql/v12/temporal/versioned/v1.0/schema.sql":    {Data: []byte("SELECT 1;")},
		"schema/sqlite/v3/temporal/versioned/v1.0/manifest.json":      {Data: []byte(`{"SchemaUpdateCqlFiles": ["schema.sql"]}`)},
		"schema/sqlite/v3/temporal/versioned/v1.0/schema.sql":         {Data: []byte("SELECT 1;")},
	}
	if got := Discover(fsys); !reflect.DeepEqual(got, []string{"assets/migrations/postgres", "other/mysql/migrations", "schema/postgresql/v12/temporal/versioned"}) {
		t.Errorf("Discover %v", got)
	}
}

// One stray annotation does not make a folder another tool's: ory/hydra's
// pop folder (over a thousand files) has one CockroachDB variant starting
// with `-- +migrate Up`, and the folder was read as sql-migrate, every
// other file "rejected by the tool". Annotations count in files for
// Postgres (or every engine), and only when at least half of them carry
// one; a sql-migrate folder is still one.
func TestStrayMarkerDoesNotDecideTheTool(t *testing.T) {
	fsys := fstest.MapFS{
		"m/20190400000010000000_oauth2.cockroach.up.sql": {Data: []byte("-- empty: CockroachDB indexes foreign keys\n\n-- +migrate Up\n")},
		"m/20190400000010000000_oauth2.up.sql":           {Data: []byte("CREATE TABLE a (id int);\n")},
		"m/20190400000010000000_oauth2.down.sql":         {Data: []byte("DROP TABLE a;\n")},
		"m/20190400000011000000_b.up.sql":                {Data: []byte("CREATE TABLE b (id int);\n")},
		"m/20190400000011000000_b.mysql.up.sql":          {Data: []byte("CREATE TABLE b (id int) ENGINE=InnoDB;\n")},
		"m/20190400000012000000_c.postgres.up.sql":       {Data: []byte("CREATE TABLE c (id int);\n")},
	}
	set, err := LoadFS(fsys, []string{"m"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 3 {
		t.Fatalf("files %d, want 3", len(set.Files))
	}
	for _, f := range set.Files {
		if f.Format != FormatPop {
			t.Errorf("%s: format %s, want pop", f.Path, f.Format)
		}
		for _, e := range fileErrs(f) {
			t.Errorf("%s: %v", f.Path, e)
		}
	}

	// the ok twin: a sql-migrate folder, annotated throughout (one file
	// forgot: the tool rejects it, and rbcheck says so)
	fsys = fstest.MapFS{
		"m/1_a.sql": {Data: []byte("-- +migrate Up\nCREATE TABLE a (id int);\n-- +migrate Down\nDROP TABLE a;\n")},
		"m/2_b.sql": {Data: []byte("-- +migrate Up\nCREATE TABLE b (id int);\n")},
		"m/3_c.sql": {Data: []byte("CREATE TABLE c (id int);\n")},
	}
	set, err = LoadFS(fsys, []string{"m"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Files) != 3 || set.Files[0].Format != FormatSQLMigrate {
		t.Fatalf("sql-migrate folder: %d files, format %s", len(set.Files), set.Files[0].Format)
	}
	if errs := fileErrs(set.Files[2]); len(errs) != 1 || !strings.Contains(errs[0].Msg, "-- +migrate Up") {
		t.Errorf("unannotated file of a sql-migrate folder: %v", errs)
	}
}

func fileErrs(f *File) []*sqlast.ParseError {
	out := append([]*sqlast.ParseError(nil), f.Errors...)
	for _, s := range []*Section{f.Up, f.Down} {
		if s != nil {
			out = append(out, s.Errors...)
		}
	}
	return out
}

// temporal's layout: version folders, each file's place from the folder's
// manifest.json, a file the manifest does not list not run.
func TestManifestFolders(t *testing.T) {
	set := loadFixture(t, "manifest-folders")
	check(t, set, FormatManifestFolders, []want{
		{path: "manifest-folders/v1.0/schema.sql", version: "1.0/0", up: []int{1}},
		{path: "manifest-folders/v1.1/executions.sql", version: "1.1/0", up: []int{1}},
		{path: "manifest-folders/v1.1/cluster.sql", version: "1.1/1", up: []int{1}},
		{path: "manifest-folders/v1.2/drop_state.sql", version: "1.2/0", up: []int{1}},
		{path: "manifest-folders/v1.10/cluster_data.sql", version: "1.10/0", up: []int{1}},
	})
	if len(set.Skipped) != 1 || set.Skipped[0].Path != "manifest-folders/v1.2/notes.sql" ||
		set.Skipped[0].Reason != "not listed in v1.2/manifest.json (SchemaUpdateCqlFiles), so the tool does not run it" {
		t.Errorf("skipped %+v", set.Skipped)
	}
	if f := set.Files[1]; f.Name != "executions" || f.Dir != "manifest-folders" {
		t.Errorf("name %q dir %q", f.Name, f.Dir)
	}
	// Discover finds the layout's folder under temporal's path; a folder
	// without manifests is not this layout
	fsys := fstest.MapFS{
		"schema/postgresql/v12/temporal/versioned/v1.0/manifest.json": {Data: []byte(`{"SchemaUpdateCqlFiles": ["schema.sql"]}`)},
		"schema/postgresql/v12/temporal/versioned/v1.0/schema.sql":    {Data: []byte("CREATE TABLE t (id int);")},
		"schema/postgresql/v12/temporal/versioned/v1.1/manifest.json": {Data: []byte(`{"SchemaUpdateCqlFiles": ["add.sql"]}`)},
		"schema/postgresql/v12/temporal/versioned/v1.1/add.sql":       {Data: []byte("ALTER TABLE t ADD COLUMN x int;")},
		"schema/postgresql/v12/temporal/schema.sql":                   {Data: []byte("CREATE TABLE t (id int, x int);")},
		"schema/postgresql/v12/temporal/versioned/v1.2/manifest.json": {Data: []byte(`{"SchemaUpdateCqlFiles": [`)},
		"schema/postgresql/v12/temporal/versioned/v1.2/broken.sql":    {Data: []byte("ALTER TABLE t DROP COLUMN x;")},
		"db/v1/a.sql": {Data: []byte("SELECT 1;")},
	}
	if got := Discover(fsys); !reflect.DeepEqual(got, []string{"schema/postgresql/v12/temporal/versioned"}) {
		t.Errorf("Discover %v", got)
	}
	set, err := LoadFS(fsys, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(set); !reflect.DeepEqual(got, []string{"schema/postgresql/v12/temporal/versioned/v1.0/schema.sql", "schema/postgresql/v12/temporal/versioned/v1.1/add.sql"}) {
		t.Errorf("files %v", got)
	}
	// a manifest the tool cannot read: the folder's files are said not run
	if len(set.Skipped) != 1 || !strings.HasPrefix(set.Skipped[0].Reason, "v1.2/manifest.json is not valid JSON") {
		t.Errorf("skipped %+v", set.Skipped)
	}
	// each statement runs on its own
	if s := set.Files[0].Up; s.InTx {
		t.Errorf("temporal-sql-tool runs statements outside a transaction")
	}
}

// .sql files in version sub-folders of a folder whose format does not look
// into them (temporal's versioned/v1.16/*.sql read with no manifest, or
// a golang-migrate folder with a v2/ sub-folder) are not run by the tool
// and are said so, never dropped without a word; a glob that names them
// reads them.
func TestNestedFilesOfAFlatLayoutAreNotSilent(t *testing.T) {
	fsys := fstest.MapFS{
		"db/migrations/1_init.up.sql":    {Data: []byte("CREATE TABLE t (id int, x int);")},
		"db/migrations/v2/2_drop.up.sql": {Data: []byte("ALTER TABLE t DROP COLUMN x;")},
	}
	set, err := LoadFS(fsys, []string{"db/migrations"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(set); !reflect.DeepEqual(got, []string{"db/migrations/1_init.up.sql"}) {
		t.Errorf("files %v", got)
	}
	if len(set.Skipped) != 1 || set.Skipped[0].Path != "db/migrations/v2/2_drop.up.sql" ||
		!strings.Contains(set.Skipped[0].Reason, "in the sub-folder v2, which the folder's format (golang-migrate") {
		t.Errorf("skipped %+v", set.Skipped)
	}
	// discovered on its own, the sub-folder is read, and not skipped by its parent
	set, err = LoadFS(fsys, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(set); !reflect.DeepEqual(got, []string{"db/migrations/1_init.up.sql", "db/migrations/v2/2_drop.up.sql"}) || len(set.Skipped) != 0 {
		t.Errorf("discovered: files %v skipped %+v", got, set.Skipped)
	}
	// excluded: left out on purpose, not a skip
	set, err = LoadFS(fsys, []string{"db/migrations"}, Options{Exclude: []string{"db/migrations/v2/**"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Skipped) != 0 || len(set.Excluded) != 1 {
		t.Errorf("excluded: skipped %+v excluded %+v", set.Skipped, set.Excluded)
	}
}

// A folder's runner may apply its files otherwise than the format's tool:
// Options.Transactions says so, for a directory or a glob entry; annotated
// formats keep their annotations.
func TestConfiguredTransaction(t *testing.T) {
	fsys := fstest.MapFS{
		"db/001_a.sql":      {Data: []byte("CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n")},
		"mig/1_b.up.sql":    {Data: []byte("CREATE TABLE b (id int);\nALTER TABLE b ADD COLUMN x int;\n")},
		"mig/1_b.down.sql":  {Data: []byte("DROP TABLE b;\n")},
		"goose/001_c.sql":   {Data: []byte("-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY c_id ON c (id);\n")},
		"goose/002_d.sql":   {Data: []byte("-- +goose Up\nCREATE TABLE d (id int);\n")},
		"other/001_e.sql":   {Data: []byte("CREATE TABLE e (id int);\n")},
		"globbed/001_f.sql": {Data: []byte("CREATE TABLE f (id int);\n")},
	}
	load := func(tx map[string]string, dirs ...string) *Set {
		t.Helper()
		set, err := LoadFS(fsys, dirs, Options{Transactions: tx})
		if err != nil {
			t.Fatal(err)
		}
		return set
	}
	// plain's default: statement by statement
	if f := load(nil, "db").Files[0]; f.Up.InTx {
		t.Errorf("plain without configuration: InTx")
	}
	if f := load(map[string]string{"db": TxPerFile}, "db").Files[0]; !f.Up.InTx || !f.Up.Stmts[1].InTx {
		t.Errorf("plain, per-file: InTx %v", f.Up.InTx)
	}
	// golang-migrate's up and down file, each as the configured way
	if f := load(map[string]string{"mig": TxNone}, "mig").Files[0]; f.Up.InTx || f.Down.InTx {
		t.Errorf("golang-migrate, none: up %v down %v", f.Up.InTx, f.Down.InTx)
	}
	if f := load(map[string]string{"mig": TxPerFile}, "mig").Files[0]; !f.Up.InTx || !f.Down.InTx {
		t.Errorf("golang-migrate, per-file: up %v down %v", f.Up.InTx, f.Down.InTx)
	}
	// goose's annotations decide
	set := load(map[string]string{"goose": TxPerFile}, "goose")
	if set.Files[0].Up.InTx || !set.Files[1].Up.InTx {
		t.Errorf("goose: %v %v", set.Files[0].Up.InTx, set.Files[1].Up.InTx)
	}
	// a glob entry's setting applies to what it selects, and only to it
	set = load(map[string]string{"globbed/*.sql": TxPerFile}, "globbed/*.sql", "other")
	if !set.Files[0].Up.InTx || set.Files[1].Up.InTx {
		t.Errorf("glob entry: %s %v, %s %v", set.Files[0].Path, set.Files[0].Up.InTx, set.Files[1].Path, set.Files[1].Up.InTx)
	}
	if !reflect.DeepEqual(TransactionModes, config.Transactions) {
		t.Errorf("config.Transactions %v, want %v", config.Transactions, TransactionModes)
	}
}

// Files named together (a pre-commit hook's staged files): variants of one
// version are not a duplicate version, a Postgres variant replaces the file
// for every engine, and two files of one version and engine still are one.
func TestNamedVariantsOfOneVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"m/20210101000000000000_a.up.sql":          {Data: []byte("CREATE TABLE a (id int);\n")},
		"m/20210101000000000000_a.postgres.up.sql": {Data: []byte("CREATE TABLE a (id bigint);\n")},
		"m/20210101000000000000_a.mysql.up.sql":    {Data: []byte("CREATE TABLE a (id BIGINT) ENGINE=InnoDB;\n")},
		"m/20210101000000000000_a.down.sql":        {Data: []byte("DROP TABLE a;\n")},
		"m/20210102000000000000_b.mysql.up.sql":    {Data: []byte("CREATE TABLE b (id int);\n")},
		"m/20210102000000000000_b.sqlite3.up.sql":  {Data: []byte("CREATE TABLE b (id int);\n")},
		"m/20210103000000000000_c.up.sql":          {Data: []byte("CREATE TABLE c (id int);\n")},
		"m/20210103000000000000_c2.up.sql":         {Data: []byte("CREATE TABLE c2 (id int);\n")},
	}
	var names []string
	for n := range fsys {
		names = append(names, n)
	}
	sort.Strings(names)
	set := LoadFiles(fsys, names, Options{})
	got := map[string]string{}
	for _, f := range set.Files {
		msg := ""
		for _, e := range fileErrs(f) {
			msg += e.Msg
		}
		got[f.Path+" "+f.DownPath] = msg
	}
	want := map[string]string{
		"m/20210101000000000000_a.postgres.up.sql m/20210101000000000000_a.down.sql": "",
		"m/20210102000000000000_b.mysql.up.sql ":                                     "",
		"m/20210102000000000000_b.sqlite3.up.sql ":                                   "",
		"m/20210103000000000000_c.up.sql ":                                           "",
		"m/20210103000000000000_c2.up.sql ":                                          "duplicate migration version 20210103000000000000 (also m/20210103000000000000_c.up.sql): the migration tool refuses to run the directory",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("files:\n%v\nwant\n%v", got, want)
	}
	var excl []string
	for _, s := range set.Excluded {
		excl = append(excl, s.Path+": "+s.Reason)
	}
	sort.Strings(excl)
	wantExcl := []string{
		"m/20210101000000000000_a.mysql.up.sql: mysql variant of a migration whose Postgres variant is named with it: only the Postgres variants are read",
		"m/20210101000000000000_a.up.sql: replaced by its Postgres variant 20210101000000000000_a.postgres.up.sql",
	}
	if !reflect.DeepEqual(excl, wantExcl) || len(set.Skipped) != 0 {
		t.Errorf("excluded %v skipped %v", excl, set.Skipped)
	}
}

// sql-migrate reads several sections of one direction as one part (convoy's
// `-- +migrate Up` then `-- +migrate Up notransaction` for CREATE INDEX
// CONCURRENTLY): every statement is read, in file order, and no section is
// a problem; goose rejects a second Up, and rbcheck says so.
func TestRepeatedSections(t *testing.T) {
	const body = "-- +migrate Up\nCREATE TABLE a (id int);\n\n" +
		"-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n\n" +
		"-- +migrate Down notransaction\nDROP INDEX CONCURRENTLY a_id;\n\n" +
		"-- +migrate Down\nDROP TABLE a;\n"
	fsys := fstest.MapFS{
		"m/1_a.sql": {Data: []byte(body)},
		"g/1_a.sql": {Data: []byte(strings.ReplaceAll(strings.ReplaceAll(body, "+migrate", "+goose"), " notransaction", ""))},
	}
	set, err := LoadFS(fsys, []string{"m"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := set.Files[0]
	if f.Format != FormatSQLMigrate {
		t.Fatalf("format %s, want sql-migrate", f.Format)
	}
	if errs := fileErrs(f); len(errs) != 0 {
		t.Errorf("sql-migrate with two sections of each direction: %v", errs)
	}
	texts := func(s *Section) []string {
		var out []string
		for _, st := range s.Stmts {
			out = append(out, st.Text)
		}
		return out
	}
	if got, want := texts(f.Up), []string{"CREATE TABLE a (id int)", "CREATE INDEX CONCURRENTLY a_id ON a (id)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("up part %q, want %q", got, want)
	}
	if got, want := texts(f.Down), []string{"DROP INDEX CONCURRENTLY a_id", "DROP TABLE a"}; !reflect.DeepEqual(got, want) {
		t.Errorf("down part %q, want %q", got, want)
	}
	if f.Up.InTx || f.Down.InTx {
		t.Errorf("a notransaction section runs its whole direction without a transaction: up %v down %v", f.Up.InTx, f.Down.InTx)
	}

	// the bad twin: goose rejects the second Up and the second Down
	set, err = LoadFS(fsys, []string{"g"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	f = set.Files[0]
	if f.Format != FormatGoose {
		t.Fatalf("format %s, want goose", f.Format)
	}
	var msgs []string
	for _, e := range fileErrs(f) {
		msgs = append(msgs, fmt.Sprintf("%d: %s", e.Pos.Line, e.Msg))
	}
	if want := []string{"4: second `-- +goose Up` annotation", "10: second `-- +goose Down` annotation"}; !reflect.DeepEqual(msgs, want) {
		t.Errorf("goose with two sections of each direction: %q, want %q", msgs, want)
	}
}
