// Package e2e builds golangci-lint with the rbcheck plugin
// (scripts/build-golangci.sh) and rbcheck-vet, runs both on fixture modules
// and compares the diagnostics with golden files.
//
// It is slow (a cold golangci-lint build takes minutes), so it runs only
// with RBCHECK_E2E=1 (.ci/run sets it); then a failed build fails the test.
package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

func requireE2E(t *testing.T) {
	t.Helper()
	if os.Getenv("RBCHECK_E2E") != "1" {
		t.Skip("end-to-end test: set RBCHECK_E2E=1 (about 75 s for a cold golangci-lint build)")
	}
}

// copyModule copies testdata/<name> to a temporary directory outside the
// repository (so no release tag of rbcheck's own repository applies).
func copyModule(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("testdata", name)
	dst := filepath.Join(t.TempDir(), name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func env(extra ...string) []string {
	return append(os.Environ(), append([]string{"GOWORK=off", "GOFLAGS=-mod=mod"}, extra...)...)
}

// diagLines keeps "file:line:col: message" lines, drops golangci-lint's
// "migrationcheck: " prefix and " (rbcheck)" suffix, and sorts them.
func diagLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.Contains(l, ".go:") || strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "#") {
			continue
		}
		l = strings.Replace(l, ": migrationcheck: ", ": ", 1)
		l = strings.TrimSuffix(l, " (rbcheck)")
		l = strings.TrimPrefix(l, "./")
		lines = append(lines, l)
	}
	sort.Strings(lines)
	return lines
}

func golden(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return diagLines(string(b))
}

func compare(t *testing.T, tool string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s diagnostics differ\ngot:\n%s\nwant:\n%s", tool, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func run(t *testing.T, dir string, cmdEnv []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = cmdEnv
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.String(), code
}

func TestGolangciLintPlugin(t *testing.T) {
	requireE2E(t)
	bin := filepath.Join(t.TempDir(), "golangci-lint")
	build := exec.Command("bash", filepath.Join(repoRoot(t), "scripts", "build-golangci.sh"), bin)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("scripts/build-golangci.sh failed: %v\n%s", err, out)
	}
	cache := t.TempDir()
	lint := func(dir string) (string, int) {
		return run(t, dir, env("GOLANGCI_LINT_CACHE="+cache), bin, "run",
			"--output.text.print-issued-lines=false", "--output.text.colors=false", "--show-stats=false", "./...")
	}
	shop := copyModule(t, "shop")
	out, code := lint(shop)
	if code != 1 {
		t.Errorf("shop: golangci-lint exit %d, want 1\n%s", code, out)
	}
	compare(t, "golangci-lint shop", diagLines(out), golden(t, "shop.golden"))

	// golangci-lint caches issues per package; an edited migration must
	// still be seen on the next run with the same cache.
	mig := filepath.Join(shop, "db", "migrations", "0042_drop_legacy_email.up.sql")
	f, err := os.OpenFile(mig, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("ALTER TABLE users DROP COLUMN email;\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	out, _ = lint(shop)
	const dropped = `store/users.go:57:42: column "users.email" is dropped by db/migrations/0042_drop_legacy_email.up.sql:6`
	found := false
	for _, l := range diagLines(out) {
		found = found || strings.HasPrefix(l, dropped)
	}
	if !found {
		t.Errorf("after editing a migration, golangci-lint (same cache) did not report %q:\n%s", dropped, out)
	}

	out, code = lint(copyModule(t, "clean"))
	if code != 0 || len(diagLines(out)) != 0 {
		t.Errorf("clean: golangci-lint exit %d, want 0 and no diagnostics\n%s", code, out)
	}

	// .rbcheck.yaml's templates, search-path, file glob with a format and
	// exclude are read as the CLI reads them.
	out, code = lint(copyModule(t, "configured"))
	if code != 1 {
		t.Errorf("configured: golangci-lint exit %d, want 1\n%s", code, out)
	}
	compare(t, "golangci-lint configured", diagLines(out), golden(t, "configured.golden"))
}

func TestGoVetTool(t *testing.T) {
	requireE2E(t)
	bin := filepath.Join(t.TempDir(), "rbcheck-vet")
	build := exec.Command("go", "build", "-o", bin, "./cmd/rbcheck-vet")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/rbcheck-vet: %v\n%s", err, out)
	}
	vet := func(dir string) (string, int) {
		return run(t, dir, env(), "go", "vet", "-vettool="+bin, "./...")
	}
	out, code := vet(copyModule(t, "shop"))
	if code == 0 {
		t.Errorf("shop: go vet exit 0, want failure\n%s", out)
	}
	// The golangci-lint settings of the fixture add audit_log to retiring;
	// go vet reads only .rbcheck.yaml, so that line is not expected here.
	var want []string
	for _, l := range golden(t, "shop.golden") {
		if !strings.Contains(l, `"audit_log"`) {
			want = append(want, l)
		}
	}
	compare(t, "go vet shop", diagLines(out), want)

	clean := copyModule(t, "clean")
	out, code = vet(clean)
	if code != 0 || len(diagLines(out)) != 0 {
		t.Errorf("clean: go vet exit %d, want 0 and no diagnostics\n%s", code, out)
	}

	// go vet caches a clean result under the tool's -V=full build ID;
	// rbcheck-vet folds the migrations into it, so a new migration is seen.
	mig := filepath.Join(clean, "db", "migrations", "0043_drop_email.up.sql")
	if err := os.WriteFile(mig, []byte("ALTER TABLE users DROP COLUMN email;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = vet(clean)
	want = []string{
		`store/store.go:11:40: column "users.email" is dropped by db/migrations/0043_drop_email.up.sql:1 (uses-removed-object); help: stop using it in the release before the one that drops it (expand/contract); the statement fails once the migration runs`,
		`store/store.go:17:52: column "users.email" is dropped by db/migrations/0043_drop_email.up.sql:1 (uses-removed-object); help: stop using it in the release before the one that drops it (expand/contract); the statement fails once the migration runs`,
	}
	if code == 0 {
		t.Errorf("clean + 0043: go vet exit 0, want failure")
	}
	compare(t, "go vet clean after a new migration", diagLines(out), want)

	out, code = vet(copyModule(t, "configured"))
	if code == 0 {
		t.Errorf("configured: go vet exit 0, want failure\n%s", out)
	}
	compare(t, "go vet configured", diagLines(out), golden(t, "configured.golden"))
}
