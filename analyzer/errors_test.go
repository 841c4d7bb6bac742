package analyzer

import (
	"go/ast"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func errorLines(inv *Inventory) []string {
	var out []string
	for _, e := range inv.Errors {
		out = append(out, e.Pos.String()+" "+e.Kind+": "+e.Reason)
	}
	return out
}

// TestPanicIsRecordedForItsFile: an internal error while analysing one file
// is recorded in Inventory.Errors naming that file; the other files of the
// package and of the module are still analysed.
func TestPanicIsRecordedForItsFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/m\n",
		"store/a.go": `package store

import "database/sql"

func A(db *sql.DB) { db.Exec("DELETE FROM a_table") }
`,
		"store/boom.go": `package store

import "database/sql"

func B(db *sql.DB) { db.Exec("DELETE FROM boom_table") }
`,
	})
	fileHook = func(f *ast.File) {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "B" {
				panic("injected")
			}
		}
	}
	defer func() { fileHook = nil }()
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(errorLines(inv), "\n")
	want := "store/boom.go:0:0 internal-error: internal error while analysing this file, some statements were skipped: injected"
	if got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
	var tables []string
	for _, r := range inv.Refs {
		tables = append(tables, r.Table.String())
	}
	if strings.Join(tables, " ") != "a_table" {
		t.Errorf("refs %v, want a_table only", tables)
	}
}

// TestPartialAnalysisPanicIsRecorded: a failure of pgparse's fragment
// analysis is recorded at the statement, and the statement is still
// analysed from its fragments.
func TestPartialAnalysisPanicIsRecorded(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/m\n",
		"q.go": `package q

import "database/sql"

func F(db *sql.DB, col string) { db.Query("SELECT id FROM frag_table" + col + " ) junk (") }
`,
	})
	old := fragmentAnalyzer
	fragmentAnalyzer = func([]string, pgparse.Schema) *sqlast.Query { panic("injected") }
	defer func() { fragmentAnalyzer = old }()
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(errorLines(inv), "\n")
	if got != "q.go:5:43 internal-error: internal error in the partial SQL analysis: injected; the statement was analysed from its fragments alone" {
		t.Errorf("errors:\n%s", got)
	}
	found := false
	for _, r := range inv.Refs {
		if r.Table.Name == "frag_table" {
			found = true
		}
	}
	if !found {
		t.Errorf("the statement's fragment was not analysed: %v", inv.Refs)
	}
}

// TestUnreadFilesAreRecorded: a Go file that does not parse, and an
// embedded file too large to read, are listed with file, line and column;
// what did parse is still analysed.
func TestUnreadFilesAreRecorded(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/m\n",
		"a/broken.go": `package a

import "database/sql"

func A(db *sql.DB) { db.Exec("DELETE FROM parsed_table") }

func (
`,
		"a/broken_test.go": "package a\n\nfunc (\n",
		"b/b.go": `package b

import _ "embed"

//go:embed big.sql
var big string
`,
	})
	big := strings.Repeat("SELECT 1;\n", (5<<20)/10)
	if err := os.WriteFile(filepath.Join(dir, "b", "big.sql"), []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(errorLines(inv), "\n")
	want := "a/broken.go:7:8 syntax-error: the file does not parse, the rest of it was skipped: expected ')', found 'EOF'\n" +
		"b/big.sql:0:0 unreadable: the embedded file was not read: it is larger than 4 MiB"
	if got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
	if len(inv.Refs) == 0 || inv.Refs[0].Table.Name != "parsed_table" {
		t.Errorf("what parsed was not analysed: %v", inv.Refs)
	}
}

// TestEmbeddedMigrationsAreMarked: statements of embedded migration files
// (by folder or by versioned name) carry Migration; other embedded SQL
// does not.
func TestEmbeddedMigrationsAreMarked(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/m\n",
		"db/db.go": `package db

import "embed"

//go:embed migrations/*.sql
var migrationsFS embed.FS

//go:embed schema/20240101120000_add_orders.up.sql
var addOrders string

//go:embed queries/get_user.sql
var getUser string
`,
		"db/migrations/0001_init.sql":                "CREATE TABLE users (id int, email text);\n",
		"db/schema/20240101120000_add_orders.up.sql": "ALTER TABLE orders ADD COLUMN note text;\n",
		"db/queries/get_user.sql":                    "SELECT email FROM users WHERE id = $1;\n",
	})
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	marked := map[string]bool{}
	for _, r := range inv.Refs {
		if r.Migration {
			marked[r.Pos.File] = true
		} else if marked[r.Pos.File] {
			t.Errorf("%s: some refs are marked as a migration, others not", r.Pos.File)
		}
	}
	for _, f := range []string{"db/migrations/0001_init.sql", "db/schema/20240101120000_add_orders.up.sql"} {
		if !marked[f] {
			t.Errorf("%s is not marked as a migration", f)
		}
	}
	if marked["db/queries/get_user.sql"] {
		t.Errorf("a query file is marked as a migration")
	}
	for _, q := range inv.Queries {
		if q.Migration != marked[q.Pos.File] {
			t.Errorf("%s: query Migration=%v, refs %v", q.Pos, q.Migration, marked[q.Pos.File])
		}
	}
}

func TestIsMigrationFile(t *testing.T) {
	for name, want := range map[string]bool{
		"migrations/x.sql": true, "db/migrate/a.sql": true, "sql/0001_init.sql": true, "sql/V2__users.sql": true,
		"sql/v1.2__x.sql": true, "x/a.up.sql": true, "x/a.down.sql": true, "sql/20210410175418_users.sql": true,
		"queries/users.sql": false, "schema.sql": false, "sql/get_user.sql": false, "sql/2fa_codes.sql": false,
	} {
		if got := isMigrationFile(name); got != want {
			t.Errorf("isMigrationFile(%q) = %v, want %v", name, got, want)
		}
	}
}
