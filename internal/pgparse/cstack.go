//go:build unix

package pgparse

/*
#include <stddef.h>
#include <stdint.h>
struct rb_thread;
size_t rb_default_stack(void);
struct rb_thread *rb_spawn(uintptr_t job, size_t size, int *err);
void rb_join(struct rb_thread *t);
*/
import "C"

import (
	"fmt"
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
// has twice that, else on a thread of its own with a stack of need bytes
// (reserved, not committed). A panic of fn is passed on to the caller; a job
// whose thread cannot be started is an error and fn does not run.
func withStack(need int, fn func()) error {
	if need <= defaultStack()/2 {
		fn()
		return nil
	}
	done := make(chan struct{})
	var p any
	h := cgo.NewHandle(func() {
		defer close(done)
		defer func() { p = recover() }()
		fn()
	})
	defer h.Delete()
	var errno C.int
	t := C.rb_spawn(C.uintptr_t(h), C.size_t(need), &errno)
	if t == nil {
		return fmt.Errorf("cannot start a parser thread with a %d MB stack (error %d)", need>>20, int(errno))
	}
	// Wait in Go, not in C: the caller's P stays free for the job's
	// goroutine (with GOMAXPROCS=1 it needs it).
	<-done
	C.rb_join(t)
	if p != nil {
		panic(p)
	}
	return nil
}

//export rbRunJob
func rbRunJob(h C.uintptr_t) {
	cgo.Handle(h).Value().(func())()
}
