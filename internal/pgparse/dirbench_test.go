package pgparse

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// BenchmarkParseDir parses every .sql file of the directory named by
// RBCHECK_PARSE_DIR, one after another, as lint's loader does (for profiles).
func BenchmarkParseDir(b *testing.B) {
	files, srcs := dirSources(b)
	size := 0
	for _, s := range srcs {
		size += len(s)
	}
	defer timeCPU(b, size)()
	for i := 0; i < b.N; i++ {
		for k, s := range srcs {
			Parse(files[k], s)
		}
	}
}

// timeCPU starts timing a benchmark over size bytes a pass; the function
// it returns reports the process's CPU time a pass (cpu-ms/op).
func timeCPU(b *testing.B, size int) func() {
	b.SetBytes(int64(size))
	b.ResetTimer()
	c0 := cpuNow()
	return func() { b.ReportMetric(float64(cpuNow()-c0)/float64(b.N)/1e6, "cpu-ms/op") }
}

func cpuNow() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(0, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// dirSources reads the .sql files of RBCHECK_PARSE_DIR, in name order
// (skipping b when it is not set).
func dirSources(b *testing.B) (files, srcs []string) {
	dir := os.Getenv("RBCHECK_PARSE_DIR")
	if dir == "" {
		b.Skip("RBCHECK_PARSE_DIR is not set")
	}
	files, _ = filepath.Glob(filepath.Join(dir, "*.sql"))
	sort.Strings(files)
	for _, f := range files {
		s, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, string(s))
	}
	return files, srcs
}

// BenchmarkDecodeDir decodes the skimmed JSON of every file of
// RBCHECK_PARSE_DIR that parses whole: the Go decoder alone.
func BenchmarkDecodeDir(b *testing.B) {
	var docs []string
	size := 0
	_, srcs := dirSources(b)
	for _, s := range srcs {
		js, release, err := parseToJSON(s, true)
		if err == nil {
			docs = append(docs, strings.Clone(js))
			size += len(js)
		}
		release()
	}
	defer timeCPU(b, size)()
	for i := 0; i < b.N; i++ {
		for _, js := range docs {
			if _, err := decodeParseResult(js, true, true); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSanitizeDir runs the Go lexers of a parse that needs no
// scanner over every file of RBCHECK_PARSE_DIR: sanitize (psql lines
// blanked), the line table, and the extent and comments of each statement
// of the files that parse whole.
func BenchmarkSanitizeDir(b *testing.B) {
	type stmt struct{ from, to int }
	_, srcs := dirSources(b)
	stmts := make([][]stmt, len(srcs))
	size := 0
	for k, src := range srcs {
		size += len(src)
		p := &fileParser{orig: src}
		if tree, err := pgParse(p.sanitize(src)); err == nil {
			for _, raw := range tree.Stmts {
				to := len(src)
				if raw.StmtLen > 0 {
					to = int(raw.StmtLocation + raw.StmtLen)
				}
				stmts[k] = append(stmts[k], stmt{int(raw.StmtLocation), to})
			}
		}
	}
	defer timeCPU(b, size)()
	for i := 0; i < b.N; i++ {
		for k, src := range srcs {
			p := &fileParser{orig: src}
			p.text = p.sanitize(src)
			p.lines = lineStarts(p.text)
			prev := 0
			for _, st := range stmts[k] {
				start, end := p.extent(st.from, st.to)
				if start >= 0 {
					_ = p.pos(start)
					_ = p.pos(end)
					_ = p.comments(prev, start)
					prev = end
				}
			}
		}
	}
}
