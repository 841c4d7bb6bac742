package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

// A partial clone (git clone --filter=blob:limit=1k) whose promisor remote
// is gone lacks the blob of an unrelated large file of the old release:
// git archive of that release fails, and the verdict still comes out, the
// same as in the full repository, for a range and for history.
func TestPartialClone(t *testing.T) {
	s := scenarioByName(t, "drop-column-read")
	src := t.TempDir()
	scenario.Git(t, src, "init", "-q", "-b", "main")
	old := map[string]string{"assets/big.bin": strings.Repeat("0123456789abcdef", 8192)}
	for k, v := range s.Old {
		old[k] = v
	}
	scenario.WriteFiles(t, src, old)
	scenario.Git(t, src, "add", "-A")
	scenario.Git(t, src, "commit", "-qm", "old")
	scenario.Git(t, src, "tag", "v1.0.0")
	scenario.Git(t, src, "rm", "-q", "assets/big.bin")
	scenario.WriteFiles(t, src, s.New)
	scenario.Git(t, src, "add", "-A")
	scenario.Git(t, src, "commit", "-qm", "new")
	scenario.Git(t, src, "tag", "v1.1.0")
	want, _, wantCode := runIn(src, "v1.0.0..v1.1.0")
	wantHist, _, _ := runIn(src, "history", "--from", "v1.1.0")

	scenario.Git(t, src, "config", "uploadpack.allowFilter", "true")
	clone := filepath.Join(t.TempDir(), "clone")
	scenario.Git(t, filepath.Dir(clone), "clone", "-q", "--filter=blob:limit=1k", "file://"+src, clone)
	if err := os.RemoveAll(src); err != nil { // no promisor access
		t.Fatal(err)
	}
	if out, err := gitOut(clone, "archive", "v1.0.0"); err == nil {
		t.Fatalf("git archive of v1.0.0 worked (%d bytes): not a partial clone without the blob", len(out))
	}
	out, errOut, code := runIn(clone, "v1.0.0..v1.1.0")
	if code != wantCode || out != want || !strings.HasPrefix(out, "roll-forward-only") {
		t.Fatalf("partial clone: exit %d (want %d)\n%s\n%s\nwant:\n%s", code, wantCode, out, errOut, want)
	}
	out, errOut, _ = runIn(clone, "history", "--from", "v1.1.0")
	if out != wantHist || !strings.Contains(out, "unsafe") {
		t.Fatalf("partial clone history:\n%s\n%s\nwant:\n%s", out, errOut, wantHist)
	}
	if st := scenario.Git(t, clone, "status", "--porcelain"); st != "" {
		t.Fatalf("work tree changed: %q", st)
	}
}

func gitOut(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_NO_LAZY_FETCH=1")
	return cmd.Output()
}

// A revision range, history and the work-tree mode write nothing of the
// revisions to disk: with TMPDIR pointing nowhere they still check (each
// release's files and Go code are read from git).
func TestRevisionsAreNotWritten(t *testing.T) {
	dir := scenarioByName(t, "drop-column-read").BuildRepo(t)
	want, _, wantCode := runIn(dir, "v1.0.0..v1.1.0")
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "does-not-exist"))
	out, errOut, code := runIn(dir, "v1.0.0..v1.1.0")
	if code != wantCode || out != want || !strings.HasPrefix(out, "roll-forward-only") {
		t.Fatalf("range: exit %d\n%s\n%s", code, out, errOut)
	}
	if out, errOut, code := runIn(dir, "history", "--from", "v1.1.0"); code != ExitOK || !strings.Contains(out, "unsafe") {
		t.Fatalf("history: exit %d\n%s\n%s", code, out, errOut)
	}
	if out, errOut, code := runIn(dir, "v1.0.0.."); code != ExitFindings || !strings.HasPrefix(out, "roll-forward-only") {
		t.Fatalf("work tree: exit %d\n%s\n%s", code, out, errOut)
	}
}
