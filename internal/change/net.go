package change

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Changes returns the net changes of what was replayed since the replay
// started (or was Reset), in the order of the statements that made them.
func (r *Replay) Changes() []*Change {
	n := &netter{r: r, cat: r.cat}
	n.schemas()
	for _, t := range r.tabOrder {
		n.relation(r.tabs[t])
	}
	for _, ix := range r.idxOrder {
		n.index(r.idx[ix])
	}
	for _, e := range r.enumOrder {
		n.enum(r.enums[e])
	}
	n.named()
	n.dataChanges()
	sort.SliceStable(n.out, func(i, j int) bool {
		a, b := n.out[i].Pos, n.out[j].Pos
		if a.File != b.File {
			return false // files keep the replay's order
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return n.out
}

type netter struct {
	r   *Replay
	cat *catalog.Catalog
	out []*Change
	// droppedSchemas / renamedSchemas: schemas that existed before and are
	// gone (what was in them goes with them).
	droppedSchemas map[string]bool
	renamedSchemas map[string]string
	// droppedTables are the tables and views dropped (or renamed away)
	// without another taking their name: what goes with them is no change
	// of its own.
	droppedTables map[*catalog.Table]bool
}

func (n *netter) add(c *Change) { n.out = append(n.out, c) }

// present reports whether t is still in the catalog.
func (n *netter) present(t *catalog.Table) bool {
	k := t.Name.Schema + "." + t.Name.Name
	return n.cat.Tables[k] == t || n.cat.Views[k] == t
}

// at returns the relation under name (exactly, no search path).
func (n *netter) at(name sqlast.Name) *catalog.Table {
	k := name.Schema + "." + name.Name
	if t := n.cat.Tables[k]; t != nil {
		return t
	}
	return n.cat.Views[k]
}

// lastEvent is the last event on t with one of ops (and, when col is set,
// on that column).
func (n *netter) lastEvent(t *catalog.Table, col *catalog.Column, ops ...catalog.Op) (catalog.Event, bool) {
	evs := n.r.tabEvents[t]
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		if col != nil && e.Column != col {
			continue
		}
		for _, op := range ops {
			if e.Op == op {
				return e, true
			}
		}
	}
	return catalog.Event{}, false
}

func (n *netter) schemas() {
	n.droppedSchemas = map[string]bool{}
	n.renamedSchemas = map[string]string{}
	n.droppedTables = map[*catalog.Table]bool{}
	for _, e := range n.r.named {
		if e.Kind != sqlast.ObjSchema || e.Missing || e.Origin != catalog.Existing {
			continue
		}
		switch e.Op {
		case catalog.OpDrop:
			if _, back := n.cat.Schemas[e.Name.Name]; !back {
				n.droppedSchemas[e.Name.Name] = true
			}
		case catalog.OpRename:
			n.renamedSchemas[e.Name.Name] = e.NewName
		}
	}
}

func setPos(c *Change, e catalog.Event) {
	c.Pos, c.Stmt, c.Cause = e.Pos, e.Stmt, e.Op
}

// relation works out what happened to a table or view that existed
// before the release.
func (n *netter) relation(s *tableSnap) {
	if s.origin != catalog.Existing {
		return
	}
	t := s.t
	kindDropped, kindRenamed := TableDropped, TableRenamed
	if s.view {
		kindDropped, kindRenamed = ViewDropped, ViewRenamed
	}
	occupant := n.at(s.name)
	if n.present(t) && t.Name == s.name {
		n.columns(s, t, false, catalog.Event{})
		n.constraints(s, t, false, catalog.Event{})
		return
	}
	if occupant == t {
		occupant = nil
	}
	if occupant != nil {
		// Another table or view took the name: old code that uses the
		// name meets it.
		e, _ := n.lastEvent(occupant, nil, catalog.OpCreate, catalog.OpRename, catalog.OpSetSchema)
		if e.Stmt == nil {
			e, _ = n.lastEvent(t, nil, catalog.OpDrop, catalog.OpRename, catalog.OpSetSchema)
		}
		if !n.present(t) {
			n.droppedTables[t] = true
		}
		if occupant.View && !s.view && occupant.Partial {
			return // a compatibility view over the renamed table: its columns are not known, assume the old ones
		}
		n.columns(s, occupant, true, e)
		n.constraints(s, occupant, true, e)
		return
	}
	n.droppedTables[t] = true
	if n.droppedSchemas[s.name.Schema] {
		return // the schema's drop covers it
	}
	if n.present(t) {
		if to, ok := n.renamedSchemas[s.name.Schema]; ok && t.Name.Schema == to && t.Name.Name == s.name.Name {
			return // the schema's rename covers it
		}
		c := &Change{Kind: kindRenamed, Table: s.name, View: s.view, NewName: t.Name.Name}
		if t.Name.Schema != s.name.Schema {
			c.NewName = t.Name.String()
		}
		e, _ := n.lastEvent(t, nil, catalog.OpRename, catalog.OpSetSchema)
		setPos(c, e)
		n.add(c)
		return
	}
	c := &Change{Kind: kindDropped, Table: s.name, View: s.view}
	e, _ := n.lastEvent(t, nil, catalog.OpDrop)
	setPos(c, e)
	n.add(c)
}

// columns compares the columns old code knew (s) with those of the
// relation now under the name: t itself, or (replaced) another one that
// took the name at event e.
func (n *netter) columns(s *tableSnap, t *catalog.Table, replaced bool, e catalog.Event) {
	byName := make(map[string]*catalog.Column, len(t.Columns))
	mine := make(map[*catalog.Column]bool, len(t.Columns))
	for _, c := range t.Columns {
		byName[c.Name] = c
		mine[c] = true
	}
	matched := map[*catalog.Column]bool{}
	pos := func(c *Change, col *catalog.Column, ops ...catalog.Op) {
		if replaced {
			setPos(c, e)
			c.Replaced = true
			return
		}
		if ev, ok := n.lastEvent(t, col, ops...); ok {
			setPos(c, ev)
		}
	}
	for _, oc := range s.cols {
		if !replaced && mine[oc.c] {
			cur := oc.c
			matched[cur] = true
			if cur.Name != oc.name {
				c := &Change{Kind: ColumnRenamed, Table: s.name, View: s.view, Column: oc.name, NewName: cur.Name, Unknown: oc.unknown}
				if other := byName[oc.name]; other != nil {
					c.Reused = true
					matched[other] = true
				}
				pos(c, cur, catalog.OpRename)
				n.add(c)
				continue
			}
			n.compare(s, oc, t, cur, replaced, pos)
			continue
		}
		if cur := byName[oc.name]; cur != nil && !matched[cur] {
			matched[cur] = true
			if !replaced {
				// Dropped, and a column of the same name added back.
				c := &Change{Kind: ColumnDropped, Table: s.name, View: s.view, Column: oc.name, Reused: true,
					Readded: &ReaddedColumn{Type: cur.Type, NotNull: cur.NotNull}}
				if cur.Default != nil && !cur.Default.Null {
					c.Readded.Default = cur.Default.Text
				}
				if ev, ok := n.lastEvent(t, oc.c, catalog.OpDropColumn); ok {
					setPos(c, ev)
				}
				if ev, ok := n.lastEvent(t, cur, catalog.OpAddColumn); ok {
					c.Readded.Pos = ev.Pos
				}
				n.add(c)
				continue
			}
			n.compare(s, oc, t, cur, replaced, pos)
			continue
		}
		if t.Partial || (replaced && len(t.Columns) == 0) {
			continue // the columns of t are not all known
		}
		c := &Change{Kind: ColumnDropped, Table: s.name, View: s.view, Column: oc.name, Unknown: oc.unknown}
		pos(c, oc.c, catalog.OpDropColumn)
		n.add(c)
	}
	// Columns that drops and renames on a partial table name, though the
	// catalog never saw them.
	if !replaced {
		for _, ev := range n.r.named {
			if ev.Table != t || !ev.Missing || ev.Kind != sqlast.ObjColumn {
				continue
			}
			switch {
			case ev.Op == catalog.OpDropColumn && byName[ev.Sub] == nil:
				c := &Change{Kind: ColumnDropped, Table: s.name, View: s.view, Column: ev.Sub, Unknown: true}
				setPos(c, ev)
				n.add(c)
			case ev.Op == catalog.OpRename && byName[ev.Sub] == nil && byName[ev.NewName] != nil:
				c := &Change{Kind: ColumnRenamed, Table: s.name, View: s.view, Column: ev.Sub, NewName: ev.NewName, Unknown: true}
				matched[byName[ev.NewName]] = true
				setPos(c, ev)
				n.add(c)
			}
		}
	}
	if s.partial && !replaced {
		// Columns a partial table gains may have been there before.
		return
	}
	for _, cur := range t.Columns {
		if matched[cur] || (!replaced && cur.Origin == catalog.Existing) {
			continue
		}
		c := &Change{Kind: ColumnAdded, Table: s.name, View: s.view, Column: cur.Name}
		pos(c, cur, catalog.OpAddColumn)
		n.add(c)
		if !s.view && Required(t, cur) {
			r := &Change{Kind: ColumnRequired, Table: s.name, Column: cur.Name}
			if replaced {
				setPos(r, e)
				r.Replaced = true
			} else {
				n.requiredAt(r, t, cur)
			}
			n.add(r)
		}
	}
}

// compare compares one column as old code knew it with the column now
// under its name.
func (n *netter) compare(s *tableSnap, oc colSnap, t *catalog.Table, cur *catalog.Column, replaced bool, pos func(*Change, *catalog.Column, ...catalog.Op)) {
	if !SameType(oc.typ, cur.Type) && (cur.Type.Name != "" || oc.typ.Name != "") {
		c := &Change{Kind: ColumnRetyped, Table: s.name, View: s.view, Column: oc.name, From: oc.typ, To: cur.Type, Unknown: oc.unknown}
		pos(c, cur, catalog.OpAlterType)
		n.add(c)
	}
	if s.view {
		return
	}
	req := Required(t, cur)
	if req && !oc.required {
		c := &Change{Kind: ColumnRequired, Table: s.name, Column: oc.name, Unknown: oc.unknown}
		if !replaced {
			n.requiredAt(c, t, cur)
		} else {
			pos(c, cur)
		}
		n.add(c)
	}
	if !req && !oc.rejects && (cur.NotNull || hasNotNullCheck(t, cur.Name)) {
		c := &Change{Kind: ColumnNotNull, Table: s.name, Column: oc.name, Unknown: oc.unknown}
		if !replaced {
			n.requiredAt(c, t, cur)
		} else {
			pos(c, cur)
		}
		n.add(c)
	}
	if oc.notNull && !cur.NotNull {
		c := &Change{Kind: ColumnNullable, Table: s.name, Column: oc.name}
		pos(c, cur, catalog.OpDropNotNull)
		n.add(c)
	}
	if oc.def != "" && (cur.Default == nil || cur.Default.Null) && !req && !cur.Identity {
		c := &Change{Kind: ColumnLostDefault, Table: s.name, Column: oc.name}
		pos(c, cur, catalog.OpDropDefault)
		n.add(c)
	}
}

// requiredAt sets the position of a ColumnRequired change: the last
// statement that could have made the column required.
func (n *netter) requiredAt(c *Change, t *catalog.Table, col *catalog.Column) {
	evs := n.r.tabEvents[t]
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		switch {
		case e.Column == col && (e.Op == catalog.OpSetNotNull || e.Op == catalog.OpDropDefault ||
			e.Op == catalog.OpDropIdentity || e.Op == catalog.OpAddColumn):
		case e.Op == catalog.OpAddConstraint && e.Constraint != nil &&
			(e.Constraint.Kind == sqlast.ConCheck && NotNullCheck(e.Constraint.Check) == col.Name ||
				e.Constraint.Kind == sqlast.ConPrimaryKey && contains(e.Constraint.Columns, col.Name)):
			e.Op = catalog.OpSetNotNull
		default:
			continue
		}
		setPos(c, e)
		return
	}
}

// constraints compares the keys old code knew with those of the relation
// now under the name.
func (n *netter) constraints(s *tableSnap, t *catalog.Table, replaced bool, e catalog.Event) {
	if s.view {
		return
	}
	if !replaced {
		n.checksAdded(s, t)
	}
	var keys [][]string
	keysDone := false
	uniqueKeys := func() [][]string {
		if !keysDone {
			keys, keysDone = n.cat.UniqueKeys(t.Name), true
		}
		return keys
	}
	for _, oc := range s.cons {
		switch oc.kind {
		case sqlast.ConPrimaryKey, sqlast.ConUnique, sqlast.ConForeignKey:
		default:
			continue
		}
		var still *catalog.Constraint
		if !replaced {
			for _, c := range t.Constraints {
				if c == oc.c {
					still = c
				}
			}
		}
		if still != nil {
			if still.Name != oc.name && t.Constraint(oc.name) == nil {
				c := &Change{Kind: ConstraintRenamed, Table: s.name, Name: oc.name, NewName: still.Name, ConKind: oc.kind, Columns: oc.cols}
				for _, ev := range n.r.tabEvents[t] {
					if ev.Constraint == still && ev.Op == catalog.OpRename {
						setPos(c, ev)
					}
				}
				n.add(c)
			}
			continue
		}
		// Gone. A key on a column that is gone (or renamed) goes with it.
		if !n.columnsKept(s, t, oc.cols, replaced) {
			continue
		}
		c := &Change{Table: s.name, Name: oc.name, ConKind: oc.kind, Columns: oc.cols}
		var acts []*Change
		if oc.kind == sqlast.ConForeignKey {
			nc, moved := n.fkSuccessor(s, t, oc, replaced)
			if nc != nil {
				acts = fkActionChanges(s.name, oc, nc, moved)
			}
			if nc != nil && !moved {
				c = nil
			} else {
				c.Kind = ForeignKeyDropped
				c.RefTable, c.RefColumns = oc.refName, append([]string(nil), oc.refCols...)
				if nc == nil {
					c.OnDelete, c.OnUpdate = fkAction(oc.onDelete), fkAction(oc.onUpdate)
				}
			}
		} else {
			c.KeyKept = hasKey(uniqueKeys(), oc.cols)
			if other := t.Constraint(oc.name); other != nil && (other.Kind == sqlast.ConUnique || other.Kind == sqlast.ConPrimaryKey) {
				c.NameKept = true
			}
			if c.KeyKept && c.NameKept {
				continue
			}
			c.Kind = UniqueKeyDropped
		}
		if c != nil {
			acts = append([]*Change{c}, acts...)
		}
		for _, c := range acts {
			if replaced {
				setPos(c, e)
				c.Replaced = true
			} else {
				for _, ev := range n.r.tabEvents[t] {
					if ev.Constraint == oc.c && ev.Op == catalog.OpDropConstraint {
						setPos(c, ev)
					}
				}
			}
			n.add(c)
		}
	}
	if replaced {
		return
	}
	// Constraints the catalog did not know that the release drops or
	// renames.
	for _, ev := range n.r.named {
		if ev.Table != t || !ev.Missing || ev.Kind != sqlast.ObjConstraint || t.Constraint(ev.Sub) != nil {
			continue
		}
		c := &Change{Kind: ConstraintDropped, Table: s.name, Name: ev.Sub, Unknown: true}
		if ev.Op == catalog.OpRename {
			c.Kind, c.NewName = ConstraintRenamed, ev.NewName
		}
		setPos(c, ev)
		n.add(c)
	}
}

// columnsKept reports whether every column of a key old code knew is
// still in t under its name.
func (n *netter) columnsKept(s *tableSnap, t *catalog.Table, cols []string, replaced bool) bool {
	for _, name := range cols {
		cur := t.Column(name)
		if cur == nil {
			return false
		}
		if !replaced {
			// the same column, not one added under the name
			for _, oc := range s.cols {
				if oc.name == name && oc.c != cur {
					return false
				}
			}
		}
	}
	return true
}

// fkSuccessor finds the foreign key of t that takes the place of oc, gone:
// one to the same table on the same columns (moved false), else the only
// foreign key to that table that old code did not know (moved true: on
// other columns); nil when there is none.
func (n *netter) fkSuccessor(s *tableSnap, t *catalog.Table, oc conSnap, replaced bool) (nc *catalog.Constraint, moved bool) {
	sameTarget := func(c *catalog.Constraint) bool {
		if c.Kind != sqlast.ConForeignKey || c.RefTable == nil {
			return false
		}
		return oc.ref != nil && n.cat.Table(*c.RefTable) == oc.ref || *c.RefTable == oc.refName
	}
	var other []*catalog.Constraint
	for _, c := range t.Constraints {
		if !sameTarget(c) {
			continue
		}
		if sameSet(c.Columns, oc.cols) && sameSet(c.RefColumns, oc.refCols) {
			return c, false
		}
		known := false
		for _, o := range s.cons {
			if !replaced && o.c == c {
				known = true
			}
		}
		if !known {
			other = append(other, c)
		}
	}
	if len(other) == 1 {
		return other[0], true
	}
	return nil, false
}

// fkActionChanges are the changes of referential action from the old
// foreign key oc to nc, which took its place: one per action (ON DELETE,
// ON UPDATE) that differs.
func fkActionChanges(table sqlast.Name, oc conSnap, nc *catalog.Constraint, moved bool) []*Change {
	var out []*Change
	ref := oc.refName
	if nc.RefTable != nil {
		ref = *nc.RefTable
	}
	for _, a := range []struct{ action, old, new string }{
		{"delete", oc.onDelete, nc.OnDelete},
		{"update", oc.onUpdate, nc.OnUpdate},
	} {
		if fkAction(a.old) == fkAction(a.new) {
			continue
		}
		out = append(out, &Change{Kind: ForeignKeyActionChanged, Table: table, Name: oc.name, ConKind: sqlast.ConForeignKey,
			Columns: append([]string(nil), nc.Columns...), RefTable: ref, RefColumns: append([]string(nil), nc.RefColumns...),
			Action: a.action, OldAction: fkAction(a.old), NewAction: fkAction(a.new), Moved: moved})
	}
	return out
}

// fkAction: an empty action (a catalog built without one) is the default.
func fkAction(a string) string {
	if a == "" {
		return "no action"
	}
	return a
}

// index works out what happened to a unique index (not a constraint's)
// that the release dropped or renamed.
func (n *netter) index(s *indexSnap) {
	if s.origin != catalog.Existing || !s.unique || s.cons != "" || s.exprs {
		return
	}
	if n.cat.Indexes[s.ix.Schema+"."+s.ix.Name] == s.ix {
		return // renamed: ON CONFLICT names columns, not indexes
	}
	t := s.table
	if t == nil || !n.present(t) || n.droppedTables[t] {
		return // goes with its table
	}
	if ts := n.r.tabs[t]; ts != nil && ts.name != t.Name {
		return // the table's rename covers it
	}
	for _, c := range s.cols {
		if t.Column(c) == nil {
			return // goes with its column
		}
	}
	c := &Change{Kind: UniqueKeyDropped, Table: t.Name, Name: s.name, Columns: s.cols}
	c.KeyKept = hasKey(n.cat.UniqueKeys(t.Name), s.cols)
	if c.KeyKept {
		return
	}
	setPos(c, s.ev)
	n.add(c)
}

// enum works out what happened to an enum type's values and name.
func (n *netter) enum(s *enumSnap) {
	if s.origin != catalog.Existing {
		return
	}
	e := s.e
	cur := n.cat.Enums[e.Name.Schema+"."+e.Name.Name]
	last := func(op catalog.Op, sub string) (catalog.Event, bool) {
		for i := len(s.evs) - 1; i >= 0; i-- {
			if s.evs[i].Op == op && (sub == "" || s.evs[i].NewName == sub || s.evs[i].Sub == sub) {
				return s.evs[i], true
			}
		}
		return catalog.Event{}, false
	}
	if cur != e {
		if n.droppedSchemas[s.name.Schema] {
			return
		}
		occupant := n.cat.Enums[s.name.Schema+"."+s.name.Name]
		ev, _ := last(catalog.OpDrop, "")
		if occupant == nil {
			if _, ok := n.cat.Types[s.name.Schema+"."+s.name.Name]; !ok {
				c := &Change{Kind: TypeDropped, Object: s.name}
				setPos(c, ev)
				n.add(c)
			}
			return
		}
		// Re-created: values old code may write that the new type lacks.
		for _, v := range s.values {
			if !contains(occupant.Values, v) {
				c := &Change{Kind: EnumValueRemoved, Object: s.name, Value: v}
				setPos(c, ev)
				n.add(c)
			}
		}
		return
	}
	if e.Name != s.name {
		if to, ok := n.renamedSchemas[s.name.Schema]; !(ok && to == e.Name.Schema && e.Name.Name == s.name.Name) {
			if n.cat.Enums[s.name.Schema+"."+s.name.Name] == nil {
				c := &Change{Kind: TypeRenamed, Object: s.name, NewName: e.Name.Name}
				ev, _ := last(catalog.OpRename, "")
				setPos(c, ev)
				n.add(c)
			}
		}
	}
	for _, v := range e.Values {
		o, ok := s.orig[v]
		if !ok {
			continue
		}
		switch {
		case o == "":
			c := &Change{Kind: EnumValueAdded, Object: s.name, Value: v}
			ev, _ := last(catalog.OpAddValue, v)
			setPos(c, ev)
			n.add(c)
		case o != v && !contains(e.Values, o):
			c := &Change{Kind: EnumValueRenamed, Object: s.name, Value: o, NewName: v, Unknown: s.stub}
			ev, _ := last(catalog.OpRenameValue, v)
			setPos(c, ev)
			n.add(c)
		}
	}
}

// named works out what happened to objects kept by name (sequences,
// functions, types, schemas), triggers, and objects the catalog did not
// know.
func (n *netter) named() {
	type track struct {
		orig sqlast.Name
		kind sqlast.ObjType
		ev   catalog.Event
		gone bool // dropped (else renamed to cur)
		cur  sqlast.Name
	}
	var order []*track
	live := map[string]*track{} // kind + current key → its track
	kkey := func(kind sqlast.ObjType, nm sqlast.Name) string {
		return string(kind) + "\x00" + nm.Schema + "." + nm.Name
	}
	trigCreated := map[string]bool{}
	trigLast := map[string]catalog.Event{}
	var trigOrder []string
	for _, e := range n.r.named {
		switch e.Kind {
		case sqlast.ObjSequence, sqlast.ObjFunction, sqlast.ObjType_, sqlast.ObjSchema:
		case sqlast.ObjTrigger:
			k := e.Name.Schema + "." + e.Name.Name + "\x00" + e.Sub
			if _, ok := trigLast[k]; !ok {
				trigOrder = append(trigOrder, k)
			}
			trigLast[k] = e
			if e.Op == catalog.OpCreate {
				trigCreated[k] = true
			}
			continue
		case sqlast.ObjTable, sqlast.ObjView, sqlast.ObjMatView, sqlast.ObjForeignTable, sqlast.ObjIndex, sqlast.ObjColumn, sqlast.ObjConstraint:
			if e.Missing && e.Table == nil {
				n.missingRelation(e)
			}
			continue
		default:
			continue
		}
		if e.Kind == sqlast.ObjSchema && !e.Missing {
			continue // see schemas and the end of this function
		}
		k := kkey(e.Kind, e.Name)
		switch e.Op {
		case catalog.OpDrop, catalog.OpRename:
			tr := live[k]
			if tr == nil {
				if !e.Missing && e.Origin != catalog.Existing {
					continue // the release created it
				}
				tr = &track{orig: e.Name, kind: e.Kind}
				order = append(order, tr)
			}
			delete(live, k)
			tr.ev = e
			if e.Op == catalog.OpDrop {
				tr.gone = true
			} else {
				tr.cur = sqlast.Name{Schema: e.Name.Schema, Name: e.NewName}
				live[kkey(e.Kind, tr.cur)] = tr
			}
		}
	}
	for _, tr := range order {
		if n.droppedSchemas[tr.orig.Schema] || n.nameTaken(tr.kind, tr.orig) {
			continue
		}
		c := &Change{Object: tr.orig, Unknown: tr.ev.Missing}
		switch {
		case tr.gone && tr.kind == sqlast.ObjSequence:
			if n.ownedByDropped(tr.orig) {
				continue
			}
			c.Kind = SequenceDropped
		case tr.gone && tr.kind == sqlast.ObjFunction:
			c.Kind = FunctionDropped
		case tr.gone && tr.kind == sqlast.ObjType_:
			c.Kind = TypeDropped
		case tr.gone && tr.kind == sqlast.ObjSchema:
			c.Kind = SchemaDropped
		case tr.kind == sqlast.ObjSequence:
			c.Kind, c.NewName = SequenceRenamed, tr.cur.Name
		case tr.kind == sqlast.ObjFunction:
			c.Kind, c.NewName = FunctionRenamed, tr.cur.Name
		case tr.kind == sqlast.ObjType_:
			c.Kind, c.NewName = TypeRenamed, tr.cur.Name
		case tr.kind == sqlast.ObjSchema:
			c.Kind, c.NewName = SchemaRenamed, tr.cur.Name
		}
		setPos(c, tr.ev)
		n.add(c)
	}
	// Schemas the catalog knew.
	seen := map[string]bool{}
	for _, e := range n.r.named {
		if e.Kind != sqlast.ObjSchema || e.Missing || e.Origin != catalog.Existing || seen[e.Name.Name] {
			continue
		}
		seen[e.Name.Name] = true
		switch {
		case e.Op == catalog.OpDrop && n.droppedSchemas[e.Name.Name]:
			c := &Change{Kind: SchemaDropped, Object: e.Name}
			setPos(c, e)
			n.add(c)
		case e.Op == catalog.OpRename && !n.cat.HasSchema(e.Name.Name):
			c := &Change{Kind: SchemaRenamed, Object: e.Name, NewName: e.NewName}
			setPos(c, e)
			n.add(c)
		}
	}
	// Triggers: dropped, not created again, on a table that stays.
	for _, k := range trigOrder {
		e := trigLast[k]
		if e.Op != catalog.OpDrop || trigCreated[k] {
			continue
		}
		if e.Table != nil {
			if e.Table.Origin != catalog.Existing || !n.present(e.Table) || n.droppedTables[e.Table] {
				continue
			}
		} else if n.droppedSchemas[e.Name.Schema] || n.relationDropped(e.Name) {
			continue
		}
		c := &Change{Kind: TriggerDropped, Table: e.Name, Name: e.Sub, Unknown: e.Table == nil}
		if e.Table != nil {
			c.Table = e.Table.Name
		}
		setPos(c, e)
		n.add(c)
	}
}

// missingRelation handles a drop or rename of a table, view, index or
// column whose table the catalog did not know: a change, unless the
// release puts something back under the name.
func (n *netter) missingRelation(e catalog.Event) {
	c := &Change{Table: e.Name, Unknown: true}
	switch e.Kind {
	case sqlast.ObjTable, sqlast.ObjForeignTable, sqlast.ObjView, sqlast.ObjMatView:
		if n.cat.Relation(e.Name) != nil || n.droppedSchemas[e.Name.Schema] {
			return
		}
		c.View = e.Kind != sqlast.ObjTable && e.Kind != sqlast.ObjForeignTable
		c.Kind = TableDropped
		if c.View {
			c.Kind = ViewDropped
		}
		if e.Op == catalog.OpRename {
			c.Kind, c.NewName = TableRenamed, e.NewName
			if c.View {
				c.Kind = ViewRenamed
			}
		}
	case sqlast.ObjIndex:
		if n.cat.Index(e.Name) != nil {
			return
		}
		c.Kind, c.Table, c.Name = IndexDropped, sqlast.Name{}, e.Sub
		if e.Op == catalog.OpRename {
			return // renaming an index breaks nothing old code names
		}
	case sqlast.ObjColumn:
		if e.Op != catalog.OpRename {
			return
		}
		c.Kind, c.Column, c.NewName = ColumnRenamed, e.Sub, e.NewName
	case sqlast.ObjConstraint:
		c.Kind, c.Name = ConstraintDropped, e.Sub
		if e.Op == catalog.OpRename {
			c.Kind, c.NewName = ConstraintRenamed, e.NewName
		}
	default:
		return
	}
	setPos(c, e)
	n.add(c)
}

// nameTaken reports whether the release left an object of the kind under
// name (re-created it).
func (n *netter) nameTaken(kind sqlast.ObjType, name sqlast.Name) bool {
	switch kind {
	case sqlast.ObjSequence:
		return n.cat.HasSequence(name)
	case sqlast.ObjFunction:
		return n.cat.HasFunction(name)
	case sqlast.ObjType_:
		return n.cat.HasType(name)
	case sqlast.ObjSchema:
		return n.cat.HasSchema(name.Name)
	}
	return false
}

// ownedByDropped reports whether a sequence belongs to a table the
// release dropped: its serial or identity sequence, or one a column
// default of it calls.
func (n *netter) ownedByDropped(seq sqlast.Name) bool {
	for t := range n.droppedTables {
		s := n.r.tabs[t]
		if s == nil || s.name.Schema != seq.Schema && seq.Schema != "" {
			continue
		}
		for _, c := range s.cols {
			if seq.Name == s.name.Name+"_"+c.name+"_seq" || strings.Contains(c.def, seq.Name) {
				return true
			}
		}
	}
	return false
}

// relationDropped reports whether the release dropped a relation of that
// name that the catalog did not know.
func (n *netter) relationDropped(name sqlast.Name) bool {
	for _, e := range n.r.named {
		if e.Missing && e.Op == catalog.OpDrop && (e.Kind == sqlast.ObjTable || e.Kind == sqlast.ObjView) &&
			e.Name.Name == name.Name && (e.Name.Schema == "" || name.Schema == "" || e.Name.Schema == name.Schema) {
			return true
		}
	}
	for t := range n.droppedTables {
		if t.Name.Name == name.Name && (name.Schema == "" || t.Name.Schema == name.Schema) {
			return true
		}
	}
	return false
}

func hasKey(keys [][]string, cols []string) bool {
	for _, k := range keys {
		if sameSet(k, cols) {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// checksAdded reports the CHECK constraints of t that it did not have before
// the release (by name and expression: one dropped and re-created the same is
// no change).
func (n *netter) checksAdded(s *tableSnap, t *catalog.Table) {
	for _, con := range t.Constraints {
		if con.Kind != sqlast.ConCheck || con.Check == nil || NotNullCheck(con.Check) != "" {
			continue
		}
		had := false
		for _, oc := range s.cons {
			if oc.kind == sqlast.ConCheck && (oc.c == con || oc.name == con.Name && oc.check == con.Check.Text) {
				had = true
				break
			}
		}
		if had {
			continue
		}
		c := &Change{Kind: CheckAdded, Table: s.name, Name: con.Name, Check: con.Check}
		seen := map[string]bool{}
		for _, col := range con.Check.Columns {
			cur := t.Column(col)
			if cur == nil || seen[cur.Name] {
				continue
			}
			seen[cur.Name] = true
			c.Columns = append(c.Columns, cur.Name)
			c.CheckCols = append(c.CheckCols, *cur)
			existed := false
			for _, oc := range s.cols {
				if oc.c == cur {
					existed = true
					break
				}
			}
			if !existed {
				c.Added = append(c.Added, cur.Name)
			}
		}
		for _, ev := range n.r.tabEvents[t] {
			if ev.Op == catalog.OpAddConstraint && ev.Constraint == con {
				setPos(c, ev)
			}
			if ev.Op == catalog.OpCreate && ev.Kind == sqlast.ObjTrigger && c.Triggered == "" {
				c.Triggered = fmt.Sprintf("the release creates trigger %q on the table", ev.Sub)
			}
		}
		if c.Triggered == "" {
			for _, ev := range n.r.named {
				if ev.Op != catalog.OpCreate || ev.Kind != sqlast.ObjFunction {
					continue
				}
				if fi, ok := n.r.cat.FunctionInfo(ev.Name); !ok || fi.Trigger {
					c.Triggered = fmt.Sprintf("the release creates or replaces trigger function %q", ev.Name.Name)
					break
				}
			}
		}
		if c.Stmt == nil {
			if ev, ok := n.lastEvent(t, nil, catalog.OpAddColumn, catalog.OpAddConstraint); ok {
				setPos(c, ev) // a column's own CHECK comes with its ADD COLUMN
			}
		}
		n.add(c)
	}
}
