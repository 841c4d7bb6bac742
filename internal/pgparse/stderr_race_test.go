//go:build unix

package pgparse

import (
	"strings"
	"sync"
	"syscall"
	"testing"
)

// TestParseKeepsStderr: parsing from several goroutines at once leaves file
// descriptor 2 what it was. libpg_query's pg_query_raw_parse redirects the
// process's stderr through a pipe around each parse unless DEBUG is defined
// (pg_query_go defines it in pg_query_internal.h); with the redirect,
// overlapping parses would leave stderr on a pipe nobody reads.
func TestParseKeepsStderr(t *testing.T) {
	var before syscall.Stat_t
	if err := syscall.Fstat(2, &before); err != nil {
		t.Skip(err)
	}
	src := strings.Repeat("CREATE TABLE t (a int, b text NOT NULL DEFAULT 'x');\nALTER TABLE t ADD COLUMN c int;\nSELECT a, b FROM t WHERE a = 1;\n", 50)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				_, _, _ = parseToJSON(src, true)
			}
		}()
	}
	wg.Wait()
	var after syscall.Stat_t
	if err := syscall.Fstat(2, &after); err != nil {
		t.Fatalf("stderr is no longer open after parallel parses: %v", err)
	}
	if after.Dev != before.Dev || after.Ino != before.Ino {
		t.Fatalf("stderr changed after parallel parses: fd 2 was dev %d inode %d, now dev %d inode %d (mode %o)", before.Dev, before.Ino, after.Dev, after.Ino, after.Mode)
	}
}
