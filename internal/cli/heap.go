package cli

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// heapFloor is the memory limit boundHeap keeps at the least.
const heapFloor = 24 << 20

// boundHeap caps the Go memory of a lint run at max(heapFloor, 2.5 × the
// heap live at the last collection), updated after each collection, and
// returns the function that lifts the cap. The runtime lets the heap grow
// to twice what is live before it collects (GOGC=100), and past that
// while a large file is decoded during a collection; the cap clips those
// bursts, which made peak memory grow with the number of files linted,
// never the heap a file needs (the cap stays above twice the live heap,
// so it never makes the collector run more than GOGC does on a steady
// heap). A GOMEMLIMIT or GOGC the user set wins: nothing is changed.
func boundHeap() (lift func()) {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return func() {}
	}
	var stopped atomic.Bool
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var arm func()
	arm = func() {
		// A finalizer on garbage runs after each collection that frees it.
		runtime.SetFinalizer(new([64]byte), func(*[64]byte) {
			if stopped.Load() {
				return
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				live := sample[0].Value.Uint64()
				debug.SetMemoryLimit(max(heapFloor, int64(min(live, math.MaxInt64/4))*5/2))
			}
			arm()
		})
	}
	debug.SetMemoryLimit(heapFloor)
	arm()
	return func() {
		stopped.Store(true)
		debug.SetMemoryLimit(math.MaxInt64)
	}
}
