package verdict

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// ormVias are the analyzer's Via of statements an ORM builds from a model
// (the rows are read into the model's fields).
var ormVias = map[string]bool{"pop": true, "gorm": true, "bun": true, "go-pg": true, "beego": true}

var returningRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\breturning\b`) })

// nullScans: the old code's reads of t.col (or of t.*) whose Go
// destination may not take a NULL, once the column lost NOT NULL. Every
// site is possible, never confirmed: the NULL comes only from rows the
// new release writes without a value. A site whose destination is known
// to reject NULL (string, int64, time.Time, …) gets a note naming it; one
// whose destination accepts NULL (a pointer, sql.NullString, pgtype.Text,
// a Scan method that tests for nil) is left out; the rest are possible
// with the destination not known. Writes, deletes and filters of a
// statement that returns no rows read nothing back.
func (oc *OldCode) nullScans(t sqlast.Name, col string) Evidence {
	var ev Evidence
	col = strings.ToLower(col)
	name := t.Name
	if t.Schema != "" && !strings.EqualFold(t.Schema, "public") {
		name = t.Schema + "." + name
	}
	label := fmt.Sprintf("%q", name+"."+col)
	// the models' fields for t.col, by ORM (nil: a field of a type not
	// known); hasModel: the ORMs with a model of t
	models := map[string][]*analyzer.Dest{}
	hasModel := map[string]bool{}
	oc.usesOf(t, func(u Use) {
		if u.Site.Kind != sqlast.UseModel || !sameTable(u.Table, t) {
			return
		}
		hasModel[u.Site.Via] = true
		if strings.ToLower(u.Column) == col {
			models[u.Site.Via] = append(models[u.Site.Via], u.Dest)
		}
	})
	note := func(s Site, d *analyzer.Dest) Site {
		s.Note = fmt.Sprintf("old code%s scans %s into %s (%s at %s:%d); a NULL written by the new release fails that scan",
			siteAt(s, d), label, d.Type, d.Field, d.Pos.File, d.Pos.Line)
		return s
	}
	oc.usesOf(t, func(u Use) {
		if !dataUse(u) {
			return
		}
		uc := strings.ToLower(u.Column)
		switch {
		case sameTable(u.Table, t) && (uc == col || uc == sqlast.ColumnStar):
		case u.Table.Name == "" && uc == col && hasCandidate(u, t):
			ev.add(u.Site, false)
			return
		default:
			return
		}
		if u.Site.Kind == sqlast.UseModel {
			if uc == sqlast.ColumnStar {
				return
			}
			oc.addDest(&ev, label, u.Site, u.Dest, note)
			return
		}
		if u.Site.Kind != sqlast.UseSelect && !returningRe().MatchString(u.Site.SQL) {
			return // an INSERT, UPDATE, DELETE or COPY without RETURNING reads nothing back
		}
		q := oc.queryAt(u.Site)
		if q != nil && len(q.Dests) > 0 {
			// a by-name mapper fills this struct: the column goes to its
			// field, or to none (a filter, or a column the mapper skips)
			for i := range q.Dests {
				if strings.EqualFold(q.Dests[i].Column, col) {
					oc.addDest(&ev, label, u.Site, &q.Dests[i], note)
					return
				}
			}
			return
		}
		if q != nil && q.Built && ormVias[u.Site.Via] && hasModel[u.Site.Via] {
			// built by the ORM from a model of t: read into the model's
			// field, or, when no model of t maps the column, only
			// filtered on
			ms := models[u.Site.Via]
			if len(ms) == 0 {
				return
			}
			d := ms[0]
			for _, m := range ms {
				switch {
				case m == nil || m.Null == "":
					if d != nil && d.Null == analyzer.NullAccepts {
						d = m
					}
				case m.Null == analyzer.NullRejects:
					d = m
				}
				if d != nil && d.Null == analyzer.NullRejects {
					break
				}
			}
			oc.addDest(&ev, label, u.Site, d, note)
			return
		}
		ev.add(u.Site, false)
	})
	return ev
}

// addDest adds a read of the column into d: with a note when d rejects
// NULL, not at all when it accepts it, plainly possible when not known.
func (oc *OldCode) addDest(ev *Evidence, label string, s Site, d *analyzer.Dest, note func(Site, *analyzer.Dest) Site) {
	switch {
	case d == nil || d.Null == "":
		if d != nil {
			s.Note = fmt.Sprintf("old code%s scans %s into %s (%s at %s:%d); whether that type accepts NULL is not known",
				siteAt(s, d), label, d.Type, d.Field, d.Pos.File, d.Pos.Line)
		}
		ev.add(s, false)
	case d.Null == analyzer.NullRejects:
		ev.add(note(s, d), false)
	}
}

// siteAt is " at file:line" of the statement s, "" when s is the field d
// itself (a model's use).
func siteAt(s Site, d *analyzer.Dest) string {
	if d.Pos.File == s.File && d.Pos.Line == s.Line {
		return ""
	}
	return fmt.Sprintf(" at %s:%d", s.File, s.Line)
}
