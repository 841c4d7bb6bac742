package pgparse

// Application-query analysis: which tables and columns one SQL string from
// application code touches, resolved to base tables through aliases, joins,
// CTEs, subqueries and set operations.
//
// Kinds: the table an INSERT/UPDATE/DELETE writes gets a table use of that
// kind; the columns an INSERT names (or a star when it names none) are insert
// uses; the columns an UPDATE (or ON CONFLICT DO UPDATE) SETs are update uses.
// Every other column reference (WHERE, RETURNING, joins, subqueries, values)
// is a select use, because the statement reads it. DDL statements produce ddl
// uses only, COPY produces copy uses.
//
// Resolution follows Postgres: a qualified reference names a FROM item (alias,
// table or CTE, innermost scope first; an unknown qualifier yields nothing);
// an unqualified one belongs to the innermost scope level whose relations may
// have it. A relation "may have" a column when the Schema lists it, when the
// Schema does not know the table, or when a subquery/CTE outputs it (through
// a star, when an inner relation may have it). One candidate: that table.
// Several: Table is empty and Candidates lists them (with a Schema only
// those that have it). Columns of subqueries and CTEs resolve to the inner
// column when the output is a plain (possibly cast) column reference, through
// a star to the inner tables, and to nothing when computed (the inner
// expression's own columns are already reported). A `*` is a star use only
// where rows reach the client (top-level query, INSERT … SELECT, top-level
// RETURNING, COPY (query)); elsewhere (EXISTS (SELECT *), a CTE) it expands to
// what the outer query reads. ORDER BY / DISTINCT ON names matching an output
// alias, and GROUP BY ones no table is known to have, are aliases. A bare
// relation name used as a value (row_to_json(u)) is a whole-row reference,
// not a column; (u).col is u's column.

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Schema tells the analysis which columns a table has, when a catalog is
// available (from migrations).
type Schema interface {
	Columns(t sqlast.Name) (cols []string, ok bool)
}

// AnalyzeQuery parses one SQL string from application code and returns every
// table and column it uses. sql may use $1, ?, :name sqlx placeholders, sqlc
// @name parameters and sqlc headers (`-- name: GetUser :one`); several
// `;`-separated statements are all analysed. schema may be nil.
//
// The plain text is parsed first; only when that fails are `?` and `:name`
// placeholders rewritten to `$n` (see placeholder.go) and the text parsed
// again. Offsets in the result always point into sql as given.
func AnalyzeQuery(sql string, schema Schema) (q *sqlast.Query, err error) {
	defer func() {
		if r := recover(); r != nil {
			q, err = nil, fmt.Errorf("analyzing query: internal error: %v", r)
		}
	}()
	tree, perr := parseJSON(sql, false)
	text := sql
	var edits []qEdit
	if perr != nil {
		rewritten, ed, changed := qRewritePlaceholders(sql)
		if !changed {
			return nil, qParseError(sql, sql, perr, nil)
		}
		tree2, perr2 := parseJSON(rewritten, false)
		if perr2 != nil {
			return nil, qParseError(sql, rewritten, perr2, ed)
		}
		tree, text, edits = tree2, rewritten, ed
	}
	a := &qAnalyzer{src: text, edits: edits, schema: schema, q: &sqlast.Query{}}
	for _, raw := range tree.GetStmts() {
		a.topStmt(raw.GetStmt())
	}
	if a.q.Kind == "" {
		a.q.Kind = "other"
	}
	return a.q, nil
}

// qParseError converts a pg_query error on text (sql, or its rewrite with
// edits) into a *sqlast.ParseError whose position points into sql.
func qParseError(sql, text string, err error, edits []qEdit) error {
	var pe *parser.Error
	if !errors.As(err, &pe) {
		return &sqlast.ParseError{Pos: sqlast.Pos{Line: 1, Col: 1}, Msg: err.Error()}
	}
	off := len(text)
	if pe.Cursorpos > 0 {
		// Cursorpos is a 1-based character position.
		chars := pe.Cursorpos - 1
		for i := range text {
			if chars == 0 {
				off = i
				break
			}
			chars--
		}
	}
	return &sqlast.ParseError{Pos: qPosAt(sql, qMapOffset(edits, off)), Msg: pe.Message}
}

// qPosAt computes a 1-based line/col for a byte offset.
func qPosAt(text string, off int) sqlast.Pos {
	if off > len(text) {
		off = len(text)
	}
	line := 1 + strings.Count(text[:off], "\n")
	col := off - (strings.LastIndexByte(text[:off], '\n') + 1) + 1
	return sqlast.Pos{Line: line, Col: col, Offset: off}
}

// ---- scopes and relations ----

// qRel is one FROM item visible in a scope.
type qRel struct {
	name     string       // the name a qualified reference uses: alias or relation name
	table    *sqlast.Name // base table; nil for derived tables and functions
	derived  *qDerived    // subquery, CTE or VALUES output
	funcCols map[string]bool
	isFunc   bool
}

// qDerived is the output of a subquery, CTE or RETURNING list.
type qDerived struct {
	cols  []qOutCol
	stars [][]*qRel // each `*` / `t.*` expands to these relations
}

type qOutCol struct {
	name string
	srcs []qSrc // base columns it is a plain reference to; nil when computed
}

// qSrc is a resolved column reference.
type qSrc struct {
	table  sqlast.Name
	column string
	cands  []sqlast.Name // ambiguous: table unknown, one of these
}

type qScope struct {
	parent  *qScope
	rels    []*qRel
	ctes    map[string]*qDerived
	using   map[string][]*qRel
	aliases map[string]bool // output column aliases (ORDER BY / GROUP BY)
	output  bool            // the target list reaches the client: a `*` is a star use
}

func qNewScope(parent *qScope) *qScope { return &qScope{parent: parent} }

func (s *qScope) cte(name string) *qDerived {
	for ; s != nil; s = s.parent {
		if d, ok := s.ctes[name]; ok {
			return d
		}
	}
	return nil
}

type qAnalyzer struct {
	src      string
	edits    []qEdit
	schema   Schema
	q        *sqlast.Query
	colCache map[sqlast.Name]map[string]bool
	noCols   map[sqlast.Name]bool
	seen     map[qUseKey]bool
}

type qUseKey struct {
	table  sqlast.Name
	column string
	kind   sqlast.UseKind
	off    int
}

func (a *qAnalyzer) off(loc int32) int {
	if loc < 0 {
		return -1
	}
	return qMapOffset(a.edits, int(loc))
}

func (a *qAnalyzer) addUse(t sqlast.Name, col string, kind sqlast.UseKind, cands []sqlast.Name, loc int32) {
	off := a.off(loc)
	if len(cands) == 0 {
		k := qUseKey{t, col, kind, off}
		if a.seen == nil {
			a.seen = map[qUseKey]bool{}
		}
		if a.seen[k] {
			return
		}
		a.seen[k] = true
	}
	a.q.Uses = append(a.q.Uses, sqlast.Use{Table: t, Column: col, Kind: kind, Candidates: cands, Offset: off})
}

func (a *qAnalyzer) emitSrcs(srcs []qSrc, kind sqlast.UseKind, loc int32) {
	for _, s := range srcs {
		a.addUse(s.table, s.column, kind, s.cands, loc)
	}
}

// tableCols returns the schema's columns of t, or nil, false.
func (a *qAnalyzer) tableCols(t sqlast.Name) (map[string]bool, bool) {
	if a.schema == nil {
		return nil, false
	}
	if m, ok := a.colCache[t]; ok {
		return m, true
	}
	if a.noCols[t] {
		return nil, false
	}
	cols, ok := a.schema.Columns(t)
	if !ok {
		if a.noCols == nil {
			a.noCols = map[sqlast.Name]bool{}
		}
		a.noCols[t] = true
		return nil, false
	}
	m := make(map[string]bool, len(cols))
	for _, c := range cols {
		m[c] = true
	}
	if a.colCache == nil {
		a.colCache = map[sqlast.Name]map[string]bool{}
	}
	a.colCache[t] = m
	return m, true
}

type qHas int

const (
	qNo qHas = iota
	qUnknown
	qYes
)

func (a *qAnalyzer) relHas(r *qRel, col string) qHas {
	switch {
	case r.table != nil:
		m, ok := a.tableCols(*r.table)
		if !ok {
			return qUnknown
		}
		if m[col] {
			return qYes
		}
		return qNo
	case r.derived != nil:
		for _, c := range r.derived.cols {
			if c.name == col {
				return qYes
			}
		}
		best := qNo
		for _, g := range r.derived.stars {
			for _, inner := range g {
				if h := a.relHas(inner, col); h > best {
					best = h
				}
			}
		}
		return best
	case r.isFunc:
		if r.funcCols[col] {
			return qYes
		}
		return qNo
	}
	return qNo
}

// resolveIn resolves col within one relation.
func (a *qAnalyzer) resolveIn(r *qRel, col string) []qSrc {
	switch {
	case r.table != nil:
		return []qSrc{{table: *r.table, column: col}}
	case r.derived != nil:
		for _, c := range r.derived.cols {
			if c.name == col {
				return c.srcs
			}
		}
		var out []qSrc
		for _, g := range r.derived.stars {
			srcs, _ := a.resolveAmong(g, col)
			out = append(out, srcs...)
		}
		return out
	}
	return nil
}

// resolveAmong resolves an unqualified column among relations at one level.
// found is false when none of them (may) have it; srcs may be empty when
// found, for a computed column of a subquery or a function's column.
func (a *qAnalyzer) resolveAmong(rels []*qRel, col string) (srcs []qSrc, found bool) {
	var yes, unknown []*qRel
	for _, r := range rels {
		switch a.relHas(r, col) {
		case qYes:
			yes = append(yes, r)
		case qUnknown:
			unknown = append(unknown, r)
		}
	}
	switch {
	case len(yes) == 1:
		return a.resolveIn(yes[0], col), true
	case len(yes) > 1:
		return a.ambiguous(yes, col), true
	case len(unknown) == 1:
		return a.resolveIn(unknown[0], col), true
	case len(unknown) > 1:
		return a.ambiguous(unknown, col), true
	}
	return nil, false
}

// ambiguous builds a candidates-only source from several relations: every
// base table they may come from.
func (a *qAnalyzer) ambiguous(rels []*qRel, col string) []qSrc {
	var cands []sqlast.Name
	seen := map[sqlast.Name]bool{}
	for _, r := range rels {
		for _, s := range a.resolveIn(r, col) {
			ts := s.cands
			if len(ts) == 0 && s.table.Name != "" {
				ts = []sqlast.Name{s.table}
			}
			for _, t := range ts {
				if !seen[t] {
					seen[t] = true
					cands = append(cands, t)
				}
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	if len(cands) == 1 {
		return []qSrc{{table: cands[0], column: col}}
	}
	return []qSrc{{column: col, cands: cands}}
}

// resolveUnqualified walks the scope chain as Postgres does: the innermost
// level whose relations (may) have the column wins.
func (a *qAnalyzer) resolveUnqualified(sc *qScope, col string) []qSrc {
	var firstTables []*qRel
	for s := sc; s != nil; s = s.parent {
		if rels, ok := s.using[col]; ok {
			var out []qSrc
			for _, r := range rels {
				out = append(out, a.resolveIn(r, col)...)
			}
			return out
		}
		if len(s.rels) == 0 {
			continue
		}
		if a.wholeRow(s, col) != nil {
			return nil
		}
		if srcs, found := a.resolveAmong(s.rels, col); found {
			return srcs
		}
		if firstTables == nil {
			for _, r := range s.rels {
				if r.table != nil {
					firstTables = append(firstTables, r)
				}
			}
		}
	}
	// The schema says no relation in scope has it: report it unresolved
	// with the innermost tables as candidates rather than guess.
	if len(firstTables) == 0 {
		return nil
	}
	var cands []sqlast.Name
	for _, r := range firstTables {
		cands = append(cands, *r.table)
	}
	return []qSrc{{column: col, cands: cands}}
}

// wholeRow returns the relation of this level that a bare name refers to as
// a whole-row value (`row_to_json(u)`, `(u).id`): Postgres prefers a column
// of that name, so the name must not be a known column of any relation here.
func (a *qAnalyzer) wholeRow(s *qScope, name string) *qRel {
	var named *qRel
	for _, r := range s.rels {
		if r.name == name {
			named = r
		}
	}
	if named == nil || a.someRelHas(s, name) {
		return nil
	}
	return named
}

// findRel finds the relation a qualified reference names.
func (sc *qScope) findRel(schema, name string) *qRel {
	for s := sc; s != nil; s = s.parent {
		for _, r := range s.rels {
			if schema == "" && r.name == name {
				return r
			}
		}
		for _, r := range s.rels {
			if r.table != nil && r.table.Name == name && (schema == "" || r.table.Schema == schema) {
				return r
			}
		}
	}
	return nil
}

// starOf expands `*` over relations.
func (a *qAnalyzer) starOf(rels []*qRel) []qSrc {
	var out []qSrc
	for _, r := range rels {
		switch {
		case r.table != nil:
			out = append(out, qSrc{table: *r.table, column: sqlast.ColumnStar})
		case r.derived != nil:
			for _, c := range r.derived.cols {
				out = append(out, c.srcs...)
			}
			for _, g := range r.derived.stars {
				out = append(out, a.starOf(g)...)
			}
		}
	}
	return out
}

// ---- statements ----

// setKind records the statement kind: the first statement's, skipping
// transaction control and settings (BEGIN; UPDATE …; COMMIT is an update).
func (a *qAnalyzer) setKind(k string) {
	if a.q.Kind == "" || a.q.Kind == "other" {
		a.q.Kind = k
	}
}

func (a *qAnalyzer) topStmt(n *pgnode.Node) {
	if n == nil {
		return
	}
	switch x := n.Node.(type) {
	case *pgnode.Node_SelectStmt:
		a.setKind("select")
		a.outputs(a.selectStmt(x.SelectStmt, nil, nil, true))
	case *pgnode.Node_InsertStmt:
		a.setKind("insert")
		a.outputs(a.insertStmt(x.InsertStmt, nil))
	case *pgnode.Node_UpdateStmt:
		a.setKind("update")
		a.outputs(a.updateStmt(x.UpdateStmt, nil))
	case *pgnode.Node_DeleteStmt:
		a.setKind("delete")
		a.outputs(a.deleteStmt(x.DeleteStmt, nil))
	case *pgnode.Node_MergeStmt:
		a.setKind("merge")
		a.mergeStmt(x.MergeStmt, nil)
	case *pgnode.Node_CopyStmt:
		a.setKind("copy")
		a.copyStmt(x.CopyStmt)
	case *pgnode.Node_ExplainStmt:
		a.topStmt(x.ExplainStmt.GetQuery())
	case *pgnode.Node_PrepareStmt:
		a.topStmt(x.PrepareStmt.GetQuery())
	case *pgnode.Node_CreateTableAsStmt:
		a.setKind("ddl")
		if into := x.CreateTableAsStmt.GetInto(); into != nil && into.Rel != nil {
			a.addUse(qRangeVarName(into.Rel), "", sqlast.UseDDL, nil, into.Rel.Location)
		}
		a.anyQuery(x.CreateTableAsStmt.GetQuery(), nil, true)
	default:
		if qIsDDL(n) {
			a.setKind("ddl")
			a.ddlStmt(n)
			return
		}
		a.setKind("other")
	}
}

// outputs records the result columns of the first top-level statement
// that returns rows (Query.Outputs); none when it has a star.
func (a *qAnalyzer) outputs(d *qDerived) {
	if a.q.Outputs != nil || d == nil || len(d.cols) == 0 || len(d.stars) > 0 {
		return
	}
	for _, c := range d.cols {
		o := sqlast.Output{Name: c.name}
		if len(c.srcs) == 1 && len(c.srcs[0].cands) == 0 {
			o.Table, o.Column = c.srcs[0].table, c.srcs[0].column
		}
		a.q.Outputs = append(a.q.Outputs, o)
	}
}

// anyQuery analyses a nested statement (subquery, CTE body) and returns its
// output columns.
// output is true when the statement's result rows reach the client (a
// top-level query, COPY (query), CREATE TABLE AS): only then is a `*` in its
// target list a star use; inside subqueries and CTEs a star is expanded by
// whatever the outer query reads from it.
func (a *qAnalyzer) anyQuery(n *pgnode.Node, parent *qScope, output bool) *qDerived {
	if n == nil {
		return &qDerived{}
	}
	switch x := n.Node.(type) {
	case *pgnode.Node_SelectStmt:
		return a.selectStmt(x.SelectStmt, parent, nil, output)
	case *pgnode.Node_InsertStmt:
		return a.insertStmt(x.InsertStmt, parent)
	case *pgnode.Node_UpdateStmt:
		return a.updateStmt(x.UpdateStmt, parent)
	case *pgnode.Node_DeleteStmt:
		return a.deleteStmt(x.DeleteStmt, parent)
	case *pgnode.Node_MergeStmt:
		return a.mergeStmt(x.MergeStmt, parent)
	}
	a.expr(n, parent)
	return &qDerived{}
}

func (a *qAnalyzer) withClause(w *pgnode.WithClause, sc *qScope) {
	if w == nil {
		return
	}
	for _, c := range w.Ctes {
		cte := c.GetCommonTableExpr()
		if cte == nil {
			continue
		}
		a.q.CTEs = append(a.q.CTEs, cte.Ctename)
		if sc.ctes == nil {
			sc.ctes = map[string]*qDerived{}
		}
		var d *qDerived
		if sel := cte.Ctequery.GetSelectStmt(); sel != nil && w.Recursive {
			// Register the CTE before its body so the recursive term can
			// reference it; the non-recursive term fills its columns.
			d = &qDerived{}
			sc.ctes[cte.Ctename] = d
			a.selectStmt(sel, sc, d, false)
		} else {
			d = a.anyQuery(cte.Ctequery, sc, false)
		}
		qRenameCols(d, cte.Aliascolnames)
		sc.ctes[cte.Ctename] = d
	}
}

// qRenameCols applies an alias column list (`AS x(a, b)`) positionally.
func qRenameCols(d *qDerived, names []*pgnode.Node) {
	for i, n := range names {
		if i < len(d.cols) {
			d.cols[i].name = n.GetString_().GetSval()
		}
	}
}

// selectStmt analyses a SELECT (or VALUES, or set operation). fill, when
// non-nil, receives the output columns as soon as they are known (recursive
// CTEs).
func (a *qAnalyzer) selectStmt(sel *pgnode.SelectStmt, parent *qScope, fill *qDerived, output bool) *qDerived {
	out := &qDerived{}
	if fill != nil {
		out = fill
	}
	if sel == nil {
		return out
	}
	sc := qNewScope(parent)
	sc.output = output
	a.withClause(sel.WithClause, sc)

	if sel.Op != pgnode.SetOperation_SETOP_NONE && sel.Op != pgnode.SetOperation_SET_OPERATION_UNDEFINED {
		l := a.selectStmt(sel.Larg, sc, nil, output)
		out.cols, out.stars = l.cols, l.stars
		r := a.selectStmt(sel.Rarg, sc, nil, output)
		merged := &qDerived{stars: append(append([][]*qRel{}, l.stars...), r.stars...)}
		for i, c := range l.cols {
			mc := qOutCol{name: c.name, srcs: append([]qSrc{}, c.srcs...)}
			if i < len(r.cols) {
				mc.srcs = append(mc.srcs, r.cols[i].srcs...)
			}
			merged.cols = append(merged.cols, mc)
		}
		out.cols, out.stars = merged.cols, merged.stars
		// ORDER BY of a set operation names output columns.
		for _, s := range sel.SortClause {
			sb := s.GetSortBy()
			if sb == nil {
				continue
			}
			if cr := sb.Node.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
				continue
			}
			a.expr(sb.Node, sc)
		}
		a.expr(sel.LimitCount, sc)
		a.expr(sel.LimitOffset, sc)
		return out
	}

	if len(sel.ValuesLists) > 0 {
		width := 0
		for _, row := range sel.ValuesLists {
			items := row.GetList().GetItems()
			if len(items) > width {
				width = len(items)
			}
			for _, it := range items {
				a.expr(it, sc)
			}
		}
		for i := 0; i < width; i++ {
			out.cols = append(out.cols, qOutCol{name: fmt.Sprintf("column%d", i+1)})
		}
		return out
	}

	for _, f := range sel.FromClause {
		a.fromItem(f, sc)
	}

	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		if rt.Name != "" {
			if sc.aliases == nil {
				sc.aliases = map[string]bool{}
			}
			sc.aliases[rt.Name] = true
		}
		a.targetEntry(rt, sc, out)
	}
	a.expr(sel.WhereClause, sc)
	for _, g := range sel.GroupClause {
		if cr := g.GetColumnRef(); cr != nil && len(cr.Fields) == 1 {
			name := cr.Fields[0].GetString_().GetSval()
			if sc.aliases[name] && !a.someRelHas(sc, name) {
				continue // GROUP BY an output alias
			}
		}
		a.expr(g, sc)
	}
	a.expr(sel.HavingClause, sc)
	for _, w := range sel.WindowClause {
		a.expr(w, sc)
	}
	for _, d := range sel.DistinctClause {
		if a.isOutputAlias(d, sc) {
			continue
		}
		a.expr(d, sc)
	}
	for _, s := range sel.SortClause {
		sb := s.GetSortBy()
		if sb == nil {
			a.expr(s, sc)
			continue
		}
		if a.isOutputAlias(sb.Node, sc) {
			continue
		}
		a.expr(sb.Node, sc)
	}
	a.expr(sel.LimitCount, sc)
	a.expr(sel.LimitOffset, sc)
	return out
}

// isOutputAlias reports whether n is a bare name that ORDER BY / DISTINCT ON
// resolves to an output column alias (which takes precedence there).
func (a *qAnalyzer) isOutputAlias(n *pgnode.Node, sc *qScope) bool {
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) != 1 {
		return false
	}
	return sc.aliases[cr.Fields[0].GetString_().GetSval()]
}

// someRelHas reports whether the schema says a relation of this level has col.
func (a *qAnalyzer) someRelHas(sc *qScope, col string) bool {
	for _, r := range sc.rels {
		if a.relHas(r, col) == qYes {
			return true
		}
	}
	return false
}

// targetEntry analyses one SELECT/RETURNING item and appends its output column.
func (a *qAnalyzer) targetEntry(rt *pgnode.ResTarget, sc *qScope, out *qDerived) {
	val := rt.Val
	inner := val
	for inner.GetTypeCast() != nil {
		inner = inner.GetTypeCast().Arg
	}
	if cr := inner.GetColumnRef(); cr != nil {
		if star, rels := a.starTarget(cr, sc); star {
			if sc.output {
				a.emitSrcs(a.starOf(rels), sqlast.UseSelect, a.colLoc(cr))
			}
			out.stars = append(out.stars, rels)
			return
		}
		srcs := a.columnRef(cr, sc)
		a.emitSrcs(srcs, sqlast.UseSelect, a.colLoc(cr))
		// Casts of a column still carry the column's data.
		out.cols = append(out.cols, qOutCol{name: qOutName(rt), srcs: srcs})
		return
	}
	a.expr(val, sc)
	out.cols = append(out.cols, qOutCol{name: qOutName(rt)})
}

// starTarget reports whether cr is `*` or `t.*` and the relations it covers.
func (a *qAnalyzer) starTarget(cr *pgnode.ColumnRef, sc *qScope) (bool, []*qRel) {
	if len(cr.Fields) == 0 || cr.Fields[len(cr.Fields)-1].GetAStar() == nil {
		return false, nil
	}
	if len(cr.Fields) == 1 {
		for s := sc; s != nil; s = s.parent {
			if len(s.rels) > 0 {
				return true, s.rels
			}
		}
		return true, nil
	}
	schema, name := "", cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
	if len(cr.Fields) >= 3 {
		schema = cr.Fields[len(cr.Fields)-3].GetString_().GetSval()
	}
	if r := sc.findRel(schema, name); r != nil {
		return true, []*qRel{r}
	}
	return true, nil
}

// colLoc is the location of the last field of a column reference (the
// column name in `u.email`, the star in `o.*`), found by skipping the
// qualifiers in the parsed text.
func (a *qAnalyzer) colLoc(cr *pgnode.ColumnRef) int32 {
	p := int(cr.Location)
	if len(cr.Fields) < 2 || p < 0 || p >= len(a.src) {
		return cr.Location
	}
	src := a.src
	for k := 0; k < len(cr.Fields)-1; k++ {
		// skip one identifier
		if p < len(src) && src[p] == '"' {
			p++
			for p < len(src) {
				if src[p] == '"' {
					if p+1 < len(src) && src[p+1] == '"' {
						p += 2
						continue
					}
					p++
					break
				}
				p++
			}
		} else {
			for p < len(src) && qIsIdentByte(src[p]) {
				p++
			}
		}
		for p < len(src) && qIsSpace(src[p]) {
			p++
		}
		if p >= len(src) || src[p] != '.' {
			return cr.Location
		}
		p++
		for p < len(src) && qIsSpace(src[p]) {
			p++
		}
	}
	if p >= len(src) {
		return cr.Location
	}
	return int32(p)
}

// findIdent returns the location of the first identifier spelled name at or
// after from (for names the parse tree keeps without a location), or from.
func (a *qAnalyzer) findIdent(from int32, name string) int32 {
	src := a.src
	i := int(from)
	if i < 0 || i > len(src) {
		return from
	}
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\'':
			i = qSkipString(src, i, false)
		case c == '"':
			j := strings.IndexByte(src[i+1:], '"')
			if j < 0 {
				return from
			}
			if src[i+1:i+1+j] == name {
				return int32(i)
			}
			i += j + 2
		case qIsIdentStart(c):
			j := i
			for j < len(src) && qIsIdentByte(src[j]) {
				j++
			}
			if strings.EqualFold(src[i:j], name) {
				return int32(i)
			}
			i = j
		default:
			i++
		}
	}
	return from
}

func qIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// qOutName is the output column name Postgres gives a target entry.
func qOutName(rt *pgnode.ResTarget) string {
	if rt.Name != "" {
		return rt.Name
	}
	n := rt.Val
	for n != nil {
		switch x := n.Node.(type) {
		case *pgnode.Node_TypeCast:
			n = x.TypeCast.Arg
			continue
		case *pgnode.Node_ColumnRef:
			f := x.ColumnRef.Fields
			if len(f) > 0 {
				return f[len(f)-1].GetString_().GetSval()
			}
		case *pgnode.Node_FuncCall:
			f := x.FuncCall.Funcname
			if len(f) > 0 {
				return f[len(f)-1].GetString_().GetSval()
			}
		}
		break
	}
	return "?column?"
}

// columnRef resolves a column reference (not a star) without emitting it.
func (a *qAnalyzer) columnRef(cr *pgnode.ColumnRef, sc *qScope) []qSrc {
	var names []string
	for _, f := range cr.Fields {
		s := f.GetString_()
		if s == nil {
			return nil // star handled elsewhere
		}
		names = append(names, s.Sval)
	}
	switch len(names) {
	case 0:
		return nil
	case 1:
		return a.resolveUnqualified(sc, names[0])
	}
	col := names[len(names)-1]
	rel := names[len(names)-2]
	schema := ""
	if len(names) >= 3 {
		schema = names[len(names)-3]
	}
	r := sc.findRel(schema, rel)
	if r == nil {
		// An unknown qualifier (NEW/OLD, a relation of a dynamic part, a
		// typo) is not guessed at.
		return nil
	}
	if r.table == nil && r.derived == nil {
		return nil
	}
	if r.derived != nil && a.relHas(r, col) == qNo {
		return nil
	}
	return a.resolveIn(r, col)
}

// fromItem adds one FROM item (and what it joins) to the scope.
func (a *qAnalyzer) fromItem(n *pgnode.Node, sc *qScope) {
	if n == nil {
		return
	}
	switch x := n.Node.(type) {
	case *pgnode.Node_RangeVar:
		sc.rels = append(sc.rels, a.rangeVar(x.RangeVar, sc, sqlast.UseSelect))
	case *pgnode.Node_JoinExpr:
		j := x.JoinExpr
		start := len(sc.rels)
		a.fromItem(j.Larg, sc)
		mid := len(sc.rels)
		a.fromItem(j.Rarg, sc)
		left := append([]*qRel{}, sc.rels[start:mid]...)
		right := append([]*qRel{}, sc.rels[mid:]...)
		for _, u := range j.UsingClause {
			col := u.GetString_().GetSval()
			var both []*qRel
			for _, side := range [][]*qRel{left, right} {
				srcs, _ := a.resolveAmong(side, col)
				a.emitSrcs(srcs, sqlast.UseSelect, -1)
				for _, r := range side {
					if a.relHas(r, col) != qNo {
						both = append(both, r)
						break
					}
				}
			}
			if sc.using == nil {
				sc.using = map[string][]*qRel{}
			}
			sc.using[col] = both
		}
		a.expr(j.Quals, sc)
	case *pgnode.Node_RangeSubselect:
		rs := x.RangeSubselect
		d := a.anyQuery(rs.Subquery, sc, false)
		name := ""
		if rs.Alias != nil {
			name = rs.Alias.Aliasname
			qRenameCols(d, rs.Alias.Colnames)
		}
		sc.rels = append(sc.rels, &qRel{name: name, derived: d})
	case *pgnode.Node_RangeFunction:
		rf := x.RangeFunction
		rel := &qRel{isFunc: true, funcCols: map[string]bool{}}
		for _, f := range rf.Functions {
			items := f.GetList().GetItems()
			if len(items) > 0 {
				a.expr(items[0], sc)
				if fc := items[0].GetFuncCall(); fc != nil && len(fc.Funcname) > 0 {
					rel.funcCols[fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()] = true
				}
			}
			if len(items) > 1 {
				for _, cd := range items[1].GetList().GetItems() {
					if c := cd.GetColumnDef(); c != nil {
						rel.funcCols[c.Colname] = true
					}
				}
			}
		}
		for _, cd := range rf.Coldeflist {
			if c := cd.GetColumnDef(); c != nil {
				rel.funcCols[c.Colname] = true
			}
		}
		if rf.Alias != nil {
			rel.name = rf.Alias.Aliasname
			if len(rf.Alias.Colnames) > 0 {
				rel.funcCols = map[string]bool{}
				for _, c := range rf.Alias.Colnames {
					rel.funcCols[c.GetString_().GetSval()] = true
				}
			} else {
				rel.funcCols[rf.Alias.Aliasname] = true
			}
		}
		if len(rf.Alias.GetColnames()) == 0 && len(rf.Coldeflist) == 0 {
			// Set-returning functions with OUT parameters: jsonb_each and
			// friends name their columns key / value.
			rel.funcCols["key"] = true
			rel.funcCols["value"] = true
		}
		if rf.Ordinality {
			rel.funcCols["ordinality"] = true
		}
		sc.rels = append(sc.rels, rel)
	case *pgnode.Node_RangeTableSample:
		a.fromItem(x.RangeTableSample.Relation, sc)
		for _, arg := range x.RangeTableSample.Args {
			a.expr(arg, sc)
		}
	default:
		a.expr(n, sc)
	}
}

// rangeVar turns a FROM/target relation into a relation of the scope,
// emitting a table use unless it names a CTE.
func (a *qAnalyzer) rangeVar(rv *pgnode.RangeVar, sc *qScope, kind sqlast.UseKind) *qRel {
	name := rv.Relname
	if rv.Alias != nil && rv.Alias.Aliasname != "" {
		name = rv.Alias.Aliasname
	}
	if rv.Schemaname == "" {
		if d := sc.cte(rv.Relname); d != nil {
			return &qRel{name: name, derived: d}
		}
	}
	t := qRangeVarName(rv)
	a.addUse(t, "", kind, nil, rv.Location)
	return &qRel{name: name, table: &t}
}

func qRangeVarName(rv *pgnode.RangeVar) sqlast.Name {
	return sqlast.Name{Schema: rv.Schemaname, Name: rv.Relname}
}

func (a *qAnalyzer) targetRel(rv *pgnode.RangeVar, kind sqlast.UseKind) (*qRel, sqlast.Name) {
	t := qRangeVarName(rv)
	name := rv.Relname
	if rv.Alias != nil && rv.Alias.Aliasname != "" {
		name = rv.Alias.Aliasname
	}
	a.addUse(t, "", kind, nil, rv.Location)
	return &qRel{name: name, table: &t}, t
}

func (a *qAnalyzer) returning(list []*pgnode.Node, sc *qScope) *qDerived {
	out := &qDerived{}
	for _, t := range list {
		if rt := t.GetResTarget(); rt != nil {
			a.targetEntry(rt, sc, out)
		}
	}
	return out
}

// insertStmt analyses an INSERT; parent is nil for a top-level statement,
// whose table and columns fill Query.InsertTable / InsertColumns.
func (a *qAnalyzer) insertStmt(ins *pgnode.InsertStmt, parent *qScope) *qDerived {
	sc := qNewScope(parent)
	a.withClause(ins.WithClause, sc)
	if ins.Relation == nil {
		return &qDerived{}
	}
	rel, target := a.targetRel(ins.Relation, sqlast.UseInsert)
	a.q.WriteStmts++
	top := parent == nil && a.q.InsertTable == nil
	if top {
		t := target
		a.q.InsertTable = &t
	}
	var cols []string
	for _, c := range ins.Cols {
		rt := c.GetResTarget()
		if rt == nil {
			continue
		}
		cols = append(cols, rt.Name)
		a.addUse(target, rt.Name, sqlast.UseInsert, nil, rt.Location)
	}
	if top {
		a.q.InsertColumns = cols
	}
	if len(cols) == 0 {
		if top {
			a.q.InsertNoColumns = true
		}
		a.addUse(target, sqlast.ColumnStar, sqlast.UseInsert, nil, ins.Relation.Location)
	}
	if sel := ins.SelectStmt.GetSelectStmt(); sel != nil {
		if len(sel.ValuesLists) > 0 && sel.Op == pgnode.SetOperation_SETOP_NONE {
			vs := qNewScope(sc)
			for _, row := range sel.ValuesLists {
				if top {
					if len(a.q.Rows) < sqlast.MaxRows {
						items := row.GetList().GetItems()
						r := make([]*sqlast.Term, len(items))
						for i, it := range items {
							r[i] = convTerm(it)
						}
						a.q.Rows = append(a.q.Rows, r)
					} else {
						a.q.RowsCut = true
					}
				}
				for i, it := range row.GetList().GetItems() {
					if i < len(cols) {
						if v, num, ok := qLiteralConst(it); ok {
							a.q.Literals = append(a.q.Literals, sqlast.Literal{Table: target, Column: cols[i], Value: v, Number: num})
						}
					}
					a.expr(it, vs)
				}
			}
		} else {
			// INSERT … SELECT *: every column of the source is written
			a.selectStmt(sel, sc, nil, true)
			if sel.Op == pgnode.SetOperation_SETOP_NONE {
				// INSERT INTO t (status) SELECT 'x', …
				for i, t := range sel.TargetList {
					if v, num, ok := qLiteralConst(t.GetResTarget().GetVal()); ok && i < len(cols) {
						a.q.Literals = append(a.q.Literals, sqlast.Literal{Table: target, Column: cols[i], Value: v, Number: num})
					}
				}
			}
		}
	}
	sc.rels = append(sc.rels, rel)
	if oc := ins.OnConflictClause; oc != nil {
		conf := sqlast.Conflict{Table: target}
		if inf := oc.Infer; inf != nil {
			conf.Constraint = inf.Conname
			for _, e := range inf.IndexElems {
				ie := e.GetIndexElem()
				if ie == nil {
					continue
				}
				if ie.Name != "" {
					conf.Columns = append(conf.Columns, ie.Name)
					a.addUse(target, ie.Name, sqlast.UseSelect, nil, a.findIdent(inf.Location, ie.Name))
				} else {
					a.expr(ie.Expr, sc)
				}
			}
			a.expr(inf.WhereClause, sc)
		}
		a.q.Conflicts = append(a.q.Conflicts, conf)
		us := qNewScope(sc)
		us.rels = []*qRel{{name: "excluded", table: &target}}
		if top && oc.Action == pgnode.OnConflictAction_ONCONFLICT_UPDATE {
			a.q.DoUpdate = true
			a.q.ConflictSets = setTerms(oc.TargetList)
		}
		a.setList(oc.TargetList, target, us)
		a.expr(oc.WhereClause, us)
	}
	sc.output = parent == nil
	return a.returning(ins.ReturningList, sc)
}

// setList analyses UPDATE … SET items: each named column is an update use of
// the target; the values are read in sc.
func (a *qAnalyzer) setList(list []*pgnode.Node, target sqlast.Name, sc *qScope) {
	for _, t := range list {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		a.addUse(target, rt.Name, sqlast.UseUpdate, nil, rt.Location)
		if m := rt.Val.GetMultiAssignRef(); m != nil {
			if m.Colno == 1 {
				a.expr(m.Source, sc)
			}
			continue
		}
		if v, num, ok := qLiteralConst(rt.Val); ok {
			a.q.Literals = append(a.q.Literals, sqlast.Literal{Table: target, Column: rt.Name, Value: v, Number: num})
		}
		a.expr(rt.Val, sc)
	}
}

// setTerms are the assignments of a SET list; a multi-column assignment
// from a sub-select has no known values.
func setTerms(list []*pgnode.Node) []sqlast.Assign {
	out := make([]sqlast.Assign, 0, len(list))
	for _, t := range list {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		as := sqlast.Assign{Column: rt.Name}
		if len(rt.Indirection) == 0 {
			if m := rt.Val.GetMultiAssignRef(); m != nil {
				if r := m.Source.GetRowExpr(); r != nil && int(m.Colno) <= len(r.Args) {
					as.Value = convTerm(r.Args[m.Colno-1])
				}
			} else {
				as.Value = convTerm(rt.Val)
			}
		}
		out = append(out, as)
	}
	return out
}

func (a *qAnalyzer) updateStmt(up *pgnode.UpdateStmt, parent *qScope) *qDerived {
	sc := qNewScope(parent)
	a.withClause(up.WithClause, sc)
	if up.Relation == nil {
		return &qDerived{}
	}
	rel, target := a.targetRel(up.Relation, sqlast.UseUpdate)
	sc.rels = append(sc.rels, rel)
	for _, f := range up.FromClause {
		a.fromItem(f, sc)
	}
	a.q.WriteStmts++
	if parent == nil && a.q.Kind == "update" && a.q.UpdateTable == nil {
		t := target
		a.q.UpdateTable = &t
		a.q.Sets = setTerms(up.TargetList)
	}
	a.setList(up.TargetList, target, sc)
	a.expr(up.WhereClause, sc)
	sc.output = parent == nil
	return a.returning(up.ReturningList, sc)
}

func (a *qAnalyzer) deleteStmt(del *pgnode.DeleteStmt, parent *qScope) *qDerived {
	sc := qNewScope(parent)
	a.withClause(del.WithClause, sc)
	if del.Relation == nil {
		return &qDerived{}
	}
	rel, _ := a.targetRel(del.Relation, sqlast.UseDelete)
	sc.rels = append(sc.rels, rel)
	for _, f := range del.UsingClause {
		a.fromItem(f, sc)
	}
	a.expr(del.WhereClause, sc)
	sc.output = parent == nil
	return a.returning(del.ReturningList, sc)
}

func (a *qAnalyzer) mergeStmt(m *pgnode.MergeStmt, parent *qScope) *qDerived {
	sc := qNewScope(parent)
	a.withClause(m.WithClause, sc)
	if m.Relation == nil {
		return &qDerived{}
	}
	rel, target := a.targetRel(m.Relation, sqlast.UseUpdate)
	sc.rels = append(sc.rels, rel)
	a.fromItem(m.SourceRelation, sc)
	a.expr(m.JoinCondition, sc)
	for _, w := range m.MergeWhenClauses {
		wc := w.GetMergeWhenClause()
		if wc == nil {
			continue
		}
		a.expr(wc.Condition, sc)
		switch wc.CommandType {
		case pgnode.CmdType_CMD_INSERT:
			a.addUse(target, "", sqlast.UseInsert, nil, m.Relation.Location)
			for _, t := range wc.TargetList {
				if rt := t.GetResTarget(); rt != nil {
					a.addUse(target, rt.Name, sqlast.UseInsert, nil, rt.Location)
				}
			}
			if len(wc.TargetList) == 0 {
				a.addUse(target, sqlast.ColumnStar, sqlast.UseInsert, nil, m.Relation.Location)
			}
			for _, v := range wc.Values {
				a.expr(v, sc)
			}
		case pgnode.CmdType_CMD_UPDATE:
			a.setList(wc.TargetList, target, sc)
		case pgnode.CmdType_CMD_DELETE:
			a.addUse(target, "", sqlast.UseDelete, nil, m.Relation.Location)
		}
	}
	sc.output = parent == nil
	return a.returning(m.ReturningList, sc)
}

func (a *qAnalyzer) copyStmt(c *pgnode.CopyStmt) {
	if c.Relation != nil {
		t := qRangeVarName(c.Relation)
		a.addUse(t, "", sqlast.UseCopy, nil, c.Relation.Location)
		for _, col := range c.Attlist {
			name := col.GetString_().GetSval()
			a.addUse(t, name, sqlast.UseCopy, nil, a.findIdent(c.Relation.Location, name))
		}
		if len(c.Attlist) == 0 {
			a.addUse(t, sqlast.ColumnStar, sqlast.UseCopy, nil, c.Relation.Location)
		}
		return
	}
	a.anyQuery(c.Query, nil, true)
}

// ---- DDL ----

// qIsDDL reports whether a statement changes the schema.
func qIsDDL(n *pgnode.Node) bool {
	name := nodeField(n)
	if name == "" {
		return false
	}
	for _, p := range []string{"create_", "alter_", "drop", "rename_", "truncate_", "index_", "view_", "comment_", "grant_", "refresh_", "reindex_", "composite_type", "cluster_"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// ddlStmt records the tables a DDL statement names (and the columns CREATE
// TABLE / ALTER TABLE name) as ddl uses.
func (a *qAnalyzer) ddlStmt(n *pgnode.Node) {
	if d := n.GetDropStmt(); d != nil {
		switch d.RemoveType {
		case pgnode.ObjectType_OBJECT_TABLE, pgnode.ObjectType_OBJECT_VIEW,
			pgnode.ObjectType_OBJECT_MATVIEW, pgnode.ObjectType_OBJECT_FOREIGN_TABLE:
			for _, o := range d.Objects {
				var parts []string
				for _, it := range o.GetList().GetItems() {
					parts = append(parts, it.GetString_().GetSval())
				}
				if len(parts) == 0 {
					continue
				}
				t := sqlast.Name{Name: parts[len(parts)-1]}
				if len(parts) >= 2 {
					t.Schema = parts[len(parts)-2]
				}
				a.addUse(t, "", sqlast.UseDDL, nil, -1)
			}
		}
		return
	}
	// The statement's own table: the one ColumnDefs and column commands
	// belong to (protobuf field order is not guaranteed by Range).
	var table *sqlast.Name
	var own *pgnode.RangeVar
	switch {
	case n.GetCreateStmt() != nil:
		own = n.GetCreateStmt().Relation
	case n.GetAlterTableStmt() != nil:
		own = n.GetAlterTableStmt().Relation
	}
	if own != nil {
		t := qRangeVarName(own)
		table = &t
	}
	if r := n.GetRenameStmt(); r != nil && r.Relation != nil && r.RenameType == pgnode.ObjectType_OBJECT_COLUMN {
		a.addUse(qRangeVarName(r.Relation), r.Subname, sqlast.UseDDL, nil, -1)
	}
	qReflectWalk(n, func(m any) bool {
		switch x := m.(type) {
		case *pgnode.RangeVar:
			a.addUse(qRangeVarName(x), "", sqlast.UseDDL, nil, x.Location)
		case *pgnode.ColumnDef:
			if table != nil && x.Colname != "" {
				a.addUse(*table, x.Colname, sqlast.UseDDL, nil, x.Location)
			}
		case *pgnode.AlterTableCmd:
			if table != nil && x.Name != "" && qColumnCmd(x.Subtype) {
				a.addUse(*table, x.Name, sqlast.UseDDL, nil, -1)
			}
		}
		return true
	})
}

func qColumnCmd(t pgnode.AlterTableType) bool {
	switch t {
	case pgnode.AlterTableType_AT_DropColumn, pgnode.AlterTableType_AT_AlterColumnType,
		pgnode.AlterTableType_AT_ColumnDefault, pgnode.AlterTableType_AT_DropNotNull,
		pgnode.AlterTableType_AT_SetNotNull, pgnode.AlterTableType_AT_SetStatistics,
		pgnode.AlterTableType_AT_SetStorage, pgnode.AlterTableType_AT_AddIdentity,
		pgnode.AlterTableType_AT_DropIdentity, pgnode.AlterTableType_AT_SetIdentity:
		return true
	}
	return false
}

// qReflectWalk visits every message under m, a pointer to a message (depth
// first, m's fields only, in declaration order, a oneof's member rather than
// its wrapper); visit returns false to skip a message's fields.
func qReflectWalk(m any, visit func(any) bool) {
	if v := reflect.ValueOf(m); v.Kind() == reflect.Pointer && !v.IsNil() && v.Elem().Kind() == reflect.Struct {
		qWalkFields(v.Elem(), visit)
	}
}

func qWalkFields(e reflect.Value, visit func(any) bool) {
	for _, i := range msgFields(e.Type()) {
		qWalkValue(e.Field(i), visit)
	}
}

func qWalkValue(v reflect.Value, visit func(any) bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() && v.Elem().Kind() == reflect.Struct && visit(v.Interface()) {
			qWalkFields(v.Elem(), visit)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			qWalkValue(v.Index(i), visit)
		}
	case reflect.Interface: // a oneof: its wrapper holds the member
		if !v.IsNil() {
			qWalkValue(v.Elem().Elem().Field(0), visit)
		}
	}
}

// ---- expressions ----

// expr walks an expression, emitting a select use for every column it
// reads, analysing subqueries with sc as their outer scope, and recording
// string literals compared with columns.
func (a *qAnalyzer) expr(n *pgnode.Node, sc *qScope) {
	if n == nil {
		return
	}
	switch x := n.Node.(type) {
	case *pgnode.Node_ColumnRef:
		cr := x.ColumnRef
		if star, rels := a.starTarget(cr, sc); star {
			a.emitSrcs(a.starOf(rels), sqlast.UseSelect, a.colLoc(cr))
			return
		}
		a.emitSrcs(a.columnRef(cr, sc), sqlast.UseSelect, a.colLoc(cr))
	case *pgnode.Node_AConst, *pgnode.Node_ParamRef, *pgnode.Node_String_,
		*pgnode.Node_Integer, *pgnode.Node_Float, *pgnode.Node_Boolean,
		*pgnode.Node_SqlvalueFunction, *pgnode.Node_AStar:
	case *pgnode.Node_AIndirection:
		// (u).email: a field of a whole-row reference is that column
		ind := x.AIndirection
		if cr := ind.Arg.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && len(ind.Indirection) > 0 {
			name := cr.Fields[0].GetString_().GetSval()
			for s := sc; s != nil; s = s.parent {
				if len(s.rels) == 0 {
					continue
				}
				if r := a.wholeRow(s, name); r != nil {
					if f := ind.Indirection[0].GetString_(); f != nil {
						a.emitSrcs(a.resolveIn(r, f.Sval), sqlast.UseSelect, cr.Location)
					} else if ind.Indirection[0].GetAStar() != nil {
						a.emitSrcs(a.starOf([]*qRel{r}), sqlast.UseSelect, cr.Location)
					}
					for _, i := range ind.Indirection[1:] {
						a.expr(i, sc)
					}
					return
				}
				break
			}
		}
		a.expr(ind.Arg, sc)
		for _, i := range ind.Indirection {
			a.expr(i, sc)
		}
	case *pgnode.Node_SubLink:
		a.expr(x.SubLink.Testexpr, sc)
		a.anyQuery(x.SubLink.Subselect, sc, false)
	case *pgnode.Node_SelectStmt:
		a.selectStmt(x.SelectStmt, sc, nil, false)
	case *pgnode.Node_TypeCast:
		a.expr(x.TypeCast.Arg, sc)
	case *pgnode.Node_AExpr:
		e := x.AExpr
		if a.sqlcAtParam(e) {
			return
		}
		a.literal(e, sc)
		a.expr(e.Lexpr, sc)
		a.expr(e.Rexpr, sc)
	case *pgnode.Node_FuncCall:
		f := x.FuncCall
		if qIsSqlcParam(f) {
			return
		}
		for _, arg := range f.Args {
			if cr := arg.GetColumnRef(); cr != nil && qCountsRows(f) {
				// count(t.*) counts rows: its result is a number, not t's
				// columns, so it is a use of t but not a star use.
				if star, rels := a.starTarget(cr, sc); star {
					for _, s := range a.starOf(rels) {
						a.addUse(s.table, "", sqlast.UseSelect, nil, a.colLoc(cr))
					}
					continue
				}
			}
			a.expr(arg, sc)
		}
		for _, o := range f.AggOrder {
			a.expr(o, sc)
		}
		a.expr(f.AggFilter, sc)
		if f.Over != nil {
			for _, p := range f.Over.PartitionClause {
				a.expr(p, sc)
			}
			for _, o := range f.Over.OrderClause {
				a.expr(o, sc)
			}
		}
	case *pgnode.Node_List:
		for _, it := range x.List.Items {
			a.expr(it, sc)
		}
	case *pgnode.Node_SortBy:
		a.expr(x.SortBy.Node, sc)
	case *pgnode.Node_ResTarget:
		a.expr(x.ResTarget.Val, sc)
	case *pgnode.Node_InsertStmt, *pgnode.Node_UpdateStmt, *pgnode.Node_DeleteStmt:
		a.anyQuery(n, sc, false)
	default:
		qReflectWalk(n, func(m any) bool {
			if nn, ok := m.(*pgnode.Node); ok {
				a.expr(nn, sc)
				return false
			}
			return true
		})
	}
}

// qCountsRows reports whether f is count(…), whose argument, even a whole
// row (`count(t.*)`), never reaches the result. Functions that turn a row into
// a value (row_to_json(t.*), to_jsonb, json_agg, array_agg) do expose its
// columns, so their star stays a star.
func qCountsRows(f *pgnode.FuncCall) bool {
	n := len(f.Funcname)
	if n == 0 || n > 2 || f.Funcname[n-1].GetString_().GetSval() != "count" {
		return false
	}
	return n == 1 || f.Funcname[0].GetString_().GetSval() == "pg_catalog"
}

// qIsSqlcParam reports sqlc.arg(x) / sqlc.narg(x) / sqlc.slice(x): parameters,
// whose argument is a parameter name, not a column.
func qIsSqlcParam(f *pgnode.FuncCall) bool {
	if len(f.Funcname) != 2 || f.Funcname[0].GetString_().GetSval() != "sqlc" {
		return false
	}
	switch f.Funcname[1].GetString_().GetSval() {
	case "arg", "narg", "slice", "embed":
		return true
	}
	return false
}

// sqlcAtParam reports sqlc's `@name` parameter syntax, which Postgres parses
// as the prefix operator @ applied to a column: the operand directly follows
// the @ with no space.
func (a *qAnalyzer) sqlcAtParam(e *pgnode.A_Expr) bool {
	if e.Lexpr != nil || len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "@" {
		return false
	}
	cr := qStripCast(e.Rexpr).GetColumnRef() // @ids::int[]
	if cr == nil || len(cr.Fields) != 1 {
		return false
	}
	return cr.Location == e.Location+1
}

// qFmtVerbs are fmt verbs that appear in SQL format strings. (The parser
// rejects `= %d`, since % is not a prefix operator, so only AnalyzePartial
// meets them.)
var qFmtVerbs = map[string]bool{"s": true, "d": true, "v": true, "q": true, "x": true, "f": true, "t": true}

// literal records `col = 'x'`, `col <> 'x'`, `col IN ('a', 'b')`.
func (a *qAnalyzer) literal(e *pgnode.A_Expr, sc *qScope) {
	var col *pgnode.ColumnRef
	var vals []string
	num := false
	switch e.Kind {
	case pgnode.A_Expr_Kind_AEXPR_OP:
		if len(e.Name) != 1 {
			return
		}
		switch e.Name[0].GetString_().GetSval() {
		case "=", "<>", "!=":
		default:
			return
		}
		l, r := qStripCast(e.Lexpr), qStripCast(e.Rexpr)
		if v, n, ok := qLiteralConst(r); ok {
			col, vals, num = l.GetColumnRef(), []string{v}, n
		} else if v, n, ok := qLiteralConst(l); ok {
			col, vals, num = r.GetColumnRef(), []string{v}, n
		}
	case pgnode.A_Expr_Kind_AEXPR_IN:
		col = qStripCast(e.Lexpr).GetColumnRef()
		for _, it := range e.Rexpr.GetList().GetItems() {
			if v, n, ok := qLiteralConst(it); ok && (len(vals) == 0 || n == num) {
				vals, num = append(vals, v), n
			}
		}
	case pgnode.A_Expr_Kind_AEXPR_OP_ANY:
		// status = ANY(ARRAY['a', 'b'])
		if len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "=" {
			return
		}
		col = qStripCast(e.Lexpr).GetColumnRef()
		for _, it := range qStripCast(e.Rexpr).GetAArrayExpr().GetElements() {
			if v, n, ok := qLiteralConst(it); ok && (len(vals) == 0 || n == num) {
				vals, num = append(vals, v), n
			}
		}
	}
	if col == nil || len(vals) == 0 {
		return
	}
	if star, _ := a.starTarget(col, sc); star {
		return
	}
	srcs := a.columnRef(col, sc)
	for _, s := range srcs {
		for _, v := range vals {
			a.q.Literals = append(a.q.Literals, sqlast.Literal{Table: s.table, Column: s.column, Value: v, Number: num})
		}
	}
}

func qStripCast(n *pgnode.Node) *pgnode.Node {
	for n.GetTypeCast() != nil {
		n = n.GetTypeCast().Arg
	}
	return n
}

// qLiteralConst returns the value of a string or number constant, possibly
// cast (num: a number, `status = 1`).
func qLiteralConst(n *pgnode.Node) (v string, num, ok bool) {
	if v, ok := qStringConst(n); ok {
		return v, false, true
	}
	c := qStripCast(n).GetAConst()
	if c == nil || c.Isnull {
		return "", false, false
	}
	if i := c.GetIval(); i != nil {
		return strconv.FormatInt(int64(i.Ival), 10), true, true
	}
	if f := c.GetFval(); f != nil && f.Fval != "" {
		return f.Fval, true, true
	}
	return "", false, false
}

// qStringConst returns the value of a string constant, possibly cast
// ('x'::status).
func qStringConst(n *pgnode.Node) (string, bool) {
	n = qStripCast(n)
	c := n.GetAConst()
	if c == nil || c.Isnull {
		return "", false
	}
	if s := c.GetSval(); s != nil {
		return s.Sval, true
	}
	return "", false
}
