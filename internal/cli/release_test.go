package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

func scenarioByName(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	return scenario.ByName(t, filepath.Join("..", "..", "testdata", "scenarios"), name)
}

func runIn(dir string, args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	code := Main(&Env{Stdout: &stdout, Stderr: &stderr, Dir: dir}, args)
	return stdout.String(), stderr.String(), code
}

func TestCheckFromSubdirectoryAndJSON(t *testing.T) {
	dir := scenarioByName(t, "drop-column-read").BuildRepo(t)
	out, errOut, code := runIn(filepath.Join(dir, "store"), "v1.0.0..v1.1.0", "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	var j struct {
		Old, New, Verdict string
		OldCommit         string `json:"old_commit"`
		NewCommit         string `json:"new_commit"`
		Acknowledged      bool
		Migrations        []struct {
			Path, Version, Down string
			New                 bool
		}
		Findings []struct {
			Rule, File string
			Line       int
			Blocking   bool
			References []struct {
				File, SQL, Kind, Confidence string
				Line                        int
			}
		}
		Warnings []any
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if j.Verdict != "roll-forward-only" || j.Old != "v1.0.0" || j.New != "v1.1.0" || len(j.OldCommit) != 40 || len(j.NewCommit) != 40 {
		t.Fatalf("header %+v", j)
	}
	found := false
	for _, f := range j.Findings {
		if f.Rule == "drop-column" && f.Blocking {
			found = true
			if len(f.References) != 1 || f.References[0].File != "store/users.go" || f.References[0].Kind != "select" || f.References[0].Confidence != "exact" {
				t.Fatalf("references %+v", f.References)
			}
		}
	}
	if !found {
		t.Fatalf("no blocking drop-column: %s", out)
	}
	if len(j.Migrations) != 2 || !j.Migrations[1].New || j.Migrations[1].Down != "lossy" {
		t.Fatalf("migrations %+v", j.Migrations)
	}
}

func TestWorkTreeAndLatestTag(t *testing.T) {
	s := scenarioByName(t, "drop-column-unused")
	dir := s.BuildRepo(t)
	// v1.1.0 is safe; an uncommitted migration that drops a used column is not
	scenario.WriteFiles(t, dir, map[string]string{"db/migrations/0003_drop_email.up.sql": "ALTER TABLE users DROP COLUMN email;\n"})
	out, errOut, code := runIn(dir, "v1.1.0..")
	if code != ExitFindings || !strings.HasPrefix(out, "roll-forward-only") || !strings.Contains(out, "0003_drop_email.up.sql") {
		t.Fatalf("OLD.. against the work tree: exit %d\n%s\n%s", code, out, errOut)
	}
	// no argument, HEAD on the latest tag (v1.1.0): the release before it
	// (v1.0.0) against the work tree, and it says so
	out2, errOut, code := runIn(dir)
	want, _, _ := runIn(dir, "v1.0.0..")
	if code != ExitFindings || out2 != want || !strings.Contains(errOut, "HEAD is the latest release tag v1.1.0: checking v1.0.0.. (the release before it)") {
		t.Fatalf("no-argument run: exit %d\n%s\n%s", code, out2, errOut)
	}
	// HEAD past the latest tag: that tag against the work tree
	scenario.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "next")
	out3, errOut, code := runIn(dir)
	if code != ExitFindings || out3 != out || !strings.Contains(errOut, "checking v1.1.0.. (the latest release tag)") {
		t.Fatalf("no-argument run past the tag: exit %d\n%s\n%s", code, out3, errOut)
	}
	if st := scenario.Git(t, dir, "status", "--porcelain"); st != "?? db/migrations/0003_drop_email.up.sql" {
		t.Fatalf("work tree changed: %q", st)
	}
}

func TestGitErrors(t *testing.T) {
	dir := scenarioByName(t, "drop-column-read").BuildRepo(t)
	_, errOut, code := runIn(dir, "v9.9.9..v1.1.0")
	if code != ExitError || !strings.Contains(errOut, `unknown revision "v9.9.9"`) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	_, errOut, code = runIn(t.TempDir(), "v1.0.0..v1.1.0")
	if code != ExitError || !strings.Contains(errOut, "not inside a git repository") {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	_, errOut, code = runIn(dir, "v1.0.0")
	if code != ExitError || !strings.Contains(errOut, "is not a range") {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
}

func TestBareAndShallowClones(t *testing.T) {
	dir := scenarioByName(t, "drop-column-read").BuildRepo(t)
	bare := filepath.Join(t.TempDir(), "app.git")
	scenario.Git(t, filepath.Dir(bare), "clone", "-q", "--bare", dir, bare)
	out, errOut, code := runIn(bare, "v1.0.0..v1.1.0")
	if code != ExitFindings || !strings.HasPrefix(out, "roll-forward-only") {
		t.Fatalf("bare: exit %d\n%s\n%s", code, out, errOut)
	}
	_, errOut, code = runIn(bare, "v1.0.0..")
	if code != ExitError || !strings.Contains(errOut, "bare repository") {
		t.Fatalf("bare work-tree range: exit %d %q", code, errOut)
	}
	shallow := filepath.Join(t.TempDir(), "shallow")
	scenario.Git(t, filepath.Dir(shallow), "clone", "-q", "--depth", "1", "--branch", "v1.1.0", "file://"+dir, shallow)
	_, errOut, code = runIn(shallow, "v1.0.0..v1.1.0")
	if code != ExitError || !strings.Contains(errOut, "fetch-depth: 0") {
		t.Fatalf("shallow: exit %d %q", code, errOut)
	}
}

func TestDirectoriesMode(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "checkout")
	out, errOut, code := runIn("", "--old", filepath.Join(root, "v2.3.0"), "--new", filepath.Join(root, "v2.4.0"))
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		`db/migrations/0003_drop_legacy_email.up.sql:2:19: dropping column "users.legacy_email"`,
		"old code: internal/store/users.go:32:35: SELECT id, email, full_name, legacy_email FROM users WHERE id = $1",
		`db/migrations/0004_rename_full_name.up.sql:1:33: renaming column "users.full_name" to "name"`,
		"old code: internal/store/users.go:43:30: INSERT INTO users (email, full_name) VALUES ($1, $2) RETURNING id",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	out, _, code = runIn("", "--old", filepath.Join(root, "v2.4.0"), "--new", filepath.Join(root, "v2.4.1"))
	if code != ExitOK || !strings.HasPrefix(out, "rollback-safe") {
		t.Fatalf("typo release: exit %d\n%s", code, out)
	}
	_, errOut, code = runIn("", "--old", filepath.Join(root, "nope"), "--new", filepath.Join(root, "v2.4.1"))
	if code != ExitError || !strings.Contains(errOut, "is not a directory") {
		t.Fatalf("missing dir: exit %d %q", code, errOut)
	}
}

func TestHistory(t *testing.T) {
	dir := t.TempDir()
	scenario.Git(t, dir, "init", "-q", "-b", "main")
	commit := func(tag string, files map[string]string) {
		scenario.WriteFiles(t, dir, files)
		scenario.Git(t, dir, "add", "-A")
		scenario.Git(t, dir, "commit", "-qm", tag)
		scenario.Git(t, dir, "tag", tag)
	}
	commit("v1.0.0", map[string]string{
		"go.mod":                         "module example.com/h\n\ngo 1.22\n",
		"db/migrations/0001_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text, fax text);\n",
		"store/u.go":                     "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT fax FROM users\") }\n",
	})
	// v1.1.0 stops reading fax (expand/contract)
	commit("v1.1.0", map[string]string{"store/u.go": "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT email FROM users\") }\n"})
	// v1.2.0 drops it: safe back to v1.1.0, unsafe back to v1.0.0
	commit("v1.2.0", map[string]string{"db/migrations/0002_drop_fax.up.sql": "ALTER TABLE users DROP COLUMN fax;\n"})
	out, errOut, code := runIn(dir, "history", "--from", "v1.2.0")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"v1.1.0  ", "safe", "v1.0.0  ", "unsafe", "last known-good rollback target: v1.1.0", "rolling back to v1.0.0 breaks"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	out, _, _ = runIn(dir, "history", "--from", "v1.2.0", "--format", "json")
	var j struct {
		From          string `json:"from"`
		LastKnownGood string `json:"last_known_good"`
		Releases      []struct {
			Tag, Rollback string
			Blocking      []struct{ Rule, File string }
		}
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err, out)
	}
	if j.LastKnownGood != "v1.1.0" || len(j.Releases) != 2 || j.Releases[1].Rollback != "unsafe" || j.Releases[1].Blocking[0].Rule != "drop-column" {
		t.Fatalf("%+v", j)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		t.Fatal(err)
	}
}
