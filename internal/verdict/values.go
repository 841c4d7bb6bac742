package verdict

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

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
// column (and ORM fields mapped to it) are possible: which keys the Go
// code decodes from the column (the struct or protobuf message, and its
// json names) is not linked to the column by the analysis.
func (oc *OldCode) jsonKeyReads(ch *change.Change) (Evidence, string) {
	var ev Evidence
	col := strings.ToLower(ch.Column)
	oc.usesOf(ch.Table, func(u Use) {
		if (u.Site.Kind != sqlast.UseSelect && u.Site.Kind != sqlast.UseModel) || strings.ToLower(u.Column) != col {
			return
		}
		if sameTable(u.Table, ch.Table) || u.Table.Name == "" && hasCandidate(u, ch.Table) {
			ev.add(u.Site, false)
		}
	})
	return ev, "whether it decodes key " + strconv.Quote(ch.Value) + " from the column is not known"
}

// unseenKeyWarning: a JSON key renamed in a column no old read of which
// was found is still said, as a warning naming the key and the column:
// the old code may read the column through SQL rbcheck does not read,
// and decode the key from it.
func unseenKeyWarning(it Item) (Warning, bool) {
	ch := it.Change
	if ch == nil || ch.Kind != change.JSONKeyRenamed || len(it.Evidence.Confirmed)+len(it.Evidence.Possible)+len(it.Evidence.Unreachable) > 0 {
		return Warning{}, false
	}
	return Warning{
		Message: fmt.Sprintf("json key %q of %q is renamed to %q at %s:%d; no read of the column was found in the old code, but whether it reads the column (through SQL rbcheck does not read) and decodes the old key is not known (%s)",
			ch.Value, ch.Table.Name+"."+ch.Column, ch.NewName, it.Finding.Pos.File, it.Finding.Pos.Line, it.Finding.Rule),
		File: it.Finding.Pos.File, Line: it.Finding.Pos.Line,
	}, true
}
