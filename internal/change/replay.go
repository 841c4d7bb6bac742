package change

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Replay applies a release's statements to a catalog and keeps what it
// needs to compute the release's net changes: the state, from before the
// release, of every object a statement touches (copied at its first
// touch, so the cost follows what the release changes, not the schema's
// size) and the events that changed them.
type Replay struct {
	cat  *catalog.Catalog
	file string
	// OnEvent, when set, also receives each journal event (with the
	// file's path in its position).
	OnEvent func(catalog.Event)

	tabs     map[*catalog.Table]*tableSnap
	tabOrder []*catalog.Table
	// tabEvents are the events on each table or view (also those the
	// release creates), for positions.
	tabEvents map[*catalog.Table][]catalog.Event
	idx       map[*catalog.Index]*indexSnap
	idxOrder  []*catalog.Index
	enums     map[*catalog.Enum]*enumSnap
	enumOrder []*catalog.Enum
	// named are the events of objects the catalog keeps by name only
	// (sequences, functions, types, schemas), of triggers, and of objects
	// it did not know, in order.
	named []catalog.Event
	// steps are all the events, with names as they were (Steps).
	steps []Step
	// rewrites are the data changes of UPDATEs, in order (values.go).
	rewrites []rewrite
}

// Step is one thing a replayed statement did, with the names of the
// object as they were when it happened (the catalog's objects change
// afterwards). The verdict reads them to say which later statement undid
// what an earlier one did, when the release's net effect is no change.
type Step struct {
	Op   catalog.Op
	Kind sqlast.ObjType
	Pos  sqlast.Pos
	Stmt *sqlast.Stmt
	// Table is the table or view the step is on, qualified, as it was
	// before the step (a rename's old name).
	Table sqlast.Name
	// Name is the column, constraint, index or trigger before the step;
	// NewName the new name of a rename (an enum value rename: the new
	// value).
	Name, NewName string
	// Object is the function, type, sequence, schema or enum.
	Object sqlast.Name
	// Columns are a constraint's or index's columns; ConKind the
	// constraint's kind; Unique an index's uniqueness.
	Columns []string
	ConKind sqlast.ConstraintKind
	Unique  bool
}

// Steps returns what the replayed statements did, in order, since the
// replay started (or was Reset).
func (r *Replay) Steps() []Step { return r.steps }

// step records e as a Step.
func (r *Replay) step(e catalog.Event) {
	if e.Op == catalog.OpTouch || e.Op == catalog.OpStub {
		return
	}
	s := Step{Op: e.Op, Kind: e.Kind, Pos: e.Pos, Stmt: e.Stmt, Name: e.Sub, NewName: e.NewName}
	switch {
	case e.Enum != nil:
		s.Object = e.Name
	case e.Table != nil:
		s.Table = e.Table.Name
		if (e.Op == catalog.OpRename || e.Op == catalog.OpSetSchema) && (e.Kind == sqlast.ObjTable || e.Kind == sqlast.ObjView ||
			e.Kind == sqlast.ObjMatView || e.Kind == sqlast.ObjForeignTable) {
			s.Table = e.Name
		}
		if e.Kind == sqlast.ObjTrigger {
			s.Table = e.Name
		}
	case e.Kind == sqlast.ObjTable || e.Kind == sqlast.ObjView || e.Kind == sqlast.ObjMatView || e.Kind == sqlast.ObjForeignTable ||
		e.Kind == sqlast.ObjColumn || e.Kind == sqlast.ObjConstraint || e.Kind == sqlast.ObjTrigger:
		s.Table = e.Name
	default:
		s.Object = e.Name
	}
	if e.Column != nil && s.Name == "" {
		s.Name = e.Column.Name
	}
	if c := e.Constraint; c != nil {
		if s.Name == "" {
			s.Name = c.Name
		}
		s.Columns = append([]string(nil), c.Columns...)
		s.ConKind = c.Kind
		s.Unique = c.Kind == sqlast.ConPrimaryKey || c.Kind == sqlast.ConUnique
	}
	if ix := e.Index; ix != nil {
		if s.Name == "" {
			s.Name = ix.Name
		}
		s.Columns = append([]string(nil), ix.Columns...)
		s.Unique = ix.Unique && !ix.Partial && len(ix.Exprs) == 0
	}
	r.steps = append(r.steps, s)
}

type tableSnap struct {
	t       *catalog.Table
	name    sqlast.Name
	view    bool
	partial bool
	origin  catalog.Origin
	cols    []colSnap
	cons    []conSnap
}

type colSnap struct {
	c        *catalog.Column
	name     string
	typ      sqlast.TypeName
	notNull  bool
	def      string // default expression text ("" none)
	defExpr  *sqlast.Expr
	required bool
	rejects  bool // NOT NULL or CHECK (col IS NOT NULL)
	unknown  bool // a column of a partial table the catalog first saw in the release
}

type conSnap struct {
	c       *catalog.Constraint
	name    string
	kind    sqlast.ConstraintKind
	cols    []string
	ref     *catalog.Table // foreign key target, when known
	refName sqlast.Name
	refCols []string
	// onDelete, onUpdate: a foreign key's actions
	onDelete, onUpdate string
	// check is a CHECK constraint's expression text
	check string
}

type indexSnap struct {
	ix      *catalog.Index
	name    string
	table   *catalog.Table
	unique  bool
	partial bool
	exprs   bool
	cons    string
	cols    []string
	origin  catalog.Origin
	ev      catalog.Event
}

type enumSnap struct {
	e      *catalog.Enum
	name   sqlast.Name
	values []string
	origin catalog.Origin
	stub   bool
	// orig maps each current value to the value it had before the
	// release ("" for a value added by the release).
	orig map[string]string
	evs  []catalog.Event
}

// New starts a replay over a copy of before (which is not changed).
func New(before *catalog.Catalog) *Replay {
	if before == nil {
		before = catalog.NewCatalog()
	}
	return On(before.Clone())
}

// On starts a replay that applies the statements to cat itself.
func On(cat *catalog.Catalog) *Replay {
	r := &Replay{cat: cat}
	r.Reset()
	cat.SetJournal(r.record)
	return r
}

// Reset forgets what was replayed so far: the next Changes are relative
// to the catalog as it is now.
func (r *Replay) Reset() {
	r.tabs = map[*catalog.Table]*tableSnap{}
	r.tabOrder = nil
	r.tabEvents = map[*catalog.Table][]catalog.Event{}
	r.idx = map[*catalog.Index]*indexSnap{}
	r.idxOrder = nil
	r.enums = map[*catalog.Enum]*enumSnap{}
	r.enumOrder = nil
	r.named = nil
	r.steps = nil
	r.rewrites = nil
}

// Catalog is the schema after what was replayed.
func (r *Replay) Catalog() *catalog.Catalog { return r.cat }

// Close detaches the replay from its catalog.
func (r *Replay) Close() { r.cat.SetJournal(nil) }

// File names the migration file the next statements come from (their
// positions get it).
func (r *Replay) File(path string) { r.file = path }

// Apply replays one statement and the statements nested in it (a DO
// block's) with origin New.
func (r *Replay) Apply(st *sqlast.Stmt) {
	r.observe(st)
	r.cat.Apply(st, catalog.New)
}

// ApplyOne replays one statement without its nested statements.
func (r *Replay) ApplyOne(st *sqlast.Stmt, origin catalog.Origin) {
	r.observeOne(st)
	r.cat.ApplyOne(st, origin)
}

// ApplyFile replays the up part of a migration file.
func (r *Replay) ApplyFile(f *migrations.File) {
	if f == nil || f.Up == nil {
		return
	}
	r.file = f.Path
	for _, st := range f.Up.Stmts {
		r.Apply(st)
	}
}

// Compute replays the up parts of files over a copy of before and returns
// the release's net changes.
func Compute(before *catalog.Catalog, files []*migrations.File) []*Change {
	if before == nil {
		before = catalog.NewCatalog()
	}
	return ComputeOn(before.Clone(), files)
}

// ComputeOn is Compute on cat itself, which it changes (for a caller that
// has no further use for it: it saves a copy of the schema).
func ComputeOn(cat *catalog.Catalog, files []*migrations.File) []*Change {
	ch, _ := ComputeSteps(cat, files)
	return ch
}

// ComputeSteps is ComputeOn that also returns what each statement did
// (Steps), for explaining a statement whose change the release undid.
func ComputeSteps(cat *catalog.Catalog, files []*migrations.File) ([]*Change, []Step) {
	r := On(cat)
	defer r.Close()
	for _, f := range files {
		if f.Kind == migrations.Undo {
			continue
		}
		r.ApplyFile(f)
	}
	return r.Changes(), r.Steps()
}

// record is the catalog's journal.
func (r *Replay) record(e catalog.Event) {
	if r.file != "" {
		e.Pos.File = r.file
	}
	if r.OnEvent != nil {
		r.OnEvent(e)
	}
	r.step(e)
	if e.Table != nil {
		r.snapTable(e.Table)
		if e.Op != catalog.OpTouch {
			r.tabEvents[e.Table] = append(r.tabEvents[e.Table], e)
		}
	}
	switch {
	case e.Index != nil && (e.Op == catalog.OpDrop || e.Op == catalog.OpRename):
		if _, ok := r.idx[e.Index]; !ok {
			ix := e.Index
			r.idx[ix] = &indexSnap{ix: ix, name: e.Sub, table: e.Table, unique: ix.Unique, partial: ix.Partial,
				exprs: len(ix.Exprs) > 0, cons: ix.Constraint, cols: append([]string(nil), ix.Columns...), origin: ix.Origin, ev: e}
			r.idxOrder = append(r.idxOrder, ix)
		}
	case e.Enum != nil:
		r.enumEvent(e)
	case e.Op == catalog.OpStub && e.Column != nil && e.Table != nil:
		if s := r.tabs[e.Table]; s != nil {
			for i := range s.cols {
				if s.cols[i].c == e.Column {
					s.cols[i].unknown = true
					return
				}
			}
			s.cols = append(s.cols, colSnap{c: e.Column, name: e.Column.Name, typ: e.Column.Type, unknown: true})
		}
	case e.Missing || e.Table == nil && e.Kind != "":
		r.named = append(r.named, e)
	case e.Kind == sqlast.ObjTrigger:
		r.named = append(r.named, e)
	}
}

// snapTable copies a table's state at its first touch.
func (r *Replay) snapTable(t *catalog.Table) {
	if _, ok := r.tabs[t]; ok {
		return
	}
	s := &tableSnap{t: t, name: t.Name, view: t.View, partial: t.Partial, origin: t.Origin}
	for _, c := range t.Columns {
		cs := colSnap{c: c, name: c.Name, typ: c.Type, notNull: c.NotNull, required: Required(t, c), rejects: c.NotNull || hasNotNullCheck(t, c.Name)}
		if c.Default != nil && !c.Default.Null {
			cs.defExpr = c.Default
			cs.def = c.Default.Text
			if cs.def == "" {
				cs.def = "?"
			}
		}
		s.cols = append(s.cols, cs)
	}
	for _, con := range t.Constraints {
		cs := conSnap{c: con, name: con.Name, kind: con.Kind, cols: append([]string(nil), con.Columns...),
			refCols: append([]string(nil), con.RefColumns...), onDelete: con.OnDelete, onUpdate: con.OnUpdate}
		if con.Check != nil {
			cs.check = con.Check.Text
		}
		if con.RefTable != nil {
			cs.refName = *con.RefTable
			cs.ref = r.cat.Table(*con.RefTable)
		}
		s.cons = append(s.cons, cs)
	}
	r.tabs[t] = s
	r.tabOrder = append(r.tabOrder, t)
}

func (r *Replay) enumEvent(e catalog.Event) {
	s := r.enums[e.Enum]
	if s == nil {
		en := e.Enum
		s = &enumSnap{e: en, name: en.Name, values: append([]string(nil), en.Values...), origin: en.Origin,
			stub: e.Op == catalog.OpStub, orig: map[string]string{}}
		if e.Op == catalog.OpCreate {
			s.origin = catalog.New
		}
		for _, v := range s.values {
			s.orig[v] = v
		}
		r.enums[en] = s
		r.enumOrder = append(r.enumOrder, en)
	}
	switch e.Op {
	case catalog.OpAddValue:
		if _, ok := s.orig[e.Sub]; !ok {
			s.orig[e.Sub] = ""
		}
	case catalog.OpRenameValue:
		o, ok := s.orig[e.Sub]
		if !ok {
			o = e.Sub // a value the catalog did not know: it existed before
			if !s.stub {
				o = ""
			}
		}
		delete(s.orig, e.Sub)
		s.orig[e.NewName] = o
	}
	if e.Op != catalog.OpTouch {
		s.evs = append(s.evs, e)
	}
}

// Required reports whether an INSERT that leaves column c of table t out
// fails: NOT NULL (or a CHECK (c IS NOT NULL)) with no default (a DEFAULT
// NULL is none), identity or generation.
func Required(t *catalog.Table, c *catalog.Column) bool {
	if c == nil || c.Identity || c.Generated || (c.Default != nil && !c.Default.Null) {
		return false
	}
	return c.NotNull || hasNotNullCheck(t, c.Name)
}

func hasNotNullCheck(t *catalog.Table, col string) bool {
	if t == nil {
		return false
	}
	for _, con := range t.Constraints {
		if con.Kind == sqlast.ConCheck && NotNullCheck(con.Check) == col {
			return true
		}
	}
	return false
}
