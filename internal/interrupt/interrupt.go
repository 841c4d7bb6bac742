// Package interrupt removes what rbcheck creates outside the user's work
// (temporary directories with extracted revisions, throwaway PostgreSQL
// clusters, scratch databases and roles) when the process is asked to stop
// with SIGINT, SIGTERM or SIGHUP, and then exits with 128 plus the signal's
// number (130, 143, 129).
//
// Everything that must not outlive the process is made through Create,
// which registers its undo in the same critical section: a signal that
// arrives while something is being made waits until it is registered, and
// once a signal is being handled nothing new can be made (Create returns
// ErrInterrupted). The handler runs every registered undo, newest first, and
// reports what it removed and what it could not; it never claims a removal
// that failed.
package interrupt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrInterrupted is returned by Create once a signal is being handled.
var ErrInterrupted = errors.New("interrupted: rbcheck is stopping and removing what it made")

var (
	// gate orders Create against the handler: Create holds it shared while
	// it makes and registers a thing, the handler takes it exclusively to
	// close the registry.
	gate    sync.RWMutex
	closing bool

	regMu   sync.Mutex
	entries = map[int]*entry{}
	seq     int

	ctx, cancel = context.WithCancel(context.Background())
)

type entry struct {
	id   int
	what string
	undo func() error
	once sync.Once
	err  error
}

func (e *entry) run() error {
	e.once.Do(func() { e.err = e.undo() })
	return e.err
}

// Handle is a registered thing; Remove runs its undo now.
type Handle struct{ e *entry }

// Remove runs the undo (once, also when the handler got there first and
// is running it: then Remove waits for it) and forgets the thing.
func (h *Handle) Remove() error {
	if h == nil || h.e == nil {
		return nil
	}
	err := h.e.run()
	regMu.Lock()
	delete(entries, h.e.id)
	regMu.Unlock()
	return err
}

// Create makes one thing that must not outlive the process: make does the
// work (it should be quick: create a directory, a database, a role) and
// returns how to undo it, which is registered before Create returns. what
// names the thing in the handler's report ("the scratch database x").
func Create(what string, mk func() (undo func() error, err error)) (*Handle, error) {
	gate.RLock()
	defer gate.RUnlock()
	if closing {
		return nil, ErrInterrupted
	}
	undo, err := mk()
	if err != nil {
		return nil, err
	}
	return register(what, undo), nil
}

// Guard runs fn unless a signal is being handled (then it returns
// ErrInterrupted); a signal arriving meanwhile waits for fn. It is for
// starting processes that the undo of an already registered thing stops.
func Guard(fn func() error) error {
	gate.RLock()
	defer gate.RUnlock()
	if closing {
		return ErrInterrupted
	}
	return fn()
}

func register(what string, undo func() error) *Handle {
	regMu.Lock()
	defer regMu.Unlock()
	seq++
	e := &entry{id: seq, what: what, undo: undo}
	entries[e.id] = e
	return &Handle{e: e}
}

// Context is cancelled when a signal arrives.
func Context() context.Context { return ctx }

// Settle blocks forever once a signal is being handled: the handler exits
// the process when it has removed everything, and a command that returned
// meanwhile must not exit first (cutting the removal short) or print.
func Settle() {
	if Stopping() {
		select {}
	}
}

// Stopping reports whether a signal is being handled: callers stop
// printing errors that are only the consequence of the removal.
func Stopping() bool {
	gate.RLock()
	defer gate.RUnlock()
	return closing
}

var (
	listenMu  sync.Mutex
	listeners int
	sigc      chan os.Signal
	stderr    io.Writer = os.Stderr
	exit                = os.Exit
)

// Signals are the signals that stop rbcheck cleanly.
var Signals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP}

// Listen installs the signal handler (once per process; calls nest) and
// returns a function that uninstalls it when the last caller is done.
func Listen() (stop func()) {
	listenMu.Lock()
	defer listenMu.Unlock()
	listeners++
	if listeners == 1 {
		sigc = make(chan os.Signal, 4)
		signal.Notify(sigc, Signals...)
		go handle(sigc)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			listenMu.Lock()
			defer listenMu.Unlock()
			listeners--
			if listeners == 0 {
				signal.Stop(sigc)
				close(sigc)
			}
		})
	}
}

func handle(c chan os.Signal) {
	s, ok := <-c
	if !ok {
		return
	}
	// Further signals are ignored while removing: a second Ctrl-C must not
	// cut the removal short.
	go func() {
		for range c {
		}
	}()
	n := syscall.SIGTERM
	if ss, ok := s.(syscall.Signal); ok {
		n = ss
	}
	exit(Shutdown(n))
}

// Shutdown closes the registry (nothing new can be made), cancels Context,
// runs every registered undo newest first, prints what was removed and what
// could not be, and returns the exit code for sig (128 + its number).
func Shutdown(sig syscall.Signal) int {
	gate.Lock()
	closing = true
	gate.Unlock()
	cancel()

	regMu.Lock()
	list := make([]*entry, 0, len(entries))
	for _, e := range entries {
		list = append(list, e)
	}
	regMu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].id > list[j].id })
	var removed, failed []string
	for _, e := range list {
		if err := e.run(); err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", e.what, err))
		} else {
			removed = append(removed, e.what)
		}
	}
	msg := fmt.Sprintf("rbcheck: stopped by %s", signalName(sig))
	if len(removed) > 0 {
		msg += "; removed " + strings.Join(removed, ", ")
	}
	fmt.Fprintln(stderr, msg)
	for _, f := range failed {
		fmt.Fprintf(stderr, "rbcheck: could not remove %s\n", f)
	}
	return 128 + int(sig)
}

func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return s.String()
}

// RemoveAll removes dir and everything in it, retrying while another
// goroutine may still be writing into it (a file created between reading a
// directory and removing it makes the removal fail once), and checks that
// dir is gone.
func RemoveAll(dir string) error {
	var err error
	for i := 0; i < 50; i++ {
		err = os.RemoveAll(dir)
		if _, serr := os.Lstat(dir); errors.Is(serr, os.ErrNotExist) {
			return nil
		}
		time.Sleep(time.Duration(i+1) * time.Millisecond)
	}
	if err == nil {
		err = errors.New("it still exists")
	}
	return err
}
