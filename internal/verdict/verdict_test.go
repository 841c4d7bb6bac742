package verdict

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func site(file string, line int, sql string, kind sqlast.UseKind) Site {
	return Site{File: file, Line: line, Col: 2, SQL: sql, Kind: kind, Confidence: "exact"}
}

// fakeCode returns a fixed inventory, standing in for the Go scanner.
func fakeCode(oc *OldCode) func(Tree, *catalog.Catalog) (*OldCode, error) {
	return func(Tree, *catalog.Catalog) (*OldCode, error) { return oc, nil }
}

var base = map[string]string{
	"db/migrations/0001_init.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nick text);\n" +
		"CREATE TABLE teams (id bigint PRIMARY KEY, nick text);\n",
}

func withFiles(extra map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range base {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

func TestDropColumnReadByOldCode(t *testing.T) {
	oldDir := tree(t, base)
	newDir := tree(t, withFiles(map[string]string{"db/migrations/0002_drop.up.sql": "ALTER TABLE users DROP COLUMN nick;\n"}))
	q := "SELECT nick FROM users"
	oc := &OldCode{Uses: []Use{{Table: sqlast.Name{Name: "users"}, Column: "nick", Site: site("a.go", 7, q, sqlast.UseSelect)}}}
	res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollForwardOnly || res.BlockingCount != 1 {
		t.Fatalf("verdict %s blocking %d, findings %+v", res.Verdict, res.BlockingCount, res.Findings)
	}
	it := res.Findings[0]
	if it.Rule != "drop-column" || it.Pos.File != "db/migrations/0002_drop.up.sql" || it.Pos.Line != 1 {
		t.Fatalf("finding %s at %v", it.Rule, it.Pos)
	}
	if len(it.Evidence.Confirmed) != 1 || it.Evidence.Confirmed[0].Line != 7 {
		t.Fatalf("evidence %+v", it.Evidence)
	}
	if len(it.Recipe) == 0 || !strings.Contains(it.Evidence.Why, "users.nick") {
		t.Fatalf("recipe %v why %q", it.Recipe, it.Evidence.Why)
	}
	if len(res.Migrations) != 2 || !res.Migrations[1].New || res.Migrations[0].New || res.Migrations[1].Down != "missing" {
		t.Fatalf("migrations %+v", res.Migrations)
	}
}

func TestSameColumnOtherTableIsNotAMatch(t *testing.T) {
	oldDir := tree(t, base)
	newDir := tree(t, withFiles(map[string]string{"db/migrations/0002_drop.up.sql": "ALTER TABLE users DROP COLUMN nick;\n"}))
	oc := &OldCode{Uses: []Use{{Table: sqlast.Name{Name: "teams"}, Column: "nick", Site: site("a.go", 3, "SELECT nick FROM teams", sqlast.UseSelect)}}}
	res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollbackSafe {
		t.Fatalf("verdict %s: %+v", res.Verdict, res.Findings)
	}
	found := false
	for _, it := range res.Findings {
		if it.Rule == "drop-column" {
			found = true
			if it.Blocking || it.Evidence.Why != "" {
				t.Fatalf("drop-column blocks: %+v", it)
			}
		}
	}
	if !found {
		t.Fatalf("the drop is still reported: %+v", res.Findings)
	}
}

func TestCandidatesArePossibleAndStrictBlocks(t *testing.T) {
	oldDir := tree(t, base)
	newDir := tree(t, withFiles(map[string]string{"db/migrations/0002_drop.up.sql": "ALTER TABLE users DROP COLUMN nick;\n"}))
	u := Use{Column: "nick", Candidates: []sqlast.Name{{Name: "users"}, {Name: "teams"}}, Site: site("a.go", 9, "SELECT nick FROM users, teams", sqlast.UseSelect)}
	oc := &OldCode{Uses: []Use{u}}
	res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollbackSafe || len(res.Warnings) != 1 {
		t.Fatalf("verdict %s warnings %+v", res.Verdict, res.Warnings)
	}
	res, err = Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc), Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollForwardOnly {
		t.Fatalf("strict verdict %s", res.Verdict)
	}
}

func TestAcknowledgedByDirective(t *testing.T) {
	oldDir := tree(t, base)
	newDir := tree(t, withFiles(map[string]string{"db/migrations/0002_drop.up.sql": "-- rbcheck:roll-forward-only nick is gone for good\nALTER TABLE users DROP COLUMN nick;\n"}))
	oc := &OldCode{Uses: []Use{{Table: sqlast.Name{Name: "users"}, Column: "nick", Site: site("a.go", 7, "SELECT nick FROM users", sqlast.UseSelect)}}}
	res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollForwardOnly || !res.Acknowledged || res.Findings[0].AckReason != "nick is gone for good" {
		t.Fatalf("verdict %s acknowledged %v %+v", res.Verdict, res.Acknowledged, res.Findings[0])
	}
}

func TestInsertsWithoutRequiredColumn(t *testing.T) {
	oldDir := tree(t, base)
	newDir := tree(t, withFiles(map[string]string{"db/migrations/0002_req.up.sql": "ALTER TABLE users ADD COLUMN plan text NOT NULL;\n"}))
	users := sqlast.Name{Name: "users"}
	oc := &OldCode{Queries: []Query{
		{Site: site("a.go", 4, "INSERT INTO users (id, email) VALUES ($1, $2)", sqlast.UseInsert), Query: &sqlast.Query{Kind: "insert", InsertTable: &users, InsertColumns: []string{"id", "email"}}},
		{Site: site("b.go", 5, "INSERT INTO teams (id) VALUES ($1)", sqlast.UseInsert), Query: &sqlast.Query{Kind: "insert", InsertTable: &sqlast.Name{Name: "teams"}, InsertColumns: []string{"id"}}},
	}}
	res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollForwardOnly {
		t.Fatalf("verdict %s %+v", res.Verdict, res.Findings)
	}
	ev := res.Findings[0].Evidence
	if len(ev.Confirmed) != 1 || ev.Confirmed[0].File != "a.go" {
		t.Fatalf("evidence %+v", ev)
	}
}

func TestMovedMigrationsAreNotNew(t *testing.T) {
	oldDir := tree(t, withFiles(map[string]string{"db/migrations/0002_drop.up.sql": "ALTER TABLE users DROP COLUMN nick;\n"}))
	newDir := tree(t, map[string]string{
		"sql/0001_init.up.sql": base["db/migrations/0001_init.up.sql"],
		"sql/0002_drop.up.sql": "ALTER TABLE users DROP COLUMN nick;\n",
	})
	oc := &OldCode{Uses: []Use{{Table: sqlast.Name{Name: "users"}, Column: "nick", Site: site("a.go", 7, "SELECT nick FROM users", sqlast.UseSelect)}}}
	res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != RollbackSafe || res.NewMigrationCount != 0 {
		t.Fatalf("verdict %s new %d %+v", res.Verdict, res.NewMigrationCount, res.Migrations)
	}
}

// TestCertainAndUnreachableUses: a partial statement's use whose table is
// constant text (Certain) confirms a dropped table like an exact one; a
// use in code nothing calls (Unreachable) never blocks, also with
// --strict, and is said as a warning; a partial use that is not certain
// stays possible.
func TestCertainAndUnreachableUses(t *testing.T) {
	oldDir := tree(t, base)
	newDir := tree(t, withFiles(map[string]string{"db/migrations/0002_drop.up.sql": "DROP TABLE teams;\n"}))
	partial := func(line int, certain bool, unreachable string) Use {
		s := site("a.go", line, "INSERT INTO teams (…) VALUES (…)", sqlast.UseInsert)
		s.Confidence, s.Certain, s.Unreachable = "partial", certain, unreachable
		return Use{Table: sqlast.Name{Name: "teams"}, Site: s}
	}
	for _, tc := range []struct {
		name     string
		use      Use
		strict   bool
		verdict  string
		evidence string // confirmed, possible, unreachable
	}{
		{"certain", partial(7, true, ""), false, RollForwardOnly, "confirmed"},
		{"uncertain", partial(7, false, ""), false, RollbackSafe, "possible"},
		{"uncertain strict", partial(7, false, ""), true, RollForwardOnly, "possible"},
		{"unreachable", partial(7, true, "store.dead"), false, RollbackSafe, "unreachable"},
		{"unreachable strict", partial(7, true, "store.dead"), true, RollbackSafe, "unreachable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			oc := &OldCode{Uses: []Use{tc.use}}
			res, err := Check(Tree{Root: oldDir, Label: "v1"}, Tree{Root: newDir, Label: "v2"}, Options{Code: fakeCode(oc), Strict: tc.strict})
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != tc.verdict {
				t.Fatalf("verdict %s, want %s: %+v", res.Verdict, tc.verdict, res.Findings)
			}
			var ev *Evidence
			for i := range res.Findings {
				if res.Findings[i].Rule == "drop-table" {
					ev = &res.Findings[i].Evidence
				}
			}
			if ev == nil {
				t.Fatalf("no drop-table finding: %+v", res.Findings)
			}
			got := map[string]int{"confirmed": len(ev.Confirmed), "possible": len(ev.Possible), "unreachable": len(ev.Unreachable)}
			for k, n := range got {
				if (k == tc.evidence) != (n == 1) {
					t.Errorf("%s sites: %d (evidence %+v)", k, n, ev)
				}
			}
			warned := false
			for _, w := range res.Warnings {
				if strings.Contains(w.Message, "only by unreachable code") && strings.Contains(w.Message, "store.dead") {
					warned = true
				}
			}
			if warned != (tc.evidence == "unreachable") {
				t.Errorf("unreachable warning %v: %+v", warned, res.Warnings)
			}
		})
	}
}

// A migration OLD released that NEW lacks (a release branch's own
// migration, when the two releases are on different branches) is reported
// as modified-migration, naming the file and both releases; its twin, the
// same content under another version in NEW, is not reported.
func TestReleasedMigrationMissingFromNew(t *testing.T) {
	fix := "CREATE INDEX users_email ON users (email);\n"
	oldDir := tree(t, withFiles(map[string]string{"db/migrations/0002_fix.up.sql": fix}))
	newDir := tree(t, withFiles(map[string]string{"db/migrations/0003_other.up.sql": "CREATE TABLE posts (id bigint);\n"}))
	res, err := Check(Tree{Root: oldDir, Label: "v1.0.1"}, Tree{Root: newDir, Label: "v1.1.0"}, Options{Code: fakeCode(&OldCode{})})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range res.Findings {
		if it.Rule == ModifiedRule {
			got = append(got, it.Pos.File+": "+it.Message)
		}
	}
	want := `db/migrations/0002_fix.up.sql: migration "db/migrations/0002_fix.up.sql" was released in v1.0.1 and is not in v1.1.0: databases that ran it keep what it did, and a fresh database never runs it`
	if len(got) != 1 || got[0] != want || res.Verdict != RollbackSafe {
		t.Fatalf("verdict %s, modified-migration findings %q, want [%q]", res.Verdict, got, want)
	}
	// the twin: NEW has the content under another version
	newDir = tree(t, withFiles(map[string]string{"db/migrations/0004_fix.up.sql": fix}))
	res, err = Check(Tree{Root: oldDir, Label: "v1.0.1"}, Tree{Root: newDir, Label: "v1.1.0"}, Options{Code: fakeCode(&OldCode{})})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range res.Findings {
		if it.Rule == ModifiedRule {
			t.Errorf("unexpected %s: %s", it.Rule, it.Message)
		}
	}
	if res.NewMigrationCount != 0 {
		t.Errorf("new migrations %d, want 0 (the same content)", res.NewMigrationCount)
	}
}
