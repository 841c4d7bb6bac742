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
// without a trailing period, a help line, and an object type.

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

func loadFixture(t *testing.T, path string) *fixture {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src := string(data)
	fx := &fixture{pg: lint.DefaultPGVersion, format: migrations.FormatPlain}
	if m := rePG.FindStringSubmatch(src); m != nil {
		fx.pg, _ = strconv.Atoi(m[1])
	}
	if m := reFormat.FindStringSubmatch(src); m != nil {
		fx.format = migrations.ParseFormat(m[1])
		if fx.format == "" {
			t.Fatalf("%s: unknown format %q", path, m[1])
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
				t.Fatalf("%s:%d: a want in the baseline part can never match", path, i+1)
			}
			for _, re := range parseWantList(t, path, i+1, m[1]) {
				fx.wants = append(fx.wants, &want{line: i + 1, re: re})
			}
		}
	}
	fx.baseline = strings.Join(base, "\n")
	fx.checked = strings.Join(checked, "\n")
	return fx
}

// parseWantList reads `"re1" "re2"` (Go string literals).
func parseWantList(t *testing.T, path string, line int, s string) []*regexp.Regexp {
	t.Helper()
	var out []*regexp.Regexp
	s = strings.TrimSpace(s)
	for s != "" {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			t.Fatalf("%s:%d: bad want %q: %v", path, line, s, err)
		}
		text, _ := strconv.Unquote(q)
		re, err := regexp.Compile(text)
		if err != nil {
			t.Fatalf("%s:%d: bad want regexp %q: %v", path, line, text, err)
		}
		out = append(out, re)
		s = strings.TrimSpace(s[len(q):])
	}
	if len(out) == 0 {
		t.Fatalf("%s:%d: want without a regexp", path, line)
	}
	return out
}

func runFixture(t *testing.T, r *rules.Rule, path string, bad bool) {
	fx := loadFixture(t, path)
	res := lintFixture(t, r, path, fx)
	for _, e := range res.Errors {
		t.Errorf("%s: unexpected error: %v", path, e)
	}
	var got []rules.Finding
	for _, f := range res.Findings {
		if f.Rule == r.Name {
			got = append(got, f)
		}
	}
	if !bad && len(fx.wants) > 0 {
		t.Errorf("%s: an ok fixture must not contain wants", path)
	}
	if bad && len(got) == 0 {
		t.Errorf("%s: a bad fixture must make %s report at least one finding; it reported none", path, r.Name)
	}
	for _, f := range got {
		checkStyle(t, path, f)
		text := f.Rule + ": " + f.Message
		found := false
		for _, w := range fx.wants {
			if !w.matched && w.line == f.Pos.Line && w.re.MatchString(text) {
				w.matched, found = true, true
				break
			}
		}
		if !found {
			t.Errorf("%s:%d:%d: unexpected finding %s (help: %s)", path, f.Pos.Line, f.Pos.Col, text, f.Help)
		}
	}
	for _, w := range fx.wants {
		if !w.matched {
			t.Errorf("%s:%d: no finding matched want %q", path, w.line, w.re)
		}
	}
}

func lintFixture(t *testing.T, r *rules.Rule, path string, fx *fixture) *lint.Result {
	t.Helper()
	base := catalog.NewCatalog()
	if strings.TrimSpace(fx.baseline) != "" {
		stmts, errs := pgparse.Parse(path, fx.baseline)
		for _, e := range errs {
			t.Fatalf("%s: baseline: %v", path, e)
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
		t.Fatalf("%s: the migration loader found %d files in the fixture (skipped: %v)", path, len(set.Files), set.Skipped)
	}
	opts := lint.Options{PGVersion: fx.pg}
	if r.Name == rules.UnusedIgnore {
		opts.Enable = []string{r.Name}
	} else {
		opts.Enable = []string{r.Name}
		for _, o := range rules.All() {
			if o.Name != r.Name {
				opts.Disable = append(opts.Disable, o.Name)
			}
		}
	}
	res := lint.Run(base, set.Files, opts)
	for i := range res.Findings {
		if res.Findings[i].Pos.File != set.Files[0].Path {
			t.Errorf("%s: finding %s has Pos.File %q, want %q", path, res.Findings[i].Rule, res.Findings[i].Pos.File, set.Files[0].Path)
		}
	}
	return res
}

// checkStyle holds every finding to the house style.
func checkStyle(t *testing.T, path string, f rules.Finding) {
	t.Helper()
	where := fmt.Sprintf("%s:%d: %s", path, f.Pos.Line, f.Rule)
	if f.Message == "" {
		t.Errorf("%s: empty message", where)
		return
	}
	if first, _ := utf8.DecodeRuneInString(f.Message); unicode.IsUpper(first) {
		t.Errorf("%s: message must start lowercase: %q", where, f.Message)
	}
	if strings.HasSuffix(f.Message, ".") {
		t.Errorf("%s: message must not end with a period: %q", where, f.Message)
	}
	if strings.TrimSpace(f.Help) == "" {
		t.Errorf("%s: finding without help", where)
	}
	if f.Object.Type == "" {
		t.Errorf("%s: finding without an object type", where)
	}
	if f.Pos.Line == 0 {
		t.Errorf("%s: finding without a position", where)
	}
	if f.Stmt == nil && f.Rule != rules.UnusedIgnore {
		t.Errorf("%s: finding without its statement", where)
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
