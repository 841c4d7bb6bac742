package change

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Data changes: what a release's UPDATEs (and defaults) do to the values
// of columns that existed before, when that changes what the values mean
// to the old code. Only two shapes are modelled, the ones that can be
// told from the statement alone:
//
//   - a value rewritten into another: UPDATE t SET c = <new> WHERE c =
//     <old> (or c IS NULL), and SET DEFAULT from one constant to another
//     (ValueRewritten; Value is the old constant, NewName the new one);
//   - a JSON key renamed inside a column by a SET (JSONKeyRenamed; Value
//     the old key, NewName the new one).
//
// An UPDATE that fills a column the release added, or that computes
// values (lower(email), a backfill from another column), is neither.

// OpUpdateRows is the Cause of a change made by an UPDATE of a migration
// (the catalog has no operation for data).
const OpUpdateRows catalog.Op = "update-rows"

// rewrite is one data change an UPDATE made, before the net.
type rewrite struct {
	t    *catalog.Table
	col  *catalog.Column
	kind Kind
	// old, new: the values (ValueRewritten) or keys (JSONKeyRenamed);
	// oldNull: the rows rewritten were those with NULL.
	old, new string
	oldNull  bool
	pos      sqlast.Pos
	stmt     *sqlast.Stmt
}

// observe records the data changes st (and the statements nested in it)
// make, before it is applied.
func (r *Replay) observe(st *sqlast.Stmt) {
	r.observeOne(st)
	for _, s := range st.Nested {
		r.observeOne(s)
	}
}

// observeOne records the data changes of st itself.
func (r *Replay) observeOne(s *sqlast.Stmt) {
	if s == nil {
		return
	}
	if u, ok := s.Node.(*sqlast.Update); ok {
		t := r.cat.Resolve(u.Table)
		if t == nil || t.View || t.Origin != catalog.Existing {
			return
		}
		for _, tg := range u.Targets {
			if tg.Sub {
				continue
			}
			col := t.Column(tg.Name)
			if col == nil || col.Origin != catalog.Existing {
				continue // a column the release added: a backfill
			}
			pos := tg.Pos
			if r.file != "" {
				pos.File = r.file
			}
			for _, k := range tg.Keys {
				r.rewrites = append(r.rewrites, rewrite{t: t, col: col, kind: JSONKeyRenamed, old: k.Old, new: k.New, pos: pos, stmt: s})
			}
			nv, ok := tg.Const.Literal()
			if !ok {
				continue
			}
			for _, c := range u.Where {
				if c.Column != tg.Name {
					continue
				}
				if c.Value.Null {
					r.rewrites = append(r.rewrites, rewrite{t: t, col: col, kind: ValueRewritten, oldNull: true, new: nv, pos: pos, stmt: s})
				} else if ov, ok := c.Value.Literal(); ok && ov != nv {
					r.rewrites = append(r.rewrites, rewrite{t: t, col: col, kind: ValueRewritten, old: ov, new: nv, pos: pos, stmt: s})
				}
			}
		}
	}
}

// dataChanges adds the net data changes: a rewrite whose table or column
// is gone or new is no change of its own (the drop is), a value rewritten
// back (a → b, then b → a) or a key renamed back is none, and a default
// moved from one constant to another is one (Cause catalog.OpSetDefault)
// unless an UPDATE moved the same values (the change says so: Default).
func (n *netter) dataChanges() {
	type key struct {
		col  *catalog.Column
		kind Kind
		old  string
		null bool
	}
	var order []key
	net := map[key]*rewrite{}
	for i := range n.r.rewrites {
		rw := n.r.rewrites[i]
		// a later rewrite of what an earlier one wrote continues it
		var prev *key
		for _, k := range order {
			if k.col == rw.col && k.kind == rw.kind && net[k] != nil && net[k].new == rw.old && !rw.oldNull {
				k := k
				prev = &k
				break
			}
		}
		if prev != nil {
			p := net[*prev]
			if !p.oldNull && p.old == rw.new {
				delete(net, *prev) // back where it started
				continue
			}
			p.new, p.pos, p.stmt = rw.new, rw.pos, rw.stmt
			continue
		}
		k := key{rw.col, rw.kind, rw.old, rw.oldNull}
		if net[k] == nil {
			order = append(order, k)
		}
		net[k] = &rw
	}
	emit := func(rw *rewrite, c *Change) bool {
		t := rw.t
		if !n.present(t) || t.Column(rw.col.Name) != rw.col {
			return false
		}
		c.Table, c.Column = t.Name, rw.col.Name
		if s := n.r.tabs[t]; s != nil {
			c.Table = s.name
			for _, oc := range s.cols {
				if oc.c == rw.col {
					c.Column = oc.name
				}
			}
		}
		return true
	}
	defaults := map[*catalog.Column]bool{}
	for _, k := range order {
		rw := net[k]
		if rw == nil {
			continue
		}
		c := &Change{Kind: rw.kind, Cause: OpUpdateRows, Value: rw.old, NewName: rw.new, OldNull: rw.oldNull, Pos: rw.pos, Stmt: rw.stmt}
		if !emit(rw, c) {
			continue
		}
		if rw.kind == ValueRewritten {
			if od, nd, ok := n.defaultMove(rw.t, rw.col); ok && od == rw.old && nd == rw.new && !rw.oldNull {
				c.Default = true
				defaults[rw.col] = true
			}
		}
		n.add(c)
	}
	// defaults moved without an UPDATE of the rows
	for _, t := range n.r.tabOrder {
		s := n.r.tabs[t]
		if s.view || s.origin != catalog.Existing || !n.present(t) {
			continue
		}
		for _, oc := range s.cols {
			if defaults[oc.c] || t.Column(oc.c.Name) != oc.c {
				continue
			}
			od, nd, ok := n.defaultMove(t, oc.c)
			if !ok {
				continue
			}
			c := &Change{Kind: ValueRewritten, Cause: catalog.OpSetDefault, Table: s.name, Column: oc.name, Value: od, NewName: nd, Default: true}
			if ev, ok := n.lastEvent(t, oc.c, catalog.OpSetDefault); ok {
				setPos(c, ev)
			}
			n.add(c)
		}
	}
}

// defaultMove returns the constant default col had before the release
// and the other constant it has now.
func (n *netter) defaultMove(t *catalog.Table, col *catalog.Column) (old, cur string, ok bool) {
	s := n.r.tabs[t]
	if s == nil {
		return "", "", false
	}
	for _, oc := range s.cols {
		if oc.c != col {
			continue
		}
		o, ok1 := oc.defExpr.Literal()
		c, ok2 := col.Default.Literal()
		if ok1 && ok2 && o != c {
			return o, c, true
		}
	}
	return "", "", false
}
