package verify_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/rbcheck/rbcheck/internal/cli"
	"github.com/rbcheck/rbcheck/internal/scenario"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/internal/verify"
)

func checkout(v string) string { return filepath.Join("..", "..", "testdata", "checkout", v) }

// The bundled example: v2.4.0 drops and renames columns v2.3.0 reads.
func TestCheckoutRollForwardOnly(t *testing.T) {
	dsn := needPG(t)
	var stdout, stderr bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr}, []string{"verify", "--dsn", dsn, "--old", checkout("v2.3.0"), "--new", checkout("v2.4.0")})
	out := stdout.String()
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, stderr.String())
	}
	for _, want := range []string{
		"postgres: roll-forward-only",
		`internal/store/users.go:32: 42703 column "full_name" does not exist`,
		`internal/store/users.go:43: 42703 column "full_name" of relation "users" does not exist`,
		"db/migrations/0003_drop_legacy_email.up.sql:2: AccessExclusiveLock on users",
		"agreement: static analysis and Postgres both say roll-forward-only",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
}

func TestCheckoutSafe(t *testing.T) {
	dsn := needPG(t)
	rep, code, stderr := runVerify(t, dsn, "--old", checkout("v2.4.0"), "--new", checkout("v2.4.1"))
	if code != 0 {
		t.Fatalf("exit %d, want 0\n%s", code, stderr)
	}
	if rep.Postgres.Verdict != "rollback-safe" || !rep.Agreement || rep.Postgres.Checked == 0 {
		t.Errorf("postgres %s, agreement %v, %d statements checked", rep.Postgres.Verdict, rep.Agreement, rep.Postgres.Checked)
	}
}

func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A migration Postgres refuses is reported with its SQLSTATE and the line of
// the error inside the file; verify exits 2.
func TestMigrationError(t *testing.T) {
	dsn := needPG(t)
	base := map[string]string{
		"go.mod":                         "module x\n\ngo 1.22\n",
		"db/migrations/0001_init.up.sql": "CREATE TABLE t (id int PRIMARY KEY, a text);\n",
		"store/s.go":                     "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Exec(\"UPDATE t SET a = $1\", \"x\") }\n",
	}
	oldDir := writeTree(t, base)
	base["db/migrations/0002_bad.up.sql"] = "CREATE INDEX t_a ON t (a);\nALTER TABLE t\n  ADD COLUMN b text REFERENCES missing (id);\n"
	newDir := writeTree(t, base)
	var stdout, stderr bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr}, []string{"verify", "--dsn", dsn, "--format", "json", "--old", oldDir, "--new", newDir})
	if code != 2 {
		t.Fatalf("exit %d, want 2\n%s\n%s", code, stdout.String(), stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{`"file": "db/migrations/0002_bad.up.sql"`, `"line": 2`, `"sqlstate": "42P01"`, `relation \"missing\" does not exist`, `"agreement": false`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s\n%s", want, out)
		}
	}
}

// verify refuses a DSN whose database has tables, and never leaves its
// scratch database behind.
func TestRefusesNonEmptyAndDropsScratch(t *testing.T) {
	dsn := needPG(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE DATABASE appdb"); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(ctx, "DROP DATABASE appdb WITH (FORCE)")
	cfg, _ := pgx.ParseConfig(dsn)
	cfg.Database = "appdb"
	app, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Exec(ctx, "CREATE TABLE precious (id int)"); err != nil {
		t.Fatal(err)
	}
	app.Close(ctx)
	appDSN := strings.Replace(dsn, "dbname=postgres", "dbname=appdb", 1)

	oldT := verdict.Tree{Root: checkout("v2.4.0"), Label: "v2.4.0"}
	newT := verdict.Tree{Root: checkout("v2.4.1"), Label: "v2.4.1"}
	_, err = verify.Run(ctx, oldT, newT, verify.Options{DSN: appDSN})
	if !errors.Is(err, verify.ErrNotScratch) {
		t.Fatalf("Run on a database with tables: %v, want ErrNotScratch", err)
	}
	rep, err := verify.Run(ctx, oldT, newT, verify.Options{DSN: appDSN, AllowNonEmpty: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := admin.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", rep.Database).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 || !strings.HasPrefix(rep.Database, "rbcheck_verify_") {
		t.Errorf("scratch database %q still exists (%d)", rep.Database, n)
	}
	// the DSN's own database is untouched
	app, err = pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close(ctx)
	var tables int
	if err := app.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 1 {
		t.Errorf("appdb has %d tables, want just precious", tables)
	}
}

// A cancelled context (Ctrl-C) still drops the scratch database.
func TestCancelDropsScratch(t *testing.T) {
	dsn := needPG(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	created := ""
	oldT := verdict.Tree{Root: checkout("v2.3.0"), Label: "v2.3.0"}
	newT := verdict.Tree{Root: checkout("v2.4.0"), Label: "v2.4.0"}
	_, err := verify.Run(ctx, oldT, newT, verify.Options{DSN: dsn, OnScratch: func(n string) { created = n; cancel() }})
	if err == nil || created == "" {
		t.Fatalf("Run cancelled after creating %q: err %v", created, err)
	}
	admin, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	var n int
	if err := admin.QueryRow(context.Background(), "SELECT count(*) FROM pg_database WHERE datname LIKE 'rbcheck_verify_%'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d scratch databases left behind", n)
	}
}

// The locking-only scenario's CREATE INDEX (without CONCURRENTLY) takes a
// ShareLock on the existing table: pg_locks confirms the static finding.
func TestLockFindingConfirmed(t *testing.T) {
	dsn := needPG(t)
	for _, s := range scenario.Load(t, filepath.Join("..", "..", "testdata", "scenarios")) {
		if s.Name != "locking-only" {
			continue
		}
		oldDir, newDir := s.Trees(t)
		rep, code, stderr := runVerify(t, dsn, "--old", oldDir, "--new", newDir)
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		if len(rep.Postgres.LockFindings) == 0 {
			t.Fatalf("no locking finding matched; locks: %+v", rep.Postgres.Locks)
		}
		for _, lf := range rep.Postgres.LockFindings {
			if !lf.Confirmed || len(lf.Locks) == 0 || lf.Locks[0].Mode != "ShareLock" || lf.Locks[0].Table != "events" {
				t.Errorf("lock finding %+v, want ShareLock on events confirmed", lf)
			}
		}
		return
	}
	t.Fatal("no locking-only scenario")
}

// The same release given as git revisions (OLD..NEW in a repository).
func TestGitRange(t *testing.T) {
	dsn := needPG(t)
	for _, s := range scenario.Load(t, filepath.Join("..", "..", "testdata", "scenarios")) {
		if s.Name != "drop-column-read" {
			continue
		}
		dir := s.BuildRepo(t)
		var stdout, stderr bytes.Buffer
		code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr, Dir: dir}, []string{"verify", "v1.0.0..v1.1.0", "--dsn", dsn})
		if code != 1 || !strings.Contains(stdout.String(), "42703") || !strings.Contains(stdout.String(), "agreement: static analysis and Postgres both say roll-forward-only") {
			t.Errorf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
		}
		if st := scenario.Git(t, dir, "status", "--porcelain"); st != "" {
			t.Errorf("work tree changed:\n%s", st)
		}
		return
	}
	t.Fatal("no drop-column-read scenario")
}

// An enum label compared as text prepares fine after the rename; the
// pg_enum check still sees the label is gone.
func TestEnumLabelAsText(t *testing.T) {
	dsn := needPG(t)
	files := map[string]string{
		"go.mod":                         "module x\n\ngo 1.22\n",
		"db/migrations/0001_init.up.sql": "CREATE TYPE st AS ENUM ('pending', 'shipped');\nCREATE TABLE orders (id int PRIMARY KEY, status st NOT NULL);\n",
		"store/s.go":                     "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT id FROM orders WHERE status::text = 'shipped'\") }\n",
	}
	oldDir := writeTree(t, files)
	files["db/migrations/0002_rename.up.sql"] = "ALTER TYPE st RENAME VALUE 'shipped' TO 'dispatched';\n"
	newDir := writeTree(t, files)
	rep, _, stderr := runVerify(t, dsn, "--old", oldDir, "--new", newDir)
	if len(rep.Postgres.Failures) != 1 || rep.Postgres.Failures[0].Check != "enum-label" || rep.Postgres.Failures[0].Line != 5 {
		t.Fatalf("failures %+v, want one enum-label failure at store/s.go:5\n%s", rep.Postgres.Failures, stderr)
	}
	t.Logf("static %s, postgres %s: %s", rep.Verdict.Verdict, rep.Postgres.Verdict, rep.Postgres.Failures[0].Message)
}

// --pg-bin starts a throwaway cluster for the run and removes it after.
func TestPgBinThrowawayCluster(t *testing.T) {
	needPG(t)
	tmp := scenario.PrivateTmp(t, "verifytest-")
	before, _ := filepath.Glob(filepath.Join(tmp, "rbcheck-pg-*"))
	var stdout, stderr bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr}, []string{"verify", "--pg-bin", cluster.BinDir, "--old", checkout("v2.4.0"), "--new", checkout("v2.4.1")})
	if code != 0 || !strings.Contains(stdout.String(), "agreement: static analysis and Postgres both say rollback-safe") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	after, _ := filepath.Glob(filepath.Join(tmp, "rbcheck-pg-*"))
	if len(after) != len(before) {
		t.Errorf("throwaway cluster directories before %v, after %v", before, after)
	}
}

// With the rule that would catch it turned off, the static verdict misses a
// dropped column: Postgres's failure is reported as missed (a bug in
// rbcheck), the two disagree, and verify exits 1.
func TestDisagreementMissed(t *testing.T) {
	dsn := needPG(t)
	var stdout, stderr bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr}, []string{"verify", "--dsn", dsn,
		"--disable", "drop-column,rename-column", "--old", checkout("v2.3.0"), "--new", checkout("v2.4.0")})
	out := stdout.String()
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, out, stderr.String())
	}
	for _, want := range []string{
		"disagreement: static analysis says rollback-safe, Postgres says roll-forward-only",
		`missed by the static analysis: internal/store/users.go:32 fails on Postgres (42703 column "full_name" does not exist): this is a bug in rbcheck`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
}

// A static finding on partial SQL whose run-time part is a table name cannot
// be prepared: under --strict the static verdict blocks, Postgres cannot
// confirm it, and the report says why.
func TestDisagreementUnconfirmed(t *testing.T) {
	dsn := needPG(t)
	files := map[string]string{
		"go.mod":                         "module x\n\ngo 1.22\n",
		"db/migrations/0001_init.up.sql": "CREATE TABLE products (id int PRIMARY KEY, sku text);\n",
		"store/s.go":                     "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB, t string) { db.Query(\"SELECT id, sku FROM products JOIN \" + t + \" USING (id)\") }\n",
	}
	oldDir := writeTree(t, files)
	files["db/migrations/0002_drop.up.sql"] = "ALTER TABLE products DROP COLUMN sku;\n"
	newDir := writeTree(t, files)
	rep, code, stderr := runVerify(t, dsn, "--strict", "--old", oldDir, "--new", newDir)
	if rep.Verdict == nil {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if rep.Verdict.Verdict != "roll-forward-only" {
		t.Fatalf("the static verdict under --strict does not block on partial SQL naming the dropped column (%s)", rep.Verdict.Verdict)
	}
	if rep.Agreement || code != 1 || len(rep.Unconfirmed) != 1 {
		t.Fatalf("agreement %v, exit %d, unconfirmed %+v", rep.Agreement, code, rep.Unconfirmed)
	}
	if u := rep.Unconfirmed[0]; u.File != "store/s.go" || u.Line != 5 || !strings.Contains(u.Why, "cannot be checked") {
		t.Errorf("unconfirmed %+v", u)
	}
}

// A goose Go migration ran before the SQL migration that fails (hatchet:
// 20260424190713_v1_0_99.go creates the table 20260424205453_v1_0_100.sql
// alters): verify cannot run Go code, so it says the error may come from
// the Go migration and the result is unknown (exit 1), not "fix the
// migration above". The twin without the Go migration keeps the error.
func TestMigrationErrorAfterGoMigration(t *testing.T) {
	dsn := needPG(t)
	for _, withGo := range []bool{true, false} {
		base := map[string]string{
			"go.mod":                     "module x\n\ngo 1.22\n",
			"migrations/00001_init.sql":  "-- +goose Up\nCREATE TABLE t (id int PRIMARY KEY, a text);\n",
			"migrations/00003_alter.sql": "-- +goose Up\nALTER TABLE t_new ADD COLUMN b text;\n",
			"store/s.go":                 "package store\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Exec(\"UPDATE t SET a = $1\", \"x\") }\n",
		}
		if withGo {
			base["migrations/00002_create_t_new.go"] = "package migrations\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n\n\t\"github.com/pressly/goose/v3\"\n)\n\nfunc init() { goose.AddMigrationContext(up, nil) }\n\nfunc up(ctx context.Context, tx *sql.Tx) error {\n\t_, err := tx.ExecContext(ctx, `CREATE TABLE t_new (id int)`)\n\treturn err\n}\n"
		}
		oldDir := writeTree(t, base)
		base["migrations/00004_index_t.sql"] = "-- +goose Up\nCREATE INDEX t_a ON t (a);\n"
		newDir := writeTree(t, base)
		var stdout, stderr bytes.Buffer
		code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr}, []string{"verify", "--dsn", dsn, "--old", oldDir, "--new", newDir})
		out := stdout.String()
		note := "a Go migration (migrations/00002_create_t_new.go) ran before this one in production; verify cannot run Go migrations: the error may come from it"
		if withGo {
			if code != 1 {
				t.Errorf("with a Go migration: exit %d, want 1 (unknown)\n%s\n%s", code, out, stderr.String())
			}
			for _, want := range []string{`migrations/00003_alter.sql:2: 42P01 relation "t_new" does not exist`, note, "not checkable"} {
				if !strings.Contains(out, want) {
					t.Errorf("with a Go migration: output lacks %q\n%s", want, out)
				}
			}
			if strings.Contains(out, "fix the migration above") {
				t.Errorf("with a Go migration: blames the SQL migration\n%s", out)
			}
			continue
		}
		if code != 2 || strings.Contains(out, "Go migration") || !strings.Contains(out, "fix the migration above") {
			t.Errorf("without a Go migration: exit %d (want 2), want the plain migration error\n%s\n%s", code, out, stderr.String())
		}
	}
}
