package analyzer

// Partial statements: SQL whose text is only partly known. The constant
// parts are analysed with the unknown pieces stood in for by a value
// placeholder, by nothing, or by a marker identifier whose uses are dropped;
// when no stand-in parses, each constant fragment that parses on its own is
// analysed, and finally pgparse's fragment analysis is asked.

import (
	"go/constant"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

const dynMarker = astx.DynMarker

// fragmentAnalyzer is pgparse's partial analysis when available.
var fragmentAnalyzer = pgparse.AnalyzePartial

// analyzePartialParts analyses a partly known statement. It returns the
// query (nil when nothing could be analysed) and the text to show, with
// "…" where the unknown pieces are. err reports a failure of pgparse's
// fragment analysis (a panic), after which the other ways were still tried.
func analyzePartialParts(val fold.Value, frags []string, schema pgparse.Schema) (q *sqlast.Query, shown string, err error) {
	shown = strings.Join(frags, " … ")
	if len(val) > 0 {
		var b strings.Builder
		lastDyn := false
		for _, p := range val {
			if p.Dyn || p.Embed {
				if !lastDyn {
					b.WriteString("…")
				}
				lastDyn = true
				continue
			}
			lastDyn = false
			b.WriteString(p.Text)
		}
		shown = b.String()
		val = unglue(val)
		frags = val.Fragments()
		build := func(stand string) (string, []constSpan) {
			var t strings.Builder
			var spans []constSpan
			last := false
			for i, p := range val {
				if p.Dyn || p.Embed {
					if !last {
						t.WriteString(stand)
					}
					last = true
					continue
				}
				last = false
				start := t.Len()
				t.WriteString(p.Text)
				glued := func(j int) bool {
					return j >= 0 && j < len(val) && (val[j].Dyn && !val[j].Sep || val[j].Embed)
				}
				spans = append(spans, constSpan{start: start, end: t.Len(), gluedLeft: glued(i - 1), gluedRight: glued(i + 1)})
			}
			return t.String(), spans
		}
		// A run-time piece read as a column ("SELECT " + cols + " FROM t")
		// may name any column of t: the empty stand-in parses too (an empty
		// select list) and would lose it.
		// The marker stand-in is parsed once: for that and as the last try.
		marker := " " + dynMarker + " "
		markerText, markerSpans := build(marker)
		markerQ, markerErr := pgparse.AnalyzeQuery(markerText, schema)
		dynCols := dynColumnReads(markerQ, markerErr)
		for _, stand := range []string{"", " $99 ", marker} {
			text, spans, sq, perr := markerText, markerSpans, markerQ, markerErr
			if stand != marker {
				text, spans = build(stand)
				sq, perr = pgparse.AnalyzeQuery(text, schema)
			}
			if perr != nil || sq == nil {
				continue
			}
			markCertain(sq, text, spans)
			sq = dropMarker(sq)
			sq.Uses = append(sq.Uses, dynCols...)
			if len(sq.Uses) > 0 {
				return sq, shown, nil
			}
		}
	}
	// pgparse's lexical analysis of the fragments together
	if fragmentAnalyzer != nil {
		var pq *sqlast.Query
		err = astx.Guard("the partial SQL analysis", func() { pq = fragmentAnalyzer(frags, schema) })
		if pq != nil {
			pq = dropMarker(pq)
			if len(pq.Uses) > 0 {
				return pq, shown, err
			}
		}
	}
	// each fragment that parses on its own
	merged := &sqlast.Query{}
	for _, fr := range frags {
		fq, perr := pgparse.AnalyzeQuery(fr, schema)
		if perr != nil || fq == nil {
			continue
		}
		mergeQuery(merged, fq)
	}
	dropCTEs(merged)
	if len(merged.Uses) > 0 {
		return merged, shown, err
	}
	return nil, shown, err
}

// constSpan is where a constant piece of a partial statement lies in the
// text analysed, and whether a run-time piece touches it on either side.
type constSpan struct {
	start, end            int
	gluedLeft, gluedRight bool
}

// markCertain sets Certain on the uses of q (analysed from text, the
// statement with its run-time pieces stood in for) whose name is constant
// text: the token at the use's offset spells the name, lies inside one
// constant piece, and does not touch a run-time piece (which could extend
// it: "logs" + year). A table use is certain so; a column use when it is
// also a target of the statement's write (an INSERT column list, an UPDATE
// SET) whose table use is certain: a read column unqualified may belong to
// a table a run-time piece joins.
func markCertain(q *sqlast.Query, text string, spans []constSpan) {
	inConst := func(off int, name string) bool {
		if off < 0 || off >= len(text) || name == "" {
			return false
		}
		end, last := identTokenEnd(text, off)
		if !strings.EqualFold(last, name) {
			return false
		}
		for _, s := range spans {
			if off >= s.start && end <= s.end {
				return !(off == s.start && s.gluedLeft) && !(end == s.end && s.gluedRight)
			}
		}
		return false
	}
	type tk struct {
		t    sqlast.Name
		kind sqlast.UseKind
	}
	tables := map[tk]bool{}
	for i := range q.Uses {
		u := &q.Uses[i]
		if u.Column == "" && u.Table.Name != "" && inConst(u.Offset, u.Table.Name) {
			u.Certain = true
			tables[tk{u.Table, u.Kind}] = true
		}
	}
	// a star (`*`, `c.*`) of a certain table: every column of the table is
	// in the result, whatever a run-time piece adds (ory/hydra's `SELECT
	// DISTINCT c.* FROM hydra_client AS c … c.%schannel_logout_uri …`)
	starInConst := func(off int) bool {
		if off < 0 || off >= len(text) {
			return false
		}
		end := off
		if text[off] != '*' {
			end, _ = identTokenEnd(text, off)
		}
		if end >= len(text) || text[end] != '*' {
			return false
		}
		end++
		for _, s := range spans {
			if off >= s.start && end <= s.end {
				return !(off == s.start && s.gluedLeft) && !(end == s.end && s.gluedRight)
			}
		}
		return false
	}
	for i := range q.Uses {
		u := &q.Uses[i]
		if u.Column == sqlast.ColumnStar && u.Table.Name != "" && tables[tk{u.Table, u.Kind}] && starInConst(u.Offset) {
			u.Certain = true
			continue
		}
		if u.Column == "" || u.Column == sqlast.ColumnStar || u.Table.Name == "" {
			continue
		}
		if (u.Kind == sqlast.UseInsert || u.Kind == sqlast.UseUpdate) && tables[tk{u.Table, u.Kind}] && inConst(u.Offset, u.Column) {
			u.Certain = true
		}
	}
}

// identTokenEnd reads the (possibly quoted, possibly schema-qualified)
// name at text[off:]: where it ends, and its last element unquoted.
func identTokenEnd(text string, off int) (end int, last string) {
	i := off
	for i < len(text) {
		if text[i] == '"' {
			j := i + 1
			var b strings.Builder
			for j < len(text) {
				if text[j] == '"' {
					if j+1 < len(text) && text[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(text[j])
				j++
			}
			if j >= len(text) {
				return i, ""
			}
			last = b.String()
			i = j + 1
		} else {
			j := i
			for j < len(text) && (astx.IsIdentChar(text[j]) || text[j] == '$' || text[j] >= 0x80) {
				j++
			}
			if j == i {
				return i, last
			}
			last = text[i:j]
			i = j
		}
		if i < len(text) && text[i] == '.' {
			i++
			continue
		}
		return i, last
	}
	return i, last
}

// tableless splits off the uses that name neither a table nor candidate
// tables (a column of a table chosen at run time).
func tableless(q *sqlast.Query) (kept *sqlast.Query, columns []string) {
	out := *q
	out.Uses = nil
	seen := map[string]bool{}
	for _, u := range q.Uses {
		if u.Table.Name == "" && len(u.Candidates) == 0 {
			if u.Column != "" && u.Column != sqlast.ColumnStar && !seen[u.Column] {
				seen[u.Column] = true
				columns = append(columns, u.Column)
			}
			continue
		}
		out.Uses = append(out.Uses, u)
	}
	return &out, columns
}

// unglue makes the identifier a dynamic piece is visibly glued to part of
// the dynamic piece: "SELECT * FROM events_" + month names no table
// "events_", "FROM %s_archive" no table "_archive", and "… id = $" + n no
// half placeholder. Only an underscore or `$` at the boundary counts as
// glue: "… FROM products" + where is the usual appended clause.
func unglue(val fold.Value) fold.Value {
	out := append(fold.Value{}, val...)
	for i, p := range out {
		if !p.Dyn || p.Sep {
			continue
		}
		if i > 0 && !out[i-1].Dyn && !out[i-1].Embed {
			t := out[i-1].Text
			if t != "" && (t[len(t)-1] == '_' || t[len(t)-1] == '$') {
				j := len(t)
				for j > 0 && (astx.IsIdentChar(t[j-1]) || t[j-1] == '$') {
					j--
				}
				out[i-1].Text = t[:j]
			}
		}
		if i+1 < len(out) && !out[i+1].Dyn && !out[i+1].Embed {
			t := out[i+1].Text
			if t != "" && t[0] == '_' {
				j := 0
				for j < len(t) && astx.IsIdentChar(t[j]) {
					j++
				}
				out[i+1].Text = t[j:]
			}
		}
	}
	return out
}

func mergeQuery(dst, src *sqlast.Query) {
	if dst.Kind == "" {
		dst.Kind = src.Kind
	}
	for _, u := range src.Uses {
		u.Offset = -1
		dst.Uses = append(dst.Uses, u)
	}
	if dst.InsertTable == nil {
		dst.InsertTable = src.InsertTable
		dst.InsertColumns = src.InsertColumns
		dst.InsertNoColumns = src.InsertNoColumns
	}
	dst.Conflicts = append(dst.Conflicts, src.Conflicts...)
	dst.Literals = append(dst.Literals, src.Literals...)
	dst.CTEs = append(dst.CTEs, src.CTEs...)
}

// dropMarker removes uses of the stand-in identifier; offsets are not
// meaningful for a stand-in text.
// dynColumnReads returns, for the statement with its run-time pieces stood
// in for by the marker (q, analysed; err its analysis error), a star read (not certain) of each table whose
// columns a marker stands for in the result columns ("SELECT " + cols +
// " FROM t"): the run-time piece may name any of them. A marker elsewhere
// (a value in WHERE) reads no column.
func dynColumnReads(q *sqlast.Query, err error) []sqlast.Use {
	if err != nil || q == nil {
		return nil
	}
	var out []sqlast.Use
	seen := map[sqlast.Name]bool{}
	add := func(t sqlast.Name) {
		if t.Name != "" && !strings.HasPrefix(t.Name, dynMarker) && !seen[t] {
			seen[t] = true
			out = append(out, sqlast.Use{Table: t, Column: sqlast.ColumnStar, Kind: sqlast.UseSelect, Offset: -1})
		}
	}
	for _, o := range q.Outputs {
		// the marker as a column: resolved (o.Column), or not a column of
		// the tables the schema knows (a computed output named by it)
		if !strings.HasPrefix(o.Column, dynMarker) && (o.Column != "" || !strings.HasPrefix(o.Name, dynMarker)) {
			continue
		}
		if o.Table.Name != "" && o.Column != "" {
			add(o.Table)
			continue
		}
		// not resolved to one table: every table the marker may be a column of
		for _, u := range q.Uses {
			if u.Kind == sqlast.UseSelect && strings.HasPrefix(u.Column, dynMarker) {
				add(u.Table)
				for _, c := range u.Candidates {
					add(c)
				}
			}
		}
	}
	return out
}

func dropMarker(q *sqlast.Query) *sqlast.Query {
	out := *q
	out.Uses = nil
	for _, u := range q.Uses {
		if strings.HasPrefix(u.Table.Name, dynMarker) || strings.HasPrefix(u.Column, dynMarker) {
			continue
		}
		var cands []sqlast.Name
		for _, c := range u.Candidates {
			if !strings.HasPrefix(c.Name, dynMarker) {
				cands = append(cands, c)
			}
		}
		if len(u.Candidates) > 0 {
			if len(cands) == 0 {
				continue
			}
			if len(cands) == 1 {
				u.Table, cands = cands[0], nil
			}
			u.Candidates = cands
		}
		u.Offset = -1
		out.Uses = append(out.Uses, u)
	}
	if out.InsertTable != nil && strings.HasPrefix(out.InsertTable.Name, dynMarker) {
		out.InsertTable, out.InsertColumns, out.InsertNoColumns = nil, nil, false
	}
	return &out
}

func constantString(c *types.Const) string {
	if c.Val() == nil || c.Val().Kind() != constant.String {
		return ""
	}
	return constant.StringVal(c.Val())
}

// dropCTEs removes the uses of a name a WITH of another fragment defines
// (each fragment was analysed alone, so a CTE defined in one and read in
// another looks like a table there).
func dropCTEs(q *sqlast.Query) {
	if len(q.CTEs) == 0 {
		return
	}
	cte := map[string]bool{}
	for _, n := range q.CTEs {
		cte[strings.ToLower(n)] = true
	}
	kept := q.Uses[:0]
	for _, u := range q.Uses {
		if u.Table.Schema == "" && cte[strings.ToLower(u.Table.Name)] {
			continue
		}
		kept = append(kept, u)
	}
	q.Uses = kept
}
