package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/config"
	"github.com/rbcheck/rbcheck/internal/jsonschema"
	"github.com/rbcheck/rbcheck/internal/report/sarifschema"
	"github.com/rbcheck/rbcheck/internal/scenario"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/internal/verify"
)

var schemaDir = filepath.Join("..", "..", "docs", "schema")

func loadJSONSchema(name string) ([]byte, error) { return os.ReadFile(filepath.Join(schemaDir, name)) }

// validate checks a JSON sample against docs/schema/<schema>.
func validate(t *testing.T, schema, what string, doc []byte) {
	t.Helper()
	if errs := jsonschema.Validate(loadJSONSchema, schema, doc); len(errs) > 0 {
		if len(errs) > 10 {
			errs = append(errs[:10], "…")
		}
		t.Errorf("%s does not validate against docs/schema/%s:\n%s", what, schema, strings.Join(errs, "\n"))
	}
}

// TestJSONSchemas validates samples of every JSON output against its schema
// in docs/schema, and every SARIF output against SARIF 2.1.0: the bundled
// example, every release scenario, the rule fixtures, a git history.
func TestJSONSchemas(t *testing.T) {
	root := filepath.Join("..", "..")
	checkout := filepath.Join(root, "testdata", "checkout")
	type sample struct {
		schema string // "" for SARIF
		dir    string
		args   []string
	}
	var samples []sample
	pairs := [][2]string{{"v2.3.0", "v2.4.0"}, {"v2.4.0", "v2.4.1"}, {"v2.3.0", "v2.4.1"}}
	for _, p := range pairs {
		args := []string{"--old", filepath.Join(checkout, p[0]), "--new", filepath.Join(checkout, p[1])}
		samples = append(samples,
			sample{"verdict.schema.json", "", append([]string{"--format", "json"}, args...)},
			sample{"", "", append([]string{"--format", "sarif"}, args...)})
	}
	for _, s := range scenario.Load(t, filepath.Join(root, "testdata", "scenarios")) {
		oldDir, newDir := s.Trees(t)
		samples = append(samples, sample{"verdict.schema.json", "", append([]string{"--format", "json", "--old", oldDir, "--new", newDir}, s.Args...)})
	}
	// every rule fixture as a migration of its own, for findings of every rule
	fixtures := t.TempDir()
	paths, _ := filepath.Glob(filepath.Join(root, "rules", "testdata", "*", "*.sql"))
	if len(paths) < 50 {
		t.Fatalf("%d rule fixtures", len(paths))
	}
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("+goose")) || bytes.Contains(data, []byte("migrate:")) || bytes.Contains(data, []byte("-- format:")) {
			continue // written for another migration tool's format
		}
		name := fmt.Sprintf("%04d_%s_%s.up.sql", i+1, filepath.Base(filepath.Dir(p)), strings.TrimSuffix(filepath.Base(p), ".sql"))
		scenario.WriteFiles(t, fixtures, map[string]string{"db/migrations/" + strings.ReplaceAll(name, "-", "_"): string(data)})
	}
	// Go code with SQL built at run time, for refs' dynamic entries
	dyn := t.TempDir()
	scenario.WriteFiles(t, dyn, map[string]string{"go.mod": "module example.com/dyn\n\ngo 1.22\n", "db.go": "package dyn\n\nimport \"database/sql\"\n\n" +
		"func q(db *sql.DB, f func() string) { db.Query(\"SELECT * FROM orders\"); db.Exec(f()) }\n",
		// a library rbcheck does not read, for refs' libraries_not_read
		"x.go": "package dyn\n\nimport \"xorm.io/xorm\"\n\nfunc ins(e *xorm.Engine, v any) { e.Insert(v) }\n"})
	repo := scenario.CheckoutRepo(t, checkout)
	samples = append(samples,
		sample{"verdict.schema.json", repo, []string{"v2.3.0..v2.4.0", "--format", "json"}},
		sample{"history.schema.json", repo, []string{"history", "--format", "json"}},
		sample{"history.schema.json", repo, []string{"history", "--from", "v2.3.0", "--format", "json"}},
		sample{"lint.schema.json", "", []string{"lint", "--format", "json", filepath.Join(checkout, "v2.4.0", "db", "migrations")}},
		sample{"lint.schema.json", "", []string{"lint", "--format", "json", "--enable", "all", filepath.Join(fixtures, "db", "migrations")}},
		sample{"", "", []string{"lint", "--format", "sarif", "--enable", "all", filepath.Join(fixtures, "db", "migrations")}},
		sample{"refs.schema.json", "", []string{"refs", "--format", "json", filepath.Join(checkout, "v2.3.0")}},
		sample{"refs.schema.json", "", []string{"refs", "--format", "json", "--include-tests", filepath.Join(root, "internal", "verdict")}},
		sample{"refs.schema.json", "", []string{"refs", "--format", "json", dyn}},
		sample{"rules.schema.json", "", []string{"rules", "--format", "json"}},
		sample{"version.schema.json", "", []string{"version", "--format", "json"}},
	)
	for _, s := range samples {
		out, errOut, code := run(t, &Env{Dir: s.dir}, s.args...)
		what := "rbcheck " + strings.Join(s.args, " ")
		if code == ExitError || out == "" {
			t.Errorf("%s: exit %d: %s", what, code, errOut)
			continue
		}
		if s.schema == "" {
			if errs := sarifschema.Validate([]byte(out)); len(errs) > 0 {
				t.Errorf("%s does not validate against SARIF 2.1.0:\n%s", what, strings.Join(errs, "\n"))
			}
			continue
		}
		validate(t, s.schema, what, []byte(out))
	}

	// verify's JSON, without a Postgres: a report as verify builds it
	res, err := verdict.Check(verdict.Tree{Root: filepath.Join(checkout, "v2.3.0"), Label: "v2.3.0"},
		verdict.Tree{Root: filepath.Join(checkout, "v2.4.0"), Label: "v2.4.0"}, verdictOptions(config.Default()))
	if err != nil {
		t.Fatal(err)
	}
	for _, rep := range []*verify.Report{
		{Static: res, Postgres: verify.Postgres{Verdict: verdict.RollForwardOnly, ServerVersion: "17.2",
			Failures:        []verify.Failure{{File: "internal/store/users.go", Line: 32, SQL: "SELECT 1", SQLState: "42703", Message: "column does not exist", Check: "prepare", Static: true}},
			Locks:           []verify.Lock{{File: "db/migrations/0003_drop_legacy_email.up.sql", Line: 2, Table: "users", Mode: "AccessExclusiveLock"}},
			MigrationErrors: []verify.MigrationError{}}, Agreement: true},
		{Static: res, Postgres: verify.Postgres{Verdict: verdict.RollbackSafe}, Unconfirmed: []verify.Unconfirmed{{File: "a.go", Line: 1, Rule: "drop-column", Why: "not run"}}},
		{Static: res, Postgres: verify.Postgres{Verdict: verdict.Unknown, ServerVersion: "15.18",
			MigrationErrors: []verify.MigrationError{{File: "db/migrations/0003_x.up.sql", Line: 1, SQL: "ALTER SYSTEM SET x = 1", SQLState: "42501", Message: "permission denied", NeedsPrivileges: true}},
			NotApplied:      []verify.NotApplied{{File: "migrations/00004_y.go", Line: 16, Column: 12, Reason: "the SQL tx.ExecContext runs is built at run time"}},
			AlreadyThere:    []verify.MigrationError{{File: "internal/database/pg.go", Line: 47, SQL: "ALTER TABLE account ADD COLUMN config jsonb", SQLState: "42701", Message: "column \"config\" of relation \"account\" already exists"}},
			LockFindings:    []verify.LockFinding{{File: "db/migrations/0003_x.up.sql", Line: 1, Rule: "require-lock-timeout", Note: "no lock"}}}},
	} {
		var b bytes.Buffer
		if err := verify.JSON(&b, rep); err != nil {
			t.Fatal(err)
		}
		validate(t, "verify.schema.json", "verify JSON", b.Bytes())
		// empty lists are [], never null
		if bytes.Contains(b.Bytes(), []byte(": null")) {
			t.Errorf("verify JSON has a null:\n%s", b.Bytes())
		}
		// and the schema refuses a null list
		bad := bytes.Replace(b.Bytes(), []byte(`"not_checkable": []`), []byte(`"not_checkable": null`), 1)
		if bytes.Equal(bad, b.Bytes()) {
			t.Fatalf("no empty not_checkable list to edit in:\n%s", b.Bytes())
		}
		if errs := jsonschema.Validate(loadJSONSchema, "verify.schema.json", bad); len(errs) == 0 {
			t.Errorf("verify.schema.json accepts a null list")
		}
	}
}

// TestSchemasRefuse: the schemas are strict (an undocumented key, a missing
// key, a wrong value fail), so that TestJSONSchemas can fail.
func TestSchemasRefuse(t *testing.T) {
	out, _, _ := run(t, nil, "--format", "json", "--old", filepath.Join("..", "..", "testdata", "checkout", "v2.3.0"), "--new", filepath.Join("..", "..", "testdata", "checkout", "v2.4.0"))
	for what, edit := range map[string][2]string{
		"undocumented key":  {`"down_note":`, `"down_note": "", "down_text":`},
		"missing key":       {`"down": "lossy",`, ``},
		"value not in enum": {`"verdict": "roll-forward-only"`, `"verdict": "maybe"`},
		"wrong type":        {`"blocking": true`, `"blocking": "yes"`},
	} {
		bad := strings.Replace(out, edit[0], edit[1], 1)
		if bad == out {
			t.Fatalf("%s: %q not in the output", what, edit[0])
		}
		if errs := jsonschema.Validate(loadJSONSchema, "verdict.schema.json", []byte(bad)); len(errs) == 0 {
			t.Errorf("%s: the schema accepts it", what)
		}
	}
}
