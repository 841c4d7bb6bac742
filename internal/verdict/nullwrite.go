package verdict

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Whether a write gives a column NULL (written.null).
const (
	writesNever   = "never"
	writesMay     = "may"
	writesUnknown = ""
	writesNull    = "null"
)

// written is what one write gives a column: null is writesNever,
// writesMay, writesNull or writesUnknown; why names the value ("$2
// (p.nick, a Go *string)", "NULL"), or for writesUnknown says what is not
// known ("the statement is built at run time").
type written struct {
	null string
	why  string
	verb string // "INSERT", "UPDATE"
}

// nullWrites (rules.UseNullWrite): the old writes that name column col of
// t, judged by the value each gives it (the statement's VALUES, SET and
// ON CONFLICT DO UPDATE SET, and for a placeholder the Go argument bound
// to it, analyzer.Arg):
//
//   - NULL (the SQL literal, or Go's untyped nil bound to a placeholder):
//     confirmed, the write fails;
//   - a Go type that may be NULL (a pointer, []byte, sql.NullString, an
//     interface, a Value method not proven to return no nil): possible,
//     with a note naming the argument and its type;
//   - a value not known (partial SQL, an expression, an argument not
//     read, an ORM model's field): possible, as "whether it writes NULL
//     is not known";
//   - a constant, or an argument whose Go type is never NULL (string,
//     numbers, bool, time.Time, uuid.UUID and other arrays): left out.
//
// why has one line per confirmed write, for the evidence.
func (oc *OldCode) nullWrites(t sqlast.Name, col string) (ev Evidence, why []string) {
	label := fmt.Sprintf("%q", t.Name+"."+col)
	if t.Schema != "" && !strings.EqualFold(t.Schema, "public") {
		label = fmt.Sprintf("%q", t.Schema+"."+t.Name+"."+col)
	}
	oc.usesOf(t, func(u Use) {
		switch u.Site.Kind {
		case sqlast.UseInsert, sqlast.UseUpdate, sqlast.UseCopy, sqlast.UseModel:
		default:
			return
		}
		if !strings.EqualFold(u.Column, col) || !sameTable(u.Table, t) && (u.Table.Name != "" || !hasCandidate(u, t)) {
			return
		}
		s := u.Site
		w := oc.writtenValue(u, t, col)
		w.verb = strings.ToUpper(string(u.Site.Kind))
		switch w.null {
		case writesNever:
			return
		case writesNull:
			ev.add(s, sameTable(u.Table, t))
			if s.Unreachable == "" {
				why = append(why, fmt.Sprintf("the old %s at %s:%d writes %s to %s", w.verb, s.File, s.Line, w.why, label))
			}
		case writesMay:
			s.Note = fmt.Sprintf("%s is written at %s:%d from %s, which may be NULL; a NULL it writes is now rejected", label, s.File, s.Line, w.why)
			ev.add(s, false)
		default:
			if w.why != "" {
				s.Note = fmt.Sprintf("%s is used at %s:%d, but whether it writes NULL is not known: %s", label, s.File, s.Line, w.why)
			}
			ev.add(s, false)
		}
	})
	return ev, why
}

// writtenValue judges the values the write at u gives column col of t.
func (oc *OldCode) writtenValue(u Use, t sqlast.Name, col string) written {
	switch u.Site.Kind {
	case sqlast.UseModel:
		// the model's field: a type never NULL gives the column no NULL
		// in any write of the model; the ORM's writes rbcheck reads
		// (Create, Save, Updates) are judged on their own statements
		switch w := u.Write; {
		case w == nil || w.Null == "":
			return written{why: "an ORM writes it from its model's field"}
		case w.Null == analyzer.ArgNeverNull:
			return written{null: writesNever}
		default:
			return written{null: writesMay, why: fmt.Sprintf("its model's field %s (a Go %s)", w.Expr, w.Type)}
		}
	case sqlast.UseCopy:
		return written{why: "COPY's rows are not read"}
	}
	q := oc.queryAt(u.Site)
	switch {
	case q == nil || q.Query == nil:
		return written{}
	case q.Site.Confidence != "exact":
		return written{why: "the statement is built at run time"}
	case q.Query.WriteStmts != 1:
		return written{why: "the statement writes more than once"}
	}
	qq := q.Query
	var terms []*sqlast.Term
	inserted := false
	switch {
	case qq.InsertTable != nil && sameTable(*qq.InsertTable, t):
		if qq.InsertNoColumns || qq.Rows == nil || qq.RowsCut {
			return written{why: "its values are not a VALUES list rbcheck reads"}
		}
		i := -1
		for j, c := range qq.InsertColumns {
			if strings.EqualFold(c, col) {
				i = j
			}
		}
		if i >= 0 {
			inserted = true
			for _, row := range qq.Rows {
				if i >= len(row) {
					return written{}
				}
				terms = append(terms, row[i])
			}
		}
		for _, a := range qq.ConflictSets {
			if strings.EqualFold(a.Column, col) {
				terms = append(terms, a.Value)
			}
		}
	case qq.UpdateTable != nil && sameTable(*qq.UpdateTable, t) && qq.Sets != nil:
		for _, a := range qq.Sets {
			if strings.EqualFold(a.Column, col) {
				terms = append(terms, a.Value)
			}
		}
	default:
		return written{}
	}
	if len(terms) == 0 {
		// the statement reads the column (WHERE, RETURNING) but writes
		// none of it
		return written{null: writesNever}
	}
	out := written{null: writesNever}
	for _, term := range terms {
		w := judgeWritten(term, q.Args, t.Name, col, inserted, 0)
		switch {
		case w.null == writesNull:
			return w
		case w.null == writesMay && out.null != writesMay:
			out = w
		case w.null == writesUnknown && out.null == writesNever:
			out = w
		}
	}
	return out
}

// neverNullFuncs return a value for any arguments.
var neverNullFuncs = map[string]bool{
	"now": true, "gen_random_uuid": true, "uuid_generate_v4": true, "clock_timestamp": true,
	"statement_timestamp": true, "transaction_timestamp": true,
}

// judgeWritten: what the value term gives column col of table. inserted says col
// is in the INSERT's column list (EXCLUDED.col is then its row's value,
// judged on its own).
func judgeWritten(term *sqlast.Term, args []analyzer.Arg, table, col string, inserted bool, depth int) written {
	if term == nil || depth > 8 {
		return written{}
	}
	switch term.Kind {
	case sqlast.TermNull:
		return written{null: writesNull, why: "NULL"}
	case sqlast.TermConst:
		return written{null: writesNever}
	case sqlast.TermCast:
		if len(term.Args) == 1 {
			return judgeWritten(term.Args[0], args, table, col, inserted, depth+1)
		}
	case sqlast.TermParam:
		n, err := strconv.Atoi(strings.TrimPrefix(term.Value, "$"))
		if err != nil || n < 1 || n > len(args) {
			return written{why: "the Go argument bound to " + term.Value + " is not read"}
		}
		a := args[n-1]
		switch a.Null {
		case analyzer.ArgNull:
			return written{null: writesNull, why: fmt.Sprintf("%s (Go nil)", term.Value)}
		case analyzer.ArgNeverNull:
			return written{null: writesNever}
		case analyzer.ArgMayNull:
			return written{null: writesMay, why: fmt.Sprintf("%s (%s, a Go %s)", term.Value, a.Expr, a.Type)}
		}
		if a.Type != "" {
			return written{why: fmt.Sprintf("what a Go %s bound to %s (%s) gives the database is not known", a.Type, term.Value, a.Expr)}
		}
		return written{why: fmt.Sprintf("the Go type of %s (%s) is not known", term.Value, a.Expr)}
	case sqlast.TermColumn:
		if strings.EqualFold(term.Value, col) && (term.Op == "" || strings.EqualFold(term.Op, table) || strings.EqualFold(term.Op, "excluded") && inserted) {
			// the stored value (NOT NULL now), or the row the INSERT
			// proposes, judged on its own
			return written{null: writesNever}
		}
	case sqlast.TermFunc:
		if neverNullFuncs[term.Op] {
			return written{null: writesNever}
		}
		if term.Op == "coalesce" && len(term.Args) > 0 {
			out := written{null: writesNull, why: "NULL"}
			for _, a := range term.Args {
				w := judgeWritten(a, args, table, col, inserted, depth+1)
				switch {
				case w.null == writesNever:
					return w
				case w.null == writesUnknown:
					out = w
				case w.null == writesMay && out.null == writesNull:
					out = w
				}
			}
			return out
		}
	}
	return written{why: "it writes " + termText(term)}
}
