package verdict

import (
	"fmt"
	"strings"

	"github.com/rbcheck/rbcheck/internal/change"
)

// siteWarnings gathers the warnings about old-code sites a breaking item
// may reach (possible or unreachable uses), one per site and message: a
// release that adds several columns to a table read with SELECT * gives
// one warning per site naming every column, not one per column.
type siteWarnings struct {
	order []string
	by    map[string]*siteWarning
}

type siteWarning struct {
	site    Site
	head    string // the message before what the release adds
	rule    string
	added   []string
	addedOK map[string]bool
}

// add records the warning of item it about site s, one of its possible
// uses or, with unreachable, one of its unreachable ones.
func (w *siteWarnings) add(it Item, s Site, unreachable bool) {
	f := it.Finding
	var msg string
	switch {
	case !unreachable && s.Note != "":
		msg = s.Note
	case unreachable:
		msg = fmt.Sprintf("%s is used only by unreachable code at %s:%d (in %s, which nothing in the code calls)", objectLabel(f.Object), s.File, s.Line, s.Unreachable)
	case it.Evidence.Unsure != "":
		msg = fmt.Sprintf("%s is used at %s:%d, but %s", objectLabel(f.Object), s.File, s.Line, it.Evidence.Unsure)
	default:
		msg = fmt.Sprintf("%s may be used by partial SQL at %s:%d", objectLabel(f.Object), s.File, s.Line)
	}
	k := fmt.Sprintf("%s:%d:%d\x00%s\x00%s", s.File, s.Line, s.Col, msg, f.Rule)
	if w.by == nil {
		w.by = map[string]*siteWarning{}
	}
	sw := w.by[k]
	if sw == nil {
		sw = &siteWarning{site: s, head: msg, rule: f.Rule, addedOK: map[string]bool{}}
		w.by[k] = sw
		w.order = append(w.order, k)
	}
	// The label of an added column is its table's (what old code meets
	// is the table's column set): name the columns in the warning.
	if ch := it.Change; ch != nil && ch.Kind == change.ColumnAdded && ch.Column != "" && !sw.addedOK[ch.Column] {
		sw.addedOK[ch.Column] = true
		sw.added = append(sw.added, fmt.Sprintf("%q", ch.Column))
	}
}

// warnings returns the gathered warnings in the order their sites were
// first met.
func (w *siteWarnings) warnings() []Warning {
	var out []Warning
	for _, k := range w.order {
		sw := w.by[k]
		extra := ""
		switch len(sw.added) {
		case 0:
		case 1:
			extra = "; the release adds column " + sw.added[0]
		default:
			extra = "; the release adds columns " + strings.Join(sw.added, ", ")
		}
		s := sw.site
		out = append(out, Warning{Message: sw.head + extra + " (" + sw.rule + ")", Site: &s})
	}
	return out
}
