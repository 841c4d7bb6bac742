package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

func failClosedScenario(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	for _, s := range scenario.Load(t, filepath.Join("testdata", "release")) {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no scenario %s", name)
	return nil
}

// TAG..TAG checks nothing: unknown, exit 1. Its twin, a range with a
// release in it, is decided.
func TestEmptyRange(t *testing.T) {
	dir := scenarioByName(t, "drop-column-unused").BuildRepo(t)
	out, errOut, code := runIn(dir, "v1.1.0..v1.1.0")
	if code != ExitFindings || !strings.HasPrefix(out, "unknown: ") ||
		!strings.Contains(out, "the range is empty: v1.1.0 and v1.1.0 are the same release, so there is nothing to check (empty-range)") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	// the same commit by two names is empty too
	scenario.Git(t, dir, "tag", "release-2")
	out, _, code = runIn(dir, "v1.1.0..release-2")
	if code != ExitFindings || !strings.HasPrefix(out, "unknown: ") {
		t.Fatalf("v1.1.0..release-2: exit %d\n%s", code, out)
	}
	out, _, code = runIn(dir, "v1.0.0..v1.1.0")
	if code != ExitOK || !strings.HasPrefix(out, "rollback-safe") {
		t.Fatalf("twin: exit %d\n%s", code, out)
	}
	// --old DIR --new DIR with the same directory
	root := filepath.Join("..", "..", "testdata", "checkout", "v2.4.1")
	out, _, code = runIn("", "--old", root, "--new", root)
	if code != ExitFindings || !strings.HasPrefix(out, "unknown: ") {
		t.Fatalf("same directory: exit %d\n%s", code, out)
	}
}

// Plain rbcheck on the only release tag has nothing to roll back to.
func TestOnlyTagIsUnknown(t *testing.T) {
	dir := t.TempDir()
	scenario.Git(t, dir, "init", "-q", "-b", "main")
	scenario.WriteFiles(t, dir, map[string]string{
		"go.mod":                         "module example.com/a\n\ngo 1.22\n",
		"db/migrations/0001_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY);\n",
	})
	scenario.Git(t, dir, "add", "-A")
	scenario.Git(t, dir, "commit", "-qm", "first")
	scenario.Git(t, dir, "tag", "v1.0.0")
	out, errOut, code := runIn(dir)
	if code != ExitFindings || !strings.HasPrefix(out, "unknown: ") || !strings.Contains(out, "(empty-range)") ||
		!strings.Contains(errOut, `HEAD is release tag v1.0.0 and no earlier tag matches "v*"`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
}

// Every output format says the verdict is unknown and names what was not
// read with its fix; --allow-unread turns it into the verdict of what was
// read, still listing the file.
func TestUnknownFormats(t *testing.T) {
	dir := failClosedScenario(t, "syntax-error").BuildRepo(t)
	const file = "db/migrations/0002_add_bio.up.sql"

	out, _, code := runIn(dir, "v1.0.0..v1.1.0", "--format", "json")
	var j struct {
		Verdict     string `json:"verdict"`
		ReadVerdict string `json:"read_verdict"`
		Unread      []struct {
			Kind, File, Reason, Help string
			Line, Column             int
		} `json:"unread"`
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if code != ExitFindings || j.Verdict != "unknown" || j.ReadVerdict != "rollback-safe" || len(j.Unread) != 1 ||
		j.Unread[0].Kind != "syntax-error" || j.Unread[0].File != file || j.Unread[0].Line != 2 || j.Unread[0].Column != 1 || j.Unread[0].Help == "" {
		t.Fatalf("json: exit %d %+v\n%s", code, j, out)
	}

	out, _, code = runIn(dir, "v1.0.0..v1.1.0", "--format", "markdown")
	if code != ExitFindings || !strings.HasPrefix(out, "### ❓ rbcheck: `unknown`") ||
		!strings.Contains(out, "| `"+file+":2:1` | not read: syntax error at or near \"ALTR\" (syntax-error) | fix the statement;") {
		t.Fatalf("markdown: exit %d\n%s", code, out)
	}

	out, _, code = runIn(dir, "v1.0.0..v1.1.0", "--format", "sarif")
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	found := false
	for _, r := range sarif.Runs[0].Results {
		if r.RuleID == "unread" && r.Level == "error" && strings.Contains(r.Message.Text, "help: fix the statement") &&
			r.Locations[0].PhysicalLocation.ArtifactLocation.URI == file && r.Locations[0].PhysicalLocation.Region.StartLine == 2 {
			found = true
		}
	}
	if code != ExitFindings || !found || !strings.Contains(out, "release-verdict.md#unknown-what-was-not-read") {
		t.Fatalf("sarif: exit %d\n%s", code, out)
	}

	out, _, code = runIn(dir, "v1.0.0..v1.1.0", "--format", "github")
	if code != ExitFindings ||
		!regexp.MustCompile(`(?m)^::error file=`+regexp.QuoteMeta(file)+`,line=2,col=1,title=rbcheck%3A not read \(syntax-error\)::not read: syntax error.*%0Ahelp: fix the statement`).MatchString(out) ||
		!regexp.MustCompile(`(?m)^::error title=rbcheck verdict::unknown: `).MatchString(out) {
		t.Fatalf("github: exit %d\n%s", code, out)
	}

	// --allow-unread: the verdict of what was read; the file is still named
	out, _, code = runIn(dir, "v1.0.0..v1.1.0", "--format", "json", "--allow-unread")
	j.Unread = nil
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if code != ExitOK || j.Verdict != "rollback-safe" || len(j.Unread) != 1 {
		t.Fatalf("--allow-unread json: exit %d %+v", code, j)
	}
	out, _, code = runIn(dir, "v1.0.0..v1.1.0", "--format", "github", "--allow-unread")
	if code != ExitOK || !strings.Contains(out, "::warning file="+file) || !strings.Contains(out, "::notice title=rbcheck verdict::rollback-safe") {
		t.Fatalf("--allow-unread github: exit %d\n%s", code, out)
	}
	// the config key does the same
	scenario.WriteFiles(t, dir, map[string]string{".rbcheck.yaml": "release:\n  allow-unread: true\n"})
	out, _, code = runIn(dir, "v1.0.0..")
	if code != ExitOK || !strings.HasPrefix(out, "rollback-safe") || !strings.Contains(out, "not read (--allow-unread") {
		t.Fatalf("release.allow-unread: exit %d\n%s", code, out)
	}
}

// history shows a release it could not check as unknown, not safe, and
// names no known-good target past it.
func TestHistoryUnknown(t *testing.T) {
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
		"store/u.go":                     "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT email FROM users\") }\n",
	})
	// v1.1.0 brings a migration that does not parse
	commit("v1.1.0", map[string]string{"db/migrations/0002_bad.up.sql": "ALTR TABLE users DROP COLUMN fax;\n"})
	commit("v1.2.0", map[string]string{"db/migrations/0003_posts.up.sql": "CREATE TABLE posts (id bigint);\n"})
	out, errOut, code := runIn(dir, "history", "--from", "v1.2.0")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"v1.1.0   safe",
		"v1.0.0   unknown   not read: db/migrations/0002_bad.up.sql:1 (syntax-error); rbcheck v1.0.0..v1.2.0 says what and how to fix it",
		"last known-good rollback target: v1.1.0",
		"rbcheck could not check rolling back past v1.1.0 to v1.0.0 (see above): until it can, treat v1.1.0 as the limit",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	out, _, _ = runIn(dir, "history", "--from", "v1.2.0", "--format", "json")
	var j struct {
		LastKnownGood  string `json:"last_known_good"`
		FirstUnchecked string `json:"first_unchecked"`
		Releases       []struct {
			Tag, Rollback string
			Unread        []struct{ Kind, File string }
		}
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err, out)
	}
	if j.LastKnownGood != "v1.1.0" || j.FirstUnchecked != "v1.0.0" || len(j.Releases) != 2 || j.Releases[1].Rollback != "unknown" ||
		len(j.Releases[1].Unread) != 1 || j.Releases[1].Unread[0].File != "db/migrations/0002_bad.up.sql" {
		t.Fatalf("%+v\n%s", j, out)
	}
	// from v1.1.0 itself the first older release is unknown: no known-good target
	out, _, _ = runIn(dir, "history", "--from", "v1.1.0")
	if !strings.Contains(out, "no known-good rollback target: rbcheck could not check rolling back to v1.0.0") {
		t.Fatalf("from v1.1.0:\n%s", out)
	}
}

// A reversed range is an error naming the merge-base. Two release tags on
// different branches are checked tree to tree, with a note, when they are in
// version order; in the other order, or when a side is not a release tag,
// the range is an error naming the merge-base and the range to check.
func TestReversedAndDivergedRanges(t *testing.T) {
	dir := scenarioByName(t, "drop-column-read").BuildRepo(t)
	out, errOut, code := runIn(dir, "v1.1.0..v1.0.0")
	if code != ExitError || !strings.Contains(errOut, "v1.1.0..v1.0.0 is reversed: v1.0.0 is older than v1.1.0 (v1.0.0 is their merge-base)") ||
		!strings.Contains(errOut, "help: name the older release first: rbcheck v1.0.0..v1.1.0") {
		t.Fatalf("reversed: exit %d\n%s\n%s", code, out, errOut)
	}
	// a hotfix release on a branch from v1.0.0
	scenario.Git(t, dir, "checkout", "-q", "-b", "release-1.0", "v1.0.0")
	scenario.WriteFiles(t, dir, map[string]string{"store/fix.go": "package store\n"})
	scenario.Git(t, dir, "add", "-A")
	scenario.Git(t, dir, "commit", "-qm", "hotfix")
	scenario.Git(t, dir, "tag", "v1.0.1")
	// the diverged release tags in version order: the same verdict as the
	// merge-base's range (v1.0.1 has no migration of its own), with the note
	out, errOut, code = runIn(dir, "v1.0.1..v1.1.0")
	if code != ExitFindings || !strings.HasPrefix(out, "roll-forward-only: v1.1.0 cannot be rolled back to v1.0.1") ||
		!strings.Contains(out, "v1.0.1 and v1.1.0 are on different branches (they diverged at v1.0.0): rbcheck compared their trees") {
		t.Fatalf("diverged tags: exit %d\n%s\n%s", code, out, errOut)
	}
	// the other order is reversed by version
	out, errOut, code = runIn(dir, "v1.1.0..v1.0.1")
	if code != ExitError || !strings.Contains(errOut, "v1.1.0..v1.0.1 is reversed: v1.0.1 is not a newer release than v1.1.0; they are on different branches (diverged at v1.0.0)") ||
		!strings.Contains(errOut, "help: name the older release first: rbcheck v1.0.1..v1.1.0") {
		t.Fatalf("diverged reversed: exit %d\n%s\n%s", code, out, errOut)
	}
	// a side that is not a release tag: which one is older is not known
	scenario.Git(t, dir, "commit", "-q", "--allow-empty", "-m", "untagged")
	out, errOut, code = runIn(dir, "release-1.0..v1.1.0")
	if code != ExitError || !strings.Contains(errOut, "v1.1.0 does not contain release-1.0: they diverged at v1.0.0 (their merge-base), and release-1.0 is not a release tag") ||
		!strings.Contains(errOut, "rbcheck v1.0.0..v1.1.0") {
		t.Fatalf("diverged branch: exit %d\n%s\n%s", code, out, errOut)
	}
	// OLD.. against a work tree whose HEAD (no release tag, after v1.0.1)
	// does not contain OLD, a newer release
	out, errOut, code = runIn(dir, "v1.1.0..")
	if code != ExitError || !strings.Contains(errOut, "v1.1.0..HEAD is reversed: HEAD (after v1.0.1) is not a newer release than v1.1.0") {
		t.Fatalf("work tree: exit %d\n%s\n%s", code, out, errOut)
	}
	// and the same HEAD against v1.0.0..: contained, checked as always
	if out, errOut, code := runIn(dir, "v1.0.0.."); code != ExitOK || strings.Contains(out, "different branches") {
		t.Fatalf("v1.0.0..: exit %d %s\n%s", code, errOut, out)
	}
	// the twins: ordered ranges are checked
	if _, errOut, code := runIn(dir, "v1.0.0..v1.0.1"); code != ExitOK {
		t.Fatalf("v1.0.0..v1.0.1: exit %d %s", code, errOut)
	}
	if out, errOut, code := runIn(dir, "v1.0.0..v1.1.0"); code != ExitFindings || !strings.HasPrefix(out, "roll-forward-only") || strings.Contains(out, "different branches") {
		t.Fatalf("v1.0.0..v1.1.0: exit %d %s\n%s", code, errOut, out)
	}
}

// history in a shallow clone that holds no older release says what to
// fetch (exit 2) instead of "no older release tag" (exit 0); its twin, the
// full clone, lists the releases.
func TestHistoryShallowClone(t *testing.T) {
	dir := scenarioByName(t, "drop-column-read").BuildRepo(t)
	shallow := filepath.Join(t.TempDir(), "shallow")
	scenario.Git(t, filepath.Dir(shallow), "clone", "-q", "--depth", "1", "--branch", "v1.1.0", "file://"+dir, shallow)
	out, errOut, code := runIn(shallow, "history")
	if code != ExitError || !strings.Contains(errOut, "in this shallow clone: the older releases are not fetched") || !strings.Contains(errOut, "git fetch --unshallow --tags") {
		t.Fatalf("shallow: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runIn(dir, "history", "--from", "v1.1.0")
	if code != ExitOK || !strings.Contains(out, "v1.0.0   unsafe") {
		t.Fatalf("full clone: exit %d\n%s\n%s", code, out, errOut)
	}
}

// Two statements rbcheck cannot read on one line give one warning for the
// line (scenario run-time-sql-one-line); the line is listed twice without
// the dedupe, which the count below catches.
func TestRunTimeWarningOneALine(t *testing.T) {
	dir := failClosedScenario(t, "run-time-sql-one-line").BuildRepo(t)
	out, errOut, code := runIn(dir, "v1.0.0..v1.1.0")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, at := range []string{"store/users.go:18 ", "store/users.go:24 "} {
		if n := strings.Count(out, "old code builds SQL at run time at "+at); n != 1 {
			t.Errorf("%s listed %d times, want once:\n%s", at, n, out)
		}
	}
}
