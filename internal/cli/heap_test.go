package cli

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestBoundHeap: the lint command caps the Go heap at the floor, follows
// the live heap after collections (never below 2.5 × it), turns the
// proportional collector off while it is capped, lifts the cap and
// restores the collector when done, and leaves a GOGC or GOMEMLIMIT of
// the user alone.
func TestBoundHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(150))
	lift := boundHeap()
	if got := debug.SetMemoryLimit(-1); got != heapFloor {
		t.Errorf("limit %d at the start, want %d", got, heapFloor)
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GOGC %d while capped, want off (-1)", got)
	}
	keep := make([][]byte, 0, 64)
	for i := 0; i < 64; i++ { // 64 MiB live: the cap must follow it up
		keep = append(keep, make([]byte, 1<<20))
	}
	want := int64(len(keep)) << 20 * 5 / 2
	deadline := time.Now().Add(10 * time.Second)
	for debug.SetMemoryLimit(-1) < want && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // the finalizer runs on its own goroutine
	}
	if got := debug.SetMemoryLimit(-1); got < want {
		t.Errorf("limit %d with %d bytes live, want at least %d", got, len(keep)<<20, want)
	}
	runtime.KeepAlive(keep)
	lift()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("limit %d after lift, want none", got)
	}
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("GOGC %d after lift, want the 150 it was", got)
	}
	t.Setenv("GOGC", "50")
	boundHeap()()
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("GOGC %d with GOGC set, want the 150 it was", got)
	}
	debug.SetMemoryLimit(123 << 20)
	boundHeap()()
	if got := debug.SetMemoryLimit(-1); got != 123<<20 {
		t.Errorf("limit %d with GOGC set, want the user's 123 MiB untouched", got)
	}
}
