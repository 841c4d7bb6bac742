package verdict

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func sqlastName(n string) sqlast.Name { return sqlast.Name{Name: n} }

// What the old code's analysis could not read makes the verdict unknown;
// AllowUnread gives the verdict of what was read. The twin without an
// unread file is safe.
func TestOldCodeUnreadIsUnknown(t *testing.T) {
	oldDir := tree(t, base)
	newDir := tree(t, withFiles(map[string]string{"db/migrations/0002_add.up.sql": "ALTER TABLE users ADD COLUMN bio text;\n"}))
	for _, tc := range []struct {
		unread      []Unread
		allow       bool
		want, wantR string
	}{
		{nil, false, RollbackSafe, RollbackSafe},
		{[]Unread{{Kind: UnreadOldCode, File: "store/x.go", Reason: "internal error", Help: "report it"}}, false, Unknown, RollbackSafe},
		{[]Unread{{Kind: UnreadOldCode, File: "store/x.go", Reason: "internal error", Help: "report it"}}, true, RollbackSafe, RollbackSafe},
	} {
		oc := &OldCode{Unread: tc.unread}
		res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc), AllowUnread: tc.allow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != tc.want || res.ReadVerdict != tc.wantR || len(res.Unread) != len(tc.unread) {
			t.Errorf("unread %v allow %v: verdict %s (read %s), unread %+v", tc.unread, tc.allow, res.Verdict, res.ReadVerdict, res.Unread)
		}
	}
}

// An acknowledged roll-forward-only release with an unread file is unknown
// and not acknowledged: the acknowledgement covers only what was read.
func TestUnknownIsNotAcknowledged(t *testing.T) {
	oldDir := tree(t, base)
	newDir := tree(t, withFiles(map[string]string{
		"db/migrations/0002_drop.up.sql": "-- rbcheck:roll-forward-only nick is gone\nALTER TABLE users DROP COLUMN nick;\n",
		"db/migrations/0003_bad.up.sql":  "ALTR TABLE users;\n",
	}))
	q := "SELECT nick FROM users"
	oc := &OldCode{Uses: []Use{{Table: sqlastName("users"), Column: "nick", Site: site("a.go", 7, q, "select")}}}
	res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != Unknown || res.ReadVerdict != RollForwardOnly || res.Acknowledged || len(res.Unread) != 1 || res.Unread[0].File != "db/migrations/0003_bad.up.sql" {
		t.Fatalf("verdict %s (read %s) acknowledged %v unread %+v", res.Verdict, res.ReadVerdict, res.Acknowledged, res.Unread)
	}
	res, err = Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc), AllowUnread: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollForwardOnly || !res.Acknowledged {
		t.Fatalf("allow-unread: verdict %s acknowledged %v", res.Verdict, res.Acknowledged)
	}
}

// failDir is a file system whose listing of one folder fails (a folder
// without read permission; tests run as root, where chmod does not stop
// reading).
type failDir struct {
	fstest.MapFS
	dir string
}

func (f failDir) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.ReadDir(name)
}

func (f failDir) Open(name string) (fs.File, error) {
	if name == f.dir {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

// A version sub-folder of the migrations that cannot be listed is not
// skipped without a word: the verdict is unknown and names it. Its twin,
// readable, is read (and here safe).
func TestUnreadableSubFolderIsUnknown(t *testing.T) {
	files := fstest.MapFS{
		"db/migrations/0.23/00__init.sql": {Data: []byte("CREATE TABLE users (id bigint PRIMARY KEY, nick text);\n")},
	}
	newFiles := fstest.MapFS{}
	for k, v := range files {
		newFiles[k] = v
	}
	newFiles["db/migrations/0.24/00__add.sql"] = &fstest.MapFile{Data: []byte("ALTER TABLE users ADD COLUMN bio text;\n")}
	opts := Options{Migrations: MigrationOptions{Dirs: []string{"db/migrations"}}, Code: fakeCode(&OldCode{})}
	oldT := Tree{FS: files, Label: "v1", Commit: "c1"}
	res, err := Check(oldT, Tree{FS: newFiles, Label: "v2", Commit: "c2"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollbackSafe || res.NewMigrationCount != 1 {
		t.Fatalf("readable: verdict %s, %d new, unread %+v", res.Verdict, res.NewMigrationCount, res.Unread)
	}
	res, err = Check(oldT, Tree{FS: failDir{newFiles, "db/migrations/0.24"}, Label: "v2", Commit: "c3"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != Unknown || len(res.Unread) != 1 || res.Unread[0].Kind != UnreadFile || res.Unread[0].File != "db/migrations/0.24" ||
		!strings.Contains(res.Unread[0].Reason, "permission denied") {
		t.Fatalf("unreadable: verdict %s, unread %+v", res.Verdict, res.Unread)
	}
}

// Without configured migrations, a folder that cannot be listed may hide
// them: unknown. The twin, readable, is safe.
func TestUnreadableFolderWhileDiscovering(t *testing.T) {
	files := fstest.MapFS{
		"db/migrations/0001_init.up.sql":               {Data: []byte("CREATE TABLE users (id bigint PRIMARY KEY);\n")},
		"services/billing/db/migrations/0001_x.up.sql": {Data: []byte("CREATE TABLE invoices (id bigint PRIMARY KEY);\n")},
	}
	opts := Options{Code: fakeCode(&OldCode{})}
	oldT := Tree{FS: files, Label: "v1", Commit: "c1"}
	res, err := Check(oldT, Tree{FS: files, Label: "v2", Commit: "c2"}, opts)
	if err != nil || res.Verdict != RollbackSafe {
		t.Fatalf("readable: %v %s %+v", err, res.Verdict, res.Unread)
	}
	res, err = Check(oldT, Tree{FS: failDir{files, "services/billing"}, Label: "v2", Commit: "c3"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != Unknown || len(res.Unread) != 1 || res.Unread[0].File != "services/billing" || !strings.Contains(res.Unread[0].Reason, "permission denied") {
		t.Fatalf("unreadable: %s %+v", res.Verdict, res.Unread)
	}
}
