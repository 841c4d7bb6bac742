package migrationcheck

import (
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

var update = flag.Bool("update", false, "rewrite docs/rules/go/<rule>.md for the Go-side rules")

func newA(t *testing.T, s Settings) *analysisAnalyzer {
	t.Helper()
	a, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDroppedRenamedRetiringSuppression(t *testing.T) {
	analysistest.Run(t, copyTestdata(t, "dropped"), newA(t, Settings{}), "dropped")
}

func TestUnknownTableWithCompleteSchema(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), newA(t, Settings{CompleteSchema: true}), "unknown")
}

func TestStarAlways(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), newA(t, Settings{}), "star")
}

// TestStarNever: the setting overrides select-star: always of the fixture's
// .rbcheck.yaml, and nothing is reported.
func TestStarNever(t *testing.T) {
	res := analysistest.Run(&quiet{T: t}, analysistest.TestData(), newA(t, Settings{SelectStar: "never"}), "star")
	for _, r := range res {
		if len(r.Diagnostics) != 0 {
			t.Errorf("select-star never: got %d diagnostics, first %q", len(r.Diagnostics), r.Diagnostics[0].Message)
		}
	}
}

func TestStarChangedNoGit(t *testing.T) {
	dir := copyTestdata(t, "changed")
	res := analysistest.Run(&quiet{T: t}, dir, newA(t, Settings{}), "changed")
	for _, r := range res {
		if len(r.Diagnostics) != 0 {
			t.Errorf("without a release tag every migration is released: got %q", r.Diagnostics[0].Message)
		}
	}
}

// TestStarChanged tags v1.0.0 with only 0001 committed; 0002 is unreleased.
func TestStarChanged(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := copyTestdata(t, "changed")
	pkg := filepath.Join(dir, "src", "changed")
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
		cmd.Dir = pkg
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "changed.go", ".rbcheck.yaml", "migrations/0001_init.up.sql")
	git("commit", "-q", "-m", "v1")
	git("tag", "v1.0.0")
	git("add", "migrations/0002_add_nickname.up.sql")
	git("commit", "-q", "-m", "next")
	analysistest.Run(t, dir, newA(t, Settings{}), "changed")
}

func TestIgnoreParsing(t *testing.T) {
	for _, c := range []struct {
		text      string
		ok, isDir bool
		rules     int
	}{
		{"//rbcheck:ignore uses-retiring until the 2027 cleanup", true, true, 1},
		{"//rbcheck:ignore uses-retiring,uses-removed-object backfill", true, true, 2},
		{"//rbcheck:ignore uses-retiring", false, true, 1},
		{"//rbcheck:ignore uses-retiring // want x", false, true, 1},
		{"//rbcheck:ignore", false, true, 0},
		{"//rbcheck:ignored x y", true, false, 0},
		{"// rbcheck:ignore x y", true, false, 0},
	} {
		d, bad, isDir := parseIgnore(commentOf(c.text))
		if isDir != c.isDir || (bad == "") != c.ok || (c.ok && c.isDir && len(d.rules) != c.rules) {
			t.Errorf("%q: directive=%v bad=%q rules=%v", c.text, isDir, bad, d.rules)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	if _, err := New(Settings{SelectStar: "sometimes"}); err == nil {
		t.Error("select-star sometimes accepted")
	}
	if _, err := New(Settings{PGVersion: 170}); err == nil {
		t.Error("pg-version 170 accepted")
	}
}

// TestDocs keeps docs/rules/<rule>.md equal to the rendering of rules.go.
func TestDocs(t *testing.T) {
	for _, r := range Rules {
		p := filepath.Join("..", "..", "docs", "rules", "go", r.Name+".md")
		want := Markdown(r)
		if *update {
			if err := os.WriteFile(p, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != want {
			t.Errorf("%s is stale or missing: run go test ./analyzer/migrationcheck -run TestDocs -update", p)
		}
	}
}

// TestReplayOncePerProcess: many packages under one root (here: many
// goroutines asking at once) share one replay of the migrations.
func TestReplayOncePerProcess(t *testing.T) {
	dir := copyTestdata(t, "dropped")
	pkg := filepath.Join(dir, "src", "dropped")
	r, err := Settings{}.resolve(pkg)
	if err != nil {
		t.Fatal(err)
	}
	before := replays.Load()
	done := make(chan *state)
	for i := 0; i < 8; i++ {
		go func() {
			st, err := loadState(r)
			if err != nil {
				t.Error(err)
			}
			done <- st
		}()
	}
	first := <-done
	for i := 1; i < 8; i++ {
		if st := <-done; st != first {
			t.Error("two different replays for one root")
		}
	}
	if n := replays.Load() - before; n != 1 {
		t.Errorf("%d replays, want 1", n)
	}
	if first.nFiles != 2 || len(first.removed) == 0 {
		t.Errorf("replay read %d files, removed %v", first.nFiles, first.removed)
	}
}

// TestReleasedFilesInSubdirectory: the root (where .rbcheck.yaml lives) is
// a sub-directory of the repository; released paths are relative to it.
func TestReleasedFilesInSubdirectory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := t.TempDir()
	svc := filepath.Join(repo, "svc")
	for _, p := range []string{"migrations/0001_a.up.sql", "migrations/0002_b.up.sql", "../other/x.sql"} {
		full := filepath.Join(svc, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("SELECT 1;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if got := releasedFiles(svc, "v*"); got != nil {
		t.Errorf("no repository: got %v, want nil (all released)", got)
	}
	git("init", "-q")
	git("add", "svc/migrations/0001_a.up.sql", "other/x.sql")
	git("commit", "-q", "-m", "one")
	if got := releasedFiles(svc, "v*"); got != nil {
		t.Errorf("no tag: got %v, want nil (all released)", got)
	}
	git("tag", "v0.1.0")
	git("add", ".")
	git("commit", "-q", "-m", "two")
	got := releasedFiles(svc, "v*")
	if len(got) != 1 || !got["migrations/0001_a.up.sql"] {
		t.Errorf("released %v, want only migrations/0001_a.up.sql", got)
	}
}

// A migration that does not parse is reported at the package's first SQL
// call site; its twin, whose migrations all parse, gets nothing.
func TestMigrationsNotRead(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), newA(t, Settings{}), "notread", "notreadok")
}

// TestNetChanges: what the migrations' net changes break, as the rules
// declare it (a column added and then made NOT NULL, NOT NULL DEFAULT
// NULL, a dropped or renamed unique key that ON CONFLICT needs, a key
// swapped for an equivalent one, a table replaced by another).
func TestNetChanges(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), newA(t, Settings{}), "netchanges")
}

// TestConfiguredLikeTheCLI: the analyzer reads .rbcheck.yaml as the CLI
// does: a file glob with its format, an exclude (a file that does not
// parse), Go-template values and the search path, which resolves the
// migrations' unqualified names and the code's alike.
func TestConfiguredLikeTheCLI(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), newA(t, Settings{}), "configured")
}

// TestSettingsOverrideConfig: search-path given as a setting replaces the
// configuration's: with public first, the migration's unqualified
// "clients" is public.clients, so the code that reads public.clients.secret
// is the one reported.
func TestSettingsOverrideConfig(t *testing.T) {
	res := analysistest.Run(&quiet{T: t}, analysistest.TestData(), newA(t, Settings{SearchPath: []string{"public", "auth"}}), "configured")
	public := false
	for _, r := range res {
		for _, d := range r.Diagnostics {
			public = public || strings.Contains(d.Message, `column "public.clients.secret" is dropped by db/auth/0002_drop.up.sql:1`)
		}
	}
	if !public {
		t.Errorf("with search-path [public, auth] the migration drops public.clients.secret, which the code reads: not reported")
	}
}

// TestUseKinds: the changes whose uses the verdict's matchers look up
// (verdict.OldCode.Evidence) are reported at their confirmed uses, each
// beside an ok twin: an enum value renamed, a function and a sequence
// dropped, a schema renamed, a value rewritten, a foreign key's action
// made RESTRICT, a trigger dropped, a column retyped. Uses the verdict
// only warns about (a parameter, a write that may be NULL, a read of a
// json column whose key is renamed) are not reported.
func TestUseKinds(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), newA(t, Settings{}), "usekinds")
}

// TestTemplatesSetting: the plugin's templates setting (the vet flag's
// -migrationcheck.templates) reaches the migrations loader as the
// configuration's does. Without a value the template action is empty and
// the migrations' tables are public's, so the code's public.clients is the
// one whose column is dropped; with the setting in place of the
// configuration's they are auth's again, and the findings are those of
// TestConfiguredLikeTheCLI.
func TestTemplatesSetting(t *testing.T) {
	dir := copyTestdata(t, "configured")
	cfg := filepath.Join(dir, "src", "configured", ".rbcheck.yaml")
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	without := strings.Replace(string(b), "templates: { Namespace: auth }\n", "", 1)
	if without == string(b) {
		t.Fatal("the fixture's configuration has no templates line")
	}
	if err := os.WriteFile(cfg, []byte(without), 0o644); err != nil {
		t.Fatal(err)
	}
	res := analysistest.Run(&quiet{T: t}, dir, newA(t, Settings{}), "configured")
	public := false
	for _, r := range res {
		for _, d := range r.Diagnostics {
			public = public || strings.Contains(d.Message, `column "public.clients.secret" is dropped`)
		}
	}
	if !public {
		t.Error("without templates values the migrations' clients is public's: its dropped column is not reported")
	}
	analysistest.Run(t, dir, newA(t, Settings{Templates: map[string]string{"Namespace": "auth"}}), "configured")
}
