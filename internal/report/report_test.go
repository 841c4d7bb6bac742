package report

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/internal/report/sarifschema"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

func sample() *Lint {
	return &Lint{
		Findings: []rules.Finding{
			{
				Rule: "example-drop", Severity: rules.Error, Effect: rules.BreaksOldCode,
				Pos:     sqlast.Pos{File: "db/migrations/10_drop.sql", Line: 3, Col: 1},
				Message: "dropping column users.legacy_email breaks code that still reads it",
				Help:    "stop reading the column in one release, drop it in the next",
				Object:  rules.Object{Type: sqlast.ObjColumn, Table: "users", Column: "legacy_email"},
			},
			{
				Rule: "example-lock", Severity: rules.Warning, Effect: rules.Locking,
				Pos:     sqlast.Pos{File: "db/migrations/2_add.sql", Line: 1, Col: 1},
				Message: "alter table users, without lock_timeout, can queue every query behind it",
				Help:    "run SET lock_timeout = '2s'; first",
				Object:  rules.Object{Type: sqlast.ObjTable, Table: "users"},
			},
		},
		Errors: []*sqlast.ParseError{{Pos: sqlast.Pos{File: "db/migrations/2_add.sql", Line: 7, Col: 12}, Msg: `syntax error at or near "FROM"`}},
		Files:  2,
		Order:  []string{"db/migrations/2_add.sql", "db/migrations/10_drop.sql"},
	}
}

func TestText(t *testing.T) {
	var b bytes.Buffer
	if err := WriteText(&b, sample()); err != nil {
		t.Fatal(err)
	}
	want := `db/migrations/2_add.sql:1:1: alter table users, without lock_timeout, can queue every query behind it (example-lock)
  help: run SET lock_timeout = '2s'; first
db/migrations/2_add.sql:7:12: syntax error at or near "FROM"
  help: fix the statement so Postgres can parse it; rbcheck did not check it
db/migrations/10_drop.sql:3:1: dropping column users.legacy_email breaks code that still reads it (example-drop)
  help: stop reading the column in one release, drop it in the next
3 findings (2 errors, 1 warning) in 2 migrations
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestSummary(t *testing.T) {
	for _, tc := range []struct {
		l    Lint
		want string
	}{
		{Lint{Files: 1}, "no findings in 1 migration"},
		{Lint{Files: 0}, "no findings in 0 migrations"},
		{Lint{Files: 3, Findings: []rules.Finding{{Severity: rules.Info}}}, "1 finding (1 info) in 3 migrations"},
	} {
		if got := tc.l.Summary(); got != tc.want {
			t.Errorf("Summary = %q, want %q", got, tc.want)
		}
	}
}

func TestFails(t *testing.T) {
	l := sample()
	l.Errors = nil
	l.Findings = l.Findings[1:] // a warning only
	if l.Fails(rules.Error) || !l.Fails(rules.Warning) || !l.Fails(rules.Info) {
		t.Error("Fails with one warning is wrong")
	}
	l.Findings = nil
	l.Errors = []*sqlast.ParseError{{Msg: "x"}}
	if !l.Fails(rules.Error) {
		t.Error("a syntax error must fail")
	}
}

func TestJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []map[string]any `json:"findings"`
		Errors   []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Findings) != 2 || len(doc.Errors) != 1 {
		t.Fatalf("got %d findings and %d errors", len(doc.Findings), len(doc.Errors))
	}
	f := doc.Findings[1]
	for k, want := range map[string]any{
		"rule": "example-drop", "severity": "error", "effect": "breaks-old-code",
		"file": "db/migrations/10_drop.sql", "line": 3.0, "column": 1.0,
		"help": "stop reading the column in one release, drop it in the next",
	} {
		if f[k] != want {
			t.Errorf("finding %s = %v, want %v", k, f[k], want)
		}
	}
	obj := f["object"].(map[string]any)
	if obj["table"] != "users" || obj["column"] != "legacy_email" {
		t.Errorf("object = %v", obj)
	}
	e := doc.Errors[0]
	if e["file"] != "db/migrations/2_add.sql" || e["line"] != 7.0 || e["column"] != 12.0 || e["message"] != `syntax error at or near "FROM"` {
		t.Errorf("error = %v", e)
	}
	// empty results are empty lists, not null
	b.Reset()
	_ = WriteJSON(&b, &Lint{})
	if !json.Valid(b.Bytes()) || !strings.Contains(b.String(), `"findings": []`) || !strings.Contains(b.String(), `"errors": []`) {
		t.Errorf("empty JSON: %s", b.String())
	}
}

func TestGitHub(t *testing.T) {
	var b bytes.Buffer
	l := sample()
	l.Findings[0].Pos.File = "db/mig,rations:x/10%.sql"
	l.Findings[0].Message = "line one\r\nline 100%"
	if err := WriteGitHub(&b, l); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{
		`::warning file=db/migrations/2_add.sql,line=1,col=1,title=rbcheck example-lock::alter table users, without lock_timeout, can queue every query behind it%0Ahelp: run SET lock_timeout = '2s'; first`,
		`::error file=db/migrations/2_add.sql,line=7,col=12,title=rbcheck syntax-error::syntax error at or near "FROM"%0Ahelp: fix the statement so Postgres can parse it; rbcheck did not check it`,
		`::error file=db/mig%2Crations%3Ax/10%25.sql,line=3,col=1,title=rbcheck example-drop::line one%0D%0Aline 100%25%0Ahelp: stop reading the column in one release, drop it in the next`,
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), b.String())
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], want[i])
		}
	}
}

func TestSARIFValidAgainstSchema(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSARIF(&b, sample()); err != nil {
		t.Fatal(err)
	}
	if errs := sarifschema.Validate(b.Bytes()); len(errs) > 0 {
		t.Fatalf("SARIF does not validate:\n%s", strings.Join(errs, "\n"))
	}
	// the validator is not vacuous: broken documents fail
	for _, breakIt := range []func(map[string]any){
		func(d map[string]any) { delete(d, "version") },
		func(d map[string]any) {
			d["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)["level"] = "fatal"
		},
		func(d map[string]any) {
			delete(d["runs"].([]any)[0].(map[string]any)["tool"].(map[string]any)["driver"].(map[string]any), "name")
		},
		func(d map[string]any) { d["runs"].([]any)[0].(map[string]any)["bogus"] = 1 },
	} {
		var bad map[string]any
		_ = json.Unmarshal(b.Bytes(), &bad)
		breakIt(bad)
		data, _ := json.Marshal(bad)
		if errs := sarifschema.Validate(data); len(errs) == 0 {
			t.Error("a broken SARIF document validated")
		}
	}
}

func TestSARIFContent(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSARIF(&b, sample()); err != nil {
		t.Fatal(err)
	}
	var log SARIFLog
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "rbcheck" || len(run.Tool.Driver.Rules) != 3 || len(run.Results) != 3 {
		t.Fatalf("driver %q, %d rules, %d results", run.Tool.Driver.Name, len(run.Tool.Driver.Rules), len(run.Results))
	}
	for _, res := range run.Results {
		rule := run.Tool.Driver.Rules[res.RuleIndex]
		if rule.ID != res.RuleID {
			t.Errorf("result %s points at rule %s", res.RuleID, rule.ID)
		}
		if rule.HelpURI != DocsBaseURL+rule.ID+".md" || rule.Help == nil || rule.Help.Markdown == "" {
			t.Errorf("rule %s help: %+v %q", rule.ID, rule.Help, rule.HelpURI)
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") ||
			loc.Region == nil || loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
			t.Errorf("bad location %+v", loc)
		}
	}
	if r := run.Results[2]; r.RuleID != "example-drop" || r.Level != "error" || r.Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("third result %+v", r)
	}
	found := false
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == "example-lock" {
			found = true
			if r.DefaultConfiguration.Level != "warning" {
				t.Errorf("level %s", r.DefaultConfiguration.Level)
			}
			if strings.Join(r.Properties.Tags, ",") != "rbcheck,locking" {
				t.Errorf("tags %v", r.Properties.Tags)
			}
		}
	}
	if !found {
		t.Error("rule example-lock missing from the driver")
	}
}

func TestRelPath(t *testing.T) {
	root := t.TempDir()
	for in, want := range map[string]string{
		filepath.Join(root, "db", "m", "1.sql"): "db/m/1.sql",
		"db/./m/1.sql":                          "db/m/1.sql",
		"":                                      "",
	} {
		if got := RelPath(root, in); got != want {
			t.Errorf("RelPath(%q) = %q, want %q", in, got, want)
		}
	}
	if got := sarifURI("a b/ü.sql"); got != "a%20b/%C3%BC.sql" {
		t.Errorf("sarifURI = %q", got)
	}
}
