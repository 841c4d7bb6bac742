package analyzer

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

func runAT(t *testing.T, pkgs ...string) []*analysistest.Result {
	t.Helper()
	if err := Analyzer.Flags.Set("report-refs", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Analyzer.Flags.Set("report-refs", "false") })
	return analysistest.Run(t, analysistest.TestData(), Analyzer, pkgs...)
}

func TestDatabaseSQL(t *testing.T) { runAT(t, "rbsql") }

func TestPgx(t *testing.T)     { runAT(t, "rbpgx") }
func TestSqlx(t *testing.T)    { runAT(t, "rbsqlx") }
func TestGormRaw(t *testing.T) { runAT(t, "rbgorm") }
func TestBunRaw(t *testing.T)  { runAT(t, "rbbun") }

func TestWrappersAcrossPackages(t *testing.T) { runAT(t, "wrapdb", "wrapuse") }
func TestSqlc(t *testing.T)                   { runAT(t, "sqlcgen") }
func TestFolding(t *testing.T)                { runAT(t, "folding/tables", "folding") }
func TestPartial(t *testing.T)                { runAT(t, "partialsql") }
func TestEmbed(t *testing.T)                  { runAT(t, "embedsql") }

func TestToSqlIsNotDynamic(t *testing.T) { runAT(t, "rbtosql") }

func TestUnfollowedParameters(t *testing.T) { runAT(t, "rbclosure") }

func TestSqlcPgxAndPrepared(t *testing.T) { runAT(t, "sqlcpgx", "sqlcprep") }

func TestRealShapes(t *testing.T) { runAT(t, "rbshapes", "rbshapesuse") }

// TestIssue12 covers the patterns of issue 12 (missed and wrong uses seen in
// production code).
func TestIssue12(t *testing.T) {
	runAT(t, "issue12/tables", "issue12", "issue12/gormmodels", "issue12/gormsvc")
}

// TestUnreachable: statements of functions nothing calls (reach.go).
func TestUnreachable(t *testing.T) { runAT(t, "reach") }

// TestTolerantMappers: how a SELECT *'s rows are consumed, and whether the
// handle's mapper skips an unknown column, through facts on another
// package's variables and fields (bun WithDiscardUnknownColumns, sqlx
// Unsafe) and scany APIs.
func TestTolerantMappers(t *testing.T) {
	if err := Analyzer.Flags.Set("report-scans", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Analyzer.Flags.Set("report-scans", "false") })
	analysistest.Run(t, analysistest.TestData(), Analyzer, "rbtolerant/handles", "rbtolerant")
}

// TestInterfaceSinks: a repository's own database interfaces are sinks
// when an implementation in view wraps a database call, or when their
// method is shaped like one with a parameter named like SQL.
func TestInterfaceSinks(t *testing.T) { runAT(t, "ifacedb", "ifaceuse") }

// TestZdb: zgo.at/zdb's functions and DB methods take the statement as a
// string; "load:name" queries and bulk inserts of run-time tables or columns are listed as not read.
func TestZdb(t *testing.T) { runAT(t, "rbzdb") }

// TestNotReadLibraries: calls into database libraries rbcheck does not
// read (ent's generated code, xorm, goqu) are listed with their positions;
// a file that only names their types is listed at its import.
func TestNotReadLibraries(t *testing.T) { runAT(t, "rbnotread/entdb", "rbnotread") }

// TestScanDestinations: the Go type each result column is scanned into
// (a model's field, the struct a by-name mapper fills) and whether it
// accepts NULL.
func TestScanDestinations(t *testing.T) {
	for _, f := range []string{"report-scans", "report-dests"} {
		if err := Analyzer.Flags.Set(f, "true"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = Analyzer.Flags.Set(f, "false") })
	}
	analysistest.Run(t, analysistest.TestData(), Analyzer, "rbdest")
}

// TestPlaceholderArgs: the Go argument each placeholder is bound to, its
// type and whether it can be NULL.
func TestPlaceholderArgs(t *testing.T) {
	if err := Analyzer.Flags.Set("report-args", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Analyzer.Flags.Set("report-args", "false") })
	analysistest.Run(t, analysistest.TestData(), Analyzer, "rbargs")
}

// TestFragmentBuilders: a query builder of the module whose statement is
// the concatenation of the fragments its methods append (bytebase's qb)
// is read from its methods' code, through facts; a builder it cannot read
// is dynamic, never left out.
func TestFragmentBuilders(t *testing.T) { runAT(t, "fragqb/qb", "fragqb/store") }

// TestModelWriters: a repository's own methods that pass the model they
// are given to gorm's Create/Updates/Delete (boundary's db.Writer) are
// writes of the model's table at their callers, across packages and
// through the interface they implement.
func TestModelWriters(t *testing.T) { runAT(t, "modelwritedb", "modelwriteuse") }

// TestJSONDecodes: which result columns the code decodes as JSON
// (encoding/json, protojson), into which types (chosen at run time by a
// switch or a map, with the values that choose each) and their keys; a
// target it cannot resolve is said.
func TestJSONDecodes(t *testing.T) {
	if err := Analyzer.Flags.Set("report-json", "true"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Analyzer.Flags.Set("report-json", "false") })
	res := analysistest.Run(t, analysistest.TestData(), Analyzer, "rbjson")
	// the fast driver, without the packages' dependencies (protojson is
	// then of a package it does not load), reads the same
	want := map[string]bool{}
	for _, r := range res {
		if r.Result == nil {
			continue
		}
		for _, q := range r.Result.(*Result).Queries {
			if q.Scan != nil {
				for _, d := range q.Scan.Decodes {
					want[fmt.Sprintf("%d %s", q.Pos.Line, d)] = true
				}
			}
		}
	}
	if len(want) < 6 {
		t.Fatalf("the Analyzer read only %d decodings", len(want))
	}
	inv, err := ScanDir(filepath.Join("testdata", "src"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, q := range inv.Queries {
		if q.Pos.File == "rbjson/rbjson.go" && q.Scan != nil {
			for _, d := range q.Scan.Decodes {
				got[strings.ReplaceAll(fmt.Sprintf("%d %s", q.Pos.Line, d), "(rbjson/", "(analyzer/testdata/src/rbjson/")] = true
			}
		}
	}
	for k := range want {
		if !got[k] {
			t.Errorf("ScanDir misses %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("ScanDir adds %s", k)
		}
	}
}

// TestGormWrites: the values gorm's Create, Save, Update and Updates bind,
// read from the model's fields (a default: tag, Omit, Select, a struct's
// non-zero fields), and gorm's soft delete (Delete of a model with a
// DeletedAt is an UPDATE, its queries filter deleted_at, unless Unscoped).
func TestGormWrites(t *testing.T) {
	for _, f := range []string{"report-refs", "report-args"} {
		if err := Analyzer.Flags.Set(f, "true"); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = Analyzer.Flags.Set(f, "false") })
	}
	analysistest.Run(t, analysistest.TestData(), Analyzer, "rbgormwrite")
}
