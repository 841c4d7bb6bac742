//go:build unix

package pgparse

import (
	"runtime"
	"sync"
	"testing"
)

// TestStackPool: jobs that need a parser thread reuse the threads of earlier
// jobs, sequentially and at once, each job runs once on a stack of at least
// its need, and no more than maxIdleThreads threads wait between jobs.
func TestStackPool(t *testing.T) {
	need := max(defaultStack(), 20<<20) // more than any thread of the process has to spare: a parser thread
	started := func() int {
		stackPool.mu.Lock()
		defer stackPool.mu.Unlock()
		return stackPool.started
	}
	before := started()
	// Threads idle before this test (earlier tests leave 16 MB ones) may stay
	// idle with a smaller stack while the jobs below reuse bigger ones: only
	// the threads these jobs start must have the stack they asked for.
	stackPool.mu.Lock()
	old := map[*stackThread]bool{}
	for _, th := range stackPool.idle {
		old[th] = true
	}
	stackPool.mu.Unlock()
	for range 20 {
		ran := 0
		if err := withStack(need, func() { ran++ }); err != nil || ran != 1 {
			t.Fatalf("job ran %d times, error %v", ran, err)
		}
	}
	if n := started() - before; n > 1 {
		t.Errorf("20 jobs one after another started %d threads, want at most 1", n)
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	runs := 0
	for i := range 32 {
		wg.Go(func() {
			n := need + i*(1<<20)
			if err := withStack(n, func() {
				mu.Lock()
				runs++
				mu.Unlock()
			}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if runs != 32 {
		t.Errorf("%d of 32 jobs ran", runs)
	}
	stackPool.mu.Lock()
	idle := len(stackPool.idle)
	for _, th := range stackPool.idle {
		if th.size < need && !old[th] {
			t.Errorf("a parser thread has a %d-byte stack, less than the %d asked", th.size, need)
		}
	}
	stackPool.mu.Unlock()
	if idle > maxIdleThreads {
		t.Errorf("%d idle parser threads, want at most %d", idle, maxIdleThreads)
	}
}

func TestStackSize(t *testing.T) {
	for _, c := range []struct{ need, want int }{
		{1, 16 << 20}, {16 << 20, 16 << 20}, {16<<20 + 1, 32 << 20}, {100 << 20, 128 << 20}, {1 << 30, 1 << 30},
	} {
		if got := stackSize(c.need); got != c.want {
			t.Errorf("stackSize(%d) = %d, want %d", c.need, got, c.want)
		}
	}
}

// TestStackInPlace: a job that needs more than half an ordinary thread's
// stack runs on the calling thread exactly when that thread's own stack has
// twice its need (Go's threads get larger stacks where cstack.c can raise
// glibc's default; the main thread keeps its own), and else on a parser
// thread.
func TestStackInPlace(t *testing.T) {
	need := defaultStack()/2 + 1<<20
	var wg sync.WaitGroup
	var mu sync.Mutex
	big := 0
	for range 8 {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			ts := threadStack()
			ran := false
			inPlace := onThisThread(need, func() { ran = true })
			if inPlace != (ts >= 2*need) || inPlace != ran {
				t.Errorf("thread stack %d bytes, need %d: ran in place %v, ran %v", ts, need, inPlace, ran)
			}
			if inPlace {
				mu.Lock()
				big++
				mu.Unlock()
			}
			// and withStack runs it either way
			ok := false
			if err := withStack(need, func() { ok = true }); err != nil || !ok {
				t.Errorf("job did not run: %v", err)
			}
		})
	}
	wg.Wait()
	t.Logf("%d of 8 threads had the stack to run a %d-byte job in place", big, need)
}
