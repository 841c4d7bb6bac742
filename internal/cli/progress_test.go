package cli

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

// TestProgress: on a terminal a long command shows which release and which
// phase on one rewritten stderr line, erased before the result; nothing
// when stderr is not a terminal or in CI.
func TestProgress(t *testing.T) {
	delay, tick := progressDelay, progressTick
	progressDelay, progressTick = 0, time.Millisecond // every command is "long"
	defer func() { progressDelay, progressTick = delay, tick }()

	repo := scenario.CheckoutRepo(t, filepath.Join("..", "..", "testdata", "checkout"))
	env := func(tty bool, vars ...string) *Env {
		m := map[string]string{}
		for i := 0; i+1 < len(vars); i += 2 {
			m[vars[i]] = vars[i+1]
		}
		return &Env{Dir: repo, StderrTTY: tty, Getenv: func(k string) string { return m[k] }}
	}
	plain, _, _ := run(t, env(false), "history")

	out, errOut, code := run(t, env(true), "history")
	if code != ExitOK {
		t.Fatalf("history: exit %d: %s", code, errOut)
	}
	if out != plain {
		t.Errorf("the progress line changed stdout:\n%s", out)
	}
	if !strings.Contains(errOut, "\r\x1b[Krbcheck: rolling back HEAD to v2.") || !strings.Contains(errOut, "Go code (") {
		t.Errorf("no progress line naming the release and the phase: %q", errOut)
	}
	if !strings.HasSuffix(errOut, "\r\x1b[K") {
		t.Errorf("the progress line is not erased at the end: %q", errOut)
	}

	for _, e := range []*Env{env(false), env(true, "CI", "true"), env(true, "TERM", "dumb")} {
		_, errOut, _ := run(t, e, "history")
		if strings.Contains(errOut, "\r") || strings.Contains(errOut, "\x1b") {
			t.Errorf("tty=%v CI=%q TERM=%q: progress shown: %q", e.StderrTTY, e.Getenv("CI"), e.Getenv("TERM"), errOut)
		}
	}

	// a message while the line is shown erases it first
	_, errOut, _ = run(t, env(true), "v2.3.0..nope")
	if strings.Contains(errOut, "s)rbcheck:") {
		t.Errorf("an error is printed after the progress line on the same line: %q", errOut)
	}
}
