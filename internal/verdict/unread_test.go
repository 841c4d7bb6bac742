package verdict

import (
	"testing"

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
