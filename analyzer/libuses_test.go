package analyzer

import (
	"fmt"
	"strings"
	"testing"
)

// TestLibUsesWithoutDependencies: the fast driver, which loads no
// dependency, lists calls into libraries rbcheck does not read from the
// declared types of fields and variables (s.x is *xorm.Engine), from
// package functions, and, in a file that only names their types, the
// import; zdb's load: queries and bulk inserts of a run-time table are listed, its statements
// are read. Calls of other packages are not listed.
func TestLibUsesWithoutDependencies(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.22\n",
		"store/store.go": `package store

import (
	"context"

	"github.com/doug-martin/goqu/v9"
	"xorm.io/xorm"
	"zgo.at/zdb"
)

type user struct{ Name string }

type Store struct{ x *xorm.Engine }

func (s *Store) Create(u *user) error {
	_, err := s.x.Insert(u)
	return err
}

func From() string {
	q, _, _ := goqu.From("users").ToSQL()
	return q
}

func Load(ctx context.Context, table string) error {
	var n []string
	if err := zdb.Select(ctx, &n, "load:users.List"); err != nil {
		return err
	}
	ins := zdb.NewBulkInsert(ctx, table, []string{"path"})
	_ = ins
	return zdb.Exec(ctx, "delete from hits where path = $1", "x")
}
`,
		"store/types.go": `package store

import "xorm.io/xorm"

// Engine names xorm's type only.
type Engine = *xorm.Engine
`,
		"other/other.go": `package other

import "strings"

func Up(s string) string { return strings.ToUpper(s) }
`,
	})
	inv, err := ScanDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range inv.LibUses {
		got = append(got, fmt.Sprintf("%s %s %s", u.Pos, u.Lib, u.Call))
	}
	want := []string{
		"store/store.go:16:16 xorm Insert",
		"store/store.go:21:18 goqu goqu.From",
		"store/store.go:27:16 zdb zdb load:users.List",
		"store/store.go:30:13 zdb zdb.NewBulkInsert",
		"store/types.go:3:8 xorm import xorm.io/xorm",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("LibUses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	n := 0
	for _, q := range inv.Queries {
		if strings.HasPrefix(q.SQL, "delete from hits") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the zdb.Exec statement was read %d times, want once", n)
	}
}
