package analyzer

import (
	"fmt"
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
	return fmt.Sprintf("%s:%d:%d %s.%s %s %s %s", r.Pos.File, r.Pos.Line, r.Pos.Col, t, r.Column, r.Kind, r.Confidence, r.Via)
}

// TestDriversAgree runs the Analyzer (full type information) and ScanDir
// (no dependencies, declaration stubs) over the same fixtures: one core,
// so the uses must be the same.
func TestDriversAgree(t *testing.T) {
	pkgs := []string{"rbsql", "rbpgx", "rbsqlx", "rbgorm", "rbbun", "wrapdb", "wrapuse", "sqlcgen", "folding/tables", "folding", "partialsql", "embedsql"}
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
	}
	if len(want) < 100 {
		t.Fatalf("the Analyzer found only %d uses in the fixtures", len(want))
	}
	inv, err := ScanDir(filepath.Join("testdata", "src"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, r := range inv.Refs {
		dir := filepath.ToSlash(filepath.Dir(r.Pos.File))
		for _, p := range pkgs {
			if dir == p || (p == "embedsql" && strings.HasPrefix(dir, "embedsql/")) {
				got[refKey(r)] = true
			}
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
		"internal/store/users.go:15:15 users. select exact wrapper db.Store.Query",
		"internal/store/users.go:15:15 users.legacy_email select exact wrapper db.Store.Query",
		"internal/store/users.go:16:20 users. update exact database/sql",
		"internal/store/users.go:16:30 users.full_name update exact database/sql",
		"internal/store/users.go:20:22 tokens. delete exact method Exec (receiver type unknown)",
		"migrations_embed/seed.sql:1:13 plans. insert exact embed",
		"migrations_embed/seed.sql:1:20 plans.name insert exact embed",
		"internal/store/users.go:22:16 dynamic: result of calling loadQuery",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ScanDir:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestScanDirIncludeTests(t *testing.T) {
	got := strings.Join(scanLines(t, Options{IncludeTests: true}), "\n")
	for _, s := range []string{"test_only_table. delete", "helper_table. ddl", "excluded_table. delete"} {
		if !strings.Contains(got, s) {
			t.Errorf("with tests included, %q is missing from:\n%s", s, got)
		}
	}
	if strings.Contains(got, "ignored_table") {
		t.Errorf("a //go:build ignore file was scanned:\n%s", got)
	}
}
