package verdict

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// oldValueUses (rules.UseOldValue): the old statements that compare
// column t.col with, or write to it, the value a data migration rewrote
// (sqlast.Query.Literals: constants in the SQL text, and those the Go
// analysis folds into squirrel's predicates) are confirmed. When there
// are none, the column's other uses are possible: the Go code may pass
// the old value as a parameter, which the analysis does not see.
func (oc *OldCode) oldValueUses(ch *change.Change) (Evidence, string) {
	var ev Evidence
	col := strings.ToLower(ch.Column)
	if !ch.OldNull {
		for _, q := range oc.Queries {
			if q.Query == nil {
				continue
			}
			for _, l := range q.Query.Literals {
				if sameValue(l, ch.Value) && strings.ToLower(l.Column) == col && sameTable(l.Table, ch.Table) {
					ev.add(q.Site, true)
					break
				}
			}
		}
	}
	if len(ev.Confirmed) > 0 {
		return ev, ""
	}
	cu := oc.columnUses(ch.Table, ch.Column, false)
	for _, s := range append(cu.Confirmed, cu.Possible...) {
		ev.add(s, false)
	}
	ev.Unreachable = append(ev.Unreachable, cu.Unreachable...)
	old := strconv.Quote(ch.Value)
	if ch.OldNull {
		return ev, "whether it tests the column for null is not known"
	}
	return ev, "whether it compares the column with " + old + " (as a parameter) is not known"
}

// sameValue: the old code's literal l is the value v a data migration
// rewrote: the same text, or, for a number (`status = 1`), the same number
// (the migration's `WHERE status = '1'` or `1.0` on a numeric column).
func sameValue(l sqlast.Literal, v string) bool {
	if l.Value == v {
		return true
	}
	if !l.Number {
		return false
	}
	a, ok1 := new(big.Rat).SetString(l.Value)
	b, ok2 := new(big.Rat).SetString(strings.TrimSpace(v))
	return ok1 && ok2 && a.Cmp(b) == 0
}

// jsonKeyReads (rules.UseJSONKey): the old code's reads of the json
// column, judged by what it decodes from them (analyzer.Decode): a read
// whose result column the code decodes, with encoding/json or protojson,
// into a type with a field named by the renamed key is confirmed (why
// names the decoding call, the type and the field); one decoded into
// types none of which reads the key is no use (possible when the value
// also goes elsewhere: analyzer.Decode.Elsewhere); one decoded into a type
// rbcheck cannot resolve is not read (unread: the verdict is unknown); and
// a read whose value is not seen decoded (passed on, or an ORM field) is
// possible. When the migration pins the rows it rewrites (WHERE name =
// 'X') and the old code chooses its type by such a value (a switch, a
// map), only the types chosen by that value count.
func (oc *OldCode) jsonKeyReads(ch *change.Change) (ev Evidence, unsure string, why []string, unread []Unread) {
	col := strings.ToLower(ch.Column)
	pins := wherePins(ch)
	label := strconv.Quote(ch.Table.Name + "." + ch.Column)
	seenUnread := map[string]bool{}
	// the fields that read the key, each with the decoding calls
	type reader struct{ dec, typ, field, at, pinned string }
	var readers []reader
	calls := map[reader][]analyzer.Pos{}
	oc.usesOf(ch.Table, func(u Use) {
		if (u.Site.Kind != sqlast.UseSelect && u.Site.Kind != sqlast.UseModel) || strings.ToLower(u.Column) != col {
			return
		}
		if !sameTable(u.Table, ch.Table) && (u.Table.Name != "" || !hasCandidate(u, ch.Table)) {
			return
		}
		decs := oc.decodesOf(u.Site, ch)
		if len(decs) == 0 {
			ev.add(u.Site, false)
			return
		}
		for _, d := range decs {
			types, pinned := chosenTypes(d.Types, pins)
			hit := false
			for _, t := range types {
				for _, f := range t.Fields {
					if !d.Reads(f, ch.Value) {
						continue
					}
					hit = true
					r := reader{d.Decoder, t.Name, f.Field, fmt.Sprintf("%s:%d", f.Pos.File, f.Pos.Line), pinned}
					if calls[r] == nil {
						readers = append(readers, r)
					}
					if !slices.Contains(calls[r], d.Pos) {
						calls[r] = append(calls[r], d.Pos)
					}
					break
				}
			}
			switch {
			case hit:
				ev.add(u.Site, true)
			case d.Elsewhere && (d.Unresolved == "" || pinned != "" && len(types) > 0):
				// the value also goes where rbcheck does not follow it
				ev.add(u.Site, false)
			case d.Unresolved == "" || pinned != "" && len(types) > 0:
				ev.Cleared = append(ev.Cleared, u.Site)
			default:
				r := fmt.Sprintf("%s is read at %s:%d and decoded with %s at %s:%d %s: whether the old code reads json key %q, which the migration renames to %q, is not known",
					label, u.Site.File, u.Site.Line, d.Decoder, d.Pos.File, d.Pos.Line, d.Unresolved, ch.Value, ch.NewName)
				if seenUnread[r] {
					continue
				}
				seenUnread[r] = true
				unread = append(unread, Unread{Kind: UnreadDecoder, File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Reason: r,
					Help: fmt.Sprintf("check by hand whether the old code reads %q from the column, then pass --allow-unread; or keep the old key: copy the value to the new key, release code that reads both, and remove the old key a release later", ch.Value)})
			}
		}
	})
	for _, r := range readers {
		w := fmt.Sprintf("the old code decodes %s with %s at %s into %s, whose field %s (%s) reads json key %q",
			label, r.dec, posList(calls[r]), r.typ, r.field, r.at, ch.Value)
		if r.pinned != "" {
			w += " (" + r.pinned + ")"
		}
		why = append(why, w)
	}
	return ev, "whether it decodes key " + strconv.Quote(ch.Value) + " from the column is not known", why, unread
}

// posList is "a.go:3 and :9" (positions of one file after the first
// shortened to their line).
func posList(ps []analyzer.Pos) string {
	var b strings.Builder
	for i, p := range ps {
		switch {
		case i == 0:
		case i == len(ps)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		if i > 0 && p.File == ps[0].File {
			fmt.Fprintf(&b, ":%d", p.Line)
		} else {
			fmt.Fprintf(&b, "%s:%d", p.File, p.Line)
		}
	}
	return b.String()
}

// decodesOf are the decodings of the json column ch names among the
// result columns of the statement at s (analyzer.Scan.Decodes, matched by
// position with sqlast.Query.Outputs); nil when none is seen.
func (oc *OldCode) decodesOf(s Site, ch *change.Change) []*analyzer.Decode {
	q := oc.queryAt(s)
	if q == nil || q.Query == nil || q.Scan == nil || len(q.Scan.Decodes) == 0 {
		return nil
	}
	var out []*analyzer.Decode
	for i, o := range q.Query.Outputs {
		if !strings.EqualFold(o.Column, ch.Column) || (o.Table.Name != "" && !sameTable(o.Table, ch.Table)) {
			continue
		}
		for j := range q.Scan.Decodes {
			if q.Scan.Decodes[j].Dest == i {
				out = append(out, &q.Scan.Decodes[j])
			}
		}
	}
	return out
}

// wherePins are the constants the migration's UPDATE pins columns other
// than the json column to (WHERE name = 'WORKSPACE_PROFILE'), by column.
func wherePins(ch *change.Change) map[string]string {
	if ch.Stmt == nil {
		return nil
	}
	u, ok := ch.Stmt.Node.(*sqlast.Update)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, c := range u.Where {
		if strings.EqualFold(c.Column, ch.Column) {
			continue
		}
		if v, ok := c.Value.Literal(); ok {
			out[c.Column] = v
		}
	}
	return out
}

// chosenTypes narrows the types a column is decoded into to those the
// code chooses by a value the migration pins its rows to; all of them
// when no type is chosen by such a value. pinned says which, for a
// message.
func chosenTypes(ts []analyzer.DecodeType, pins map[string]string) (out []analyzer.DecodeType, pinned string) {
	cols := make([]string, 0, len(pins))
	for c := range pins {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		v := pins[c]
		var sel []analyzer.DecodeType
		for _, t := range ts {
			for _, w := range t.When {
				if strings.EqualFold(w, v) {
					sel = append(sel, t)
					break
				}
			}
		}
		if len(sel) > 0 {
			return sel, fmt.Sprintf("the type it chooses for %s = '%s', the rows the migration rewrites", c, v)
		}
	}
	return ts, ""
}

// unseenKeyWarning: a JSON key renamed in a column no old read of which
// was found is still said, as a warning naming the key and the column:
// the old code may read the column through SQL rbcheck does not read,
// and decode the key from it.
func unseenKeyWarning(it Item) (Warning, bool) {
	ch := it.Change
	if ch == nil || ch.Kind != change.JSONKeyRenamed || len(it.Evidence.Confirmed)+len(it.Evidence.Possible)+len(it.Evidence.Unreachable)+len(it.Evidence.Cleared)+len(it.Evidence.Unread) > 0 {
		return Warning{}, false
	}
	return Warning{
		Message: fmt.Sprintf("json key %q of %q is renamed to %q at %s:%d; no read of the column was found in the old code, but whether it reads the column (through SQL rbcheck does not read) and decodes the old key is not known (%s)",
			ch.Value, ch.Table.Name+"."+ch.Column, ch.NewName, it.Finding.Pos.File, it.Finding.Pos.Line, it.Finding.Rule),
		File: it.Finding.Pos.File, Line: it.Finding.Pos.Line,
	}, true
}
