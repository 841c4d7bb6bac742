package migrationcheck

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/rules"
)

//go:embed doc.go
var docSource string

// Analyzer runs the checks with the settings of its flags (for go vet and
// singlechecker): -config, -migrations, -baseline-schema, -retiring,
// -select-star, -pg-version, -complete-schema, -tag-pattern, -search-path,
// -templates.
var Analyzer = newFlagged()

var flagSettings Settings

func newFlagged() *analysis.Analyzer {
	a := newAnalyzer(func() Settings { return flagSettings })
	a.Flags.StringVar(&flagSettings.Config, "config", "", "path of .rbcheck.yaml (default: search up from each package directory)")
	a.Flags.Var(listFlag{&flagSettings.Migrations}, "migrations", "migration directories or globs, comma-separated (default: the configuration's, else discovered)")
	a.Flags.StringVar(&flagSettings.BaselineSchema, "baseline-schema", "", "schema file replayed before the migrations (makes the schema complete)")
	a.Flags.Var(listFlag{&flagSettings.Retiring}, "retiring", "retiring tables and columns, comma-separated (added to the configuration's)")
	a.Flags.StringVar(&flagSettings.SelectStar, "select-star", "", "when to report SELECT *: changed, always, never (default: the configuration's, else changed)")
	a.Flags.IntVar(&flagSettings.PGVersion, "pg-version", 0, "Postgres major version")
	a.Flags.BoolVar(&flagSettings.CompleteSchema, "complete-schema", false, "the migrations create every table: report tables they never create")
	a.Flags.StringVar(&flagSettings.TagPattern, "tag-pattern", "", "release tags (default: release.tag-pattern, else v*)")
	a.Flags.Var(listFlag{&flagSettings.SearchPath}, "search-path", "schemas unqualified names resolve through, comma-separated (default: the configuration's search-path, else public)")
	a.Flags.Var(mapFlag{&flagSettings.Templates}, "templates", "values of the migrations' Go-template actions, Key=Value comma-separated (added to the configuration's templates)")
	return a
}

// mapFlag reads Key=Value[,Key=Value].
type mapFlag struct{ p *map[string]string }

func (m mapFlag) String() string {
	if m.p == nil || len(*m.p) == 0 {
		return ""
	}
	var parts []string
	for k, v := range *m.p {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (m mapFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		k, val, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("%q is not Key=Value", s)
		}
		if *m.p == nil {
			*m.p = map[string]string{}
		}
		(*m.p)[strings.TrimSpace(k)] = val
	}
	return nil
}

// New returns an analyzer with fixed settings (the golangci-lint plugin).
func New(s Settings) (*analysis.Analyzer, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return newAnalyzer(func() Settings { return s }), nil
}

func newAnalyzer(settings func() Settings) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             "migrationcheck",
		Doc:              packageDoc(docSource),
		URL:              "https://github.com/rbcheck/rbcheck/blob/main/docs/golangci-lint.md",
		Requires:         []*analysis.Analyzer{analyzer.Analyzer},
		RunDespiteErrors: true,
		Run: func(pass *analysis.Pass) (any, error) {
			s := settings()
			if err := s.Validate(); err != nil {
				return nil, err
			}
			return nil, run(pass, s)
		},
	}
}

type listFlag struct{ p *[]string }

func (l listFlag) String() string {
	if l.p == nil {
		return ""
	}
	return strings.Join(*l.p, ",")
}

func (l listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l.p = append(*l.p, s)
		}
	}
	return nil
}

func packageDoc(src string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", src, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		return "migrationcheck reports SQL that the repository's migrations have made unsafe"
	}
	return strings.TrimSpace(f.Doc.Text())
}

var resolveCache sync.Map // pkgDir + settings → *resolved / error

type resolveEntry struct {
	r   *resolved
	err error
}

func resolveFor(pkgDir string, s Settings) (*resolved, error) {
	k := pkgDir + "\x00" + s.key() + "\x00" + strings.Join(s.Retiring, ",") + "\x00" + s.SelectStar
	if v, ok := resolveCache.Load(k); ok {
		e := v.(resolveEntry)
		return e.r, e.err
	}
	r, err := s.resolve(pkgDir)
	resolveCache.Store(k, resolveEntry{r, err})
	return r, err
}

// finding is one diagnostic before suppression.
type finding struct {
	pos  token.Pos
	rule *Rule
	msg  string
	help string
}

func run(pass *analysis.Pass, s Settings) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rbcheck: internal error in package %s: %v", pass.Pkg.Path(), p)
		}
	}()
	if len(pass.Files) == 0 {
		return nil
	}
	res, _ := pass.ResultOf[analyzer.Analyzer].(*analyzer.Result)
	if res == nil || (len(res.Refs) == 0 && len(res.Queries) == 0) {
		// nothing to check; still report malformed ignore comments
		reportFindings(pass, nil)
		return nil
	}
	pkgDir := filepath.Dir(pass.Fset.File(pass.Files[0].Pos()).Name())
	r, err := resolveFor(pkgDir, s)
	if err != nil {
		return err
	}
	st, err := loadState(r)
	if err != nil {
		return err
	}
	files := fileIndex(pass)
	toPos := func(p analyzer.Pos) token.Pos {
		tf := files[p.File]
		if tf == nil || p.Line < 1 || p.Line > tf.LineCount() {
			return token.NoPos
		}
		off := int(tf.LineStart(p.Line)-token.Pos(tf.Base())) + p.Col - 1
		if off < 0 || off > tf.Size() {
			return token.NoPos
		}
		return tf.Pos(off)
	}
	var out []finding
	for _, f := range check(st, r, res) {
		if tp := toPos(f.pos); tp.IsValid() {
			out = append(out, finding{pos: tp, rule: f.rule, msg: f.msg, help: f.help})
		}
	}
	if len(st.unread) > 0 {
		out = append(out, notRead(st.unread, res, toPos)...)
	}
	reportFindings(pass, out)
	return nil
}

// found is a finding at the analysis's position of a use (file relative
// to the module root), before it is mapped to the pass's files.
type found struct {
	pos  analyzer.Pos
	rule *Rule
	msg  string
	help string
	// use is, for a use the verdict's matchers found (checkBroken),
	// the declared use it is.
	use rules.Use
}

// check finds what the migrations break in one package's uses of the
// database (res): what the checks of this package look up themselves, then
// the uses the verdict's matchers find for the other changes.
func check(st *state, r *resolved, res *analyzer.Result) []found {
	res = withoutMigrations(st, res)
	ret := parseRetiring(r.retiring, st)
	var out []found
	add := func(p analyzer.Pos, rule *Rule, msg, help string) {
		out = append(out, found{pos: p, rule: rule, msg: msg, help: help})
	}
	scans := scanIndex(res.Queries)
	for _, ref := range res.Refs {
		checkRef(st, r, ret, ref, scans, add)
	}
	for _, q := range res.Queries {
		checkInsert(st, q, add)
		checkConflicts(st, q, add)
		checkWrites(st, q, add)
	}
	checkBroken(st, r, res, func(u rules.Use, p analyzer.Pos, rule *Rule, msg, help string) {
		out = append(out, found{pos: p, rule: rule, msg: msg, help: help, use: u})
	})
	return out
}

// withoutMigrations leaves out the statements of migration files the code
// embeds and of Go migrations (state.inMigrations), as the verdict does:
// they ran once, at migration time.
func withoutMigrations(st *state, res *analyzer.Result) *analyzer.Result {
	// (and the statements of functions nothing calls: they cannot run, and
	// the verdict only warns about them; its matchers leave them out of
	// what they confirm themselves)
	out := &analyzer.Result{}
	out.Dynamic, out.Errors, out.LibUses = res.Dynamic, res.Errors, res.LibUses
	skip := func(mig bool, p analyzer.Pos) bool {
		return mig || st.inMigrations != nil && st.inMigrations(p.File)
	}
	for _, ref := range res.Refs {
		if !skip(ref.Migration, ref.Pos) {
			out.Refs = append(out.Refs, ref)
		}
	}
	for _, q := range res.Queries {
		if !skip(q.Migration, q.Pos) && q.Unreachable == "" {
			out.Queries = append(out.Queries, q)
		}
	}
	return out
}

// checkBroken reports the confirmed uses of the changes whose declared
// uses only the verdict looks up (state.broken), found by the verdict's
// own matchers on this package's uses: the sites that would make the
// release verdict roll-forward-only. Possible uses (the verdict's
// warnings: a parameter that may hold the old value, a write that may be
// NULL, a json column whose decoding is not seen) are not reported.
func checkBroken(st *state, r *resolved, res *analyzer.Result, add func(rules.Use, analyzer.Pos, *Rule, string, string)) {
	if len(st.broken) == 0 {
		return
	}
	oc := verdict.PackageCode(&res.Inventory, st.cat, st.path)
	for i := range st.broken {
		bc := &st.broken[i]
		// each declared use on its own, so that a finding says which it is
		for _, u := range bc.b.Uses {
			one := bc.b
			one.Uses = []rules.Use{u}
			reportEvidence(st, r, oc, bc, &one, func(p analyzer.Pos, rule *Rule, msg, help string) { add(u, p, rule, msg, help) })
		}
	}
}

// reportEvidence reports the uses the verdict's matchers confirm for one
// declared use b of a change.
func reportEvidence(st *state, r *resolved, oc *verdict.OldCode, bc *brokenChange, b *rules.Break, add func(analyzer.Pos, *Rule, string, string)) {
	star := b.Uses[0] == rules.UseStarScan
	if star && (r.selectStar == "never" || st.changed[tkey(bc.ch.Table)] != "") {
		return // never wanted, or every star of the table is reported already
	}
	ev := oc.Evidence(bc.ch, b, st.cat)
	if len(ev.Confirmed) == 0 {
		return
	}
	at := func(s verdict.Site) analyzer.Pos { return analyzer.Pos{File: s.File, Line: s.Line, Col: s.Col} }
	if star {
		tn := bc.ch.Table
		if strings.EqualFold(tn.Schema, catalog.DefaultSchema) {
			tn.Schema = "" // as the code names it
		}
		for _, s := range ev.Confirmed {
			add(at(s), RuleStar, starChangedMsg(analyzer.Ref{SQL: s.SQL, Kind: s.Kind}, tn, bc.at, oc.ScanAt(s), "code that reads by position breaks between releases"),
				"name the columns")
		}
		return
	}
	rule := RuleBroken
	switch bc.ch.Kind {
	case change.ColumnDropped, change.ColumnRenamed, change.TableDropped, change.TableRenamed, change.ViewDropped, change.ViewRenamed:
		rule = RuleRemoved
	}
	why := ev.Why
	if why == "" {
		why = "it breaks " + b.Uses[0].Text()
	}
	help := "keep what the old code uses until no deployed release uses it (expand/contract)"
	if rl := rules.Get(bc.rule); rl != nil && len(rl.Fix) > 0 {
		help = lowerFirst(strings.TrimSuffix(rl.Fix[0], ".")) + "; rbcheck explain " + bc.rule + " gives every step"
	}
	for _, s := range ev.Confirmed {
		msg := fmt.Sprintf("%s by %s (%s): %s", bc.ch.Describe(), bc.at, bc.rule, why)
		if s.Note != "" {
			msg += "; " + s.Note
		}
		add(at(s), rule, msg, help)
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// notRead reports, once per package, at its first SQL call site, that
// migrations were left out of the replay: every other rule may be wrong.
func notRead(unread []string, res *analyzer.Result, toPos func(analyzer.Pos) token.Pos) []finding {
	var first token.Pos
	consider := func(p analyzer.Pos) {
		if tp := toPos(p); tp.IsValid() && (!first.IsValid() || tp < first) {
			first = tp
		}
	}
	for _, ref := range res.Refs {
		consider(ref.Pos)
	}
	for _, q := range res.Queries {
		consider(q.Pos)
	}
	if !first.IsValid() {
		return nil
	}
	what := unread[0]
	if len(unread) > 1 {
		what += fmt.Sprintf(" (and %d more)", len(unread)-1)
	}
	n := "1 problem"
	if len(unread) > 1 {
		n = fmt.Sprintf("%d problems", len(unread))
	}
	return []finding{{pos: first, rule: RuleNotRead,
		msg:  fmt.Sprintf("rbcheck could not read all migrations (%s), so the schema this package's SQL is checked against may be incomplete: %s", n, what),
		help: "fix the statement, or add the file to exclude if it is not a Postgres migration; rbcheck lint shows each problem"}}
}

// fileIndex maps the analyzer's file names (relative to the module root)
// to the pass's files.
func fileIndex(pass *analysis.Pass) map[string]*token.File {
	m := map[string]*token.File{}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		m[analyzer.ModuleRel(tf.Name())] = tf
	}
	return m
}

type retiring struct {
	tables map[string]string // table key → entry as written
	cols   map[string]string // table key.column → entry
}

func parseRetiring(list []string, st *state) retiring {
	r := retiring{tables: map[string]string{}, cols: map[string]string{}}
	for _, e := range list {
		e = strings.TrimSpace(e)
		parts := strings.Split(strings.ToLower(e), ".")
		switch len(parts) {
		case 1:
			r.tables[tkey(sqlast.Name{Name: parts[0]})] = e
		case 2:
			asTable := sqlast.Name{Schema: parts[0], Name: parts[1]}
			if st.cat.Relation(asTable) != nil && st.cat.Relation(sqlast.Name{Name: parts[0]}) == nil {
				r.tables[tkey(asTable)] = e
			} else {
				r.cols[tkey(sqlast.Name{Name: parts[0]})+"."+parts[1]] = e
			}
		case 3:
			r.cols[tkey(sqlast.Name{Schema: parts[0], Name: parts[1]})+"."+parts[2]] = e
		}
	}
	return r
}

func quoted(t sqlast.Name, col string) string {
	s := t.String()
	if col != "" {
		s += "." + col
	}
	return fmt.Sprintf("%q", s)
}

func removedMsg(kind, name string, ev event) string {
	if ev.verb == "renamed" {
		return fmt.Sprintf("%s %s is renamed to %q by %s", kind, name, ev.to, ev.at)
	}
	return fmt.Sprintf("%s %s is dropped by %s", kind, name, ev.at)
}

// scanIndex finds how the code consumes the statement a use belongs to
// (analyzer.QuerySite.Scan), as the release verdict does: the statement
// of the same text in the same file that starts at the use's line or
// spans it; nil when not known.
func scanIndex(qs []analyzer.QuerySite) func(analyzer.Ref) *analyzer.Scan {
	by := map[string][]int{}
	for i, q := range qs {
		by[q.Pos.File] = append(by[q.Pos.File], i)
	}
	return func(ref analyzer.Ref) *analyzer.Scan {
		for _, i := range by[ref.Pos.File] {
			q := qs[i]
			if q.SQL != ref.SQL {
				continue
			}
			if q.Pos == ref.Pos || ref.Pos.Line >= q.Pos.Line && ref.Pos.Line <= q.Pos.Line+strings.Count(q.SQL, "\n") {
				return q.Scan
			}
		}
		return nil
	}
}

func checkRef(st *state, r *resolved, ret retiring, ref analyzer.Ref, scanOf func(analyzer.Ref) *analyzer.Scan, add func(analyzer.Pos, *Rule, string, string)) {
	if ref.Kind == sqlast.UseDDL || ref.Table.Name == "" {
		return
	}
	tk := tkey(ref.Table)
	t := st.cat.Relation(ref.Table)
	if t != nil {
		tk = tkey(t.Name)
	}
	col := ref.Column
	// retiring
	switch col {
	case "":
		if e, ok := ret.tables[tk]; ok {
			add(ref.Pos, RuleRetiring, fmt.Sprintf("table %s is retiring (retiring: %s)", quoted(ref.Table, ""), e),
				"move this use to the replacement before the migration that drops it ships")
		}
	case sqlast.ColumnStar:
		var names []string
		for k, e := range ret.cols {
			if strings.HasPrefix(k, tk+".") {
				names = append(names, e)
			}
		}
		sort.Strings(names)
		if len(names) > 0 {
			add(ref.Pos, RuleRetiring, fmt.Sprintf("%s on %s reads retiring column %s", starText(ref), quoted(ref.Table, ""), strings.Join(names, ", ")),
				"name the columns this code needs, without the retiring ones")
		}
	default:
		if e, ok := ret.cols[tk+"."+col]; ok {
			add(ref.Pos, RuleRetiring, fmt.Sprintf("column %s is retiring (retiring: %s)", quoted(ref.Table, col), e),
				"move this use to the replacement column before the migration that drops it ships")
		}
	}
	if t == nil {
		if col != "" {
			return // the table itself is reported at its own use
		}
		if ev, ok := st.removedTable(ref.Table); ok && confirmed(ref) {
			add(ref.Pos, RuleRemoved, removedMsg("table", quoted(ref.Table, ""), ev), removedHelp(ev))
		} else if st.complete {
			add(ref.Pos, RuleUnknown, fmt.Sprintf("table %s is not created by any migration or the baseline schema; the statement fails at run time", quoted(ref.Table, "")),
				"fix the name or add the migration that creates the table")
		}
		return
	}
	if col == sqlast.ColumnStar {
		if t.View || r.selectStar == "never" {
			return
		}
		// (a column added: checkBroken, by the verdict's star matcher)
		at, changed := st.changed[tk]
		switch {
		case changed && confirmed(ref):
			add(ref.Pos, RuleStar, starChangedMsg(ref, ref.Table, at, scanOf(ref), "code that reads or writes by position breaks between releases"),
				"name the columns")
		case r.selectStar == "always":
			add(ref.Pos, RuleStar, fmt.Sprintf("%s on %s depends on the table's column list, which migrations may change", starText(ref), quoted(ref.Table, "")),
				"name the columns")
		}
		return
	}
	if col == "" || t.Partial || t.View {
		return
	}
	if t.Column(col) == nil && confirmed(ref) {
		if ev, ok := st.removed[tk+"."+col]; ok {
			add(ref.Pos, RuleRemoved, removedMsg("column", quoted(ref.Table, col), ev), removedHelp(ev))
		}
	}
}

// confirmed reports whether the verdict counts a use as confirmed rather
// than possible: its statement's text is known, or the partial statement
// names the table (column) in constant text.
func confirmed(ref analyzer.Ref) bool {
	// an ORM model's table named by convention is confirmed when the
	// schema had it (verdict.OldCode.ConfirmModels): a removed table or
	// column was there. A use in a function nothing calls cannot run: the
	// verdict only warns about it.
	return ref.Unreachable == "" && (ref.Confidence != analyzer.Partial || ref.Certain || ref.Kind == sqlast.UseModel)
}

func removedHelp(ev event) string {
	if ev.verb == "renamed" {
		return fmt.Sprintf("use %q, or keep the old name until no deployed release uses it (expand/contract); the statement fails once the migration runs", ev.to)
	}
	return "stop using it in the release before the one that drops it (expand/contract); the statement fails once the migration runs"
}

// starChangedMsg says that the star of ref on table t meets the columns
// an unreleased migration (at) changes, and how that breaks the code: the
// strict mapper that reads the result (sc), else what happens by position.
func starChangedMsg(ref analyzer.Ref, t sqlast.Name, at string, sc *analyzer.Scan, byPosition string) string {
	how := byPosition
	if sc != nil && sc.Kind == analyzer.ScanByName && sc.Strict {
		how = "its result is read by " + sc.Mapper + ", which rejects a column it has no field for"
	}
	return fmt.Sprintf("%s on %s, whose columns unreleased migration %s changes; %s", starText(ref), quoted(t, ""), at, how)
}

func starText(ref analyzer.Ref) string {
	switch ref.Kind {
	case sqlast.UseCopy:
		return "COPY without a column list"
	case sqlast.UseInsert:
		return "INSERT without a column list"
	}
	first := strings.ToUpper(strings.TrimLeft(ref.SQL, " \t\r\n("))
	if isReturningStar(ref.SQL) && !strings.HasPrefix(first, "SELECT") && !strings.HasPrefix(first, "WITH") {
		return "RETURNING *"
	}
	return "SELECT *"
}

func isReturningStar(sql string) bool {
	u := strings.ToUpper(sql)
	i := strings.LastIndex(u, "RETURNING")
	return i >= 0 && strings.HasPrefix(strings.TrimSpace(u[i+len("RETURNING"):]), "*")
}

// checkConflicts reports ON CONFLICT targets that need a unique key a
// migration dropped, which the final schema does not have.
func checkConflicts(st *state, q analyzer.QuerySite, add func(analyzer.Pos, *Rule, string, string)) {
	if q.Query == nil || q.Confidence != analyzer.Exact || len(st.conflicts) == 0 {
		return
	}
	for _, c := range q.Query.Conflicts {
		tn := c.Table
		if tn.Name == "" && q.Query.InsertTable != nil {
			tn = *q.Query.InsertTable
		}
		t := st.cat.Table(tn)
		if t == nil {
			continue
		}
		tk := tkey(t.Name)
		for _, ck := range st.conflicts {
			if ck.table != tk {
				continue
			}
			switch {
			case ck.byName && strings.EqualFold(c.Constraint, ck.name) && t.Constraint(ck.name) == nil:
				add(q.Pos, RuleRemoved, fmt.Sprintf("on conflict on constraint %q of %s names a constraint that %s drops or renames; the insert fails", ck.name, quoted(tn, ""), ck.at),
					"name the columns of a unique key the schema still has, or keep the constraint until no deployed release uses it")
			case !ck.byName && c.Constraint == "" && catalog.SameColumnSet(c.Columns, ck.cols) && !hasKey(st.cat.UniqueKeys(t.Name), ck.cols):
				add(q.Pos, RuleRemoved, fmt.Sprintf("on conflict (%s) on %s needs a unique key on those columns, which %s drops; the insert fails", strings.Join(c.Columns, ", "), quoted(tn, ""), ck.at),
					"keep (or re-create) the unique key until no deployed release upserts on it")
			}
		}
	}
}

func hasKey(keys [][]string, cols []string) bool {
	for _, k := range keys {
		if catalog.SameColumnSet(k, cols) {
			return true
		}
	}
	return false
}

func checkInsert(st *state, q analyzer.QuerySite, add func(analyzer.Pos, *Rule, string, string)) {
	if q.Query == nil || q.Confidence != analyzer.Exact || q.Query.InsertTable == nil || q.Query.InsertNoColumns || len(q.Query.InsertColumns) == 0 {
		return
	}
	t := st.cat.Relation(*q.Query.InsertTable)
	if t == nil || t.View {
		return
	}
	tk := tkey(t.Name)
	named := map[string]bool{}
	for _, c := range q.Query.InsertColumns {
		named[c] = true
	}
	var missing []string
	for _, c := range t.Columns {
		if named[c.Name] || !change.Required(t, c) {
			continue
		}
		if _, ok := st.required[tk+"."+c.Name]; ok {
			missing = append(missing, c.Name)
		}
	}
	if len(missing) == 0 {
		return
	}
	p := q.Pos
	for _, m := range missing {
		add(p, RuleRequired, fmt.Sprintf("insert into %s does not set column %q, which %s makes NOT NULL without a default; the insert fails",
			quoted(*q.Query.InsertTable, ""), m, st.required[tk+"."+m]),
			"set the column in the INSERT, or give it a default in the migration")
	}
}

// directive is one //rbcheck:ignore comment.
type directive struct {
	rules []string
	ok    bool // has a reason and known rules
	pos   token.Pos
	used  map[string]bool // rules that silenced a finding
}

const ignorePrefix = "//rbcheck:ignore"

func reportFindings(pass *analysis.Pass, out []finding) {
	ignores := map[*token.File]map[int][]*directive{}
	var all []*directive
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				d, bad, ok := parseIgnore(c)
				if !ok {
					continue
				}
				if bad != "" {
					pass.Report(analysis.Diagnostic{Pos: c.Pos(), End: c.End(), Category: RuleIgnore.Name, URL: RuleIgnore.URL(),
						Message: fmt.Sprintf("%s (%s); help: %s", bad, RuleIgnore.Name, "write //rbcheck:ignore RULE reason")})
					continue
				}
				line := tf.Line(c.Pos())
				if ignores[tf] == nil {
					ignores[tf] = map[int][]*directive{}
				}
				d.pos = c.Pos()
				ignores[tf][line] = append(ignores[tf][line], &d)
				all = append(all, &d)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	seen := map[string]bool{}
	for _, f := range out {
		k := fmt.Sprintf("%d\x00%s\x00%s", f.pos, f.rule.Name, f.msg)
		if seen[k] {
			continue
		}
		seen[k] = true
		tf := pass.Fset.File(f.pos)
		if tf != nil && suppressed(ignores[tf], tf.Line(f.pos), f.rule.Name) {
			continue
		}
		pass.Report(analysis.Diagnostic{Pos: f.pos, Category: f.rule.Name, URL: f.rule.URL(),
			Message: fmt.Sprintf("%s (%s); help: %s", f.msg, f.rule.Name, f.help)})
	}
	// A suppression that silenced nothing is stale (the migration was
	// released, the query changed) or never worked (wrong rule, wrong line).
	for _, d := range all {
		for _, r := range d.rules {
			if d.used[r] {
				continue
			}
			pass.Report(analysis.Diagnostic{Pos: d.pos, Category: RuleUnusedIgnore.Name, URL: RuleUnusedIgnore.URL(),
				Message: fmt.Sprintf("//rbcheck:ignore %s suppresses nothing: no %s finding on this line or the next (%s); help: %s",
					r, r, RuleUnusedIgnore.Name, "remove the comment, or the rule name from it")})
		}
	}
}

// suppressed reports whether a directive on the finding's line or the line
// above names rule, and marks it used.
func suppressed(lines map[int][]*directive, line int, rule string) bool {
	for _, l := range []int{line, line - 1} {
		for _, d := range lines[l] {
			for _, r := range d.rules {
				if r == rule {
					if d.used == nil {
						d.used = map[string]bool{}
					}
					d.used[r] = true
					return true
				}
			}
		}
	}
	return false
}

// parseIgnore reads //rbcheck:ignore RULE[,RULE] reason. ok is false for
// other comments; bad describes a malformed directive.
func parseIgnore(c *ast.Comment) (d directive, bad string, ok bool) {
	rest, found := strings.CutPrefix(c.Text, ignorePrefix)
	if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return d, "", false
	}
	if i := strings.Index(rest, "//"); i >= 0 {
		rest = rest[:i] // a trailing comment is not the reason
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return d, "//rbcheck:ignore names no rule and gives no reason, so it silences nothing", true
	}
	for _, name := range strings.Split(fields[0], ",") {
		if ruleByName(name) == nil || name == RuleIgnore.Name || name == RuleUnusedIgnore.Name {
			return d, fmt.Sprintf("//rbcheck:ignore names unknown rule %q, so it silences nothing", name), true
		}
		d.rules = append(d.rules, name)
	}
	if len(fields) < 2 {
		return d, fmt.Sprintf("//rbcheck:ignore %s has no reason, so it silences nothing", fields[0]), true
	}
	d.ok = true
	return d, "", true
}

// checkWrites reports an exact INSERT or UPDATE whose row a CHECK that a
// migration adds rejects (the CHECK evaluated on its literal values and
// the defaults, as the release verdict judges an old write).
func checkWrites(st *state, q analyzer.QuerySite, add func(analyzer.Pos, *Rule, string, string)) {
	if q.Query == nil || q.Confidence != analyzer.Exact || len(st.checks) == 0 {
		return
	}
	var tn *sqlast.Name
	verb := "insert into"
	switch {
	case q.Query.InsertTable != nil:
		tn = q.Query.InsertTable
	case q.Query.UpdateTable != nil:
		tn, verb = q.Query.UpdateTable, "update of"
	default:
		return
	}
	t := st.cat.Table(*tn)
	if t == nil {
		return
	}
	for _, c := range st.checks {
		ct := st.cat.Table(c.ch.Table)
		if ct != t {
			continue
		}
		// the statement names the table as the code wrote it
		ch := *c.ch
		ch.Table = *tn
		if bad, row := verdict.CheckRejects(&ch, q.Query); bad {
			add(q.Pos, RuleCheck, fmt.Sprintf("%s %s writes a row that check %q, added by %s, rejects: it %s; the statement fails", verb, quoted(*tn, ""), c.ch.Name, c.at, row),
				"write the columns the check reads as it requires, or add the check in a later release (expand/contract)")
		}
	}
}
