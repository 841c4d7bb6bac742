package analyzer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A squirrel predicate variable assigned a literal that holds the variable
// itself (where = sq.And{where, …} in a loop, as in mattermost-server's
// post store) overflowed the stack; it is read as a partial predicate.
func TestSelfReferentialSquirrelPredicate(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod": "module example.com/sq\n\ngo 1.22\n",
		"store/q.go": `package store

import sq "github.com/Masterminds/squirrel"

func Q(db sq.BaseRunner, ids []string) {
	where := sq.And{sq.Eq{"a": 1}}
	for range ids {
		where = sq.And{where, sq.Eq{"b": 2}}
	}
	sq.Select("id").From("posts").Where(where).RunWith(db).Query()
}
`,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(lines(inv), "\n")
	if !strings.Contains(got, "posts.b select partial squirrel") || !strings.Contains(got, "posts.id select partial squirrel") {
		t.Fatalf("got:\n%s", got)
	}
}
