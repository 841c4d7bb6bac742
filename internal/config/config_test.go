package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const full = `migrations:
  - path: db/migrations
    format: goose
  - services/billing/migrations
exclude: [ "db/migrations/legacy/**" ]
schema: db/schema.sql
pg-version: 16
rules:
  enable: [prefer-identity]
  disable: [require-lock-timeout]
  severity: { add-enum-value: error }
fail-on: warning
go:
  include: ["./..."]
  exclude: ["internal/fixtures/**", "**/*.pb.go"]
  sinks: [ { func: "github.com/acme/db.MustQuery", arg: 1 } ]
release:
  tag-pattern: "release-*"
  strict: true
  fail-on-acknowledged: true
  allow-unread: true
acknowledge:
  - migration: "db/migrations/0042_drop_legacy.up.sql"
    reason: "unused since v2"
retiring:
  - users.legacy_email
select-star: always
templates: { Namespace: auth }
search-path: [auth, public]
`

func TestParseFull(t *testing.T) {
	c, err := Parse([]byte(full), ".rbcheck.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Migrations: []MigrationDir{{Path: "db/migrations", Format: "goose"}, {Path: "services/billing/migrations"}},
		Exclude:    []string{"db/migrations/legacy/**"},
		Schema:     "db/schema.sql",
		PGVersion:  16,
		Rules: Rules{
			Enable:   []string{"prefer-identity"},
			Disable:  []string{"require-lock-timeout"},
			Severity: map[string]string{"add-enum-value": "error"},
		},
		FailOn: "warning",
		Go: Go{
			Include: []string{"./..."},
			Exclude: []string{"internal/fixtures/**", "**/*.pb.go"},
			Sinks:   []Sink{{Func: "github.com/acme/db.MustQuery", Arg: 1}},
		},
		Release:     Release{TagPattern: "release-*", Strict: true, FailOnAcknowledged: true, AllowUnread: true},
		Acknowledge: []Acknowledgement{{Migration: "db/migrations/0042_drop_legacy.up.sql", Reason: "unused since v2"}},
		Retiring:    []string{"users.legacy_email"},
		SelectStar:  "always",
		Templates:   map[string]string{"Namespace": "auth"},
		SearchPath:  []string{"auth", "public"},
		Path:        ".rbcheck.yaml",
	}
	got := *c
	got.pos = nil
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("got  %+v\nwant %+v", &got, want)
	}
	if p := c.Pos("rules.severity.add-enum-value"); p.Line != 11 || p.Column != 31 {
		t.Errorf("position of rules.severity.add-enum-value = %v, want 11:31", p)
	}
	if p := c.Pos("acknowledge.0.migration"); p.Line != 23 || p.Column != 16 {
		t.Errorf("position of acknowledge.0.migration = %v, want 23:16", p)
	}
	if !c.Has("fail-on") || c.Has("schema.x") {
		t.Error("Has is wrong")
	}
}

func TestDefaultsKeptForMissingKeys(t *testing.T) {
	for _, src := range []string{"", "# nothing\n", "schema: x.sql\n", "exclude:\n"} {
		c, err := Parse([]byte(src), "c.yaml")
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if c.PGVersion != DefaultPGVersion || c.FailOn != "error" || c.SelectStar != "changed" ||
			c.Release.TagPattern != "v*" || !reflect.DeepEqual(c.Go.Include, []string{"./..."}) {
			t.Errorf("%q: defaults lost: %+v", src, c)
		}
	}
}

func TestErrorsHavePositions(t *testing.T) {
	cases := []struct{ src, want string }{
		{"schema: a.sql\nrulez:\n  enable: [x]\n", `.rbcheck.yaml:2:1: unknown key "rulez"; did you mean "rules"? (known: migrations, exclude, schema, pg-version, rules, fail-on, go, release, acknowledge, retiring, select-star, templates, search-path)`},
		{"rules:\n  enable: [a]\n  disabel: [b]\n", `.rbcheck.yaml:3:3: unknown key "disabel" in rules; did you mean "disable"? (known: enable, disable, severity)`},
		{"pg-version: seventeen\n", `.rbcheck.yaml:1:13: pg-version must be a whole number, not the string "seventeen"`},
		{"exclude: legacy/**\n", `.rbcheck.yaml:1:10: exclude must be a list, not the string "legacy/**"`},
		{"release:\n  strict: maybe\n", `.rbcheck.yaml:2:11: release.strict must be true or false, not the string "maybe"`},
		{"rules: [a]\n", `.rbcheck.yaml:1:8: rules must be a mapping, not a list`},
		{"fail-on: fatal\n", `.rbcheck.yaml:1:10: fail-on "fatal" is not one of error, warning, info`},
		{"rules:\n  severity:\n    drop-column: high\n", `.rbcheck.yaml:3:18: severity "high" of rule drop-column is not one of error, warning, info`},
		{"migrations:\n  - path: db\n    format: rails\n", `.rbcheck.yaml:3:13: format "rails" is not one of golang-migrate, pop, goose, flyway, authelia, dbmate, sql-migrate, tern, versioned-folders, folder-per-migration, manifest-folders, maragu-migrate, concourse, zdb, plain`},
		{"migrations:\n  - path: db\n    format: plain\n    transaction: yes\n", `.rbcheck.yaml:4:18: transaction "yes" is not one of per-file, none, single-query (how the runner applies each file: in a transaction of its own, statement by statement with autocommit, or as one query string)`},
		{"migrations:\n  - db/[abc\n", `.rbcheck.yaml:2:5: malformed glob "db/[abc": syntax error in pattern (a ` + "`[` needs its `]`)"},
		{"migrations:\n  - path: 'db/*.sql['\n", `.rbcheck.yaml:2:11: malformed glob "db/*.sql[": syntax error in pattern (a ` + "`[` needs its `]`)"},
		{"exclude: ['a/**', 'b/x\\']\n", `.rbcheck.yaml:1:19: malformed glob "b/x\\": syntax error in pattern (a ` + "`[` needs its `]`)"},
		{"acknowledge:\n  - migration: a.sql\n", `.rbcheck.yaml:2:5: acknowledge entry for a.sql has no reason; say why rolling forward only is acceptable`},
		{"schema: [a\n", `.rbcheck.yaml:1:1: invalid YAML: did not find expected ',' or ']'`},
		{"schema: a\nschema: b\n", `.rbcheck.yaml:2:1: key "schema" appears twice`},
		{"pg-version: 0\n", ".rbcheck.yaml:1:13: pg-version 0 is not a Postgres major version: rules would be checked against a server that does not exist\nhelp: write the major version of the server the migrations run on, 9 to 30 (e.g. pg-version: 17)"},
		{"pg-version: 170\n", ".rbcheck.yaml:1:13: pg-version 170 is not a Postgres major version: rules would be checked against a server that does not exist\nhelp: write the major version of the server the migrations run on, 9 to 30 (e.g. pg-version: 17)"},
		{"pg-version: -1\n", ".rbcheck.yaml:1:13: pg-version -1 is not a Postgres major version: rules would be checked against a server that does not exist\nhelp: write the major version of the server the migrations run on, 9 to 30 (e.g. pg-version: 17)"},
		{"pg-version: abc\n", `.rbcheck.yaml:1:13: pg-version must be a whole number, not the string "abc"`},
		{"pg-version: 16.2\n", `.rbcheck.yaml:1:13: pg-version must be a whole number, not the number 16.2`},
		{"pg-version: 99999999999999999999\n", `.rbcheck.yaml:1:13: pg-version 99999999999999999999 is out of range`},
		{"pg-version: 16\n---\npg-version: 17\n", ".rbcheck.yaml:2:1: a second YAML document: rbcheck reads one configuration document per file\nhelp: merge the documents into one and remove the \"---\" separator"},
		{"fail-on: error\n---\n", ".rbcheck.yaml:2:1: a second YAML document: rbcheck reads one configuration document per file\nhelp: merge the documents into one and remove the \"---\" separator"},
		{"go:\n  sinks:\n    - func: x\n      argument: 1\n", `.rbcheck.yaml:4:7: unknown key "argument" in go.sinks.0 (known: func, arg)`},
	}
	for _, tc := range cases {
		_, err := Parse([]byte(tc.src), ".rbcheck.yaml")
		if err == nil {
			t.Errorf("%q: no error", tc.src)
			continue
		}
		if err.Error() != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, err, tc.want)
		}
	}
}

// The ok twins of the pg-version and document cases above.
func TestPGVersionAndDocumentsOK(t *testing.T) {
	for src, want := range map[string]int{
		"pg-version: 9\n": 9, "pg-version: 17\n": 17, "pg-version: 30\n": 30, "---\npg-version: 16\n": 16,
		"pg-version: 16\n...\n": 16, "pg-version:\n": DefaultPGVersion, "# just a comment\n---\n": DefaultPGVersion,
	} {
		c, err := Parse([]byte(src), ".rbcheck.yaml")
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if c.PGVersion != want {
			t.Errorf("%q: pg-version %d, want %d", src, c.PGVersion, want)
		}
	}
}

func TestSeveralErrorsReported(t *testing.T) {
	_, err := Parse([]byte("a: 1\nb: 2\n"), "x.yaml")
	if err == nil || strings.Count(err.Error(), "unknown key") != 2 {
		t.Errorf("want two unknown-key errors, got %v", err)
	}
}

func TestRuleEnabled(t *testing.T) {
	c := Default()
	c.Rules.Enable = []string{"opt-in"}
	c.Rules.Disable = []string{"noisy", "opt-in-too"}
	for _, tc := range []struct {
		rule string
		def  bool
		want bool
	}{
		{"opt-in", false, true}, {"other", false, false}, {"other", true, true}, {"noisy", true, false},
	} {
		if got := c.RuleEnabled(tc.rule, tc.def); got != tc.want {
			t.Errorf("RuleEnabled(%s, %v) = %v", tc.rule, tc.def, got)
		}
	}
	c.Rules.Disable = []string{"all"}
	if c.RuleEnabled("x", true) || !c.RuleEnabled("opt-in", false) {
		t.Error("disable: [all] with enable: [opt-in] is wrong")
	}
	c.Rules = Rules{Enable: []string{"all"}, Disable: []string{"x"}}
	if c.RuleEnabled("x", true) || !c.RuleEnabled("y", false) {
		t.Error("enable: [all] with disable: [x] is wrong")
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	must(t, os.Mkdir(filepath.Join(root, ".git"), 0o755))
	sub := filepath.Join(root, "a", "b")
	must(t, os.MkdirAll(sub, 0o755))
	if p, err := Find(sub); err != nil || p != "" {
		t.Fatalf("no config: got %q, %v", p, err)
	}
	must(t, os.WriteFile(filepath.Join(root, ".rbcheck.yml"), []byte("pg-version: 15\n"), 0o644))
	p, err := Find(sub)
	if err != nil || p != filepath.Join(root, ".rbcheck.yml") {
		t.Fatalf("got %q, %v", p, err)
	}
	must(t, os.WriteFile(filepath.Join(root, "a", ".rbcheck.yaml"), []byte("pg-version: 14\n"), 0o644))
	c, err := FindAndLoad(sub)
	if err != nil || c.PGVersion != 14 || c.Dir != filepath.Join(root, "a") {
		t.Fatalf("nearest file not used: %+v, %v", c, err)
	}
	if got := c.Resolve("db/m"); got != filepath.Join(root, "a", "db/m") {
		t.Errorf("Resolve = %q", got)
	}
	// outside a repository only the directory itself is searched
	out := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(out, "x"), 0o755))
	must(t, os.WriteFile(filepath.Join(out, ".rbcheck.yaml"), []byte("{}\n"), 0o644))
	if p, _ := Find(filepath.Join(out, "x")); p != "" {
		t.Errorf("outside a repository found %q", p)
	}
	if p, _ := Find(out); p == "" {
		t.Error("config in the directory itself not found")
	}
}

func TestSuggest(t *testing.T) {
	c := []string{"drop-column", "drop-table", "rename-column", "add-column"}
	if got := Suggest("drop-colum", c); len(got) == 0 || got[0] != "drop-column" {
		t.Errorf("Suggest = %v", got)
	}
	if got := Suggest("zzzzzzzz", c); len(got) != 0 {
		t.Errorf("Suggest of nonsense = %v", got)
	}
}

// TestDocumentsEveryKey checks docs/configuration.md names every key of
// Config, nested ones as dotted paths.
func TestDocumentsEveryKey(t *testing.T) {
	doc, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	keys := Keys()
	if len(keys) < 20 {
		t.Fatalf("Keys() = %v, too few", keys)
	}
	for _, k := range keys {
		if !strings.Contains(string(doc), "`"+k+"`") {
			t.Errorf("docs/configuration.md does not document `%s`", k)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
