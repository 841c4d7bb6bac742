package interrupt

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// reset puts the package back as a fresh process has it.
func reset(t *testing.T) *bytes.Buffer {
	t.Helper()
	var buf bytes.Buffer
	gate.Lock()
	closing = false
	gate.Unlock()
	regMu.Lock()
	entries = map[int]*entry{}
	regMu.Unlock()
	ctx, cancel = context.WithCancel(context.Background())
	stderr = &buf
	t.Cleanup(func() {
		gate.Lock()
		closing = false
		gate.Unlock()
		ctx, cancel = context.WithCancel(context.Background())
		stderr = os.Stderr
	})
	return &buf
}

func TestShutdownUndoesNewestFirstAndReports(t *testing.T) {
	out := reset(t)
	var order []string
	mk := func(name string, err error) {
		if _, cerr := Create(name, func() (func() error, error) {
			return func() error { order = append(order, name); return err }, nil
		}); cerr != nil {
			t.Fatal(cerr)
		}
	}
	mk("the first thing", nil)
	mk("the second thing", errors.New("disk on fire"))
	h, _ := Create("a removed thing", func() (func() error, error) {
		return func() error { order = append(order, "removed"); return nil }, nil
	})
	mk("the third thing", nil)
	if err := h.Remove(); err != nil {
		t.Fatal(err)
	}
	code := Shutdown(syscall.SIGTERM)
	if code != 143 {
		t.Errorf("exit code %d, want 143", code)
	}
	if got := strings.Join(order, ","); got != "removed,the third thing,the second thing,the first thing" {
		t.Errorf("undo order %s", got)
	}
	want := "rbcheck: stopped by SIGTERM; removed the third thing, the first thing\nrbcheck: could not remove the second thing: disk on fire\n"
	if out.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", out, want)
	}
	if Context().Err() == nil {
		t.Error("Context not cancelled")
	}
	// Nothing new after the signal: the maker does not even run.
	ran := false
	if _, err := Create("late", func() (func() error, error) { ran = true; return nil, nil }); !errors.Is(err, ErrInterrupted) || ran {
		t.Errorf("Create after Shutdown: %v, ran %v", err, ran)
	}
	if err := Guard(func() error { ran = true; return nil }); !errors.Is(err, ErrInterrupted) || ran {
		t.Errorf("Guard after Shutdown: %v, ran %v", err, ran)
	}
}

func TestShutdownCodes(t *testing.T) {
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143, syscall.SIGHUP: 129} {
		out := reset(t)
		if got := Shutdown(sig); got != want {
			t.Errorf("%v: exit %d, want %d", sig, got, want)
		}
		if strings.Contains(out.String(), "removed") {
			t.Errorf("%v: claims a removal with nothing registered: %s", sig, out)
		}
	}
}

// A signal arriving while something is being made waits until it is
// registered, and then undoes it: nothing made is ever missed.
func TestShutdownWaitsForCreate(t *testing.T) {
	reset(t)
	inMake := make(chan struct{})
	release := make(chan struct{})
	undone := false
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		Create("slow", func() (func() error, error) {
			close(inMake)
			<-release
			return func() error { undone = true; return nil }, nil
		})
	}()
	<-inMake
	done := make(chan int)
	go func() { done <- Shutdown(syscall.SIGINT) }()
	select {
	case <-done:
		t.Fatal("Shutdown finished while a thing was being made")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	wg.Wait()
	<-done
	if !undone {
		t.Error("the thing made during the signal was not undone")
	}
}

// RemoveAll removes a directory another goroutine keeps writing into
// through a handle on it (as gitrev's extraction does).
func TestRemoveAllWhileWriting(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			sub := filepath.Join("d", strings.Repeat("a", i%5+1))
			if root.MkdirAll(sub, 0o755) == nil {
				if f, err := root.Create(filepath.Join(sub, "f")); err == nil {
					f.Close()
				}
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	if err := RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	close(stop)
	wg.Wait()
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("%s exists again after RemoveAll", dir)
	}
}

// LockedDir's lock keeps SweepStale away while held; once released (the
// process died) the directory is swept.
func TestLockedDirSweep(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	d, lock, err := LockedDir("rbcheck-test-")
	if err != nil {
		t.Fatal(err)
	}
	if removed, err := SweepStale("rbcheck-test-", nil); len(removed) != 0 || err != nil {
		t.Fatalf("swept a directory in use: %v %v", removed, err)
	}
	lock.Close()
	stopped := ""
	removed, err := SweepStale("rbcheck-test-", func(dir string) error { stopped = dir; return nil })
	if err != nil || len(removed) != 1 || removed[0] != d || stopped != d {
		t.Fatalf("SweepStale removed %v (stop called with %q, %v), want %s", removed, stopped, err, d)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("left: %v", ents)
	}
	// A directory of the prefix without a lock file (not made by
	// LockedDir, or an instant before its lock arrives) is left alone
	// while young.
	if err := os.Mkdir(filepath.Join(tmp, "rbcheck-test-young"), 0o755); err != nil {
		t.Fatal(err)
	}
	if removed, _ := SweepStale("rbcheck-test-", nil); len(removed) != 0 {
		t.Errorf("swept a young directory without a lock: %v", removed)
	}
}
