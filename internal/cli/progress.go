package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/rbcheck/rbcheck/internal/report"
)

// progressDelay is how long a command works silently before its progress
// line appears; progressTick how often the line is redrawn.
var (
	progressDelay = 2 * time.Second
	progressTick  = 250 * time.Millisecond
)

// stderrTerm is stderr as Main hands it to the commands: everything written
// is escaped (report.EscapeLines: a file name or an identifier in a message
// cannot reach the terminal raw), and a progress line, when one is shown,
// is erased before anything else is written.
type stderrTerm struct {
	mu    sync.Mutex
	raw   io.Writer
	shown bool // a progress line is on the terminal now
}

func (t *stderrTerm) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clearLocked()
	if _, err := io.WriteString(t.raw, report.EscapeLines(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// status shows line as the progress line, replacing the previous one.
func (t *stderrTerm) status(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.raw, "\r\x1b[K%s", line)
	t.shown = true
}

// clear erases the progress line.
func (t *stderrTerm) clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.clearLocked()
}

func (t *stderrTerm) clearLocked() {
	if t.shown {
		_, _ = io.WriteString(t.raw, "\r\x1b[K")
		t.shown = false
	}
}

// progress shows what a long command is doing (which release, which phase)
// on one stderr line that it rewrites, once the command has run for
// progressDelay, and erases it when done. It shows nothing unless stderr is
// a terminal, and nothing in CI (CI set, as GitHub Actions, GitLab CI and
// CircleCI do) or with TERM=dumb: logs get no carriage returns.
type progress struct {
	term  *stderrTerm
	start time.Time

	mu     sync.Mutex
	phase  string
	closed bool
	stop   chan struct{}
	done   chan struct{}
}

// startProgress returns the command's progress line; a disabled one when
// stderr is not an interactive terminal. Call finish before printing the
// result.
func startProgress(env *Env) *progress {
	p := &progress{term: env.term, start: time.Now(), closed: true}
	if p.term == nil || !env.StderrTTY || env.getenv("CI") != "" || env.getenv("TERM") == "dumb" {
		return p
	}
	p.closed = false
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go p.run()
	return p
}

// set names the current phase, e.g. "rolling back v2.4.1 to v2.3.0 (2 of
// at most 10): reading v2.3.0's Go code".
func (p *progress) set(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.phase = fmt.Sprintf(format, args...)
}

func (p *progress) run() {
	defer close(p.done)
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
		}
		p.mu.Lock()
		el := time.Since(p.start)
		if !p.closed && p.phase != "" && el >= progressDelay {
			p.term.status(fmt.Sprintf("rbcheck: %s (%ds)", report.Escape(p.phase), int(el.Seconds())))
		}
		p.mu.Unlock()
	}
}

// finish stops the line and erases it. It may be called more than once.
func (p *progress) finish() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.mu.Unlock()
	close(p.stop)
	<-p.done
	p.term.clear()
}
