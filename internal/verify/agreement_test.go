package verify_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/cli"
	"github.com/rbcheck/rbcheck/internal/pgtest"
	"github.com/rbcheck/rbcheck/internal/scenario"
	"github.com/rbcheck/rbcheck/internal/verify"
)

var update = flag.Bool("update", false, "rewrite docs/verification.md")

// cluster is the throwaway PostgreSQL the tests share; nil with noPG set
// when none could be started.
var (
	cluster *pgtest.Cluster
	noPG    error
)

func TestMain(m *testing.M) {
	flag.Parse()
	cluster, noPG = pgtest.ForTests()
	code := m.Run()
	if cluster != nil {
		cluster.Stop()
	}
	os.Exit(code)
}

// needPG fails in CI and skips elsewhere when there is no PostgreSQL.
func needPG(t *testing.T) string {
	t.Helper()
	if cluster == nil {
		if pgtest.InCI() {
			t.Fatalf("PostgreSQL is required in CI (CI=true) and could not be started: %v", noPG)
		}
		t.Skipf("skipping: no PostgreSQL to verify against (%v); install it (apt-get install postgresql) or set RBCHECK_PG_BIN", noPG)
	}
	// A role with CREATEDB and CREATEROLE, not a superuser: what a CI job
	// should give verify (a superuser DSN is refused).
	return cluster.AdminDSN("postgres")
}

type row struct {
	name, static, postgres, errText string
	agree                           bool
	// notVerified: verify could not apply a schema change the release
	// makes from Go code, and says so instead of agreeing
	notVerified bool
}

func runVerify(t *testing.T, dsn string, args ...string) (verify.JSONReport, int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Main(&cli.Env{Stdout: &stdout, Stderr: &stderr}, append([]string{"verify", "--dsn", dsn, "--format", "json"}, args...))
	var rep verify.JSONReport
	if code == 0 || code == 1 {
		if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
			t.Fatalf("verify output is not JSON: %v\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
		}
	}
	return rep, code, stderr.String()
}

// TestAgreement runs every release scenario through verify: the static
// verdict and Postgres must agree on each, and docs/verification.md must be
// the table this run produces (go test ./internal/verify -run TestAgreement
// -update rewrites it).
func TestAgreement(t *testing.T) {
	dsn := needPG(t)
	scs := scenario.Load(t, filepath.Join("..", "..", "testdata", "scenarios"))
	var rows []row
	for _, s := range scs {
		t.Run(s.Name, func(t *testing.T) {
			oldDir, newDir := s.Trees(t)
			rep, code, stderr := runVerify(t, dsn, append([]string{"--old", oldDir, "--new", newDir}, s.Args...)...)
			if code != 0 && code != 1 {
				t.Fatalf("verify exit %d\n%s", code, stderr)
			}
			if rep.Verdict == nil {
				t.Fatalf("no static verdict in the report")
			}
			r := row{name: s.Name, static: rep.Verdict.Verdict, postgres: rep.Postgres.Verdict, agree: rep.Agreement}
			if rep.Verdict.Verdict != s.Verdict {
				t.Errorf("static verdict %s, the scenario expects %s", rep.Verdict.Verdict, s.Verdict)
			}
			var errs []string
			for _, f := range rep.Postgres.Failures {
				errs = append(errs, fmt.Sprintf("`%s:%d` %s", f.File, f.Line, strings.TrimSpace(f.SQLState+" "+f.Message)))
			}
			for _, m := range rep.Postgres.MigrationErrors {
				errs = append(errs, fmt.Sprintf("migration `%s:%d` %s", m.File, m.Line, strings.TrimSpace(m.SQLState+" "+m.Message)))
			}
			for _, n := range rep.Postgres.NotApplied {
				errs = append(errs, fmt.Sprintf("not applied: `%s:%d:%d`", n.File, n.Line, n.Column))
			}
			r.errText = strings.Join(errs, "; ")
			if s.Verdict == "unknown" {
				// Only a release whose Go code changes the schema where
				// rbcheck cannot read it is unknown here: verify cannot
				// apply that change, says so at its position, and claims
				// no agreement on a database it did not build.
				r.notVerified = true
				if rep.Postgres.Verdict != verify.Unknown || rep.Agreement || len(rep.Postgres.NotApplied) == 0 {
					t.Errorf("static unknown: want postgres unknown, no agreement and what was not applied; got postgres %s, agreement %v, not applied %+v",
						rep.Postgres.Verdict, rep.Agreement, rep.Postgres.NotApplied)
				}
				for _, n := range rep.Postgres.NotApplied {
					if n.File == "" || n.Line == 0 || n.Column == 0 || n.Reason == "" {
						t.Errorf("not applied %+v: want file, line, column and reason", n)
					}
				}
				if code != 1 {
					t.Errorf("exit %d, want 1 (unknown)", code)
				}
				rows = append(rows, r)
				return
			}
			if len(rep.Postgres.NotApplied) > 0 {
				t.Errorf("static %s, yet verify did not apply %+v", rep.Verdict.Verdict, rep.Postgres.NotApplied)
			}
			if !rep.Agreement {
				t.Errorf("disagreement: static %s, postgres %s\nmissed: %+v\nunconfirmed: %+v\nfailures: %+v\nmigration errors: %+v",
					rep.Verdict.Verdict, rep.Postgres.Verdict, rep.Missed, rep.Unconfirmed, rep.Postgres.Failures, rep.Postgres.MigrationErrors)
			}
			// Exit codes follow the documented rule.
			want := 0
			if !rep.Agreement || (rep.Postgres.Verdict == "roll-forward-only" && !rep.Verdict.Acknowledged) {
				want = 1
			}
			if code != want {
				t.Errorf("exit %d, want %d", code, want)
			}
			rows = append(rows, r)
		})
	}
	if len(rows) < 30 {
		t.Errorf("only %d scenarios verified, want at least 30", len(rows))
	}
	table := verificationTable(rows)
	path := filepath.Join("..", "..", "docs", "verification.md")
	if *update {
		if err := os.WriteFile(path, []byte(table), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	cur, err := os.ReadFile(path)
	if err != nil || string(cur) != table {
		t.Errorf("docs/verification.md is stale: run go test ./internal/verify -run TestAgreement -update")
	}
}

func verificationTable(rows []row) string {
	var b strings.Builder
	b.WriteString(`# Verification against PostgreSQL

Generated by ` + "`go test ./internal/verify -run TestAgreement -update`" + `; do not edit by hand (the test fails
when this file is stale).

Every release scenario in ` + "`testdata/scenarios`" + ` runs through ` + "`rbcheck verify`" + `: a scratch database
gets the old release's migrations, every exact statement of the old code is prepared and planned
(` + "`PREPARE`" + ` + ` + "`EXPLAIN EXECUTE`" + ` with NULL arguments, inside a rolled-back transaction), the new
release's migrations are applied the way their tool applies them, and the same statements are
prepared and planned again. Old INSERTs also run, inside a rolled-back transaction, with their column
list and a sample value of its type for each parameter, before and after. A statement that worked
before and fails after, an INSERT that went in before and now violates NOT NULL (or, when its sample
values cannot go in, leaves a NOT NULL column without a default unset) or a CHECK that reads no
column it sets from a parameter (the rejected value is then the old code's, not a sample), a statement whose result
columns changed in a way the old code's reading does not take (one more column for a positional scan
or a strict mapper, not for a mapper that skips unknown columns or a consumer rbcheck cannot see; any
other change), a widened result column the old code scans into a narrower Go type, or a result
column or parameter whose type changed within its category and no longer carries a typical value of
the old type unchanged (a ` + "`char(36)`" + ` value gains padding in ` + "`char(40)`" + `, a ` + "`timestamp`" + ` read as
` + "`timestamptz`" + ` gains a time zone, a ` + "`real`" + ` 0.1 is not the double 0.1), or a value the statement compares a
column with (or writes) that was the column's constant default and no longer is (rows written from
now on carry another value, which its filter misses), makes the Postgres verdict
roll-forward-only. ` + "`go test ./internal/verify -run TestTypeChangesOnPostgres`" + ` checks the type changes
the rules call safe, widening or breaking the same way. The old code's statements, and each
release's migrations, run on a connection of their own, as they do in production: what a migration
` + "`SET`" + ` for its session (` + "`search_path`" + `, a role, ` + "`session_replication_role`" + `, a temporary table)
does not reach them. Before the first migration the scratch database gets the migration tool's own
table, as the tool creates it (golang-migrate's and dbmate's ` + "`schema_migrations`" + `, goose's
` + "`goose_db_version`" + `, temporal's ` + "`schema_version`" + `): migrations and old code may use it.

The new release's migrations are the ones the static verdict judges, in its order: the constant SQL
the release runs from Go code (a goose Go migration's, a Go migration function's, DDL run with
` + "`Exec`" + `) is applied from its Go file and line, a goose Go migration in its version's place, other Go
code after the SQL migrations; a statement that fails because what it creates already exists, in a
function that checks for that error and goes on, is left as it was, as in production. A schema change
the Go code makes at run time cannot be applied:
verify lists it as not applied, at its line and column, and says it could not verify (the static
verdict is ` + "`unknown`" + ` for it too) instead of agreeing on a database that is not the release's.

`)
	agree, notVerified := 0, 0
	for _, r := range rows {
		switch {
		case r.agree:
			agree++
		case r.notVerified:
			notVerified++
		}
	}
	fmt.Fprintf(&b, "%d scenarios, %d agree, %d disagree, %d could not be verified (both say unknown: a schema change made from Go code that neither can read).\n\n",
		len(rows), agree, len(rows)-agree-notVerified, notVerified)
	b.WriteString("| scenario | static verdict | Postgres verdict | agreement | Postgres error |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, r := range rows {
		a := "yes"
		switch {
		case r.notVerified:
			a = "could not verify"
		case !r.agree:
			a = "**no**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", r.name, r.static, r.postgres, a, strings.ReplaceAll(r.errText, "|", `\|`))
	}
	b.WriteString(securitySection)
	return b.String()
}
