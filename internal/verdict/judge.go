package verdict

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/lint"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// starRule is the verdict's own breaking finding: a column added to a
// table the old code reads with SELECT * (or RETURNING *). It is not a
// lint rule (adding a column is fine for a migration); rules/pseudo.go
// documents it and declares what it breaks.
var starRule = rules.Doc(rules.SelectStarName)

// judge builds the verdict's items: one per net change of the release
// that an enabled rule declares (see rules.Break), with the old code's
// uses it breaks as evidence, and one per lint finding that is not about
// a breaking change (locking, data loss, style). A breaking finding of a
// rule with declarations that matches no net change becomes a
// non-blocking line saying which later statement undid it or took it
// along (steps: what each statement did; see undone): the release undoes
// what the statement did, or another change covers it (the columns,
// indexes and triggers of a dropped table).
//
// The finding of an item is the rule's lint finding at the statement that
// made the change when there is one; otherwise (a column added and made
// NOT NULL later, a table replaced by another) one made from the change,
// kept only when old code uses what changed.
func judge(findings []rules.Finding, suppressed []lint.Suppressed, changes []*change.Change, steps []change.Step, lo lint.Options, oc *OldCode, before *catalog.Catalog, strict bool) []Item {
	type fkey struct {
		rule string
		stmt *sqlast.Stmt
	}
	at := map[fkey][]int{}
	for i, f := range findings {
		if f.Effect == rules.BreaksOldCode {
			k := fkey{f.Rule, f.Stmt}
			at[k] = append(at[k], i)
		}
	}
	supp := map[fkey]bool{}
	for _, s := range suppressed {
		supp[fkey{s.Finding.Rule, s.Finding.Stmt}] = true
	}
	oc.indexUses() // Uses are final here (schemas resolved, models confirmed, migration files dropped)
	enabled := ruleEnabled(lo)
	used := make([]bool, len(findings))
	var items []Item
	for _, ch := range changes {
		r, b := rules.Owner(ch, enabled, starRule)
		if r == nil {
			continue
		}
		k := fkey{r.Name, ch.Stmt}
		if ch.Stmt != nil && supp[k] {
			continue
		}
		idx := -1
		for _, i := range at[k] {
			if !used[i] && rules.SameObject(findings[i].Object, ch) {
				idx = i
				break
			}
		}
		it := Item{Recipe: r.Fix, Evidence: oc.Evidence(ch, b, before), Uses: b.Uses, Change: ch}
		if idx >= 0 {
			used[idx] = true
			it.Finding = findings[idx]
			if b.Message != nil {
				if m := b.Message(ch); m != "" {
					it.Finding.Message = m
				}
			}
		} else {
			if len(it.Evidence.Confirmed) == 0 && len(it.Evidence.Possible) == 0 && len(it.Evidence.Unreachable) == 0 {
				continue
			}
			it.Finding = changeFinding(r, b, ch, lo)
		}
		it.Blocking = len(it.Evidence.Confirmed) > 0 || (strict && len(it.Evidence.Possible) > 0)
		items = append(items, it)
	}
	for i, f := range findings {
		if used[i] {
			continue
		}
		if f.Effect == rules.BreaksOldCode {
			if r := rules.Get(f.Rule); r != nil && len(r.Breaks) > 0 {
				if it, ok := undone(f, steps); ok {
					items = append(items, it)
				}
				continue
			}
		}
		items = append(items, Item{Finding: f})
	}
	return items
}

// changeFinding is the finding of a change no lint finding reports.
func changeFinding(r *rules.Rule, b *rules.Break, ch *change.Change, lo lint.Options) rules.Finding {
	sev := r.Severity
	if s, ok := lo.Severity[r.Name]; ok && s.Rank() > 0 {
		sev = s
	}
	what := "old code that uses it"
	if len(b.Uses) > 0 {
		what = b.Uses[0].Text()
	}
	help := ""
	if len(r.Fix) > 0 {
		help = r.Fix[0]
	}
	pos := ch.Pos
	if pos.Line == 0 && ch.Stmt != nil {
		pos = ch.Stmt.Pos
	}
	msg := ch.Describe()
	if b.Message != nil {
		if m := b.Message(ch); m != "" {
			msg = m
		}
	}
	return rules.Finding{
		Rule: r.Name, Severity: sev, Effect: r.Effect, Pos: pos,
		Message: msg + ", which breaks " + what,
		Help:    help, Object: rules.ObjectOf(ch), Stmt: ch.Stmt,
	}
}

// ruleEnabled says which rules the lint options enable (as the lint engine
// selects them).
func ruleEnabled(o lint.Options) func(*rules.Rule) bool {
	on, off := map[string]bool{}, map[string]bool{}
	for _, n := range o.Enable {
		on[n] = true
	}
	for _, n := range o.Disable {
		off[n] = true
	}
	return func(r *rules.Rule) bool { return !off[r.Name] && (r.Default || on[r.Name]) }
}
