package lint

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/migrations"
)

// TestStreamLoadsAhead: linting files loaded ahead on other goroutines
// (Options.Stream), with windows small and large, finds what linting the
// files loaded beforehand finds.
func TestStreamLoadsAhead(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := range 40 {
		var b strings.Builder
		// sizes from a few bytes to some kilobytes, so the byte bound bites
		for k := range 1 + (i*7)%23*10 {
			fmt.Fprintf(&b, "ALTER TABLE t%d ADD COLUMN c%d int NOT NULL;\n", i, k)
		}
		fmt.Fprintf(&b, "CREATE TABLE t%d (id int);\nDROP TABLE u%d;\n", i+1, i)
		fsys[fmt.Sprintf("db/migrations/%04d_m.up.sql", i+1)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	load := func(deferLoad bool) []*migrations.File {
		set, err := migrations.LoadFS(fsys, []string{"db/migrations"}, migrations.Options{Defer: deferLoad})
		if err != nil {
			t.Fatal(err)
		}
		return set.Files
	}
	want := Run(nil, load(false), Options{}).Findings
	if len(want) == 0 {
		t.Fatal("no findings to compare")
	}
	defer func(f int, b int64) { aheadFiles, aheadBytes = f, b }(aheadFiles, aheadBytes)
	for _, w := range []struct {
		files int
		bytes int64
	}{{1, 1}, {3, 100}, {32, 2 << 10}, {32, 256 << 10}, {1000, 1 << 40}} {
		aheadFiles, aheadBytes = w.files, w.bytes
		got := Run(nil, load(true), Options{Stream: true}).Findings
		if len(got) != len(want) {
			t.Errorf("window %d files, %d bytes: %d findings, want %d", w.files, w.bytes, len(got), len(want))
			continue
		}
		for i := range got {
			got[i].Stmt, want[i].Stmt = nil, nil
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("window %d files, %d bytes: finding %d is %+v, want %+v", w.files, w.bytes, i, got[i], want[i])
				break
			}
		}
	}
}
