package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

func TestScenarios(t *testing.T) {
	for _, s := range scenario.Load(t, filepath.Join("..", "..", "testdata", "scenarios")) {
		t.Run(s.Name, func(t *testing.T) {
			dir := s.BuildRepo(t)
			var stdout, stderr bytes.Buffer
			code := Main(&Env{Stdout: &stdout, Stderr: &stderr, Dir: dir}, append([]string{"v1.0.0..v1.1.0"}, s.Args...))
			out := stdout.String()
			if code != s.Exit {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, s.Exit, out, stderr.String())
			}
			if !strings.HasPrefix(out, s.Verdict) {
				t.Errorf("verdict line %q does not start with %q", strings.SplitN(out, "\n", 2)[0], s.Verdict)
			}
			s.CheckOutput(t, out)
			if t.Failed() {
				t.Logf("output:\n%s\nstderr:\n%s", out, stderr.String())
			}
			// the repository is untouched
			if st := scenario.Git(t, dir, "status", "--porcelain"); st != "" {
				t.Errorf("work tree changed:\n%s", st)
			}
		})
	}
}
