package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

// TestScenarios runs every release scenario as a git range (migrations read
// from the object database, only the old Go code written to disk) and as
// two full directories (--old DIR --new DIR): both must give the same
// verdict and output.
func TestScenarios(t *testing.T) {
	runScenarios(t, filepath.Join("..", "..", "testdata", "scenarios"))
}

// TestFailClosedScenarios does the same for the releases rbcheck cannot
// fully read, and their ok twins.
func TestFailClosedScenarios(t *testing.T) {
	runScenarios(t, filepath.Join("testdata", "release"))
}

// TestNotVerifiableScenarios does the same for the release scenarios
// rbcheck verify cannot check against Postgres (a trigger's effect, a JSON
// key inside the documents), which the Go-side checks share
// (analyzer/migrationcheck/testdata/scenarios).
func TestNotVerifiableScenarios(t *testing.T) {
	runScenarios(t, filepath.Join("..", "..", "analyzer", "migrationcheck", "testdata", "scenarios"))
}

func runScenarios(t *testing.T, dir string) {
	for _, s := range scenario.Load(t, dir) {
		t.Run(s.Name, func(t *testing.T) {
			dir := s.BuildRepo(t)
			var stdout, stderr bytes.Buffer
			code := Main(&Env{Stdout: &stdout, Stderr: &stderr, Dir: dir}, append([]string{"v1.0.0..v1.1.0"}, s.Args...))
			out := stdout.String()
			checkScenario(t, s, code, out, stderr.String())
			// the repository is untouched
			if st := scenario.Git(t, dir, "status", "--porcelain"); st != "" {
				t.Errorf("work tree changed:\n%s", st)
			}
			oldDir, newDir := s.Trees(t)
			stdout.Reset()
			stderr.Reset()
			code = Main(&Env{Stdout: &stdout, Stderr: &stderr}, append([]string{"--old", oldDir, "--new", newDir}, s.Args...))
			// the same output, with the directories as labels
			out2 := strings.NewReplacer(oldDir, "v1.0.0", newDir, "v1.1.0").Replace(stdout.String())
			checkScenario(t, s, code, out2, stderr.String())
			if out2 != out {
				t.Errorf("directories and git range disagree:\n--- range\n%s\n--- directories\n%s", out, out2)
			}
		})
	}
}

func checkScenario(t *testing.T, s *scenario.Scenario, code int, out, stderr string) {
	t.Helper()
	if code != s.Exit {
		t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, s.Exit, out, stderr)
	}
	if !strings.HasPrefix(out, s.Verdict) {
		t.Errorf("verdict line %q does not start with %q", strings.SplitN(out, "\n", 2)[0], s.Verdict)
	}
	s.CheckOutput(t, out)
	if t.Failed() {
		t.Logf("output:\n%s\nstderr:\n%s", out, stderr)
	}
}
