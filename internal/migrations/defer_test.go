package migrations

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestDeferLoadsAlike loads every test migration folder (each format, the
// real repositories' layouts) at once and deferred: after File.Load the
// files are the same, and Release lets go of their statements.
func TestDeferLoadsAlike(t *testing.T) {
	for _, keep := range []int64{0, deferKeep} {
		defer func(k int64) { deferKeep = k }(deferKeep)
		deferKeep = keep // 0: every source is read again on Load
		deferLoadsAlike(t)
	}
}

func deferLoadsAlike(t *testing.T) {
	t.Helper()
	root := filepath.Join("..", "..", "testdata", "migrations")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		want, werr := Load(dir, Options{})
		got, gerr := Load(dir, Options{Defer: true})
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%s: errors %v and %v", e.Name(), werr, gerr)
		}
		if werr != nil {
			continue
		}
		for _, f := range got.Files {
			f.Load()
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%s: deferred loading differs", e.Name())
			continue
		}
		for _, f := range got.Files {
			checked++
			f.Release()
			if f.Up != nil && (f.Up.Stmts != nil || f.Up.src != "") || f.Directives != nil {
				t.Errorf("%s: Release kept the statements", f.Path)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d files compared", checked)
	}
}
