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
const heapFloor = 28 << 20

// boundHeap caps the Go memory of a lint run at max(heapFloor, 2.5 × the
// heap live at the last collection), updated after each collection, turns
// the proportional collector off (GOGC=off) so that the cap alone sets
// when a collection starts, and returns the function that undoes both.
// The runtime lets the heap grow to a multiple of what is live before it
// collects (rbcheck's GOGC=200), and past that while a large file is
// decoded during a collection; the cap clips those bursts, which made
// peak memory grow with the number of files linted, never the heap a
// file needs. With the proportional goal on as well, a lint whose live
// heap is small (5–7 MB on PostgreSQL's regression SQL) collected at three
// times that, well below the cap: 11–14 collections a run where 6 fill
// the room the cap leaves, for a few MiB more at the peak. A GOMEMLIMIT or
// GOGC the user set wins: nothing is changed.
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
	gcPercent := debug.SetGCPercent(-1)
	arm()
	return func() {
		stopped.Store(true)
		debug.SetGCPercent(gcPercent)
		debug.SetMemoryLimit(math.MaxInt64)
	}
}
