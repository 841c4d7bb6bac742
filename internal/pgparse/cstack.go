//go:build unix

package pgparse

/*
#include <stddef.h>
#include <stdint.h>
struct rb_thread;
size_t rb_default_stack(void);
struct rb_thread *rb_spawn(uintptr_t job, size_t size, int *err);
void rb_join(struct rb_thread *t);
void rb_trim(void);
size_t rb_thread_stack(void);
*/
import "C"

import (
	"fmt"
	"runtime"
	"runtime/cgo"
	"sync"
)

// defaultStack is the C stack of an ordinary thread of this process
// (computed once).
var defaultStack = sync.OnceValue(func() int {
	n := int(C.rb_default_stack())
	if n <= 0 {
		n = 512 << 10 // unknown: assume little
	}
	return n
})

// withStack runs fn, which calls into the C parser, where at least need
// bytes of C stack are free: on the calling thread when an ordinary thread
// has twice that, or when the calling thread does (Go's threads get larger
// stacks where the C library lets cstack.c say so), else on a parser thread
// whose stack has at least need bytes (reserved, not committed). A panic of fn is passed on to the caller;
// a job whose thread cannot be started is an error and fn does not run.
//
// Parser threads are kept and reused (stackPool): a thread C starts
// reaches Go through a cgo callback, and a callback that returns to C keeps
// the scheduler's P it ran on until sysmon takes it back, up to
// milliseconds later, with the goroutine the job woke (its caller) queued
// on that P. A thread per job left a core idle after nearly every job
// (35 of them on PostgreSQL's regression SQL). A pool thread's callback
// never returns: it waits for its next job in Go, which hands its P over
// at once.
func withStack(need int, fn func()) error {
	if need <= defaultStack()/2 {
		fn()
		return nil
	}
	if onThisThread(need, fn) {
		return nil
	}
	th, err := stackPool.take(need)
	if err != nil {
		return err
	}
	j := &stackJob{fn: fn, done: make(chan struct{})}
	th.jobs <- j
	// Wait in Go, not in C: the caller's P stays free for the job's
	// goroutine (with GOMAXPROCS=1 it needs it).
	<-j.done
	stackPool.put(th)
	if j.panicked != nil {
		panic(j.panicked)
	}
	return nil
}

// onThisThread runs fn on the calling thread, locked to it, when its stack
// has twice need, and gives back the stack pages fn touched; it reports
// whether fn ran. A panic of fn is passed on.
func onThisThread(need int, fn func()) bool {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if need > threadStack()/2 {
		return false
	}
	defer C.rb_trim()
	stackPool.count(&stackPool.inPlace)
	fn()
	return true
}

// threadStack is the C stack of the calling thread, 0 when unknown.
func threadStack() int { return int(C.rb_thread_stack()) }

// stackJob is one call withStack hands to a parser thread.
type stackJob struct {
	fn       func()
	done     chan struct{}
	panicked any
}

func (j *stackJob) run() {
	defer func() { j.panicked = recover() }()
	j.fn()
}

// stackThread is a parser thread: a C thread with a stack of size bytes
// whose Go callback (rbServe) runs the jobs sent on jobs until it is
// closed.
type stackThread struct {
	size   int
	jobs   chan *stackJob
	handle cgo.Handle
	t      *C.struct_rb_thread
}

// stackPool holds the parser threads not running a job.
var stackPool threadPool

// maxIdleThreads bounds the parser threads kept between jobs: one for each
// file parsed at a time is plenty.
const maxIdleThreads = 8

type threadPool struct {
	mu      sync.Mutex
	idle    []*stackThread
	started int // threads started, for tests
	inPlace int // jobs run on the calling thread (onThisThread), for tests
}

func (tp *threadPool) count(n *int) {
	tp.mu.Lock()
	*n++
	tp.mu.Unlock()
}

// take returns an idle thread with a stack of at least need bytes (the
// smallest), or starts one.
func (tp *threadPool) take(need int) (*stackThread, error) {
	tp.mu.Lock()
	best := -1
	for i, th := range tp.idle {
		if th.size >= need && (best < 0 || th.size < tp.idle[best].size) {
			best = i
		}
	}
	if best >= 0 {
		th := tp.idle[best]
		tp.idle = append(tp.idle[:best], tp.idle[best+1:]...)
		tp.mu.Unlock()
		return th, nil
	}
	tp.mu.Unlock()
	size := stackSize(need)
	th := &stackThread{size: size, jobs: make(chan *stackJob)}
	th.handle = cgo.NewHandle(th)
	var errno C.int
	th.t = C.rb_spawn(C.uintptr_t(th.handle), C.size_t(size), &errno)
	if th.t == nil {
		th.handle.Delete()
		return nil, fmt.Errorf("cannot start a parser thread with a %d MB stack (error %d)", need>>20, int(errno))
	}
	tp.count(&tp.started)
	return th, nil
}

// put keeps th for the next job; past maxIdleThreads the smallest idle
// thread ends.
func (tp *threadPool) put(th *stackThread) {
	tp.mu.Lock()
	tp.idle = append(tp.idle, th)
	var end *stackThread
	if len(tp.idle) > maxIdleThreads {
		k := 0
		for i, x := range tp.idle {
			if x.size < tp.idle[k].size {
				k = i
			}
		}
		end = tp.idle[k]
		tp.idle = append(tp.idle[:k], tp.idle[k+1:]...)
	}
	tp.mu.Unlock()
	if end != nil {
		close(end.jobs)
		go func() {
			C.rb_join(end.t) // returns once the thread has ended; frees its stack
			end.handle.Delete()
		}()
	}
}

// stackSize is the stack a new parser thread gets for a job that needs
// need bytes: at least 16 MB, rounded up to a power of two, so that a
// thread serves the jobs of similar size after it (the stack is reserved,
// not committed; rb_trim gives back what a job touched).
func stackSize(need int) int {
	size := 16 << 20
	for size < need && size < 1<<40 {
		size <<= 1
	}
	return max(size, need)
}

//export rbServe
func rbServe(h C.uintptr_t) {
	th := cgo.Handle(h).Value().(*stackThread)
	for j := range th.jobs {
		j.run()
		C.rb_trim()
		close(j.done)
	}
}
