package hostile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/rbcheck/rbcheck/internal/scenario"
)

// signalRepo is a git repository whose v1.1.0 drops a column v1.0.0 reads
// (check, history and verify all extract revisions from it).
func signalRepo(t *testing.T) string {
	t.Helper()
	for _, s := range scenario.Load(t, filepath.Join(repoRoot(), "testdata", "scenarios")) {
		if s.Name == "drop-column-read" {
			return s.BuildRepo(t)
		}
	}
	t.Fatal("no drop-column-read scenario")
	return ""
}

type signalJob struct {
	name string
	args []string
	n    int // how many signalled runs
	exit int // exit code of an unsignalled run (measured)
}

var signals = []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// TestRandomSignalsLeaveNothing signals running check, history and verify
// (with --dsn and with a throwaway cluster) at random points, 50 times in
// all, with SIGINT, SIGTERM or SIGHUP, and checks after each run that
// nothing is left: no temporary directory, no server process, no scratch
// database or role; that an interrupted run exits with 128 + the signal's
// number; and that it says what it removed only when it did (everything it
// made is gone, checked independently).
func TestRandomSignalsLeaveNothing(t *testing.T) {
	needPG(t)
	bin := rbcheckBinary(t)
	repo := signalRepo(t)
	seed := time.Now().UnixNano()
	if s := os.Getenv("RBCHECK_SIGNAL_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d (RBCHECK_SIGNAL_SEED reproduces the delays)", seed)
	jobs := []signalJob{
		{"check", []string{"v1.0.0..v1.1.0"}, 16, 0},
		{"history", []string{"history"}, 10, 0},
		{"verify --dsn", []string{"verify", "v1.0.0..v1.1.0", "--dsn", cluster.AdminDSN("postgres")}, 16, 0},
		// each run starts a cluster (initdb): the most expensive, the fewest
		{"verify (throwaway cluster)", []string{"verify", "v1.0.0..v1.1.0", "--pg-bin", cluster.BinDir}, 8, 0},
	}
	total, interrupted, leaks := 0, 0, 0
	for _, j := range jobs {
		// Unsignalled runs: how long the command takes (the shorter of two;
		// the first may be slow while the binary is paged in), its exit
		// code, and that it leaves nothing either.
		var ds []time.Duration
		for k := 0; k < 2; k++ {
			start := time.Now()
			code, out := runRbcheck(t, bin, repo, j.args, 0, 0)
			ds = append(ds, time.Since(start))
			if k == 0 {
				j.exit = code
			}
			if code != j.exit || code < 0 || code > 1 {
				t.Fatalf("%s without a signal: exit %d\n%s", j.name, code, out)
			}
			if left := leftovers(t); len(left) > 0 {
				t.Fatalf("%s without a signal left %v", j.name, left)
			}
		}
		d := min(ds[0], ds[1])
		byCode := map[int]int{}
		for i := 0; i < j.n; i++ {
			sig := signals[rng.Intn(len(signals))]
			delay := time.Duration(rng.Float64() * float64(d))
			code, out := runRbcheck(t, bin, repo, j.args, sig, delay)
			total++
			byCode[code]++
			switch code {
			case 128 + int(sig):
				interrupted++
				if !strings.Contains(out, "rbcheck: stopped by "+sigName(sig)) {
					t.Errorf("%s, %s after %s: exit %d without saying it stopped\n%s", j.name, sigName(sig), delay, code, out)
				}
			case j.exit:
				// finished before the signal arrived
			case -int(sig):
				// killed before the handler was installed (the first
				// milliseconds): nothing was made yet, checked below
			default:
				t.Errorf("%s, %s after %s: exit %d, want %d (or %d when it finished first)\n%s", j.name, sigName(sig), delay, code, 128+int(sig), j.exit, out)
			}
			if left := leftovers(t); len(left) > 0 {
				leaks += len(left)
				t.Errorf("%s, %s after %s (exit %d) left %v\n%s", j.name, sigName(sig), delay, code, left, out)
			}
		}
		t.Logf("%-27s unsignalled run %6s; %2d signalled: exit codes %v", j.name, d.Round(time.Millisecond), j.n, byCode)
	}
	t.Logf("%d signals, %d runs interrupted (the others had finished), %d things left behind", total, interrupted, leaks)
	if total != 50 {
		t.Errorf("%d signalled runs, want 50", total)
	}
	// Random delays below the run's length interrupt most runs; if almost
	// none were interrupted the test did not test anything.
	if interrupted < total/2 {
		t.Errorf("only %d of %d runs were interrupted", interrupted, total)
	}
}

func sigName(s syscall.Signal) string {
	return map[syscall.Signal]string{syscall.SIGINT: "SIGINT", syscall.SIGTERM: "SIGTERM", syscall.SIGHUP: "SIGHUP", syscall.SIGKILL: "SIGKILL"}[s]
}

// runRbcheck runs the binary in dir; with sig set, it sends sig after
// delay. code is the exit code, or minus the signal that killed it.
func runRbcheck(t *testing.T, bin, dir string, args []string, sig syscall.Signal, delay time.Duration) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TMPDIR="+privTmp)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	if sig != 0 {
		select {
		case err = <-done:
		case <-time.After(delay):
			_ = cmd.Process.Signal(sig)
			err = <-done
		}
	} else {
		err = <-done
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -int(ws.Signal()), out.String()
		}
	}
	return cmd.ProcessState.ExitCode(), out.String()
}

// leftovers lists what a run left: entries of the private TMPDIR, server
// processes working under it, scratch databases and roles on the shared
// cluster. It removes them so that one leak is counted once.
func leftovers(t *testing.T) []string {
	t.Helper()
	var left []string
	tmp := privTmp
	for _, pid := range serversUnder(tmp) {
		left = append(left, fmt.Sprintf("postgres process %d", pid))
		syscall.Kill(pid, syscall.SIGKILL)
	}
	ents, _ := os.ReadDir(tmp)
	for _, e := range ents {
		left = append(left, "temporary "+e.Name())
		os.RemoveAll(filepath.Join(tmp, e.Name()))
	}
	for _, s := range scratchLeft(t) {
		left = append(left, s)
		kind, name, _ := strings.Cut(s, " ")
		conn := superConn(t, "postgres")
		if kind == "database" {
			conn.Exec(context.Background(), "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		} else {
			conn.Exec(context.Background(), "DROP ROLE "+pgx.Identifier{name}.Sanitize())
		}
		conn.Close(context.Background())
	}
	return left
}

// waitFor polls cond every 20 ms until it holds or d passes.
func waitFor(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return cond()
}

// After SIGKILL nothing can clean up at once; the next run must: a
// throwaway cluster whose rbcheck was killed is stopped (its server went
// down with rbcheck, by the parent-death signal) and removed, and a scratch
// database and role left on a --dsn server are dropped once they are old
// enough that no other run can be using them (an hour; younger ones are
// left alone, since a concurrent run may own them).
func TestSIGKILLNextRunCleans(t *testing.T) {
	needPG(t)
	bin := rbcheckBinary(t)
	repo := signalRepo(t)
	tmp := privTmp
	leftovers(t)

	// Throwaway cluster.
	cmd := exec.Command(bin, "verify", "v1.0.0..v1.1.0", "--pg-bin", cluster.BinDir)
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "TMPDIR="+privTmp)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !waitFor(60*time.Second, func() bool {
		m, _ := filepath.Glob(filepath.Join(tmp, "rbcheck-pg-*", "run", "data", "postmaster.pid"))
		return len(m) > 0
	}) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("no server started within 60 s")
	}
	cmd.Process.Kill()
	cmd.Wait()
	if !waitFor(15*time.Second, func() bool { return len(serversUnder(tmp)) == 0 }) {
		t.Errorf("the server outlived its killed rbcheck: %v", serversUnder(tmp))
	}
	dirs, _ := filepath.Glob(filepath.Join(tmp, "rbcheck-pg-*"))
	if len(dirs) != 1 {
		t.Fatalf("after SIGKILL: cluster directories %v, want the one left behind", dirs)
	}
	code, out := runRbcheck(t, bin, repo, []string{"verify", "v1.0.0..v1.1.0", "--pg-bin", cluster.BinDir}, 0, 0)
	if code != 1 || !strings.Contains(out, "removed the stale throwaway cluster "+dirs[0]) {
		t.Errorf("next run: exit %d, want 1 and a note that %s was removed\n%s", code, dirs[0], out)
	}
	if left := leftovers(t); len(left) > 0 {
		t.Errorf("after the next run: %v", left)
	}

	// --dsn: the scratch database and role stay until they are stale.
	cmd = exec.Command(bin, "verify", "v1.0.0..v1.1.0", "--dsn", cluster.AdminDSN("postgres"))
	cmd.Dir = repo
	cmd.Env = append(os.Environ(), "TMPDIR="+privTmp)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !waitFor(60*time.Second, func() bool { return len(scratchLeft(t)) == 2 }) {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("no scratch database and role within 60 s: %v", scratchLeft(t))
	}
	cmd.Process.Kill()
	cmd.Wait()
	if trees, _ := filepath.Glob(filepath.Join(tmp, "rbcheck-tree-*")); len(trees) != 0 {
		t.Errorf("after SIGKILL: extracted revisions %v, want none (revisions are read from git, nothing is written)", trees)
	}
	left := scratchLeft(t)
	name := strings.TrimPrefix(left[0], "database ")
	if !strings.HasPrefix(left[0], "database ") {
		name = strings.TrimPrefix(left[0], "role ")
	}
	// A young leftover is not touched by the next run (revisions are read
	// from git: nothing of them is on disk).
	code, out = runRbcheck(t, bin, repo, []string{"verify", "v1.0.0..v1.1.0", "--dsn", cluster.AdminDSN("postgres")}, 0, 0)
	if code != 1 || strings.Contains(out, "stale scratch") {
		t.Errorf("run with a young leftover: exit %d\n%s", code, out)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("the next run left %d entries in the temporary directory (the killed run's extracted revisions are stale)", len(ents))
	}
	if got := scratchLeft(t); len(got) != 2 {
		t.Fatalf("young leftover: %v, want %v", got, left)
	}
	// Two hours later (renamed to carry an epoch two hours earlier).
	m := regexp.MustCompile(`^rbcheck_verify_(\d+)_([0-9a-f]+)$`).FindStringSubmatch(name)
	if m == nil {
		t.Fatalf("scratch name %q", name)
	}
	epoch, _ := strconv.ParseInt(m[1], 10, 64)
	old := fmt.Sprintf("rbcheck_verify_%d_%s", epoch-7200, m[2])
	conn := superConn(t, "postgres")
	defer conn.Close(context.Background())
	if !waitFor(10*time.Second, func() bool {
		_, err := conn.Exec(context.Background(), "ALTER DATABASE "+name+" RENAME TO "+old)
		return err == nil
	}) {
		t.Fatal("could not age the leftover database")
	}
	if _, err := conn.Exec(context.Background(), "ALTER ROLE "+name+" RENAME TO "+old); err != nil {
		t.Fatal(err)
	}
	code, out = runRbcheck(t, bin, repo, []string{"verify", "v1.0.0..v1.1.0", "--dsn", cluster.AdminDSN("postgres")}, 0, 0)
	if code != 1 || !strings.Contains(out, "removed the stale scratch database "+old) || !strings.Contains(out, "removed the stale scratch role "+old) {
		t.Errorf("next run: exit %d, want 1 and notes that %s was removed\n%s", code, old, out)
	}
	if left := leftovers(t); len(left) > 0 {
		t.Errorf("after the next run: %v", left)
	}
}
