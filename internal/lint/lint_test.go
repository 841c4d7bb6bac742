package lint

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// load builds migration files from name → SQL (golang-migrate names).
func load(t *testing.T, files map[string]string, order ...string) []*migrations.File {
	t.Helper()
	fsys := fstest.MapFS{}
	var paths []string
	for _, name := range order {
		fsys["db/"+name] = &fstest.MapFile{Data: []byte(files[name])}
		paths = append(paths, "db/"+name)
	}
	set := migrations.LoadFiles(fsys, paths, migrations.Options{})
	downs := 0
	for _, n := range order {
		if strings.HasSuffix(n, ".down.sql") {
			downs++
		}
	}
	if len(set.Files) != len(order)-downs {
		t.Fatalf("loaded %d files, want %d", len(set.Files), len(order))
	}
	return set.Files
}

func baseline(t *testing.T, src string) *catalog.Catalog {
	t.Helper()
	cat := catalog.NewCatalog()
	stmts, errs := pgparse.Parse("schema.sql", src)
	if len(errs) > 0 {
		t.Fatal(errs[0])
	}
	for _, st := range stmts {
		cat.Apply(st, catalog.Existing)
	}
	return cat
}

// only returns options that run just the named rules (other engineers'
// locking and style rules would otherwise add findings).
func only(names ...string) Options {
	keep := map[string]bool{}
	for _, n := range names {
		keep[n] = true
	}
	var o Options
	for _, r := range rules.All() {
		if !keep[r.Name] {
			o.Disable = append(o.Disable, r.Name)
		}
	}
	return o
}

var mine = []string{"drop-column", "rename-column", "drop-table", "truncate-table", "unused-ignore"}

func rulesOf(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestRunOrderAndPositions(t *testing.T) {
	base := baseline(t, `CREATE TABLE users (id bigint, legacy_email text, full_name text);`)
	files := load(t, map[string]string{
		"0002_b.up.sql": "ALTER TABLE users RENAME COLUMN full_name TO name;\n",
		"0001_a.up.sql": "SELECT 1;\nALTER TABLE users\n  DROP COLUMN legacy_email;\n",
	}, "0001_a.up.sql", "0002_b.up.sql")
	res := Run(base, files, only(mine...))
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	got := rulesOf(res.Findings)
	if strings.Join(got, ",") != "drop-column,rename-column" {
		t.Fatalf("findings %v, want drop-column then rename-column", got)
	}
	dc := res.Findings[0]
	if dc.Pos.File != "db/0001_a.up.sql" || dc.Pos.Line != 3 || dc.Pos.Col != 3 {
		t.Errorf("drop-column at %v, want db/0001_a.up.sql:3:3 (the DROP sub-command)", dc.Pos)
	}
	if dc.Object.Table != "users" || dc.Object.Column != "legacy_email" || dc.Object.Type != sqlast.ObjColumn {
		t.Errorf("object %+v", dc.Object)
	}
	// The base is not modified; the result catalog is the state after the run.
	if base.Table(sqlast.Name{Name: "users"}).Column("legacy_email") == nil {
		t.Error("Run modified the base catalog")
	}
	u := res.Catalog.Table(sqlast.Name{Name: "users"})
	if u.Column("legacy_email") != nil || u.Column("name") == nil {
		t.Error("result catalog does not reflect the migrations")
	}
}

func TestNewObjectsAreQuiet(t *testing.T) {
	files := load(t, map[string]string{
		"0001_a.up.sql": "CREATE TABLE t (id bigint, x text);\n",
		"0002_b.up.sql": "ALTER TABLE t DROP COLUMN x;\nDROP TABLE t;\n",
	}, "0001_a.up.sql", "0002_b.up.sql")
	res := Run(nil, files, only(mine...))
	if len(res.Findings) != 0 {
		t.Errorf("objects created by the checked set must not fire: %v", rulesOf(res.Findings))
	}
}

func TestStubTablesAreExisting(t *testing.T) {
	// Without a baseline, a table first seen in an ALTER is assumed to
	// exist; only the column the migration adds is new.
	files := load(t, map[string]string{"0001_a.up.sql": "ALTER TABLE users ADD COLUMN x int;\nALTER TABLE users DROP COLUMN x;\nALTER TABLE users DROP COLUMN legacy;\n"}, "0001_a.up.sql")
	res := Run(nil, files, only(mine...))
	if len(res.Findings) != 1 || res.Findings[0].Object.Column != "legacy" || res.Findings[0].Pos.Line != 3 {
		t.Errorf("findings %+v", res.Findings)
	}
}

func TestPerFile(t *testing.T) {
	files := load(t, map[string]string{
		"0001_a.up.sql": "CREATE TABLE t (id bigint, x text);\nCREATE TABLE s (id bigint);\nDROP TABLE s;\n",
		"0002_b.up.sql": "ALTER TABLE t DROP COLUMN x;\nCREATE TABLE u (id int);\nDROP TABLE u;\n",
	}, "0001_a.up.sql", "0002_b.up.sql")
	opts := only(mine...)
	opts.PerFile = true
	res := Run(nil, files, opts)
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %s:%d", f.Rule, f.Pos.File, f.Pos.Line))
	}
	// t was created by an earlier file: deployed. s and u were created in
	// the same file as their drop: quiet.
	if strings.Join(got, ",") != "drop-column db/0002_b.up.sql:1" {
		t.Errorf("findings %v", got)
	}
	if res.Catalog.Table(sqlast.Name{Name: "u"}) != nil || res.Catalog.Table(sqlast.Name{Name: "t"}).Origin != catalog.Existing {
		t.Error("catalog after a per-file run")
	}
}

func TestEnableDisableSeverity(t *testing.T) {
	files := load(t, map[string]string{"0001_a.up.sql": "ALTER TABLE users DROP COLUMN a;\nALTER TABLE users RENAME COLUMN b TO c;\n"}, "0001_a.up.sql")
	opts := only("drop-column")
	opts.Severity = map[string]rules.Severity{"drop-column": rules.Warning}
	res := Run(nil, files, opts)
	if got := rulesOf(res.Findings); strings.Join(got, ",") != "drop-column" {
		t.Fatalf("findings %v", got)
	}
	if res.Findings[0].Severity != rules.Warning {
		t.Errorf("severity override ignored: %s", res.Findings[0].Severity)
	}
	res = Run(nil, files, Options{Disable: []string{"no-such-rule"}, Severity: map[string]rules.Severity{"drop-column": "fatal"}})
	if len(res.Errors) != 2 {
		t.Errorf("want errors for an unknown rule and an unknown severity, got %v", res.Errors)
	}
}

func TestSuppression(t *testing.T) {
	src := "-- rbcheck:ignore drop-column unused since v2\n" +
		"ALTER TABLE users DROP COLUMN a;\n" +
		"ALTER TABLE users DROP COLUMN b;\n" +
		"-- rbcheck:ignore rename-column,no-such-rule,drop-colum renamed in code too\n" +
		"SELECT 1;\n" +
		"-- rbcheck:ignore-file truncate-table audit is scratch\n" +
		"TRUNCATE audit;\n" +
		"-- rbcheck:ignore drop-table\n" +
		"DROP TABLE x;\n"
	files := load(t, map[string]string{"0001_a.up.sql": src}, "0001_a.up.sql")
	res := Run(nil, files, only(mine...))
	var lines []string
	for _, f := range res.Findings {
		lines = append(lines, f.Rule+"@"+itoa(f.Pos.Line))
	}
	// b is not ignored; the rename-column ignore is unused; drop-table's
	// ignore has no reason, so the migrations loader rejects it and the
	// finding stays.
	want := "drop-column@3,unused-ignore@4,drop-table@9"
	if strings.Join(lines, ",") != want {
		t.Errorf("findings %v, want %s", lines, want)
	}
	if len(res.Suppressed) != 2 || res.Suppressed[0].Finding.Rule != "drop-column" || res.Suppressed[0].Reason != "unused since v2" ||
		res.Suppressed[1].Finding.Rule != "truncate-table" || res.Suppressed[1].Kind != migrations.IgnoreFile {
		t.Errorf("suppressed %+v", res.Suppressed)
	}
	var unknown, reason, typo bool
	for _, e := range res.Errors {
		if strings.Contains(e.Msg, `unknown rule "no-such-rule"`) && e.Pos.Line == 4 && e.Pos.File == "db/0001_a.up.sql" {
			unknown = true
		}
		if strings.Contains(e.Msg, `unknown rule "drop-colum" in rbcheck:ignore directive; did you mean "drop-column"?`) {
			typo = true
		}
		if strings.Contains(e.Msg, "reason") && e.Pos.Line == 8 {
			reason = true
		}
	}
	if !unknown || !reason || !typo {
		t.Errorf("want errors for the unknown rule (line 4) and the missing reason (line 8), got %v", res.Errors)
	}
	// Disabling unused-ignore silences it; disabling the named rule too.
	opts := only(mine...)
	opts.Disable = append(opts.Disable, "unused-ignore")
	res = Run(nil, files, opts)
	for _, f := range res.Findings {
		if f.Rule == "unused-ignore" {
			t.Error("unused-ignore reported while disabled")
		}
	}
	opts = only("drop-column", "truncate-table", "drop-table", "unused-ignore")
	res = Run(nil, files, opts)
	for _, f := range res.Findings {
		if f.Rule == "unused-ignore" {
			t.Error("an ignore of a disabled rule is not unused")
		}
	}
}

func TestLockTimeoutAndTx(t *testing.T) {
	var seen []string
	probe := &rules.Rule{Name: "zz-probe", Check: func(c *rules.Context) {
		s := "-"
		if c.LockTimeout {
			s = "L"
		}
		if c.InTx {
			s += "T"
		}
		seen = append(seen, s)
	}}
	src := "SELECT 1;\nSET lock_timeout = '2s';\nSELECT 2;\nSET lock_timeout = 0;\nBEGIN;\nSET LOCAL lock_timeout = '1s';\nSELECT 3;\nCOMMIT;\nSELECT 4;\nSET lock_timeout TO '5s';\nRESET ALL;\nSELECT 5;\n"
	files := load(t, map[string]string{"0001_a.sql": src}, "0001_a.sql")
	files[0].Up.InTx = false
	ci := contextInfo{}
	var tx txState
	for _, st := range files[0].Up.Stmts {
		ci.inTx, ci.lockTimeout = tx.inTx(st), tx.lockTimeout()
		res := &Result{}
		runRule(probe, st, catalog.NewCatalog(), ci, res)
		tx.after(st)
	}
	want := "- - L L -T -T LT LT - - L -"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("lock_timeout/tx states %q, want %q", got, want)
	}
}

func TestPanickingRuleBecomesError(t *testing.T) {
	boom := &rules.Rule{Name: "boom", Check: func(c *rules.Context) { panic("kaboom") }}
	st := &sqlast.Stmt{Pos: sqlast.Pos{Line: 7, Col: 1}, Node: &sqlast.Select{}}
	res := &Result{}
	out := runRule(boom, st, catalog.NewCatalog(), contextInfo{file: "db/x.sql"}, res)
	if out != nil || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Msg, `rule "boom" panicked`) ||
		res.Errors[0].Pos.Line != 7 || res.Errors[0].Pos.File != "db/x.sql" {
		t.Errorf("got %v / %v", out, res.Errors)
	}
}

// TestPanickingRuleSkipsOnlyItself runs a rule that reports and then
// panics between two that report: its finding is dropped, the error names
// it, and the rules after it still run on the statement.
func TestPanickingRuleSkipsOnlyItself(t *testing.T) {
	report := func(name string) *rules.Rule {
		return &rules.Rule{Name: name, Check: func(c *rules.Context) {
			c.Report(sqlast.Pos{}, rules.Object{Type: sqlast.ObjOther}, name, "none")
		}}
	}
	boom := &rules.Rule{Name: "boom", Check: func(c *rules.Context) {
		c.Report(sqlast.Pos{}, rules.Object{Type: sqlast.ObjOther}, "boom", "none")
		panic("kaboom")
	}}
	st := &sqlast.Stmt{Pos: sqlast.Pos{Line: 3, Col: 2}, Node: &sqlast.Select{}}
	res := &Result{}
	var got []string
	ci := contextInfo{file: "db/x.sql", ctx: rules.NewContext(nil, nil, nil)}
	runRules([]*rules.Rule{report("first"), boom, boom, report("last")}, st, catalog.NewCatalog(), ci, res,
		func(r *rules.Rule, fd rules.Finding) { got = append(got, r.Name+":"+fd.Message) })
	if strings.Join(got, " ") != "first:first last:last" {
		t.Errorf("findings %v", got)
	}
	if len(res.Errors) != 2 || !strings.Contains(res.Errors[1].Msg, `rule "boom" panicked`) || res.Errors[1].Pos.Line != 3 {
		t.Errorf("errors %v", res.Errors)
	}
}

func TestEngineFillsContext(t *testing.T) {
	src := "CREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN b int;\nCREATE VIEW v AS SELECT 1;\n"
	files := load(t, map[string]string{"0001_a.up.sql": src}, "0001_a.up.sql")
	var got []string
	probe := &rules.Rule{Name: "zz-probe", Severity: rules.Info, Check: func(c *rules.Context) {
		_, known := c.Catalog.Tables["public.a"]
		got = append(got, fmt.Sprintf("%s pg%d prev%d next%d tool%v known%v", c.File, c.PGVersion, len(c.Prev), len(c.Next), c.ToolTx, known))
		c.Report(sqlast.Pos{}, rules.Object{Type: sqlast.ObjOther}, "probe", "none")
	}}
	rs := &ruleSet{list: []*rules.Rule{probe}, enabled: map[string]bool{}, severity: map[string]rules.Severity{"zz-probe": rules.Error}}
	res := &Result{}
	cat := catalog.NewCatalog()
	e := newEngine(cat, 12, rs, res)
	e.checkFile(files[0])
	e.flush()
	want := []string{
		"db/0001_a.up.sql pg12 prev0 next2 toolfalse knownfalse",
		"db/0001_a.up.sql pg12 prev1 next1 toolfalse knowntrue",
		"db/0001_a.up.sql pg12 prev2 next0 toolfalse knowntrue",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("contexts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Findings) != 3 || res.Findings[1].Pos.Line != 2 || res.Findings[1].Severity != rules.Error || res.Findings[1].Pos.File != "db/0001_a.up.sql" {
		t.Errorf("findings %+v", res.Findings)
	}
	if cat.Table(sqlast.Name{Name: "a"}).Column("b") == nil || cat.Table(sqlast.Name{Name: "a"}).Origin != catalog.New {
		t.Error("statements were not applied as new objects")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestCheckoutExample lints the bundled example: v2.4.0's new migrations
// over the schema v2.3.0's migrations built.
func TestCheckoutExample(t *testing.T) {
	set, err := migrations.Load("../../testdata/checkout/v2.4.0", migrations.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := catalog.NewCatalog()
	var checked []*migrations.File
	for _, f := range set.Files {
		if f.Version <= "0002" {
			base.ApplyFile(f, catalog.Existing)
		} else {
			checked = append(checked, f)
		}
	}
	if len(checked) != 2 {
		t.Fatalf("checked %d files, want 2", len(checked))
	}
	res := Run(base, checked, Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	var got []string
	for _, f := range res.Findings {
		if f.Effect == rules.BreaksOldCode || f.Effect == rules.DataLoss {
			got = append(got, fmt.Sprintf("%s:%d %s %s.%s->%s", f.Pos.File, f.Pos.Line, f.Rule, f.Object.Table, f.Object.Column, f.Object.NewName))
		}
	}
	want := []string{
		"db/migrations/0003_drop_legacy_email.up.sql:2 drop-column users.legacy_email->",
		"db/migrations/0004_rename_full_name.up.sql:1 rename-column users.full_name->name",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestObjectPositions: a finding about one of several dropped objects
// points at that object's name.
func TestObjectPositions(t *testing.T) {
	src := "-- tidy up\n/* old */ DROP TABLE IF EXISTS a,\n   app.b CASCADE;\nTRUNCATE c, d;\n"
	files := load(t, map[string]string{"0001_a.up.sql": src}, "0001_a.up.sql")
	res := Run(nil, files, only("drop-table", "truncate-table"))
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %s %d:%d", f.Rule, f.Object.Table, f.Pos.Line, f.Pos.Col))
	}
	want := "drop-table a 2:32,drop-table b 3:4,truncate-table c 4:10,truncate-table d 4:13"
	if strings.Join(got, ",") != want {
		t.Errorf("got %v\nwant %s", got, want)
	}
}

func TestDownFileDirectives(t *testing.T) {
	files := load(t, map[string]string{
		"0001_a.up.sql":   "ALTER TABLE users DROP COLUMN a;\n",
		"0001_a.down.sql": "-- rbcheck:ignore-file drop-column the down file may drop what it likes\n-- rbcheck:ignore drop-colum typo\nALTER TABLE users DROP COLUMN b;\n",
	}, "0001_a.up.sql", "0001_a.down.sql")
	if len(files) != 1 {
		t.Fatalf("%d files", len(files))
	}
	res := Run(nil, files, only(mine...))
	if got := rulesOf(res.Findings); strings.Join(got, ",") != "drop-column" {
		t.Errorf("a down file's ignore-file must not silence the up part, nor be reported unused: %v", got)
	}
	if len(res.Errors) != 1 || res.Errors[0].Pos.File != "db/0001_a.down.sql" || res.Errors[0].Pos.Line != 2 {
		t.Errorf("errors %v, want the unknown rule at db/0001_a.down.sql:2", res.Errors)
	}
}

// The statements a DO block runs are checked and replayed right after it,
// at their own lines; a directive above the DO block covers them.
func TestDoBlockStatements(t *testing.T) {
	base := baseline(t, `CREATE TABLE users (id bigint, a text, b text, c text);`)
	src := "DO $$\nBEGIN\n  ALTER TABLE users DROP COLUMN a;\nEND $$;\n" +
		"-- rbcheck:ignore drop-column b was unused since v1.2\n" +
		"DO $$ BEGIN\n  ALTER TABLE users DROP COLUMN b;\nEND $$;\n" +
		"-- rbcheck:ignore rename-column nothing to rename here\n" +
		"DO $$ BEGIN\n  EXECUTE 'ALTER TABLE users DROP COLUMN c';\nEND $$;\n" +
		"ALTER TABLE users DROP COLUMN c;\n"
	files := load(t, map[string]string{"0001_a.up.sql": src}, "0001_a.up.sql")
	res := Run(base, files, only(mine...))
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Rule+"@"+itoa(f.Pos.Line)+":"+itoa(f.Pos.Col))
	}
	// a at its DROP (3:21); b suppressed; the rename-column ignore
	// silences nothing; c dropped inside EXECUTE (11:30); the top-level
	// drop of c (13:19) is reported too.
	want := "drop-column@3:21,unused-ignore@9:4,drop-column@11:30,drop-column@13:19"
	if g := strings.Join(got, ","); g != want {
		t.Errorf("findings %s, want %s", g, want)
	}
	if len(res.Suppressed) != 1 || res.Suppressed[0].Finding.Pos.Line != 7 {
		t.Errorf("suppressed %+v, want the drop of b at line 7", res.Suppressed)
	}
	if tab := res.Catalog.Table(sqlast.Name{Name: "users"}); tab == nil || tab.Column("a") != nil || tab.Column("b") != nil || tab.Column("c") != nil {
		t.Errorf("the catalog did not replay the DO blocks' drops: %+v", tab)
	}
}

// TestReportPerFile: with Options.Report each file's findings, errors and
// suppressed findings are handed over right after the file, in order,
// the options' errors first; they are those of a run without it, and the
// Result holds none of them.
func TestReportPerFile(t *testing.T) {
	files := load(t, map[string]string{
		"0001_a.up.sql":   "-- rbcheck:ignore drop-column unused since v2\nALTER TABLE users DROP COLUMN a;\nALTER TABLE users DROP COLUMN b;\nSELEC 1;\n",
		"0001_a.down.sql": "-- rbcheck:ignore drop-colum typo\nALTER TABLE users ADD COLUMN a int;\n",
		"0002_b.up.sql":   "DROP TABLE users;\n-- rbcheck:ignore drop-table\nDROP TABLE x;\n",
	}, "0001_a.up.sql", "0001_a.down.sql", "0002_b.up.sql")
	opts := only(mine...)
	opts.Enable = append(opts.Enable, "no-such-rule")
	whole := Run(nil, files, opts)
	files = load(t, map[string]string{ // Run let the statements go
		"0001_a.up.sql":   "-- rbcheck:ignore drop-column unused since v2\nALTER TABLE users DROP COLUMN a;\nALTER TABLE users DROP COLUMN b;\nSELEC 1;\n",
		"0001_a.down.sql": "-- rbcheck:ignore drop-colum typo\nALTER TABLE users ADD COLUMN a int;\n",
		"0002_b.up.sql":   "DROP TABLE users;\n-- rbcheck:ignore drop-table\nDROP TABLE x;\n",
	}, "0001_a.up.sql", "0001_a.down.sql", "0002_b.up.sql")
	var got []FileReport
	opts.Report = func(fr FileReport) { got = append(got, fr) }
	res := Run(nil, files, opts)
	if len(res.Findings)+len(res.Errors)+len(res.Suppressed) != 0 {
		t.Errorf("Result holds %d findings, %d errors, %d suppressed with Report set", len(res.Findings), len(res.Errors), len(res.Suppressed))
	}
	var paths []string
	var findings []rules.Finding
	var errs []string
	var pes []*sqlast.ParseError
	var sup []string
	for _, fr := range got {
		paths = append(paths, fr.Path)
		findings = append(findings, fr.Findings...)
		pes = append(pes, fr.Errors...)
		for _, s := range fr.Suppressed {
			sup = append(sup, s.Finding.Rule+"@"+s.Finding.Pos.String())
		}
	}
	if fmt.Sprint(paths) != "[ db/0001_a.up.sql db/0002_b.up.sql]" {
		t.Errorf("reports for %q, want the options' errors, then each file", paths)
	}
	order := map[string]int{"db/0001_a.up.sql": 0, "db/0002_b.up.sql": 1}
	sortFindings(findings, order) // Result's order: the caller sorts
	sortErrors(pes, order)
	for _, e := range pes {
		errs = append(errs, e.Pos.String()+" "+e.Msg)
	}
	var wantErrs, wantSup []string
	for _, e := range whole.Errors {
		wantErrs = append(wantErrs, e.Pos.String()+" "+e.Msg)
	}
	for _, s := range whole.Suppressed {
		wantSup = append(wantSup, s.Finding.Rule+"@"+s.Finding.Pos.String())
	}
	if a, b := fmt.Sprint(rulesAt(findings)), fmt.Sprint(rulesAt(whole.Findings)); a != b || len(findings) < 3 {
		t.Errorf("findings %s, want %s", a, b)
	}
	if fmt.Sprint(errs) != fmt.Sprint(wantErrs) || len(errs) < 3 {
		t.Errorf("errors %q, want %q", errs, wantErrs)
	}
	if fmt.Sprint(sup) != fmt.Sprint(wantSup) || len(sup) != 1 {
		t.Errorf("suppressed %q, want %q", sup, wantSup)
	}
}

func rulesAt(fs []rules.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+"@"+f.Pos.String())
	}
	return out
}
