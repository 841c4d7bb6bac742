package analyzer

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// ScanDir reads a tree through Options.FS (a revision read from git) with
// the same result as from the disk: same sites, same positions, embedded
// files and go.mod included, and no disk access under the root name.
func TestScanDirFS(t *testing.T) {
	dir := filepath.Join("testdata", "scan", "shop")
	for _, tests := range []bool{false, true} {
		disk, err := ScanDir(dir, Options{IncludeTests: tests, Exclude: []string{"internal/legacy/**"}})
		if err != nil {
			t.Fatal(err)
		}
		// a root that does not exist on disk: everything comes from FS
		viaFS, err := ScanDir("/nonexistent/rbcheck-revision", Options{IncludeTests: tests, Exclude: []string{"internal/legacy/**"}, FS: os.DirFS(dir)})
		if err != nil {
			t.Fatal(err)
		}
		if len(disk.Refs) == 0 || !reflect.DeepEqual(lines(disk), lines(viaFS)) {
			t.Errorf("tests %v: disk\n%v\nFS\n%v", tests, lines(disk), lines(viaFS))
		}
	}
}

func lines(inv *Inventory) []string {
	var out []string
	for _, r := range inv.Refs {
		out = append(out, refKey(r))
	}
	for _, q := range inv.Queries {
		out = append(out, fmt.Sprintf("%s %s %s", q.Pos, q.Via, q.SQL))
	}
	for _, d := range inv.Dynamic {
		out = append(out, fmt.Sprintf("%s dynamic: %s", d.Pos, d.Reason))
	}
	for _, e := range inv.Errors {
		out = append(out, fmt.Sprintf("%s error %s", e.Pos, e.Kind))
	}
	return out
}
