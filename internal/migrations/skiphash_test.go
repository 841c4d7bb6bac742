package migrations

import (
	"reflect"
	"testing"
	"testing/fstest"
)

// TestSkipHash loads files that reach every hashing path (a plain up/down
// pair, a duplicate down file, a down file without its up file) with and
// without SkipHash: only Hash differs.
func TestSkipHash(t *testing.T) {
	fsys := fstest.MapFS{
		"db/migrations/000001_a.up.sql":      {Data: []byte("CREATE TABLE t (id int);\n")},
		"db/migrations/000001_a.down.sql":    {Data: []byte("DROP TABLE t;\n")},
		"db/migrations/000002_b.up.sql":      {Data: []byte("ALTER TABLE t ADD COLUMN x int;\n")},
		"db/migrations/000002_b.down.sql":    {Data: []byte("ALTER TABLE t DROP COLUMN x;\n")},
		"db/migrations/000002_copy.down.sql": {Data: []byte("ALTER TABLE t DROP COLUMN x;\n")},
		"db/migrations/000003_c.down.sql":    {Data: []byte("DROP INDEX i;\n")},
	}
	hashed, err := LoadFS(fsys, []string{"db/migrations"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	skipped, err := LoadFS(fsys, []string{"db/migrations"}, Options{SkipHash: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(hashed.Files) != 4 || len(skipped.Files) != len(hashed.Files) {
		t.Fatalf("files %v and %v", paths(hashed), paths(skipped))
	}
	for i, f := range hashed.Files {
		if len(f.Hash) != 64 {
			t.Errorf("%s: hash %q is not a sha256 hex digest", f.Path, f.Hash)
		}
		s := skipped.Files[i]
		if s.Hash != "" {
			t.Errorf("%s: hash %q with SkipHash", s.Path, s.Hash)
		}
		c := *s
		c.Hash = f.Hash
		if !reflect.DeepEqual(&c, f) {
			t.Errorf("%s: SkipHash changed more than the hash", f.Path)
		}
	}
}
