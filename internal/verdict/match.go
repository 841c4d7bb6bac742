package verdict

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
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
	// Unreachable sites use the object in code nothing calls
	// (analyzer.Ref.Unreachable): they cannot run, so they never block;
	// they are said as warnings.
	Unreachable []Site
	// Unsure, when set, says why the possible sites are only possible
	// (the Go type the old code scans into is not known, …); empty: they
	// are partial SQL or an unqualified column of several tables.
	Unsure string
	// Cleared are reads rbcheck looked at and found not to use what the
	// change breaks (a json column decoded into types none of which reads
	// the renamed key): no use, and no "no read was found" either.
	Cleared []Site `json:"-"`
	// Unread are uses rbcheck could not decide (a json column decoded
	// into a type it cannot resolve): they make the verdict unknown.
	Unread []Unread `json:"-"`
}

func (e *Evidence) add(s Site, exact bool) {
	if s.Unreachable != "" {
		e.Unreachable = append(e.Unreachable, s)
		return
	}
	if exact && (s.Confidence != "partial" || s.Certain) {
		e.Confirmed = append(e.Confirmed, s)
	} else {
		e.Possible = append(e.Possible, s)
	}
}

func (e *Evidence) dedupe() {
	e.Confirmed = uniqSites(e.Confirmed)
	e.Possible = uniqSites(e.Possible)
	e.Unreachable = uniqSites(e.Unreachable)
	// a site that is confirmed is not also possible
	conf := map[string]int{}
	for i, s := range e.Confirmed {
		if _, ok := conf[siteKey(s)]; !ok {
			conf[siteKey(s)] = i
		}
	}
	out := e.Possible[:0]
	for _, s := range e.Possible {
		i, ok := conf[siteKey(s)]
		if !ok {
			out = append(out, s)
			continue
		}
		// where the possible one runs is where the confirmed one's
		// statement runs too (a builder completed at another call)
		for _, a := range s.At {
			if !slices.Contains(e.Confirmed[i].At, a) {
				e.Confirmed[i].At = append(slices.Clip(e.Confirmed[i].At), a)
			}
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
			// one statement: where it is completed and run, all of them
			for _, a := range s.At {
				if !slices.Contains(out[n-1].At, a) {
					out[n-1].At = append(slices.Clip(out[n-1].At), a)
				}
			}
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

// dataUse reports whether a use touches the table as data (not DDL).
func dataUse(u Use) bool { return u.Site.Kind != sqlast.UseDDL }

// Evidence looks up, in the old code, the uses that a change breaks, as
// the rule that owns the change declares them (b.Uses). before is the
// schema before the release (for enum-typed columns); it may be nil.
func (oc *OldCode) Evidence(ch *change.Change, b *rules.Break, before *catalog.Catalog) Evidence {
	var ev Evidence
	var checkWhy, nullWhy, keyWhy []string
	omits := false // inserts leave the column out
	t := ch.Table
	for _, use := range b.Uses {
		var e Evidence
		switch use {
		case rules.UseRelation:
			e = oc.tableUses(t)
		case rules.UseColumn:
			e = oc.columnUses(t, ch.Column, true)
		case rules.UseInsertOmits:
			e = oc.insertsWithout(t, ch.Column)
			omits = len(e.Confirmed)+len(e.Possible) > 0
		case rules.UseConflictKey:
			if !ch.KeyKept && len(ch.Columns) > 0 {
				e = oc.conflictsOn(t, ch.Columns)
			}
		case rules.UseConflictName:
			if !ch.NameKept {
				e = oc.conflictsOn(t, nil, ch.Name)
			}
		case rules.UseStarScan:
			e = oc.starUses(t)
			if len(e.Possible) > 0 {
				ev.Unsure = "how it maps the result's columns (by position, or by name and whether it rejects one it has no field for) is not known"
			}
		case rules.UseNarrowScan:
			e = oc.narrowScans(t, ch.Column, ch.To)
			if len(e.Possible) > 0 {
				ev.Unsure = "the Go type it is scanned into is not known"
			}
		case rules.UseNullScan:
			// Whether the new release writes NULL is not known: a scan
			// into a type that rejects NULL is possible, never confirmed.
			e = oc.nullScans(t, ch.Column)
			if len(e.Possible) > 0 {
				ev.Unsure = "the Go type it is scanned into is not known"
			}
		case rules.UseEnumValue:
			e = oc.enumLiterals(ch.Object, ch.Value, before)
		case rules.UseSchema:
			e = oc.schemaUses(ch.Object.Name)
		case rules.UseFunctionCall:
			e = oc.functionCalls(ch.Object.Name)
		case rules.UseSequence:
			e = oc.sequenceCalls(ch.Object.Name)
		case rules.UseTableWrite:
			e = oc.tableWrites(t)
		case rules.UseParentDelete:
			e = oc.tableDeletes(ch.RefTable)
		case rules.UseParentUpdate:
			e = oc.keyUpdates(ch.RefTable, ch.RefColumns)
		case rules.UseRejectedWrite:
			e = oc.rejectedWrites(ch)
		case rules.UseCheckWrite:
			// The check evaluated on the row each write leaves
			// (checkwrite.go): rejected is confirmed, not decided is
			// possible with a note.
			e, checkWhy = oc.checkWrites(ch)
		case rules.UseOldValue:
			var why string
			e, why = oc.oldValueUses(ch)
			if len(e.Possible) > 0 && why != "" {
				ev.Unsure = why
			}
		case rules.UseJSONKey:
			var unsure string
			e, unsure, keyWhy, e.Unread = oc.jsonKeyReads(ch)
			if len(e.Possible) > 0 {
				ev.Unsure = unsure
			}
		case rules.UseNullWrite:
			// The value each write gives the column (nullwrite.go): NULL
			// is confirmed, a Go type that may be NULL or a value not
			// known is possible, one that never is is left out.
			e, nullWhy = oc.nullWrites(t, ch.Column)
			if len(e.Possible) > 0 {
				ev.Unsure = "whether it writes NULL is not known"
			}
		}
		ev.Confirmed = append(ev.Confirmed, e.Confirmed...)
		ev.Possible = append(ev.Possible, e.Possible...)
		ev.Unreachable = append(ev.Unreachable, e.Unreachable...)
		ev.Unread = append(ev.Unread, e.Unread...)
		ev.Cleared = append(ev.Cleared, e.Cleared...)
	}
	ev.dedupe()
	if (len(ev.Confirmed) > 0 || len(ev.Possible) > 0) && b.Why != nil {
		ev.Why = b.Why(ch)
	}
	if len(nullWhy) > 3 {
		nullWhy = append(nullWhy[:3], fmt.Sprintf("and %d more", len(nullWhy)-3))
	}
	if len(nullWhy) > 0 {
		// the writes of NULL (nullwrite.go): the rule's text about
		// inserts that leave the column out is said only when there are
		// such inserts
		why := strings.Join(nullWhy, "; ") + ", which the column now rejects (`null value in column violates not-null constraint`)"
		if omits {
			why = ev.Why + "; " + why
		}
		ev.Why = why
	}
	if len(checkWhy) > 3 {
		checkWhy = append(checkWhy[:3], fmt.Sprintf("and %d more", len(checkWhy)-3))
	}
	if len(checkWhy) > 0 {
		ev.Why = strings.TrimSpace(ev.Why + "; " + strings.Join(checkWhy, "; "))
	}
	if len(keyWhy) > 3 {
		keyWhy = append(keyWhy[:3], fmt.Sprintf("and %d more", len(keyWhy)-3))
	}
	if len(keyWhy) > 0 && len(ev.Confirmed) > 0 {
		// the decoding and the field that read the key (values.go)
		ev.Why = strings.Join(keyWhy, "; ") + fmt.Sprintf(", which the migration renames to %q: after a rollback the old code finds no such key and the field is left empty (a lenient decoder says nothing; a strict one fails on the new key)", ch.NewName)
	}
	return ev
}

// columnUses: exact uses of t.c (including ORM model fields); with star, also
// star uses of t (a SELECT * reads the changed column set).
func (oc *OldCode) columnUses(t sqlast.Name, col string, star bool) Evidence {
	var ev Evidence
	col = strings.ToLower(col)
	oc.usesOf(t, func(u Use) {
		if !dataUse(u) {
			return
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
	})
	return ev
}

func (oc *OldCode) tableUses(t sqlast.Name) Evidence {
	var ev Evidence
	oc.usesOf(t, func(u Use) {
		if !dataUse(u) {
			return
		}
		if sameTable(u.Table, t) {
			ev.add(u.Site, true)
		} else if u.Table.Name == "" && hasCandidate(u, t) {
			ev.add(u.Site, false)
		}
	})
	return ev
}

// readUse: a use that returns rows to the code (not DDL, not an INSERT's
// column list).
func readUse(u Use) bool {
	return dataUse(u) && u.Site.Kind != sqlast.UseInsert && u.Site.Kind != sqlast.UseCopy
}

// starUses: SELECT * (RETURNING *) of t whose result the old code scans
// by position or with a mapper that rejects an unknown column (confirmed),
// or consumes in a way not known (possible); not those a tolerant mapper
// reads (gorm, sqlx after Unsafe, beego, bun WithDiscardUnknownColumns).
func (oc *OldCode) starUses(t sqlast.Name) Evidence {
	var ev Evidence
	oc.usesOf(t, func(u Use) {
		if !readUse(u) || !sameTable(u.Table, t) || u.Column != sqlast.ColumnStar {
			return
		}
		switch sc := oc.scanAt(u.Site); {
		case sc == nil:
			ev.add(u.Site, false)
		case sc.Breaks():
			ev.add(u.Site, true)
		}
	})
	return ev
}

// narrowScans: reads of t.col (or of t.*) scanned by position into a Go
// type that cannot hold every value of type to (confirmed), or into types
// not known (possible).
func (oc *OldCode) narrowScans(t sqlast.Name, col string, to sqlast.TypeName) Evidence {
	var ev Evidence
	for _, s := range oc.columnUses(t, col, true).Confirmed {
		if q := oc.queryAt(s); s.Kind != sqlast.UseSelect || q != nil && q.Query != nil && q.Query.Kind != "select" {
			continue // writes and filters hold the wider values
		}
		sc := oc.scanAt(s)
		if sc == nil || sc.Kind != analyzer.ScanPositional || len(sc.Types) == 0 {
			ev.add(s, false)
			continue
		}
		narrow, unknown := false, false
		for _, gt := range sc.Types {
			switch goFits(gt, to) {
			case fitsNo:
				narrow = true
			case fitsUnknown:
				unknown = true
			}
		}
		switch {
		case narrow:
			ev.add(s, true)
		case unknown:
			ev.add(s, false)
		}
	}
	return ev
}

const (
	fitsYes = iota
	fitsNo
	fitsUnknown
)

// goFits says whether a Go scan destination type holds every value of the
// Postgres type to (the widened type of an integer or float column).
func goFits(goType string, to sqlast.TypeName) int {
	g := strings.TrimLeft(goType, "*")
	if change.BaseType(to) == "numeric" {
		// An integer widened to numeric: only types without a fixed range
		// hold every value.
		switch g {
		case "string", "[]byte", "any", "interface{}", "sql.NullString", "sql.RawBytes", "pgtype.Numeric",
			"float64", "sql.NullFloat64", "pgtype.Float8", "big.Int", "big.Float", "decimal.Decimal", "decimal.NullDecimal":
			return fitsYes
		case "":
			return fitsUnknown
		}
		if strings.HasPrefix(g, "int") || strings.HasPrefix(g, "uint") || strings.HasPrefix(g, "sql.NullInt") ||
			strings.HasPrefix(g, "pgtype.Int") || g == "byte" || g == "rune" {
			return fitsNo
		}
		return fitsUnknown
	}
	switch g {
	case "":
		return fitsUnknown
	case "int8", "int16", "uint8", "uint16", "sql.NullInt16", "pgtype.Int2", "byte":
		return fitsNo
	case "int32", "uint32", "sql.NullInt32", "pgtype.Int4", "rune":
		if b := change.BaseType(to); b == "int8" {
			return fitsNo
		}
		return fitsYes
	case "float32", "pgtype.Float4":
		if change.BaseType(to) == "float8" {
			return fitsNo
		}
		return fitsYes
	case "int", "int64", "uint", "uint64", "float64", "string", "[]byte", "any", "interface{}",
		"sql.NullInt64", "sql.NullFloat64", "sql.NullString", "pgtype.Int8", "pgtype.Float8", "pgtype.Numeric",
		"sql.RawBytes", "bool", "sql.NullBool", "time.Time", "sql.NullTime":
		return fitsYes
	}
	return fitsUnknown
}

// scanAt is how the old code consumes the statement a use at s belongs
// to; nil when not known.
func (oc *OldCode) scanAt(s Site) *analyzer.Scan {
	if q := oc.queryAt(s); q != nil {
		return q.Scan
	}
	return nil
}

// queryAt is the statement a use at s belongs to (nil when not found).
func (oc *OldCode) queryAt(s Site) *Query {
	for i := range oc.Queries {
		q := &oc.Queries[i]
		if q.Site.File != s.File || q.Site.SQL != s.SQL {
			continue
		}
		if q.Site.Line == s.Line && q.Site.Col == s.Col || s.Line >= q.Site.Line && s.Line <= q.Site.Line+strings.Count(q.Site.SQL, "\n") {
			return q
		}
	}
	return nil
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
			if catalog.SameColumnSet(c.Columns, cols) {
				ev.add(q.Site, true)
			}
		}
	}
	return ev
}

// enumLiterals: literals equal to the value, compared with or assigned to
// a column whose type is the enum typ.
func (oc *OldCode) enumLiterals(typ sqlast.Name, value string, before *catalog.Catalog) Evidence {
	var ev Evidence
	for _, q := range oc.Queries {
		if q.Query == nil {
			continue
		}
		for _, l := range q.Query.Literals {
			// a number is no enum label (`status = 1` on an enum column
			// is an error, not a use of label '1')
			if l.Number || l.Value != value {
				continue
			}
			known, isEnum := columnIsType(before, l.Table, l.Column, strings.ToLower(typ.Name))
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

// sequenceCalls: nextval, currval or setval of the sequence, named in a
// string literal ('orders_id_seq', 'public.orders_id_seq').
func (oc *OldCode) sequenceCalls(name string) Evidence {
	var ev Evidence
	if name == "" {
		return ev
	}
	re := regexp.MustCompile(`(?i)\b(nextval|currval|setval)\s*\(\s*'(?:[a-z0-9_$"]+\.)?"?` + regexp.QuoteMeta(name) + `"?'`)
	for _, q := range oc.Queries {
		if re.MatchString(q.Site.SQL) {
			ev.add(q.Site, true)
		}
	}
	return ev
}

// columnWrites: writes (INSERT, UPDATE, COPY, ORM models) that name t.c,
// as possible uses.
func (oc *OldCode) columnWrites(t sqlast.Name, col string) Evidence {
	var ev Evidence
	oc.usesOf(t, func(u Use) {
		switch u.Site.Kind {
		case sqlast.UseInsert, sqlast.UseUpdate, sqlast.UseCopy, sqlast.UseModel:
		default:
			return
		}
		if strings.EqualFold(u.Column, col) && (sameTable(u.Table, t) || u.Table.Name == "" && hasCandidate(u, t)) {
			ev.add(u.Site, false)
		}
	})
	return ev
}

// tableWrites: INSERT, UPDATE, DELETE, COPY and ORM models of the table.
func (oc *OldCode) tableWrites(t sqlast.Name) Evidence {
	var ev Evidence
	oc.usesOf(t, func(u Use) {
		switch u.Site.Kind {
		case sqlast.UseInsert, sqlast.UseUpdate, sqlast.UseDelete, sqlast.UseCopy, sqlast.UseModel:
		default:
			return
		}
		if sameTable(u.Table, t) {
			ev.add(u.Site, true)
		} else if u.Table.Name == "" && hasCandidate(u, t) {
			ev.add(u.Site, false)
		}
	})
	return ev
}

// rejectedWrites: the INSERTs, COPYs and UPDATEs (ORM writes included) of
// the table of a dropped foreign key, all possible with a note: whether
// the old code expects the database to reject a row without its
// referenced row (and checks the 23503 error) is not known.
func (oc *OldCode) rejectedWrites(ch *change.Change) Evidence {
	var ev Evidence
	ref := "the referenced table"
	if ch.RefTable.Name != "" {
		ref = fmt.Sprintf("%q", ch.RefTable.Name)
	}
	oc.usesOf(ch.Table, func(u Use) {
		switch u.Site.Kind {
		case sqlast.UseInsert, sqlast.UseUpdate, sqlast.UseCopy, sqlast.UseModel:
		default:
			return
		}
		if !sameTable(u.Table, ch.Table) && (u.Table.Name != "" || !hasCandidate(u, ch.Table)) {
			return
		}
		s := u.Site
		s.Note = fmt.Sprintf("old code writes %q at %s:%d: if it expects the database to reject a row of %q without its row in %s (foreign key %q, error 23503), it now writes such a row, which stays orphaned; whether it does is not known",
			ch.Table.Name, s.File, s.Line, ch.Table.Name, ref, ch.Name)
		ev.add(s, false)
	})
	return ev
}

// tableDeletes: DELETEs of t (ORM deletes included).
func (oc *OldCode) tableDeletes(t sqlast.Name) Evidence {
	var ev Evidence
	oc.usesOf(t, func(u Use) {
		if u.Site.Kind != sqlast.UseDelete || u.Column != "" {
			return
		}
		if sameTable(u.Table, t) {
			ev.add(u.Site, true)
		} else if u.Table.Name == "" && hasCandidate(u, t) {
			ev.add(u.Site, false)
		}
	})
	return ev
}

// keyUpdates: UPDATEs of t that set one of cols.
func (oc *OldCode) keyUpdates(t sqlast.Name, cols []string) Evidence {
	var ev Evidence
	oc.usesOf(t, func(u Use) {
		if u.Site.Kind != sqlast.UseUpdate || u.Column == "" {
			return
		}
		hit := false
		for _, c := range cols {
			if strings.EqualFold(c, u.Column) {
				hit = true
			}
		}
		if !hit {
			return
		}
		if sameTable(u.Table, t) {
			ev.add(u.Site, true)
		} else if u.Table.Name == "" && hasCandidate(u, t) {
			ev.add(u.Site, false)
		}
	})
	return ev
}
