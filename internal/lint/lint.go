// Package lint is rbcheck's migration lint engine: it replays a baseline
// schema, then walks the checked migration files statement by statement,
// runs every enabled rule against the catalog as it was just before the
// statement, applies the statement to the catalog, and filters the findings
// through the files' `rbcheck:ignore` directives.
//
// The engine never clones the catalog per statement: rules only read it
// before Apply mutates it.
package lint

import (
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// DefaultPGVersion is the Postgres major version assumed when Options does
// not name one.
const DefaultPGVersion = 17

// Options selects and tunes the rules.
type Options struct {
	PGVersion int      // major version; 0 means DefaultPGVersion
	Enable    []string // rule names to turn on (including opt-in rules)
	Disable   []string // rule names to turn off; Disable wins over Enable
	// Severity overrides a rule's default severity.
	Severity map[string]rules.Severity
	// PerFile checks each file as if the files before it were deployed:
	// objects they created count as existing (and fire the breaking rules),
	// only objects created earlier in the same file count as new. This is
	// how to lint a whole migration history without a baseline (`rbcheck
	// lint dir/`). The default treats every file as part of one release:
	// objects created by any of the checked files count as new.
	PerFile bool
	// Stream loads each file (migrations.File.Load, for files loaded with
	// migrations.Options.Defer) just before checking it, a few files ahead
	// on the other cores, and releases it after: memory follows the files
	// in hand plus the catalog and the findings, not the whole set.
	// Findings then keep no statement (Finding.Stmt is nil).
	Stream bool
	// SearchPath: the schemas an unqualified name of an existing table
	// (or other object) is looked up in by the rules and the replay, after
	// the migrations' own SET search_path, before public (the configured
	// search-path; see catalog.SetPath). Empty: keep the base catalog's.
	SearchPath []string
	// Report, when set, is handed each file's outcome right after the
	// file is checked, in the files' order (first, with Path "", the
	// errors of the options, if any), so that a caller can print it and
	// let it go: Result.Findings, Errors and Suppressed then stay empty.
	// The slices are the callee's to keep.
	Report func(FileReport)
	// NoNotes: the catalog records no Notes (Catalog.DropNotes), which
	// only --debug prints; a long run need not hold one per statement.
	NoNotes bool
	// EveryStatement runs every rule on every statement, ignoring the
	// statement kinds the rules declare (rules.Rule.Nodes): slower, with
	// the same findings (TestRuleNodes in rules compares the two).
	EveryStatement bool
}

// FileReport is what checking one file found: its findings, errors and
// suppressed findings, in the order found (Result's are sorted). Errors
// and suppressed findings may name the file's separate down file.
type FileReport struct {
	Path       string
	Findings   []rules.Finding
	Errors     []*sqlast.ParseError
	Suppressed []Suppressed
}

// Suppressed is a finding an ignore directive silenced.
type Suppressed struct {
	Finding   rules.Finding
	Directive sqlast.Pos // where the directive is
	Kind      migrations.DirectiveKind
	Reason    string
}

// Result is what a run found.
type Result struct {
	// Findings are sorted by file (in the order the files were given),
	// line, column and rule; Pos.File is the file's repository-relative path.
	Findings []rules.Finding
	// Errors are syntax errors, file problems, bad directives, unknown rule
	// names in directives or options, and rules that panicked.
	Errors []*sqlast.ParseError
	// Suppressed lists what the ignore directives silenced.
	Suppressed []Suppressed
	// Catalog is the schema after the run (base plus every checked file).
	Catalog *catalog.Catalog
}

// ruleSet is the enabled rules with their effective severities.
type ruleSet struct {
	list     []*rules.Rule
	enabled  map[string]bool
	severity map[string]rules.Severity
	// byNode lists, per type of statement model (sqlast.Node), the rules
	// of list that look at it (rules.Rule.Nodes), in list's order; built
	// on the first statement of each type.
	byNode map[reflect.Type][]*rules.Rule
	every  bool // Options.EveryStatement
}

// forNode returns the enabled rules that look at a statement whose model
// is n, in order.
func (rs *ruleSet) forNode(n sqlast.Node) []*rules.Rule {
	if rs.every {
		return rs.list
	}
	t := reflect.TypeOf(n)
	if l, ok := rs.byNode[t]; ok {
		return l
	}
	var l []*rules.Rule
	for _, r := range rs.list {
		if r.LooksAt(n) {
			l = append(l, r)
		}
	}
	if rs.byNode == nil {
		rs.byNode = map[reflect.Type][]*rules.Rule{}
	}
	rs.byNode[t] = l
	return l
}

func selectRules(opts Options, res *Result) *ruleSet {
	rs := &ruleSet{enabled: map[string]bool{}, severity: map[string]rules.Severity{}}
	for _, r := range rules.All() {
		if r.Default {
			rs.enabled[r.Name] = true
		}
	}
	for _, n := range opts.Enable {
		if rules.Get(n) == nil {
			res.Errors = append(res.Errors, &sqlast.ParseError{Msg: fmt.Sprintf("unknown rule %q in enabled rules%s", n, suggest(n))})
			continue
		}
		rs.enabled[n] = true
	}
	for _, n := range opts.Disable {
		if rules.Get(n) == nil {
			res.Errors = append(res.Errors, &sqlast.ParseError{Msg: fmt.Sprintf("unknown rule %q in disabled rules%s", n, suggest(n))})
			continue
		}
		delete(rs.enabled, n)
	}
	for n, s := range opts.Severity {
		if rules.Get(n) == nil {
			res.Errors = append(res.Errors, &sqlast.ParseError{Msg: fmt.Sprintf("unknown rule %q in severity overrides%s", n, suggest(n))})
			continue
		}
		if s.Rank() == 0 {
			res.Errors = append(res.Errors, &sqlast.ParseError{Msg: fmt.Sprintf("unknown severity %q for rule %q", s, n)})
			continue
		}
		rs.severity[n] = s
	}
	for _, r := range rules.All() {
		if rs.enabled[r.Name] && r.Check != nil {
			rs.list = append(rs.list, r)
		}
	}
	return rs
}

func (rs *ruleSet) sev(r *rules.Rule) rules.Severity {
	if s, ok := rs.severity[r.Name]; ok {
		return s
	}
	return r.Severity
}

// ignore is one rule named by one directive, with a use count.
type ignore struct {
	dir  *migrations.Directive
	rule string
	used int
}

// Run replays base (objects of Origin Existing: a baseline schema or an
// older release's migrations; nil means an empty database) and then checks
// files in order, applying each up statement with Origin New. base is not
// modified.
func Run(base *catalog.Catalog, files []*migrations.File, opts Options) *Result {
	res := &Result{}
	var cat *catalog.Catalog
	if base != nil {
		cat = base.Clone()
	} else {
		cat = catalog.NewCatalog()
	}
	if len(opts.SearchPath) > 0 {
		cat.SetPath(opts.SearchPath)
	}
	if opts.NoNotes {
		cat.DropNotes()
	}
	res.Catalog = cat
	pg := opts.PGVersion
	if pg == 0 {
		pg = DefaultPGVersion
	}
	rs := selectRules(opts, res)
	rs.every = opts.EveryStatement
	e := newEngine(cat, pg, rs, res)
	e.stream = opts.Stream
	if opts.Report != nil && len(res.Errors) > 0 {
		opts.Report(FileReport{Errors: res.Errors})
		res.Errors = nil
	}
	order := map[string]int{}
	ready := func(int) {}
	if opts.Stream {
		ready = loadAhead(files)
	}
	for i, f := range files {
		ready(i)
		if f == nil {
			continue
		}
		if _, ok := order[f.Path]; !ok {
			order[f.Path] = i
		}
		e.checkFile(f)
		if opts.PerFile {
			deploy(cat)
		}
		if opts.Stream {
			f.Release()
		}
		if opts.Report != nil {
			opts.Report(FileReport{Path: f.Path, Findings: e.found.appendTo(nil), Errors: res.Errors, Suppressed: res.Suppressed})
			res.Errors, res.Suppressed = nil, nil
		}
	}
	if opts.Report != nil {
		return res
	}
	e.flush()
	sortFindings(res.Findings, order)
	sortErrors(res.Errors, order)
	return res
}

// sortErrors orders errors like findings; errors without a file (unknown
// rule names in the options) come first.
func sortErrors(es []*sqlast.ParseError, order map[string]int) {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Pos, es[j].Pos
		if a.File != b.File {
			oa, okA := order[a.File]
			ob, okB := order[b.File]
			switch {
			case a.File == "":
				return true
			case b.File == "":
				return false
			case okA && okB:
				return oa < ob
			}
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// suggest returns `; did you mean "x"?` for the registered rule name
// closest to name, or "" when none is close.
func suggest(name string) string {
	best, bestD := "", 4
	for _, r := range rules.All() {
		if d := distance(name, r.Name); d < bestD {
			best, bestD = r.Name, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(`; did you mean %q?`, best)
}

// distance is the Levenshtein distance of two short strings.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// engine holds what checking one file after another shares: the rule
// context (reused for every rule, statement and file) and the findings
// gathered so far.
type engine struct {
	cat    *catalog.Catalog
	pg     int
	rs     *ruleSet
	res    *Result
	ctx    *rules.Context
	found  findingChunks
	stream bool // Options.Stream: findings keep no statement
}

// loadAhead loads files on other goroutines, in order, ahead of the
// caller, and returns the function that waits until file i is loaded (and
// lets more be loaded): call it for each i in order.
//
// How far ahead: the files of a migration folder differ in size by a
// hundred times and more, and the caller checks them in order, so a window
// of a few files leaves a core idle while one big file is parsed (the
// others are loaded and wait). Loading goes on up to aheadFiles files and,
// beyond the first few, while the loaded files not yet checked hold less
// than aheadBytes of SQL, which bounds the memory they hold.
func loadAhead(files []*migrations.File) func(i int) {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(files)))
	loaded := make([]chan struct{}, len(files))
	for i := range loaded {
		loaded[i] = make(chan struct{})
	}
	var (
		mu      sync.Mutex
		cond    = sync.NewCond(&mu)
		ahead   int   // files handed out and not yet checked
		bytes   int64 // SQL of the loaded files not yet checked
		sizes   = make([]int64, len(files))
		next    = make(chan int)
		minFree = workers + 1 // files always allowed ahead, whatever their size
	)
	for range workers {
		go func() {
			for i := range next {
				if f := files[i]; f != nil {
					f.Load()
					n := sqlBytes(f)
					mu.Lock()
					sizes[i] = n
					bytes += n
					mu.Unlock()
				}
				close(loaded[i])
			}
		}()
	}
	go func() {
		for i := range files {
			mu.Lock()
			for ahead >= aheadFiles || (ahead >= minFree && bytes >= aheadBytes) {
				cond.Wait()
			}
			ahead++
			mu.Unlock()
			next <- i
		}
		close(next)
	}()
	return func(i int) {
		<-loaded[i]
		mu.Lock()
		ahead--
		bytes -= sizes[i]
		mu.Unlock()
		cond.Signal()
	}
}

// How far loadAhead loads ahead of the check. A simulation of the
// pipeline on PostgreSQL's regression SQL (parse and check time in
// proportion to size, measured 3:1, two cores) keeps 1.5 cores busy with
// 3 files ahead, as measured, and 1.98 from 256 KB ahead; the SQL held
// in statements not yet checked stays that small.
var (
	aheadFiles       = 32
	aheadBytes int64 = 256 << 10
)

// sqlBytes is the length of the SQL of f's statements.
func sqlBytes(f *migrations.File) int64 {
	var n int64
	for _, s := range []*migrations.Section{f.Up, f.Down} {
		if s != nil {
			for _, st := range s.Stmts {
				n += int64(len(st.Text))
			}
		}
	}
	return n
}

func newEngine(cat *catalog.Catalog, pg int, rs *ruleSet, res *Result) *engine {
	return &engine{cat: cat, pg: pg, rs: rs, res: res, ctx: rules.NewContext(nil, nil, cat)}
}

// flush appends the findings gathered so far to res.Findings.
func (e *engine) flush() { e.res.Findings = e.found.appendTo(e.res.Findings) }

// findingChunks gathers findings in fixed-size chunks: appending thousands
// of large Finding values to one slice re-copies it at every growth.
type findingChunks struct {
	full [][]rules.Finding
	cur  []rules.Finding
	n    int
}

// The first chunk holds firstChunk findings, each next one twice as many
// as the last, up to findingChunk: most files have few findings, and a
// chunk of 256 (about 80 KB) for each was a large allocation (zeroed and
// faulted in) per file when findings are reported file by file.
const (
	firstChunk   = 8
	findingChunk = 256
)

func (fc *findingChunks) add(f rules.Finding) {
	if len(fc.cur) == cap(fc.cur) {
		size := firstChunk
		if len(fc.cur) > 0 {
			fc.full = append(fc.full, fc.cur)
			size = min(2*cap(fc.cur), findingChunk)
		}
		fc.cur = make([]rules.Finding, 0, size)
	}
	fc.cur = append(fc.cur, f)
	fc.n++
}

// appendTo appends the gathered findings, in order, to dst and empties fc.
func (fc *findingChunks) appendTo(dst []rules.Finding) []rules.Finding {
	if fc.n == 0 {
		return dst
	}
	dst = slices.Grow(dst, fc.n)
	for _, c := range fc.full {
		dst = append(dst, c...)
	}
	dst = append(dst, fc.cur...)
	// the current chunk is kept for the next file (a new one for each
	// file with findings was a fifth of the bytes lint allocated on the
	// regression corpus), cleared so that it holds on to nothing
	cur := fc.cur
	clear(cur)
	*fc = findingChunks{cur: cur[:0]}
	return dst
}

// checkFile lints and applies one file's up part.
func (e *engine) checkFile(f *migrations.File) {
	cat, rs, res := e.cat, e.rs, e.res
	for _, pe := range f.Errors {
		res.Errors = append(res.Errors, withFile(pe, f.Path))
	}
	if f.Up == nil {
		return
	}
	for _, pe := range f.Up.Errors {
		res.Errors = append(res.Errors, withFile(pe, f.Path))
	}

	// Directives: per statement and file-wide ignores.
	var byStmt map[*sqlast.Stmt][]*ignore
	var fileWide []*ignore
	var all []*ignore
	for i := range f.Directives {
		d := &f.Directives[i]
		if d.Kind != migrations.Ignore && d.Kind != migrations.IgnoreFile {
			continue
		}
		// A directive of a separate down file (golang-migrate, Flyway
		// undo) applies to the down part, which the engine does not lint.
		downFile := d.Pos.File != "" && d.Pos.File != f.Path
		for _, name := range d.Rules {
			if rules.Get(name) == nil {
				pos := d.Pos
				if pos.File == "" {
					pos.File = f.Path
				}
				res.Errors = append(res.Errors, &sqlast.ParseError{Pos: pos,
					Msg: fmt.Sprintf("unknown rule %q in rbcheck:%s directive%s", name, d.Kind, suggest(name))})
				continue
			}
			if downFile {
				continue
			}
			ig := &ignore{dir: d, rule: name}
			all = append(all, ig)
			if d.Kind == migrations.IgnoreFile {
				fileWide = append(fileWide, ig)
			} else if d.Stmt != nil {
				if byStmt == nil {
					byStmt = map[*sqlast.Stmt][]*ignore{}
				}
				byStmt[d.Stmt] = append(byStmt[d.Stmt], ig)
			}
		}
	}

	e.ctx.StartFile()
	var tx txState
	tx.tool = f.Up.InTx
	// The tool wraps the file in a transaction block of its own, except
	// golang-migrate, whose multi-statement query is an implicit block.
	toolTx := f.Up.InTx && f.Format != migrations.FormatGolangMigrate
	// The statements a DO block runs come right after it; a directive
	// above the DO block covers them too.
	stmts := sqlast.WithNested(f.Up.Stmts)
	for i, st := range stmts {
		if st == nil {
			continue
		}
		ctx := contextInfo{pg: e.pg, file: f.Path, inTx: tx.inTx(st), lockTimeout: tx.lockTimeout(), prev: stmts[:i:i], next: stmts[i+1:], toolTx: toolTx, ctx: e.ctx}
		var ignores []*ignore
		if byStmt != nil {
			ignores = byStmt[st]
			if st.Parent != nil {
				ignores = byStmt[st.Parent]
			}
		}
		list := rs.forNode(st.Node)
		if len(list) == 0 {
			apply(cat, st, f.Path, res)
			tx.after(st)
			continue
		}
		runRules(list, st, cat, ctx, res, func(r *rules.Rule, fd rules.Finding) {
			fd.Severity = rs.sev(r)
			fd.Pos.File = f.Path
			if e.stream {
				fd.Stmt = nil
			}
			if ig := match(ignores, fileWide, fd.Rule); ig != nil {
				ig.used++
				res.Suppressed = append(res.Suppressed, Suppressed{Finding: fd, Directive: withFilePos(ig.dir.Pos, f.Path), Kind: ig.dir.Kind, Reason: ig.dir.Reason})
				return
			}
			e.found.add(fd)
		})
		apply(cat, st, f.Path, res)
		tx.after(st)
	}

	// Ignores that silenced nothing.
	if len(all) == 0 || !rs.enabled[rules.UnusedIgnore] {
		return
	}
	inUp := make(map[*sqlast.Stmt]bool, len(stmts))
	for _, st := range stmts {
		if st != nil {
			inUp[st] = true
		}
	}
	ur := rules.Get(rules.UnusedIgnore)
	for _, ig := range all {
		if ig.used > 0 || !rs.enabled[ig.rule] || ig.rule == rules.UnusedIgnore {
			continue
		}
		if ig.dir.Kind == migrations.Ignore && ig.dir.Stmt != nil && !inUp[ig.dir.Stmt] {
			continue // a directive for the down part: the engine does not lint it
		}
		what := "the next statement"
		if ig.dir.Kind == migrations.IgnoreFile {
			what = "this file"
		} else if ig.dir.Stmt == nil {
			what = "nothing (no statement follows it)"
		}
		fd := rules.Finding{
			Rule: ur.Name, Severity: rs.sev(ur), Effect: ur.Effect,
			Pos:     withFilePos(ig.dir.Pos, f.Path),
			Message: fmt.Sprintf("rbcheck:%s for %q suppresses nothing: the rule reports no finding on %s", ig.dir.Kind, ig.rule, what),
			Help:    fmt.Sprintf("remove %q from the directive (or the whole directive)", ig.rule),
			Object:  rules.Object{Type: sqlast.ObjOther, Name: ig.rule},
			Stmt:    ig.dir.Stmt,
		}
		if e.stream {
			fd.Stmt = nil
		}
		if sup := match(nil, fileWide, ur.Name); sup != nil {
			sup.used++
			res.Suppressed = append(res.Suppressed, Suppressed{Finding: fd, Directive: withFilePos(sup.dir.Pos, f.Path), Kind: sup.dir.Kind, Reason: sup.dir.Reason})
			continue
		}
		e.found.add(fd)
	}
}

func match(stmt, file []*ignore, rule string) *ignore {
	for _, ig := range stmt {
		if ig.rule == rule {
			return ig
		}
	}
	for _, ig := range file {
		if ig.rule == rule {
			return ig
		}
	}
	return nil
}

// contextInfo is the per-statement part of rules.Context.
type contextInfo struct {
	pg          int
	file        string
	inTx        bool
	lockTimeout bool
	prev        []*sqlast.Stmt
	next        []*sqlast.Stmt
	toolTx      bool
	// ctx is reused for every rule and statement of a file; the findings
	// it returns are copied out before the next use.
	ctx *rules.Context
}

// runRule runs one rule on one statement; a panic becomes an error naming
// the rule and the position instead of crashing the run.
func runRule(r *rules.Rule, st *sqlast.Stmt, cat *catalog.Catalog, ci contextInfo, res *Result) (out []rules.Finding) {
	runRules([]*rules.Rule{r}, st, cat, ci, res, func(_ *rules.Rule, fd rules.Finding) { out = append(out, fd) })
	return out
}

// runRules runs the rules of list in order on one statement and passes
// each finding to emit; a panicking rule becomes an error naming the rule
// and the position (its findings are dropped) and the next rule runs.
func runRules(list []*rules.Rule, st *sqlast.Stmt, cat *catalog.Catalog, ci contextInfo, res *Result, emit func(*rules.Rule, rules.Finding)) {
	c := ci.ctx
	if c == nil {
		c = rules.NewContext(nil, st, cat)
	}
	for i := 0; i < len(list); {
		i = runRulesFrom(list, i, st, cat, c, ci, res, emit)
	}
}

// runRulesFrom runs list[i:] and returns len(list), or, when a rule
// panics, records the error and returns the index after that rule; one
// deferred recover covers every rule of the statement.
func runRulesFrom(list []*rules.Rule, i int, st *sqlast.Stmt, cat *catalog.Catalog, c *rules.Context, ci contextInfo, res *Result, emit func(*rules.Rule, rules.Finding)) (next int) {
	defer func() {
		if p := recover(); p != nil {
			pos := st.Pos
			pos.File = ci.file
			res.Errors = append(res.Errors, &sqlast.ParseError{Pos: pos,
				Msg: fmt.Sprintf("internal error: rule %q panicked on this statement: %v", list[i].Name, p)})
			next = i + 1
		}
	}()
	c.Catalog = cat
	c.PGVersion = ci.pg
	c.File = ci.file
	c.InTx = ci.inTx
	c.LockTimeout = ci.lockTimeout
	c.Prev = ci.prev
	c.Next = ci.next
	c.ToolTx = ci.toolTx
	for ; i < len(list); i++ {
		r := list[i]
		c.Reset(r, st)
		r.Check(c)
		for _, fd := range c.Findings() {
			emit(r, fd)
		}
	}
	return i
}

// apply adds st to the catalog as a new object, recovering from a panic.
func apply(cat *catalog.Catalog, st *sqlast.Stmt, file string, res *Result) {
	defer func() {
		if p := recover(); p != nil {
			pos := st.Pos
			pos.File = file
			res.Errors = append(res.Errors, &sqlast.ParseError{Pos: pos,
				Msg: fmt.Sprintf("internal error: the schema replay panicked on this statement: %v", p)})
		}
	}()
	cat.ApplyOne(st, catalog.New)
}

// deploy marks every object of the catalog as existing (only what the
// last file created, after the first call).
func deploy(cat *catalog.Catalog) { cat.Deploy() }

// txState follows the transaction and lock_timeout state of one file.
type txState struct {
	tool         bool // the migration tool wraps the file in a transaction
	ended        bool // a COMMIT/ROLLBACK ended the tool's transaction
	explicitOpen bool // an explicit BEGIN is open
	session      bool // SET lock_timeout (session level) is on
	local        bool // SET LOCAL lock_timeout is on in the current transaction
}

func (t *txState) inTx(st *sqlast.Stmt) bool {
	if t.explicitOpen {
		return true
	}
	return (t.tool || st.InTx) && !t.ended
}

func (t *txState) lockTimeout() bool { return t.session || t.local }

// after updates the state once st has run.
func (t *txState) after(st *sqlast.Stmt) {
	switch n := st.Node.(type) {
	case *sqlast.Transaction:
		switch n.Kind {
		case sqlast.TxBegin:
			t.explicitOpen = true
		case sqlast.TxCommit, sqlast.TxRollback:
			t.explicitOpen = false
			t.ended = true
			t.local = false
		}
	case *sqlast.Set:
		if n.Reset && n.Name == "all" {
			t.session, t.local = false, false
			return
		}
		if n.Name != "lock_timeout" {
			return
		}
		on := !n.Reset && !zeroSetting(n.Value)
		if n.Local {
			if t.inTx(st) {
				t.local = on
			}
			return
		}
		t.session = on
		if !on {
			t.local = false
		}
	}
}

// zeroSetting reports whether a timeout value turns the timeout off.
func zeroSetting(v string) bool {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), `'"`))
	switch v {
	case "", "0", "0ms", "0s", "0min", "0h", "0d", "default":
		return true
	}
	return false
}

func withFile(e *sqlast.ParseError, file string) *sqlast.ParseError {
	if e == nil {
		return &sqlast.ParseError{Pos: sqlast.Pos{File: file}, Msg: "unknown error"}
	}
	if e.Pos.File == file {
		return e
	}
	c := *e
	if c.Pos.File == "" {
		c.Pos.File = file
	}
	return &c
}

func withFilePos(p sqlast.Pos, file string) sqlast.Pos {
	p.File = file
	return p
}

func sortFindings(fs []rules.Finding, order map[string]int) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Pos.File != b.Pos.File {
			oa, okA := order[a.Pos.File]
			ob, okB := order[b.Pos.File]
			if okA && okB && oa != ob {
				return oa < ob
			}
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Rule < b.Rule
	})
}
