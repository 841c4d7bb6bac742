package analyzer

import (
	"os"
	"testing"
)

// BenchmarkScanDir scans the module in $RBCHECK_BENCH_DIR (see
// bench/refs/gen), e.g. RBCHECK_BENCH_DIR=/tmp/mod go test -bench ScanDir.
func BenchmarkScanDir(b *testing.B) {
	dir := os.Getenv("RBCHECK_BENCH_DIR")
	if dir == "" {
		b.Skip("RBCHECK_BENCH_DIR is not set")
	}
	for i := 0; i < b.N; i++ {
		if _, err := ScanDir(dir, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
