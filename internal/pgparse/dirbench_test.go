package pgparse

import (
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
)

// BenchmarkParseDir parses every .sql file of the directory named by
// RBCHECK_PARSE_DIR, one after another, as lint's loader does (for profiles).
func BenchmarkParseDir(b *testing.B) {
	dir := os.Getenv("RBCHECK_PARSE_DIR")
	if dir == "" {
		b.Skip("RBCHECK_PARSE_DIR is not set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	sort.Strings(files)
	var srcs []string
	size := 0
	for _, f := range files {
		s, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, string(s))
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	c0 := cpuNow()
	for i := 0; i < b.N; i++ {
		for k, s := range srcs {
			Parse(files[k], s)
		}
	}
	b.ReportMetric(float64(cpuNow()-c0)/float64(b.N)/1e6, "cpu-ms/op")
}

func cpuNow() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(0, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
