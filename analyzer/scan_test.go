package analyzer

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func refKey(r Ref) string {
	t := r.Table.String()
	if t == "" {
		var cs []string
		for _, c := range r.Candidates {
			cs = append(cs, c.String())
		}
		t = "{" + strings.Join(cs, "|") + "}"
	}
	k := fmt.Sprintf("%s:%d:%d %s.%s %s %s %s", r.Pos.File, r.Pos.Line, r.Pos.Col, t, r.Column, r.Kind, r.Confidence, r.Via)
	if r.Certain {
		k += " certain"
	}
	if r.Unreachable != "" {
		k += " unreachable in " + r.Unreachable
	}
	return k
}

// TestDriversAgree runs the Analyzer (full type information) and ScanDir
// (no dependencies, declaration stubs) over the same fixtures: one core,
// so the uses must be the same.
func TestDriversAgree(t *testing.T) {
	pkgs := []string{"rbsql", "rbpgx", "rbsqlx", "rbgorm", "rbbun", "wrapdb", "wrapuse", "sqlcgen", "sqlcpgx", "sqlcprep", "folding/tables", "folding", "partialsql", "embedsql", "rbtosql", "rbclosure", "rbshapes", "rbshapesuse", "issue12", "issue12/tables", "issue12/gormmodels", "issue12/gormsvc", "issue12/beegoapp", "issue12/popapp", "issue12/popx", "reach", "ifacedb", "ifaceuse", "fragqb/qb", "fragqb/store", "modelwritedb", "modelwriteuse"}
	results := runAT(t, pkgs...)
	want := map[string]bool{}
	for _, res := range results {
		if res.Result == nil {
			continue
		}
		for _, r := range res.Result.(*Result).Refs {
			r.Pos.File = strings.TrimPrefix(r.Pos.File, "analyzer/testdata/src/")
			want[refKey(r)] = true
		}
		for _, d := range res.Result.(*Result).Dynamic {
			d.Pos.File = strings.TrimPrefix(d.Pos.File, "analyzer/testdata/src/")
			want[dynKey(d)] = true
		}
	}
	if len(want) < 100 {
		t.Fatalf("the Analyzer found only %d uses in the fixtures", len(want))
	}
	inv, err := ScanDir(filepath.Join("testdata", "src"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	inPkgs := func(file string) bool {
		dir := filepath.ToSlash(filepath.Dir(file))
		for _, p := range pkgs {
			if dir == p || (p == "embedsql" && strings.HasPrefix(dir, "embedsql/")) {
				return true
			}
		}
		return false
	}
	for _, r := range inv.Refs {
		if inPkgs(r.Pos.File) {
			got[refKey(r)] = true
		}
	}
	for _, d := range inv.Dynamic {
		if inPkgs(d.Pos.File) {
			got[dynKey(d)] = true
		}
	}
	// ScanDir sees every package, so it drops a SQL constant that reaches a
	// sink in another package (tables.SelectOrders, used by folding); the
	// Analyzer, one package at a time, reports it at its declaration too.
	for k := range want {
		if strings.HasPrefix(k, "folding/tables/tables.go:") && strings.HasSuffix(k, " constant") {
			delete(want, k)
		}
	}
	var missing, extra []string
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, k := range missing {
		t.Errorf("ScanDir misses %s", k)
	}
	for _, k := range extra {
		t.Errorf("ScanDir adds %s", k)
	}
}

func scanLines(t *testing.T, opts Options) []string {
	t.Helper()
	inv, err := ScanDir(filepath.Join("testdata", "scan", "shop"), opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range inv.Refs {
		out = append(out, refKey(r))
	}
	for _, d := range inv.Dynamic {
		out = append(out, fmt.Sprintf("%s dynamic: %s", d.Pos, d.Reason))
	}
	return out
}

// TestScanDirWithoutDependencies: a module whose dependencies are absent
// (dbkit, go-redis) is still analysed; test code, test-only packages,
// ignored files and excluded directories are skipped.
func TestScanDirWithoutDependencies(t *testing.T) {
	got := scanLines(t, Options{Exclude: []string{"internal/legacy/**"}})
	want := []string{
		"internal/store/users.go:16:15 users. select exact wrapper db.Store.Query",
		"internal/store/users.go:16:15 users.legacy_email select exact wrapper db.Store.Query",
		"internal/store/users.go:17:20 users. update exact database/sql",
		"internal/store/users.go:17:30 users.full_name update exact database/sql",
		"internal/store/users.go:21:22 tokens. delete exact method Exec (receiver type unknown)",
		"migrations_embed/seed.sql:1:13 plans. insert exact embed",
		"migrations_embed/seed.sql:1:20 plans.name insert exact embed",
		"internal/store/users.go:23:16 dynamic: result of calling loadQuery",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ScanDir:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScanDirIncludeTests(t *testing.T) {
	got := strings.Join(scanLines(t, Options{IncludeTests: true}), "\n")
	for _, s := range []string{"test_only_table. delete", "helper_table. ddl", "fixture_rows. insert", "excluded_table. delete"} {
		if !strings.Contains(got, s) {
			t.Errorf("with tests included, %q is missing from:\n%s", s, got)
		}
	}
	if strings.Contains(got, "ignored_table") {
		t.Errorf("a //go:build ignore file was scanned:\n%s", got)
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestConfiguredSinks: functions named in configuration (go.sinks) are
// sinks, in both the pkg.Func and (*pkg.Type).Method spellings.
func TestConfiguredSinks(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/m\n",
		"kit/kit.go": `package kit

import "example.com/ext"

func Run(label, q string) { ext.Do(q) }

type Client struct{}

func (c *Client) Send(q string) { ext.Do(q) }
`,
		"app/app.go": `package app

import "example.com/m/kit"

func F(c *kit.Client) {
	kit.Run("label", "DELETE FROM carts")
	c.Send("UPDATE carts SET owner = 1")
	kit.Run("SELECT x FROM not_the_sql_argument", "x")
}
`,
	})
	var sinks sinkList
	if err := sinks.Set("example.com/m/kit.Run:1, (*example.com/m/kit.Client).Send:0"); err != nil {
		t.Fatal(err)
	}
	inv, err := ScanDir(dir, Options{ExtraSinks: sinks})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range inv.Refs {
		got = append(got, refKey(r))
	}
	for _, d := range inv.Dynamic {
		got = append(got, fmt.Sprintf("%s dynamic: %s", d.Pos, d.Reason))
	}
	want := []string{
		"app/app.go:6:32 carts. delete exact config kit.Run",
		"app/app.go:7:17 carts. update exact config kit.Client.Send",
		"app/app.go:7:27 carts.owner update exact config kit.Client.Send",
		"app/app.go:8:48 dynamic: the statement does not parse: syntax error at or near \"x\"",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := sinks.Set("pkg.Func"); err == nil {
		t.Error("a sink without :ARG was accepted")
	}
}

// TestScanDirOddCode: code that does not compile, import cycles, cgo,
// mixed package names and generics neither fail the scan nor hide the SQL
// that can still be found.
func TestScanDirOddCode(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/odd\n",
		"a/a.go": `package a

import (
	"database/sql"
	"example.com/odd/b"
)

const T = b.Name + "_a"

func F(db *sql.DB) { db.Exec("DELETE FROM " + T) ; undefinedCall() }
`,
		"b/b.go": `package b

import "example.com/odd/a"

const Name = "cyc"

var _ = a.F
`,
		"c/c.go": `package c

// #include <stdio.h>
import "C"

import "database/sql"

func G[T any](db *sql.DB, x T) { db.Query("SELECT g FROM generic_t") }
`,
		"d/broken.go": "package d\n\nfunc (\n",
		"d/ok.go": `package d

import "database/sql"

func H(db *sql.DB) { db.Query("SELECT h FROM d_table") }
`,
		"d/other.go": `package notd

import "database/sql"

func I(db *sql.DB) { db.Query("SELECT i FROM other_pkg_name") }
`,
	})
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range inv.Refs {
		got = append(got, r.Table.String()+"."+r.Column)
	}
	all := strings.Join(got, " ")
	for _, want := range []string{"generic_t.g", "d_table.h"} {
		if !strings.Contains(all, want) {
			t.Errorf("%s is missing from %s", want, all)
		}
	}
	// the import cycle a ↔ b: one side sees the other as an empty package,
	// so the statement of a is either folded or partial, never lost
	if !strings.Contains(all, "cyc_a.") && len(inv.Dynamic) == 0 {
		t.Errorf("the statement of package a was lost: refs %s, dynamic %v", all, inv.Dynamic)
	}
}

// TestLibraryPackagesAreReleaseCode: a package that only its own external
// tests (package foo_test) or examples import is a library's release code;
// only a test helper (by its path) that only tests import is skipped.
func TestLibraryPackagesAreReleaseCode(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/lib\n",
		"driver/driver.go": `package driver

import "database/sql"

func Load(db *sql.DB) { db.Query("SELECT id FROM driver_jobs") }
`,
		"driver/driver_test.go": `package driver_test

import (
	"testing"

	"example.com/lib/driver"
	"example.com/lib/internal/testdb"
	"example.com/lib/pgtest"
)

func TestLoad(t *testing.T) { driver.Load(testdb.Open()); pgtest.Reset() }
`,
		"internal/testdb/testdb.go": `package testdb

import "database/sql"

func Open() *sql.DB { db, _ := sql.Open("pgx", ""); db.Exec("TRUNCATE helper_only"); return db }
`,
		"pgtest/pgtest.go": `package pgtest

import "database/sql"

var db *sql.DB

func Reset() { db.Exec("DELETE FROM pgtest_only") }
`,
		"queue/queue.go": `package queue

import "database/sql"

func Push(db *sql.DB) { db.Exec("INSERT INTO queue_items (id) VALUES (1)") }
`,
	})
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range inv.Refs {
		got[r.Table.Name] = true
	}
	for _, want := range []string{"driver_jobs", "queue_items"} {
		if !got[want] {
			t.Errorf("release package table %s is missing (got %v)", want, got)
		}
	}
	for _, not := range []string{"helper_only", "pgtest_only"} {
		if got[not] {
			t.Errorf("test helper table %s was scanned", not)
		}
	}
}

func TestTestHelperPath(t *testing.T) {
	for p, want := range map[string]bool{
		"pgtest": true, "internal/dbtest": true, "pkg/testutil": true, "testutils/db": true, "x/testhelpers": true,
		"internal/testdb": true, "e2e/tests": true, "pkg/testing/db": true,
		"driver": false, "internal/store": false, "latest": false, "pkg/testimony": false, "attestation": false,
	} {
		if got := testHelperPath(p); got != want {
			t.Errorf("testHelperPath(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestGormWithoutItsModule: the gorm fixtures of issue 12 give the same
// uses when gorm's module is absent (a CI runner that never downloaded the
// old release's dependencies) as with it: the library is recognised by the
// import path of the handle's declared type, embedded gorm.Model by its
// name.
func TestGormWithoutItsModule(t *testing.T) {
	sameWithoutModule(t, "gorm", 20, "gormmodels", "gormsvc")
}

// TestPopWithoutItsModule: likewise for pop, with chains that start at a
// call of a helper of another package returning *pop.Connection (ory's
// popx.GetConnection), also in a file that does not import pop.
func TestPopWithoutItsModule(t *testing.T) {
	sameWithoutModule(t, "pop", 30, "popapp", "popx")
}

// sameWithoutModule scans the issue12 fixture packages pkgs with the
// library stubs of testdata/src and again alone in a module of their own
// (the library's package absent), and requires the same uses and dynamic
// statements.
func sameWithoutModule(t *testing.T, lib string, min int, pkgs ...string) {
	t.Helper()
	withDeps, err := ScanDir(filepath.Join("testdata", "src"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := func(file string) bool {
		for _, p := range pkgs {
			if strings.HasPrefix(file, "issue12/"+p+"/") {
				return true
			}
		}
		return false
	}
	want := map[string]bool{}
	for _, r := range withDeps.Refs {
		if in(r.Pos.File) {
			r.Pos.File = strings.TrimPrefix(r.Pos.File, "issue12/")
			want[refKey(r)] = true
		}
	}
	for _, d := range withDeps.Dynamic {
		if in(d.Pos.File) {
			d.Pos.File = strings.TrimPrefix(d.Pos.File, "issue12/")
			want[dynKey(d)] = true
		}
	}
	if len(want) < min {
		t.Fatalf("only %d uses in the %s fixtures", len(want), lib)
	}
	files := map[string]string{"go.mod": "module issue12\n"}
	for _, pkg := range pkgs {
		ents, err := os.ReadDir(filepath.Join("testdata", "src", "issue12", pkg))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join("testdata", "src", "issue12", pkg, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[pkg+"/"+e.Name()] = string(b)
		}
	}
	inv, err := ScanDir(writeFiles(t, files), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range inv.Refs {
		got[refKey(r)] = true
	}
	for _, d := range inv.Dynamic {
		got[dynKey(d)] = true
	}
	for k := range want {
		if !got[k] {
			t.Errorf("without %s's module: missing %s", lib, k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("without %s's module: extra %s", lib, k)
		}
	}
}

func dynKey(d Dynamic) string {
	k := d.Pos.String() + " dynamic: " + d.Reason
	if d.Unreachable != "" {
		k += "; unreachable in " + d.Unreachable
	}
	return k
}

// TestUnreachableInModule: with the whole module in view, ScanDir also
// decides exported functions and methods of packages no other module can
// import (internal, main): unreachable when nothing that may run names
// them and, for a method, no value of its type may reach an interface or
// be embedded. Exported functions of other packages are reachable.
func TestUnreachableInModule(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/m\n",
		"internal/dbq/q.go": `package dbq

import "database/sql"

type Queries struct{}

func New() *Queries { return &Queries{} }

func (q *Queries) Used(db *sql.DB)         { db.Exec("DELETE FROM q_used") }
func (q *Queries) Unused(db *sql.DB)       { db.Exec("DELETE FROM q_unused") }
func (q *Queries) OnlyFromDead(db *sql.DB) { db.Exec("DELETE FROM q_only_from_dead") }
func (q *Queries) WindowsOnly(db *sql.DB)  { db.Exec("DELETE FROM q_windows") }
func (q *Queries) FromExcluded(db *sql.DB) { db.Exec("DELETE FROM q_excluded") }

// Reflected is handed to reflect.
type Reflected struct{}

func (Reflected) ByReflection(db *sql.DB) { db.Exec("DELETE FROM q_reflect") }

// Helper: an exported function of an internal package nothing calls.
func Helper(db *sql.DB) { db.Exec("DELETE FROM q_helper") }

// Escaper's values reach an interface (fmt.Println): its methods may be
// called through one.
type Escaper struct{}

func (Escaper) Hidden(db *sql.DB) { db.Exec("DELETE FROM q_escaper") }

// Inner is embedded: its methods are the outer type's.
type Inner struct{}

func (Inner) Promoted(db *sql.DB) { db.Exec("DELETE FROM q_promoted") }

type Outer struct{ Inner }

// Generic's values go to a type parameter.
type Generic struct{}

func (Generic) ViaTypeParam(db *sql.DB) { db.Exec("DELETE FROM q_typeparam") }
`,
		"internal/dbq/q_windows.go": `package dbq

func init() { New().WindowsOnly(nil) }
`,
		"legacy/l.go": `package legacy

import "example.com/m/internal/dbq"

func Old() { dbq.New().FromExcluded(nil) }
`,
		"pub/pub.go": `package pub

import "database/sql"

// Exported: another module may call it.
func Exported(db *sql.DB) { db.Exec("DELETE FROM q_exported") }
`,
		"cmd/app/main.go": `package main

import (
	"fmt"
	"reflect"

	"example.com/m/internal/dbq"
)

func keep[T any](v T) {}

func main() {
	dbq.New().Used(nil)
	fmt.Println(dbq.Escaper{})
	var o dbq.Outer
	_ = o
	keep(dbq.Generic{})
	reflect.ValueOf(dbq.Reflected{}).MethodByName("ByReflection")
}

func dead() { dbq.New().OnlyFromDead(nil) }
`,
	})
	inv, err := ScanDir(dir, Options{Exclude: []string{"legacy/**"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range inv.Refs {
		if r.Column == "" {
			got[r.Table.Name] = r.Unreachable
		}
	}
	want := map[string]string{
		"q_used": "", "q_unused": "dbq.Queries.Unused", "q_only_from_dead": "dbq.Queries.OnlyFromDead",
		"q_windows": "", "q_excluded": "", "q_reflect": "", "q_helper": "dbq.Helper",
		"q_escaper": "", "q_promoted": "", "q_typeparam": "", "q_exported": "",
	}
	for tb, w := range want {
		g, ok := got[tb]
		if !ok {
			t.Errorf("%s: no use found", tb)
			continue
		}
		if g != w {
			t.Errorf("%s: unreachable %q, want %q", tb, g, w)
		}
	}
}

// TestBeegoRegisteredElsewhere: a beego model registered by another
// package's code, or through a wrapper of RegisterModel, is a table where
// it is declared (ScanDir sees the whole module); a tagged struct nobody
// registers is not. A gorm-tagged struct another package's model (with a
// TableName) embeds is that model's columns, not a table.
func TestBeegoRegisteredElsewhere(t *testing.T) {
	inv, err := ScanDir(filepath.Join("testdata", "scan", "beegoreg"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range inv.Refs {
		got = append(got, refKey(r))
	}
	want := []string{
		"config/config.go:9:6 config_entry. model partial beego",
		"config/config.go:10:2 config_entry.id model partial beego",
		"config/config.go:11:2 config_entry.k model partial beego",
		"iam/iam.go:6:6 iam_role. model exact gorm",
		"models/models.go:5:6 member. model partial beego",
		"models/models.go:6:2 member.id model partial beego",
		"models/models.go:7:2 member.project_id model partial beego",
		"store/store.go:6:2 iam_role.public_id model exact gorm",
		"store/store.go:7:2 iam_role.name model exact gorm",
		"store/store.go:11:6 plains. model partial gorm",
		"store/store.go:12:2 plains.id model partial gorm",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ScanDir:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestUnknownBuilderIsDynamic: the ToSql() of a query builder from a
// package that is neither loaded nor a library rbcheck knows is listed as
// dynamic (before, every ToSql() result was left to the squirrel
// extractor, which reads only squirrel, and was listed nowhere); the same
// chain through squirrel is read.
func TestUnknownBuilderIsDynamic(t *testing.T) {
	src := func(imp string) map[string]string {
		return map[string]string{
			"go.mod": "module example.com/app\n\ngo 1.22\n",
			"store/store.go": "package store\n\nimport (\n\t\"database/sql\"\n\n\tsq \"" + imp + "\"\n)\n\n" +
				"type repo struct{ sb sq.StatementBuilderType }\n\n" +
				"func List(db *sql.DB) {\n\tq, args, _ := sq.Select(\"id\").From(\"users\").ToSql()\n\tdb.Query(q, args...)\n}\n\n" +
				"func (r *repo) Get(db *sql.DB) {\n\tq, args, _ := r.sb.Select(\"name\").From(\"teams\").ToSql()\n\tdb.Query(q, args...)\n}\n\n" +
				"func (r *repo) Raw(db *sql.DB) {\n\tq, args, _ := r.sb.Raw(\"DELETE FROM teams\").ToSql()\n\tdb.Exec(q, args...)\n}\n",
		}
	}
	inv, err := ScanDir(writeFiles(t, src("github.com/acme/qbuild")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// r.sb.Select(…).From(…) is read by its shape, as squirrel (the
	// extractor does so for any root whose type is not known)
	for _, r := range inv.Refs {
		if r.Pos.Line != 17 {
			t.Errorf("ref of an unknown builder: %+v", r)
		}
	}
	var lines []int
	for _, d := range inv.Dynamic {
		if !strings.Contains(d.Reason, "a query builder of github.com/acme/qbuild, which rbcheck does not read") {
			t.Errorf("dynamic %s:%d: reason %q", d.Pos.File, d.Pos.Line, d.Reason)
		}
		lines = append(lines, d.Pos.Line)
	}
	if fmt.Sprint(lines) != "[13 23]" {
		t.Errorf("dynamic at lines %v, want [13 23]", lines)
	}
	inv, err = ScanDir(writeFiles(t, src("github.com/Masterminds/squirrel")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(inv.Dynamic) != 0 {
		t.Errorf("squirrel chains listed as dynamic: %+v", inv.Dynamic)
	}
	var tables []string
	for _, r := range inv.Refs {
		if r.Column == "" {
			tables = append(tables, r.Table.String())
		}
	}
	sort.Strings(tables)
	if fmt.Sprint(tables) != "[teams users]" {
		t.Errorf("squirrel tables %v, want [teams users]", tables)
	}
}
