package verdict

import (
	"fmt"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/internal/sqleval"
)

// checkWrites judges the old code's writes of the table against a CHECK
// the release adds (ch, check-added), by evaluating the check on the row
// each one writes (internal/sqleval):
//
//   - an INSERT's row holds the values it names (literals, casts of
//     literals; a parameter is not known) and, for the columns it leaves
//     out, their defaults in the new schema (or NULL);
//   - an UPDATE's row holds the values it sets and, for the rest, the
//     stored values: not known, except in a column the release added,
//     which rows the release left as they were hold as its default (or
//     NULL), and which the old code never writes.
//
// A write whose row the check rejects (FALSE, whatever the values not
// known) is confirmed; one whose row it accepts (TRUE or NULL) is left
// out; any other write that names a column the check reads is possible,
// with a note saying what is not known (and for which values of a boolean
// parameter or stored column the check fails). A rejected row is only
// possible when the release creates a trigger on the table or a trigger
// function (ch.Triggered), which may fill what the old code leaves out.
// why has one line per confirmed write, for the evidence.
func (oc *OldCode) checkWrites(ch *change.Change) (ev Evidence, why []string) {
	t := ch.Table
	label := fmt.Sprintf("%q", t.Name)
	if t.Schema != "" && !strings.EqualFold(t.Schema, "public") {
		label = fmt.Sprintf("%q", t.Schema+"."+t.Name)
	}
	var sites []Site
	for _, col := range ch.Columns {
		sites = append(sites, oc.columnWrites(t, col).Possible...)
	}
	// INSERTs that name no column the check reads: their row holds the
	// defaults, which may be known to fail.
	for _, q := range oc.Queries {
		if q.Query != nil && q.Query.InsertTable != nil && sameTable(*q.Query.InsertTable, t) {
			sites = append(sites, q.Site)
		}
	}
	sites = uniqSites(sites)
	for _, s := range sites {
		j := oc.judgeCheckWrite(ch, s)
		if j.res.Outcome == sqleval.Violated && ch.Triggered != "" {
			// a BEFORE trigger may fill the columns the old code leaves
			// out: not decided
			j.res = sqleval.Result{}
			j.why = ch.Triggered + ", which may change the row it writes (the " + j.verb + " " + j.row + ")"
		}
		switch j.res.Outcome {
		case sqleval.Violated:
			ev.add(s, true)
			if s.Unreachable == "" {
				why = append(why, fmt.Sprintf("the old %s at %s:%d %s; check %q is false for that row", j.verb, s.File, s.Line, j.row, ch.Name))
			}
		case sqleval.Satisfied:
			// the check accepts the row it writes
		default:
			if !j.named {
				continue // an INSERT that names no column the check reads, not decided: as before, not listed
			}
			s.Note = fmt.Sprintf("%s is used at %s:%d, but whether the rows it writes satisfy check %q is not known", label, s.File, s.Line, ch.Name)
			switch {
			case j.res.FailsWhen != "":
				s.Note += fmt.Sprintf(": it rejects them when %s", j.res.FailsWhen)
				if j.row != "" {
					s.Note += " (the " + j.verb + " " + j.row + ")"
				}
			case j.why != "":
				s.Note += " (" + j.why + ")"
			case j.res.Unmodelled != "":
				s.Note += fmt.Sprintf(" (rbcheck does not evaluate %s)", j.res.Unmodelled)
			}
			ev.add(s, false)
		}
	}
	return ev, why
}

// checkJudgement is what checkWrites decided about one write.
type checkJudgement struct {
	res   sqleval.Result
	verb  string // "INSERT", "UPDATE"
	row   string // what the row holds in the check's columns, for a message
	why   string // why the write was not evaluated
	named bool   // the write names a column the check reads
}

func (oc *OldCode) judgeCheckWrite(ch *change.Change, s Site) checkJudgement {
	j := checkJudgement{named: true}
	q := oc.queryAt(s)
	if q != nil && q.Query != nil && q.Query.InsertTable != nil && sameTable(*q.Query.InsertTable, ch.Table) {
		j.named = q.Query.InsertNoColumns || namesAny(q.Query.InsertColumns, ch.Columns)
	}
	switch {
	case ch.Check == nil || ch.Check.Tree == nil:
		j.why = "the check's expression was not read"
		return j
	case s.Kind == sqlast.UseModel:
		j.why = "an ORM model's values are not known"
		return j
	case q == nil || q.Query == nil:
		j.why = "the statement was not found"
		return j
	case q.Site.Confidence != "exact":
		j.why = "the statement is partial SQL"
		return j
	case q.Query.WriteStmts != 1:
		j.why = "the statement writes more than once"
		return j
	}
	qq := q.Query
	switch {
	case qq.InsertTable != nil && sameTable(*qq.InsertTable, ch.Table):
		j.verb = "INSERT"
		return judgeInsert(ch, qq, j)
	case qq.UpdateTable != nil && sameTable(*qq.UpdateTable, ch.Table) && qq.Sets != nil:
		j.verb = "UPDATE"
		return judgeUpdate(ch, qq.Sets, j)
	}
	j.why = "the write's values are not known"
	return j
}

func namesAny(cols, of []string) bool {
	for _, c := range cols {
		for _, o := range of {
			if strings.EqualFold(c, o) {
				return true
			}
		}
	}
	return false
}

func isBool(c catalog.Column) bool { return c.Type.Name == "bool" && !c.Type.Array }

// defaultSource is what a row holds in column c when nothing writes it:
// its default in the new schema, or NULL.
func defaultSource(c catalog.Column) (sqleval.Source, string) {
	switch {
	case c.Identity || c.Generated:
		return sqleval.Source{Unknown: &sqleval.Unknown{Name: fmt.Sprintf("the generated %q", c.Name), NotNull: true}}, "its generated value"
	case c.Default == nil || c.Default.Null:
		return sqleval.Source{}, "NULL"
	case c.Default.Tree != nil:
		return sqleval.Source{Term: c.Default.Tree}, "its default " + c.Default.Text
	}
	return sqleval.Source{Unknown: &sqleval.Unknown{Name: fmt.Sprintf("the default of %q", c.Name), Bool: isBool(c)}}, "its default " + c.Default.Text
}

func bools(ch *change.Change) map[string]bool {
	m := map[string]bool{}
	for _, c := range ch.CheckCols {
		if isBool(c) {
			m[c.Name] = true
		}
	}
	return m
}

func termText(t *sqlast.Term) string {
	if t == nil {
		return "NULL"
	}
	switch t.Kind {
	case sqlast.TermNull:
		return "NULL"
	case sqlast.TermConst:
		if t.Type == "string" {
			return "'" + t.Value + "'"
		}
		return t.Value
	case sqlast.TermParam:
		return t.Value
	case sqlast.TermCast:
		if len(t.Args) == 1 {
			return termText(t.Args[0]) + "::" + t.Op
		}
	case sqlast.TermColumn:
		return fmt.Sprintf("%q", t.Value)
	case sqlast.TermFunc:
		if len(t.Args) <= 4 {
			as := make([]string, len(t.Args))
			for i, a := range t.Args {
				as[i] = termText(a)
			}
			return t.Op + "(" + strings.Join(as, ", ") + ")"
		}
	}
	return "an expression"
}

func judgeInsert(ch *change.Change, q *sqlast.Query, j checkJudgement) checkJudgement {
	if q.InsertNoColumns {
		j.why = "it names no columns"
		return j
	}
	idx := map[string]int{}
	for i, c := range q.InsertColumns {
		idx[strings.ToLower(c)] = i
	}
	rows := q.Rows
	if rows == nil {
		rows = [][]*sqlast.Term{nil} // INSERT … SELECT: the named values are not known
	}
	satisfied := !q.RowsCut
	var firstOpen *sqleval.Result
	for _, row := range rows {
		in := sqleval.Input{New: map[string]sqleval.Source{}, Bools: bools(ch)}
		var parts []string
		for _, c := range ch.CheckCols {
			if i, ok := idx[strings.ToLower(c.Name)]; ok {
				if q.Rows == nil || i >= len(row) {
					in.New[c.Name] = sqleval.Source{Unknown: &sqleval.Unknown{Name: fmt.Sprintf("the value of %q", c.Name), Bool: isBool(c)}}
					parts = append(parts, fmt.Sprintf("%q from a query", c.Name))
				} else {
					in.New[c.Name] = sqleval.Source{Term: row[i]}
					parts = append(parts, fmt.Sprintf("%q = %s", c.Name, termText(row[i])))
				}
				continue
			}
			src, what := defaultSource(c)
			in.New[c.Name] = src
			parts = append(parts, fmt.Sprintf("%q left out (%s)", c.Name, what))
		}
		r := sqleval.Check(ch.Check.Tree, in)
		switch r.Outcome {
		case sqleval.Violated:
			j.res = r
			j.row = "inserts " + strings.Join(parts, ", ")
			return j
		case sqleval.Undecided:
			satisfied = false
			if firstOpen == nil {
				rr := r
				firstOpen = &rr
				j.row = "inserts " + strings.Join(parts, ", ")
			}
		}
	}
	if q.DoUpdate {
		u := judgeUpdate(ch, q.ConflictSets, checkJudgement{verb: "UPDATE"})
		switch u.res.Outcome {
		case sqleval.Violated:
			j.res, j.row, j.verb = u.res, u.row, "INSERT … ON CONFLICT DO UPDATE"
			return j
		case sqleval.Undecided:
			if satisfied {
				j.res, j.row, j.verb = u.res, u.row, "INSERT … ON CONFLICT DO UPDATE"
				return j
			}
		}
	}
	switch {
	case satisfied:
		j.res = sqleval.Result{Outcome: sqleval.Satisfied}
	case firstOpen != nil:
		j.res = *firstOpen
	case q.RowsCut:
		j.why = fmt.Sprintf("it inserts more than %d rows", sqlast.MaxRows)
	}
	return j
}

// judgeUpdate evaluates an UPDATE's SET list: on the rows the release
// left as they were (the columns it added hold their default or NULL), a
// FALSE check is a violation; it is satisfied when the check holds on
// those rows and on rows the new release wrote (those columns not known).
func judgeUpdate(ch *change.Change, sets []sqlast.Assign, j checkJudgement) checkJudgement {
	set := map[string]*sqlast.Term{}
	known := map[string]bool{}
	for _, a := range sets {
		set[strings.ToLower(a.Column)] = a.Value
		known[strings.ToLower(a.Column)] = a.Value != nil
	}
	added := map[string]bool{}
	for _, c := range ch.Added {
		added[c] = true
	}
	build := func(oldRows bool) (sqleval.Input, string) {
		in := sqleval.Input{New: map[string]sqleval.Source{}, Old: map[string]sqleval.Source{}, Bools: bools(ch)}
		var parts []string
		var groups []string // what the columns left alone hold, in order
		left := map[string][]string{}
		for _, c := range ch.CheckCols {
			stored := sqleval.Source{Unknown: &sqleval.Unknown{Name: fmt.Sprintf("the stored %q", c.Name), Bool: isBool(c), NotNull: c.NotNull}}
			what := "as stored"
			if added[c.Name] && oldRows {
				stored, what = defaultSource(c)
				if what != "NULL" {
					what = "at " + what
				}
				what += ", as the release added "
			}
			in.Old[c.Name] = stored
			k := strings.ToLower(c.Name)
			if _, ok := set[k]; ok {
				if known[k] {
					in.New[c.Name] = sqleval.Source{Term: set[k]}
				} else {
					in.New[c.Name] = sqleval.Source{Unknown: &sqleval.Unknown{Name: fmt.Sprintf("the value of %q", c.Name), Bool: isBool(c)}}
				}
				parts = append(parts, fmt.Sprintf("%q = %s", c.Name, termText(set[k])))
				continue
			}
			in.New[c.Name] = stored
			if left[what] == nil {
				groups = append(groups, what)
			}
			left[what] = append(left[what], fmt.Sprintf("%q", c.Name))
		}
		row := "sets " + strings.Join(parts, ", ")
		if len(parts) == 0 {
			row = "sets none of its columns"
		}
		var ls []string
		for _, what := range groups {
			cols := left[what]
			if strings.HasSuffix(what, " added ") {
				if len(cols) == 1 {
					what += "it"
				} else {
					what += "them"
				}
			}
			ls = append(ls, strings.Join(cols, ", ")+" "+what)
		}
		if len(ls) > 0 {
			row += " and leaves " + strings.Join(ls, "; ")
		}
		return in, row
	}
	in, row := build(true)
	r := sqleval.Check(ch.Check.Tree, in)
	j.row = row
	switch r.Outcome {
	case sqleval.Violated:
		j.res = r
		return j
	case sqleval.Satisfied:
		if len(ch.Added) == 0 {
			j.res = r
			return j
		}
		in2, row2 := build(false)
		r2 := sqleval.Check(ch.Check.Tree, in2)
		if r2.Outcome == sqleval.Satisfied {
			j.res = r2
			return j
		}
		j.res, j.row = sqleval.Result{Unmodelled: r2.Unmodelled, FailsWhen: r2.FailsWhen}, row2
		if r2.FailsWhen == "" && r2.Unmodelled == "" {
			j.why = "on rows the new release wrote, what it stored in " + strings.Join(quoteAll(ch.Added), ", ") + " is not known"
		}
		return j
	}
	j.res = r
	return j
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

// CheckRejects says whether the CHECK that ch adds (check-added) rejects
// the row the exact statement q writes to ch's table, as the verdict
// judges an old write: true only when the check is FALSE whatever the
// values not known, and no trigger the release adds may change the row;
// row says what the row holds in the check's columns.
func CheckRejects(ch *change.Change, q *sqlast.Query) (rejected bool, row string) {
	if ch == nil || q == nil || ch.Check == nil || ch.Check.Tree == nil || q.WriteStmts != 1 || ch.Triggered != "" {
		return false, ""
	}
	var j checkJudgement
	switch {
	case q.InsertTable != nil && sameTable(*q.InsertTable, ch.Table):
		j = judgeInsert(ch, q, checkJudgement{verb: "INSERT"})
	case q.UpdateTable != nil && sameTable(*q.UpdateTable, ch.Table) && q.Sets != nil:
		j = judgeUpdate(ch, q.Sets, checkJudgement{verb: "UPDATE"})
	default:
		return false, ""
	}
	return j.res.Outcome == sqleval.Violated, j.row
}
