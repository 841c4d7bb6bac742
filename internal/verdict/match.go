package verdict

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// Evidence is what the old code does with the object a finding touches.
type Evidence struct {
	// Confirmed sites: exact SQL (or an ORM model) that uses the object in a
	// way the change breaks.
	Confirmed []Site
	// Possible sites: partial SQL, or an unqualified column that may belong
	// to the table; warnings unless --strict.
	Possible []Site
	// Why explains, for the confirmed sites, what fails after the change.
	Why string
}

func (e *Evidence) add(s Site, exact bool) {
	if exact && s.Confidence != "partial" {
		e.Confirmed = append(e.Confirmed, s)
	} else {
		e.Possible = append(e.Possible, s)
	}
}

func (e *Evidence) dedupe() {
	e.Confirmed = uniqSites(e.Confirmed)
	e.Possible = uniqSites(e.Possible)
	// a site that is confirmed is not also possible
	conf := map[string]bool{}
	for _, s := range e.Confirmed {
		conf[siteKey(s)] = true
	}
	out := e.Possible[:0]
	for _, s := range e.Possible {
		if !conf[siteKey(s)] {
			out = append(out, s)
		}
	}
	e.Possible = out
}

func siteKey(s Site) string { return fmt.Sprintf("%s:%d:%d", s.File, s.Line, s.Col) }

func uniqSites(in []Site) []Site {
	sort.SliceStable(in, func(i, j int) bool {
		if in[i].File != in[j].File {
			return in[i].File < in[j].File
		}
		if in[i].Line != in[j].Line {
			return in[i].Line < in[j].Line
		}
		return in[i].Col < in[j].Col
	})
	var out []Site
	for _, s := range in {
		if n := len(out); n > 0 && sameStatement(out[n-1], s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// sameStatement: two uses inside one statement (tokens of the same SQL text
// in the same file, no further apart than the statement has lines).
func sameStatement(a, b Site) bool {
	if a.File != b.File || a.SQL != b.SQL {
		return false
	}
	if a.Line == b.Line && a.Col == b.Col {
		return true
	}
	if a.SQL == "" {
		return false
	}
	span := strings.Count(a.SQL, "\n")
	d := b.Line - a.Line
	return a.Line != 0 && d >= 0 && d <= span
}

func objTable(o rules.Object) sqlast.Name { return sqlast.Name{Schema: o.Schema, Name: o.Table} }

// readsTable reports whether a use touches the table as data (not DDL).
func dataUse(u Use) bool { return u.Site.Kind != sqlast.UseDDL }

// Match looks up the object a finding touches in the old code. before is the
// schema before the release (for enum-typed columns); it may be nil.
func (oc *OldCode) Match(f rules.Finding, before *catalog.Catalog) Evidence {
	var ev Evidence
	o := f.Object
	t := objTable(o)
	switch f.Rule {
	case "drop-column", "rename-column", "change-column-type":
		ev = oc.columnUses(t, o.Column, true)
		switch f.Rule {
		case "drop-column":
			ev.Why = fmt.Sprintf("the old code reads or writes %s, which no longer exists after this migration: its queries fail with `column does not exist`", colName(t, o.Column))
		case "rename-column":
			ev.Why = fmt.Sprintf("the old code uses %s by its old name: after the rename its queries fail with `column does not exist` (or read other data if a column of the old name is added back)", colName(t, o.Column))
		default:
			ev.Why = fmt.Sprintf("the old code reads or writes %s with the old type in mind: values it writes may be rejected and values it scans may not fit", colName(t, o.Column))
		}
	case "drop-table", "rename-table", "drop-view", "rename-view":
		ev = oc.tableUses(t)
		ev.Why = fmt.Sprintf("the old code queries %q, which no longer exists under that name after this migration: its queries fail with `relation does not exist`", display(t))
	case "add-required-column", "set-not-null", "drop-column-default":
		ev = oc.insertsWithout(t, o.Column)
		ev.Why = fmt.Sprintf("the old code inserts into %q without a value for %q, which is now required: those inserts fail with `null value in column violates not-null constraint`", display(t), o.Column)
	case "drop-unique":
		ev = oc.conflictsOn(t, o.Columns, o.Constraint, o.Index)
		ev.Why = "the old code's INSERT … ON CONFLICT needs this unique index or constraint: without it Postgres rejects the statement (`there is no unique or exclusion constraint matching the ON CONFLICT specification`)"
	case "rename-constraint":
		ev = oc.conflictsOn(t, nil, o.Constraint, "")
		ev.Why = fmt.Sprintf("the old code names constraint %q in ON CONFLICT ON CONSTRAINT, which no longer exists under that name", o.Constraint)
	case "rename-enum-value":
		ev = oc.enumLiterals(o, before)
		ev.Why = fmt.Sprintf("the old code writes or compares the enum value %q, which is renamed to %q: writes fail with `invalid input value for enum` and filters silently match nothing", o.Value, o.NewName)
	case "drop-schema":
		ev = oc.schemaUses(o.Name)
		ev.Why = fmt.Sprintf("the old code queries objects in schema %q, which no longer exists", o.Name)
	case "drop-function":
		ev = oc.functionCalls(o.Name)
		ev.Why = fmt.Sprintf("the old code calls function %q, which no longer exists", o.Name)
	case StarRule:
		ev = oc.starUses(t)
		ev.Why = fmt.Sprintf("the old code runs SELECT * on %q and scans the result by position: with one more column, Scan fails (`expected N destination arguments`)", display(t))
	default:
		switch {
		case o.Column != "" && o.Table != "":
			ev = oc.columnUses(t, o.Column, false)
		case o.Table != "":
			ev = oc.tableUses(t)
		}
		if ev.Why == "" && (len(ev.Confirmed) > 0 || len(ev.Possible) > 0) {
			ev.Why = "the old code uses the object this migration changes"
		}
	}
	ev.dedupe()
	if len(ev.Confirmed) == 0 && len(ev.Possible) == 0 {
		ev.Why = ""
	}
	return ev
}

// display drops the default schema: "users", "audit.events".
func display(t sqlast.Name) string {
	if t.Schema == "public" {
		t.Schema = ""
	}
	return t.String()
}

func colName(t sqlast.Name, c string) string { return fmt.Sprintf("%q", display(t)+"."+c) }

// columnUses: exact uses of t.c (including ORM model fields); with star, also
// star uses of t (a SELECT * reads the changed column set).
func (oc *OldCode) columnUses(t sqlast.Name, col string, star bool) Evidence {
	var ev Evidence
	col = strings.ToLower(col)
	for _, u := range oc.Uses {
		if !dataUse(u) {
			continue
		}
		uc := strings.ToLower(u.Column)
		switch {
		case sameTable(u.Table, t) && uc == col:
			ev.add(u.Site, true)
		case sameTable(u.Table, t) && uc == sqlast.ColumnStar && star:
			ev.add(u.Site, true)
		case u.Table.Name == "" && uc == col && hasCandidate(u, t):
			ev.add(u.Site, false)
		}
	}
	return ev
}

func (oc *OldCode) tableUses(t sqlast.Name) Evidence {
	var ev Evidence
	for _, u := range oc.Uses {
		if !dataUse(u) {
			continue
		}
		if sameTable(u.Table, t) {
			ev.add(u.Site, true)
		} else if u.Table.Name == "" && hasCandidate(u, t) {
			ev.add(u.Site, false)
		}
	}
	return ev
}

// readUse: a use that returns rows to the code (not DDL, not an INSERT's
// column list).
func readUse(u Use) bool {
	return dataUse(u) && u.Site.Kind != sqlast.UseInsert && u.Site.Kind != sqlast.UseCopy
}

func (oc *OldCode) starUses(t sqlast.Name) Evidence {
	var ev Evidence
	for _, u := range oc.Uses {
		if readUse(u) && sameTable(u.Table, t) && u.Column == sqlast.ColumnStar {
			ev.add(u.Site, true)
		}
	}
	return ev
}

func (oc *OldCode) schemaUses(schema string) Evidence {
	var ev Evidence
	for _, u := range oc.Uses {
		if dataUse(u) && u.Table.Name != "" && strings.EqualFold(nz(u.Table.Schema), schema) {
			ev.add(u.Site, true)
		}
	}
	return ev
}

func nz(s string) string {
	if s == "" {
		return "public"
	}
	return s
}

// insertsWithout: old INSERTs (and COPYs) into t that do not name col.
func (oc *OldCode) insertsWithout(t sqlast.Name, col string) Evidence {
	var ev Evidence
	col = strings.ToLower(col)
	for _, q := range oc.Queries {
		if q.Query == nil || q.Query.InsertTable == nil || !sameTable(*q.Query.InsertTable, t) {
			continue
		}
		if q.Query.InsertNoColumns {
			ev.add(q.Site, true)
			continue
		}
		named := false
		for _, c := range q.Query.InsertColumns {
			if strings.ToLower(c) == col {
				named = true
				break
			}
		}
		if !named {
			ev.add(q.Site, true)
		}
	}
	return ev
}

func sameCols(a, b []string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	m := map[string]bool{}
	for _, x := range a {
		m[strings.ToLower(x)] = true
	}
	for _, x := range b {
		if !m[strings.ToLower(x)] {
			return false
		}
	}
	return true
}

// conflictsOn: INSERT … ON CONFLICT on t whose target is exactly cols, or ON
// CONSTRAINT one of names.
func (oc *OldCode) conflictsOn(t sqlast.Name, cols []string, names ...string) Evidence {
	var ev Evidence
	for _, q := range oc.Queries {
		if q.Query == nil {
			continue
		}
		for _, c := range q.Query.Conflicts {
			if c.Table.Name != "" && t.Name != "" && !sameTable(c.Table, t) {
				continue
			}
			if c.Constraint != "" {
				for _, n := range names {
					if n != "" && strings.EqualFold(n, c.Constraint) {
						ev.add(q.Site, true)
					}
				}
				continue
			}
			if sameCols(c.Columns, cols) {
				ev.add(q.Site, true)
			}
		}
	}
	return ev
}

// enumLiterals: literals equal to the renamed value, compared with or
// assigned to a column whose type is the enum.
func (oc *OldCode) enumLiterals(o rules.Object, before *catalog.Catalog) Evidence {
	var ev Evidence
	typ := strings.ToLower(o.Name)
	if i := strings.LastIndexByte(typ, '.'); i >= 0 {
		typ = typ[i+1:]
	}
	for _, q := range oc.Queries {
		if q.Query == nil {
			continue
		}
		for _, l := range q.Query.Literals {
			if l.Value != o.Value {
				continue
			}
			known, isEnum := columnIsType(before, l.Table, l.Column, typ)
			switch {
			case known && isEnum:
				ev.add(q.Site, true)
			case !known:
				ev.add(q.Site, false)
			}
		}
	}
	return ev
}

func columnIsType(cat *catalog.Catalog, t sqlast.Name, col, typ string) (known, is bool) {
	if cat == nil || t.Name == "" {
		return false, false
	}
	tab := cat.Table(t)
	if tab == nil {
		return false, false
	}
	c := tab.Column(col)
	if c == nil {
		return false, false
	}
	return true, strings.EqualFold(c.Type.Name, typ)
}

func (oc *OldCode) functionCalls(name string) Evidence {
	var ev Evidence
	fn := name
	if i := strings.LastIndexByte(fn, '.'); i >= 0 {
		fn = fn[i+1:]
	}
	if fn == "" {
		return ev
	}
	re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(fn) + `\s*\(`)
	for _, q := range oc.Queries {
		if re.MatchString(q.Site.SQL) {
			ev.add(q.Site, true)
		}
	}
	return ev
}
