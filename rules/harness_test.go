package rules_test

// The rule test harness.
//
// Every rule has a directory rules/testdata/<rule-name>/ with at least one
// bad*.sql fixture (the rule must fire) and one ok*.sql fixture (it must
// stay quiet). TestRuleFixtures enforces that for every registered rule.
//
// Fixture conventions:
//
//   - Statements before a line that is exactly `-- migration` are the
//     baseline schema: they are replayed with Origin Existing (objects an
//     older release created, which deployed code may use). The statements
//     after the marker are the checked migration. Without a marker the whole
//     file is the checked migration (and the catalog starts empty, so
//     objects it does not know are assumed to exist).
//   - Expectations go at the END of the line where the finding is reported
//     (the line of Finding.Pos): `-- want "regexp"`; several may follow one
//     `want`: `-- want "re1" "re2"`. Each regexp is matched against
//     `rule: message`. Strings use Go syntax ("…" or `…`). A finding
//     reported on a comment line (unused-ignore reports the directive's
//     line) is wanted by writing the directive as a block comment:
//     `/* rbcheck:ignore x reason */ -- want "unused-ignore: …"`.
//   - Every want must be matched by one finding and every finding must be
//     wanted; a bad fixture that reports nothing fails, and so does an ok
//     fixture with a want. Errors (syntax errors, bad directives) fail the
//     fixture.
//   - Optional headers anywhere in the file: `-- pg-version: 10` (default
//     17) and `-- format: goose` (the migration tool whose conventions the
//     file follows; default plain, which runs statements outside a
//     transaction unless the file says BEGIN).
//
// Only the rule under test runs (so a fixture need not want other rules'
// findings); for unused-ignore every default rule runs, because the
// directives it judges name other rules, and only unused-ignore findings are
// compared.
//
// Every finding must also follow the house style: a lowercase message
// without a trailing period, a help line, and an object type; a
// breaks-old-code or data-loss finding must name its object.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/lint"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/rules"
)

// TestRuleFixtures runs every fixture of every registered rule, and fails
// for a rule without a bad and an ok fixture.
func TestRuleFixtures(t *testing.T) {
	for _, r := range rules.All() {
		t.Run(r.Name, func(t *testing.T) {
			dir := filepath.Join("testdata", r.Name)
			bad, _ := filepath.Glob(filepath.Join(dir, "bad*.sql"))
			ok, _ := filepath.Glob(filepath.Join(dir, "ok*.sql"))
			if len(bad) == 0 || len(ok) == 0 {
				t.Errorf("rule %s needs at least one %s/bad*.sql fixture (must fire) and one %s/ok*.sql fixture (must stay quiet); found %d bad, %d ok",
					r.Name, dir, dir, len(bad), len(ok))
			}
			for _, p := range bad {
				t.Run(filepath.Base(p), func(t *testing.T) { runFixture(t, r, p, true) })
			}
			for _, p := range ok {
				t.Run(filepath.Base(p), func(t *testing.T) { runFixture(t, r, p, false) })
			}
		})
	}
}

var (
	reWant    = regexp.MustCompile(`--\s*want\s+(.*)$`)
	rePG      = regexp.MustCompile(`(?m)^\s*--\s*pg-version:\s*(\d+)\s*$`)
	reFormat  = regexp.MustCompile(`(?m)^\s*--\s*format:\s*([a-z-]+)\s*$`)
	reMarker  = regexp.MustCompile(`^\s*--\s*migration\s*$`)
	fileNames = map[migrations.Format]string{
		migrations.FormatGolangMigrate: "0001_fixture.up.sql",
		migrations.FormatFlyway:        "V1__fixture.sql",
		migrations.FormatDbmate:        "20240101000000_fixture.sql",
	}
)

// want is one expectation of a fixture.
type want struct {
	line    int
	re      *regexp.Regexp
	matched bool
}

// fixture is a parsed fixture file.
type fixture struct {
	pg       int
	format   migrations.Format
	baseline string // the baseline part, other lines blank
	checked  string // the checked part, other lines blank (same line numbers)
	wants    []*want
}

// problems collects what is wrong with one fixture.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func loadFixture(path string, pr *problems) *fixture {
	data, err := os.ReadFile(path)
	if err != nil {
		pr.add("%v", err)
		return nil
	}
	src := string(data)
	fx := &fixture{pg: lint.DefaultPGVersion, format: migrations.FormatPlain}
	if m := rePG.FindStringSubmatch(src); m != nil {
		fx.pg, _ = strconv.Atoi(m[1])
	}
	if m := reFormat.FindStringSubmatch(src); m != nil {
		fx.format = migrations.ParseFormat(m[1])
		if fx.format == "" {
			pr.add("%s: unknown format %q", path, m[1])
			return nil
		}
	}
	lines := strings.Split(src, "\n")
	marker := -1
	for i, l := range lines {
		if reMarker.MatchString(l) {
			marker = i
			break
		}
	}
	base := make([]string, len(lines))
	checked := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case i < marker:
			base[i] = l
		case i > marker:
			checked[i] = l
		}
		if m := reWant.FindStringSubmatch(l); m != nil {
			if i < marker {
				pr.add("%s:%d: a want in the baseline part can never match", path, i+1)
				continue
			}
			for _, re := range parseWantList(path, i+1, m[1], pr) {
				fx.wants = append(fx.wants, &want{line: i + 1, re: re})
			}
		}
	}
	fx.baseline = strings.Join(base, "\n")
	fx.checked = strings.Join(checked, "\n")
	return fx
}

// parseWantList reads `"re1" "re2"` (Go string literals).
func parseWantList(path string, line int, s string, pr *problems) []*regexp.Regexp {
	var out []*regexp.Regexp
	s = strings.TrimSpace(s)
	for s != "" {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			pr.add("%s:%d: bad want %q: %v", path, line, s, err)
			return out
		}
		text, _ := strconv.Unquote(q)
		re, err := regexp.Compile(text)
		if err != nil {
			pr.add("%s:%d: bad want regexp %q: %v", path, line, text, err)
		} else {
			out = append(out, re)
		}
		s = strings.TrimSpace(s[len(q):])
	}
	if len(out) == 0 {
		pr.add("%s:%d: want without a regexp", path, line)
	}
	return out
}

func runFixture(t *testing.T, r *rules.Rule, path string, bad bool) {
	for _, p := range checkFixture(r, path, bad) {
		t.Error(p)
	}
}

// checkFixture lints one fixture with rule r and returns every problem.
func checkFixture(r *rules.Rule, path string, bad bool) problems {
	var pr problems
	fx := loadFixture(path, &pr)
	if fx == nil {
		return pr
	}
	res := lintFixture(r, path, fx, &pr)
	if res == nil {
		return pr
	}
	for _, e := range res.Errors {
		pr.add("%s: unexpected error: %v", path, e)
	}
	var got []rules.Finding
	for _, f := range res.Findings {
		if f.Rule == r.Name {
			got = append(got, f)
		}
	}
	if !bad && len(fx.wants) > 0 {
		pr.add("%s: an ok fixture must not contain wants", path)
	}
	if bad && len(got) == 0 {
		pr.add("%s: a bad fixture must make %s report at least one finding; it reported none", path, r.Name)
	}
	for _, f := range got {
		checkStyle(&pr, path, f)
		text := f.Rule + ": " + f.Message
		found := false
		for _, w := range fx.wants {
			if !w.matched && w.line == f.Pos.Line && w.re.MatchString(text) {
				w.matched, found = true, true
				break
			}
		}
		if !found {
			pr.add("%s:%d:%d: unexpected finding %s (help: %s)", path, f.Pos.Line, f.Pos.Col, text, f.Help)
		}
	}
	for _, w := range fx.wants {
		if !w.matched {
			pr.add("%s:%d: no finding matched want %q", path, w.line, w.re)
		}
	}
	return pr
}

func lintFixture(r *rules.Rule, path string, fx *fixture, pr *problems) *lint.Result {
	opts := lint.Options{Enable: []string{r.Name}}
	if r.Name != rules.UnusedIgnore {
		for _, o := range rules.All() {
			if o.Name != r.Name {
				opts.Disable = append(opts.Disable, o.Name)
			}
		}
	}
	return lintFixtureWith(path, fx, pr, opts)
}

// lintFixtureWith lints the checked part of a fixture over its baseline
// with opts (PGVersion set from the fixture).
func lintFixtureWith(path string, fx *fixture, pr *problems, opts lint.Options) *lint.Result {
	base := catalog.NewCatalog()
	if strings.TrimSpace(fx.baseline) != "" {
		stmts, errs := pgparse.Parse(path, fx.baseline)
		for _, e := range errs {
			pr.add("%s: baseline: %v", path, e)
		}
		if len(errs) > 0 {
			return nil
		}
		for _, st := range stmts {
			base.Apply(st, catalog.Existing)
		}
	}
	name := fileNames[fx.format]
	if name == "" {
		name = "0001_fixture.sql"
	}
	fsys := fstest.MapFS{"m/" + name: {Data: []byte(fx.checked)}}
	set := migrations.LoadFiles(fsys, []string{"m/" + name}, migrations.Options{Format: fx.format})
	if len(set.Files) != 1 {
		pr.add("%s: the migration loader found %d files in the fixture (skipped: %v)", path, len(set.Files), set.Skipped)
		return nil
	}
	opts.PGVersion = fx.pg
	res := lint.Run(base, set.Files, opts)
	for i := range res.Findings {
		if res.Findings[i].Pos.File != set.Files[0].Path {
			pr.add("%s: finding %s has Pos.File %q, want %q", path, res.Findings[i].Rule, res.Findings[i].Pos.File, set.Files[0].Path)
		}
	}
	return res
}

// checkStyle holds every finding to the house style.
func checkStyle(pr *problems, path string, f rules.Finding) {
	where := fmt.Sprintf("%s:%d: %s", path, f.Pos.Line, f.Rule)
	if f.Message == "" {
		pr.add("%s: empty message", where)
		return
	}
	if first, _ := utf8.DecodeRuneInString(f.Message); unicode.IsUpper(first) {
		pr.add("%s: message must start lowercase: %q", where, f.Message)
	}
	if strings.HasSuffix(f.Message, ".") {
		pr.add("%s: message must not end with a period: %q", where, f.Message)
	}
	if strings.TrimSpace(f.Help) == "" {
		pr.add("%s: finding without help", where)
	}
	if f.Object.Type == "" {
		pr.add("%s: finding without an object type", where)
	}
	if (f.Effect == rules.BreaksOldCode || f.Effect == rules.DataLoss) &&
		f.Object.Table == "" && f.Object.Name == "" && f.Object.Index == "" && f.Object.Constraint == "" {
		pr.add("%s: a %s finding must name its object (Table, Name, Index or Constraint) for the verdict", where, f.Effect)
	}
	if f.Pos.Line == 0 {
		pr.add("%s: finding without a position", where)
	}
	if f.Stmt == nil && f.Rule != rules.UnusedIgnore {
		pr.add("%s: finding without its statement", where)
	}
}

// TestRuleDocsComplete checks that every rule documents itself.
func TestRuleDocsComplete(t *testing.T) {
	reName := regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	var names []string
	for _, r := range rules.All() {
		names = append(names, r.Name)
		if !reName.MatchString(r.Name) {
			t.Errorf("rule name %q is not kebab-case", r.Name)
		}
		missing := []string{}
		for field, v := range map[string]string{"Title": r.Title, "Why": r.Why, "Bad": r.Bad, "Good": r.Good, "Since": r.Since, "PGVersions": r.PGVersions} {
			if strings.TrimSpace(v) == "" {
				missing = append(missing, field)
			}
		}
		if len(r.Fix) == 0 {
			missing = append(missing, "Fix")
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("rule %s lacks %s", r.Name, strings.Join(missing, ", "))
		}
		switch r.Effect {
		case rules.BreaksOldCode, rules.DataLoss, rules.Locking, rules.NoEffect:
		default:
			t.Errorf("rule %s has unknown effect %q", r.Name, r.Effect)
		}
		if r.Severity.Rank() == 0 {
			t.Errorf("rule %s has unknown severity %q", r.Name, r.Severity)
		}
		if r.Check == nil && r.Name != rules.UnusedIgnore {
			t.Errorf("rule %s has no Check", r.Name)
		}
	}
	if len(names) == 0 {
		t.Fatal("no rules registered")
	}
}

// TestHarnessCatchesMistakes makes sure the harness itself fails fixtures
// that are wrong.
func TestHarnessCatchesMistakes(t *testing.T) {
	r := rules.Get("drop-column")
	dir := t.TempDir()
	cases := []struct {
		name, src string
		bad       bool
		want      []string // substrings of the expected problems, in order
	}{
		{"unwanted", "ALTER TABLE users DROP COLUMN a;\n", true, []string{"unexpected finding drop-column"}},
		{"unmatched", "ALTER TABLE users DROP COLUMN a; -- want `drop-column: .*\"users.b\"`\n", true,
			[]string{"unexpected finding", "no finding matched want"}},
		{"wrongline", "ALTER TABLE users DROP COLUMN a;\n-- want `drop-column`\n", true,
			[]string{"unexpected finding", "no finding matched want"}},
		{"silent", "ALTER TABLE users ADD COLUMN a text;\n", true, []string{"reported none"}},
		{"okwithwant", "SELECT 1; -- want `x`\n", false, []string{"ok fixture must not contain wants", "no finding matched"}},
		{"syntax", "ALTER TABLE users DROP COLUMN;\n", false, []string{"unexpected error"}},
		{"badre", "SELECT 1; -- want `(`\n", true, []string{"bad want regexp", "want without a regexp", "reported none"}},
		{"twowants", "ALTER TABLE users DROP COLUMN a, DROP COLUMN b; -- want `\"users.a\"` `\"users.b\"`\n", true, nil},
		{"baseline", "CREATE TABLE users (a int);\n-- migration\nALTER TABLE users ADD COLUMN b int;\nALTER TABLE users DROP COLUMN b;\n", false, nil},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.name+".sql")
		if err := os.WriteFile(p, []byte(c.src), 0o644); err != nil {
			t.Fatal(err)
		}
		got := checkFixture(r, p, c.bad)
		if len(got) != len(c.want) {
			t.Errorf("%s: problems %q, want %d matching %q", c.name, got, len(c.want), c.want)
			continue
		}
		for i, w := range c.want {
			if !strings.Contains(got[i], w) {
				t.Errorf("%s: problem %q does not mention %q", c.name, got[i], w)
			}
		}
	}
}
