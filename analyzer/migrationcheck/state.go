package migrationcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/gitrev"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/rules"
)

// event is a migration statement that removed or changed an object.
type event struct {
	verb string // "dropped" or "renamed"
	to   string // new name of a rename
	at   string // file:line of the statement
}

// conflictKey is a unique key (columns, or a constraint's name) that a
// migration drops, which old ON CONFLICT targets need.
type conflictKey struct {
	table  string   // table key
	cols   []string // UseConflictKey: the key's columns
	name   string   // UseConflictName: the constraint's name
	byName bool
	at     string
}

// state is what every package of one process checks against: built once
// per root and settings from the migrations' changes (internal/change) and
// the rules' declarations of what each change breaks (rules.Break).
type state struct {
	cat      *catalog.Catalog
	complete bool
	// removed: "schema.table" or "schema.table.column" → the statement that
	// dropped or renamed it (the last one), from the changes whose rule
	// declares that old reads and writes of the object break.
	removed map[string]event
	// changed: "schema.table" → the first unreleased statement that
	// changes what a star of the table returns (a change declared to break
	// the column's reads: a dropped or renamed column), on a table a
	// release already had; every star use is reported.
	changed map[string]string
	// required: "schema.table.column" → the statement that made the column
	// required (a change declared to break inserts that omit it), else the
	// one that created it; only columns the final schema requires.
	required map[string]string
	// conflicts are the unique keys changes dropped that ON CONFLICT
	// targets need (kept only when the final schema lacks them).
	conflicts []conflictKey
	// checks are the CHECK constraints migrations add to tables that
	// existed before them (check-added, declared to break writes whose row
	// they reject) and that the final schema still has, with where.
	checks []checkAdded
	// broken are the changes whose rule declares uses the checks above
	// do not look up themselves (an enum value's literals, a function's
	// calls, a retyped column's reads, a rewritten value, …): each
	// package's uses of them are found by the verdict's own matchers
	// (verdict.OldCode.Evidence), and the confirmed ones reported.
	broken []brokenChange
	// unread lists the migration files that were not read, as
	// "file:line:col: problem" (syntax errors, files of no format).
	unread []string
	// nFiles/nUnreleased are for tests and docs.
	nFiles, nUnreleased int
	// path is the search path unqualified names resolve through.
	path []string
	// inMigrations says whether a file is a migration or lies in a
	// migration folder (verdict.InMigrations): its statements ran at
	// migration time and are not checked.
	inMigrations func(file string) bool
}

// removedTable finds what dropped or renamed the table n names: exactly
// when qualified, else in the first schema of the search path that had
// one of that name.
func (st *state) removedTable(n sqlast.Name) (event, bool) {
	if n.Schema != "" {
		ev, ok := st.removed[tkey(n)]
		return ev, ok
	}
	for _, s := range append(append([]string(nil), st.path...), catalog.DefaultSchema) {
		if ev, ok := st.removed[s+"."+n.Name]; ok {
			return ev, true
		}
	}
	return event{}, false
}

// checkAdded is a CHECK a migration adds to an existing table.
type checkAdded struct {
	ch *change.Change
	at string
}

// brokenChange is a change with the uses of its rule's declaration that
// only the verdict's matchers look up (Break.Uses narrowed to them).
type brokenChange struct {
	ch   *change.Change
	b    rules.Break
	rule string
	at   string
}

type stateEntry struct {
	once sync.Once
	st   *state
	err  error
}

var states sync.Map // key → *stateEntry

// replays counts buildState calls (tests check that a process replays
// the migrations of one root and settings once).
var replays atomic.Int64

// loadState replays the migrations of r once per process.
func loadState(r *resolved) (*state, error) {
	k := r.root + "\x00" + strings.Join(r.migDirs, ",") + "\x00" + fmt.Sprint(r.formats) + "\x00" + fmt.Sprint(r.tx) + "\x00" +
		strings.Join(r.exclude, ",") + "\x00" + r.baseline + "\x00" + fmt.Sprint(r.complete) + "\x00" + r.tagPattern + "\x00" +
		fmt.Sprint(r.templates) + "\x00" + strings.Join(r.searchPath, ",")
	v, _ := states.LoadOrStore(k, &stateEntry{})
	e := v.(*stateEntry)
	e.once.Do(func() {
		defer func() {
			if p := recover(); p != nil {
				e.err = fmt.Errorf("rbcheck: internal error replaying migrations: %v", p)
			}
		}()
		e.st, e.err = buildState(r)
	})
	return e.st, e.err
}

func tkey(n sqlast.Name) string {
	s := n.Schema
	if s == "" {
		s = "public"
	}
	return s + "." + n.Name
}

func buildState(r *resolved) (*state, error) {
	replays.Add(1)
	// The same migration options as the CLI's (internal/cli verdictOptions).
	opts := migrations.Options{Exclude: r.exclude, Templates: r.templates, Formats: map[string]migrations.Format{}, Transactions: r.tx}
	for _, d := range r.migDirs {
		opts.Dirs = append(opts.Dirs, d)
		if f, ok := r.formats[d]; ok {
			opts.Formats[d] = migrations.ParseFormat(f)
		}
	}
	set, err := migrations.Load(r.root, opts)
	if err != nil {
		return nil, fmt.Errorf("rbcheck: %w", err)
	}
	st := &state{
		cat:      catalog.NewCatalog(),
		complete: r.complete,
		removed:  map[string]event{},
		changed:  map[string]string{},
		required: map[string]string{},
	}
	if r.baseline != "" {
		b, err := os.ReadFile(filepath.Join(r.root, filepath.FromSlash(r.baseline)))
		if err != nil {
			return nil, fmt.Errorf("rbcheck: cannot read baseline schema %s: %w", r.baseline, err)
		}
		st.cat, _ = catalog.LoadSchema(filepath.ToSlash(r.baseline), string(b))
	}
	// Unqualified names, the migrations' and the code's, resolve through
	// the search path: the configured one, then the schemas the
	// migrations SET search_path to (as the verdict resolves old code).
	released := releasedFiles(r.root, r.tagPattern)
	st.path = verdict.SearchPath(r.searchPath, releasedSet(set, released))
	st.cat.SetPath(st.path)
	st.unread = unreadFiles(set)
	st.inMigrations = verdict.InMigrations(set, nil)
	enabled := func(rule *rules.Rule) bool {
		if r.cfg != nil {
			return r.cfg.RuleEnabled(rule.Name, rule.Default)
		}
		return rule.Default
	}
	// Each file is replayed as a release of its own over what the files
	// before it built: its net changes, each judged by the rule that
	// declares it.
	rp := change.On(st.cat)
	defer rp.Close()
	created := map[string]string{} // column key → where it was created
	rp.OnEvent = func(e catalog.Event) {
		switch {
		case e.Op == catalog.OpCreate && e.Kind == sqlast.ObjTable && e.Table != nil:
			for _, c := range e.Table.Columns {
				created[tkey(e.Table.Name)+"."+c.Name] = at(e.Pos)
			}
		case e.Op == catalog.OpAddColumn && e.Table != nil:
			created[tkey(e.Table.Name)+"."+e.Sub] = at(e.Pos)
		}
	}
	newTables := map[string]bool{} // tables an unreleased file created
	for _, f := range set.Files {
		if f.Kind == migrations.Undo || f.Up == nil {
			continue
		}
		st.nFiles++
		unreleased := released != nil && !released[f.Path]
		var had map[string]bool
		if unreleased {
			st.nUnreleased++
			had = make(map[string]bool, len(st.cat.Tables))
			for k := range st.cat.Tables {
				had[k] = true
			}
		}
		// What the files before built is deployed: the file's changes are
		// relative to it.
		st.cat.Deploy()
		rp.Reset()
		rp.File(f.Path)
		for _, s := range f.Up.Stmts {
			rp.Apply(s) // and what a DO block runs
		}
		for _, ch := range rp.Changes() {
			st.note(ch, enabled, unreleased && !newTables[tkey(ch.Table)])
		}
		for k := range st.cat.Tables {
			if had != nil && !had[k] {
				newTables[k] = true
			}
		}
	}
	// A migration's SET search_path lasts for its own session: the code's
	// unqualified names resolve through the search path alone.
	st.cat.Apply(&sqlast.Stmt{Kind: "VariableSetStmt", Node: &sqlast.Set{Name: "search_path", Reset: true}}, catalog.Existing)
	// Every column the final schema requires, citing what made it so.
	for _, t := range st.cat.Tables {
		for _, c := range t.Columns {
			k := tkey(t.Name) + "." + c.Name
			switch {
			case !change.Required(t, c):
				delete(st.required, k)
			case st.required[k] == "" && created[k] != "":
				st.required[k] = created[k]
			}
		}
	}
	// Only the checks the final schema has, as they were added.
	kept := st.checks[:0]
	for _, c := range st.checks {
		if t := st.cat.Table(c.ch.Table); t != nil {
			if con := t.Constraint(c.ch.Name); con != nil && con.Check != nil && con.Check.Text == c.ch.Check.Text {
				kept = append(kept, c)
			}
		}
	}
	st.checks = kept
	held := st.broken[:0]
	for _, bc := range st.broken {
		if holds(bc.ch, st.cat) {
			held = append(held, bc)
		}
	}
	st.broken = held
	for k := range st.required {
		i := strings.LastIndexByte(k, '.')
		if t := st.cat.Tables[k[:i]]; t == nil || t.Column(k[i+1:]) == nil {
			delete(st.required, k)
		}
	}
	return st, nil
}

func at(p sqlast.Pos) string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// note records what one net change of a file means for the code the
// analyzer checks, by the uses its rule declares it breaks. unreleased
// says whether the file is not in the latest release yet and the table
// was in one.
func (st *state) note(ch *change.Change, enabled func(*rules.Rule) bool, unreleased bool) {
	r, b := rules.Owner(ch, enabled, rules.Doc(rules.SelectStarName))
	if b == nil {
		return
	}
	where := at(ch.Pos)
	tk := tkey(ch.Table)
	verb := ""
	switch ch.Kind {
	case change.TableDropped, change.ViewDropped, change.ColumnDropped:
		verb = "dropped"
	case change.TableRenamed, change.ViewRenamed, change.ColumnRenamed:
		verb = "renamed"
	}
	var other []rules.Use // the uses only the verdict's matchers look up
	for _, u := range b.Uses {
		switch u {
		case rules.UseRelation, rules.UseColumn:
			// a column dropped or renamed whose name another column
			// takes is in the final schema: the verdict's matcher
			// finds its uses
			if verb == "" || (u == rules.UseColumn) != (ch.Column != "") || ch.Reused {
				other = append(other, u)
			}
		case rules.UseStarScan:
			// an added column breaks positional scans and the mappers
			// that reject a column they have no field for, as the
			// verdict's star matcher judges the scan
			if unreleased && ch.Column != "" && !ch.View {
				other = append(other, u)
			}
		case rules.UseInsertOmits, rules.UseConflictKey, rules.UseConflictName, rules.UseCheckWrite:
		default:
			other = append(other, u)
		}
		switch u {
		case rules.UseRelation:
			if verb != "" && ch.Column == "" {
				st.removed[tk] = event{verb: verb, to: ch.NewName, at: where}
			}
		case rules.UseColumn:
			if verb != "" && ch.Column != "" {
				st.removed[tk+"."+ch.Column] = event{verb: verb, to: ch.NewName, at: where}
			}
			if unreleased && ch.Column != "" && !ch.View {
				if _, ok := st.changed[tk]; !ok {
					st.changed[tk] = where
				}
			}
		case rules.UseInsertOmits:
			st.required[tk+"."+ch.Column] = where
		case rules.UseConflictKey:
			if !ch.KeyKept && len(ch.Columns) > 0 {
				st.conflicts = append(st.conflicts, conflictKey{table: tk, cols: ch.Columns, at: where})
			}
		case rules.UseConflictName:
			if !ch.NameKept && ch.Name != "" {
				st.conflicts = append(st.conflicts, conflictKey{table: tk, name: ch.Name, byName: true, at: where})
			}
		case rules.UseCheckWrite:
			if ch.Check != nil {
				st.checks = append(st.checks, checkAdded{ch: ch, at: where})
			}
		}
	}
	if len(other) > 0 {
		nb := *b
		nb.Uses = other
		st.broken = append(st.broken, brokenChange{ch: ch, b: nb, rule: r.Name, at: where})
	}
}

// holds reports whether the final schema still has what change ch did
// (an object it dropped or renamed is not back, a column keeps the type
// or nullability it got): a change a later migration undid breaks
// nothing. Changes to data (a rewritten value, a renamed json key) and
// to what the catalog does not keep (triggers) hold.
func holds(ch *change.Change, cat *catalog.Catalog) bool {
	col := func() *catalog.Column {
		if t := cat.Table(ch.Table); t != nil {
			return t.Column(ch.Column)
		}
		return nil
	}
	switch ch.Kind {
	case change.ColumnRetyped:
		c := col()
		return c != nil && strings.EqualFold(c.Type.Name, ch.To.Name) && c.Type.Array == ch.To.Array
	case change.ColumnNotNull:
		c := col()
		return c != nil && c.NotNull
	case change.ColumnNullable:
		c := col()
		return c != nil && !c.NotNull
	case change.EnumValueRenamed, change.EnumValueRemoved:
		e := cat.Enum(ch.Object)
		if e == nil {
			return true
		}
		for _, v := range e.Values {
			if v == ch.Value {
				return false
			}
		}
		return true
	case change.FunctionDropped, change.FunctionRenamed:
		return !cat.HasFunction(ch.Object)
	case change.SequenceDropped, change.SequenceRenamed:
		return !cat.HasSequence(ch.Object)
	case change.SchemaDropped, change.SchemaRenamed:
		return !cat.HasSchema(ch.Object.Name)
	case change.ForeignKeyDropped, change.ConstraintDropped:
		t := cat.Table(ch.Table)
		return t == nil || t.Constraint(ch.Name) == nil
	}
	return true
}

// releasedSet is set without the files the latest release lacks (all of
// them when released is nil): the search path the code runs with is the
// one of the released migrations, as the verdict takes the old release's.
func releasedSet(set *migrations.Set, released map[string]bool) *migrations.Set {
	if released == nil {
		return set
	}
	out := *set
	out.Files = nil
	for _, f := range set.Files {
		if released[f.Path] {
			out.Files = append(out.Files, f)
		}
	}
	return &out
}

// unreadFiles lists the problems that left part of set out of the replay.
func unreadFiles(set *migrations.Set) []string {
	var out []string
	add := func(file string, es []*sqlast.ParseError) {
		for _, e := range es {
			p := e.Pos
			if p.File == "" {
				p.File = file
			}
			out = append(out, fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Col, e.Msg))
		}
	}
	for _, f := range set.Files {
		if f.Kind == migrations.Undo {
			continue
		}
		add(f.Path, f.Errors)
		if f.Up != nil {
			add(f.Path, f.Up.Errors)
		}
	}
	for _, s := range set.Skipped {
		if strings.HasSuffix(strings.ToLower(s.Path), ".sql") {
			out = append(out, s.Path+": not read: "+s.Reason)
		}
	}
	return out
}

// releasedFiles returns the files (relative to root) present at the latest
// release tag, or nil when there is no git, no repository or no tag: then
// every migration counts as released.
func releasedFiles(root, pattern string) map[string]bool {
	repo, err := gitrev.Open(root)
	if err != nil || repo.Bare {
		return nil
	}
	tag, err := repo.LatestTag(pattern, "HEAD")
	if err != nil {
		return nil
	}
	files, err := repo.ListFiles(tag.Commit, repo.Prefix)
	if err != nil {
		return nil
	}
	out := map[string]bool{}
	for _, p := range files {
		if repo.Prefix != "" {
			rest, ok := strings.CutPrefix(p, repo.Prefix+"/")
			if !ok {
				continue
			}
			p = rest
		}
		out[p] = true
	}
	return out
}
