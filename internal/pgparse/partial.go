package pgparse

// AnalyzePartial: best-effort analysis of a query built at run time, from
// its constant fragments only (a constant prefix plus strings.Join(fields),
// a %s filled in at run time, …). Each fragment is tokenised with the
// Postgres scanner; no parse tree is available, so the rules are lexical:
//
//   - tables are the (possibly schema-qualified) names after FROM, JOIN,
//     INTO, UPDATE, TABLE, USING, TRUNCATE and COPY, plus the comma-separated
//     items of a FROM list; a name followed by `(` there is a function, a
//     name defined by WITH … AS ( is a CTE, not a table. FROM counts only at
//     the top level of a fragment or inside a parenthesised SELECT, so
//     EXTRACT(epoch FROM x) and IS DISTINCT FROM do not introduce tables.
//     Table-parsing state never crosses a fragment boundary: the text
//     between fragments is unknown.
//   - columns are the other identifiers that are not keywords, not followed
//     by `(` (functions) or `.` (qualifiers), not after `::` or AS (types and
//     aliases), not parameters (:name, @name) and not aliases, CTE names or
//     output aliases defined elsewhere in the fragments. `q.col` resolves q
//     through the aliases and table names; an unknown qualifier is skipped.
//   - an unqualified column belongs to the only table when there is exactly
//     one; otherwise the schema (if any) picks the tables that have it, and
//     without one every table becomes a candidate. With a schema, a column
//     that no known table has is dropped (it is an alias or a parameter).
//     With no table at all, the use has an empty Table and no candidates.
//   - a select-list star is a star use of the tables at the top level, or of
//     a derived table's tables when that table's own select list is a star
//     (`SELECT * FROM (SELECT * FROM t) q`); parentheses are counted across
//     fragments, so `SELECT * FROM (` + an inner query with an explicit list
//     is no star use of the inner query's tables.
//
// Offsets are byte offsets into the fragment given by Use.Fragment.

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

type qPTable struct {
	name  sqlast.Name
	kind  sqlast.UseKind
	frag  int
	off   int
	depth int // parenthesis depth in its fragment: 0 for the main statement
}

type qPartial struct {
	schema     Schema
	q          *sqlast.Query
	frags      [][]qTok
	consumed   [][]bool
	tables     []qPTable
	aliases    map[string]sqlast.Name
	ctes       map[string]bool
	funcAlias  map[string]bool
	outAliases map[string]bool
	seen       map[qPUseKey]bool
	inSet      bool
	depth      int           // depth of the keyword tableList is reading after
	groups     [][]int       // per fragment and token: its parenthesised group (starGroups)
	groupOff   []map[int]int // per fragment: token start offset → group
	reach      map[int]bool  // groups whose select-list star reaches the client
}

type qPUseKey struct {
	table      sqlast.Name
	col        string
	kind       sqlast.UseKind
	frag, off  int
	candidates bool
}

// AnalyzePartial scans the constant fragments of a query that is built at
// run time and reports the tables and columns they name, best effort (see
// the rules above). schema may be nil. It never fails; fragments the scanner
// cannot read contribute nothing.
func AnalyzePartial(fragments []string, schema Schema) (q *sqlast.Query) {
	p := &qPartial{
		schema:     schema,
		q:          &sqlast.Query{},
		aliases:    map[string]sqlast.Name{},
		ctes:       map[string]bool{},
		funcAlias:  map[string]bool{},
		outAliases: map[string]bool{},
		seen:       map[qPUseKey]bool{},
	}
	defer func() {
		if r := recover(); r != nil {
			q = p.q
		}
		if q.Kind == "" {
			q.Kind = "other"
		}
	}()
	for _, f := range fragments {
		toks := qScanTokens(f)
		p.frags = append(p.frags, toks)
		p.consumed = append(p.consumed, make([]bool, len(toks)))
	}
	for i := range p.frags {
		p.structure(i)
	}
	// CTE names are not tables.
	var tables []qPTable
	for _, t := range p.tables {
		if t.name.Schema == "" && p.ctes[t.name.Name] {
			continue
		}
		tables = append(tables, t)
	}
	p.tables = tables
	for a, t := range p.aliases {
		if t.Schema == "" && p.ctes[t.Name] {
			delete(p.aliases, a)
			p.funcAlias[a] = true // an alias of a CTE: not a table, not a column
		}
	}
	for _, t := range p.tables {
		p.add(t.name, "", t.kind, nil, t.frag, t.off)
	}
	p.starGroups()
	for i := range p.frags {
		p.columns(i)
	}
	return p.q
}

// starGroups numbers the parenthesised groups of all fragments in order, as
// if the unknown text between fragments were balanced, so that a table of
// `SELECT * FROM (` + inner query + `) AS q` is inside the derived table and
// not at the top level. Group 0 is the top level; a group reaches the
// client when it is 0 or it is a derived table (`FROM (` / `JOIN (`) of a
// reaching group whose select list is a star (`SELECT * FROM (SELECT * …)`).
func (p *qPartial) starGroups() {
	p.groups = make([][]int, len(p.frags))
	p.groupOff = make([]map[int]int, len(p.frags))
	p.reach = map[int]bool{0: true}
	star := map[int]bool{}
	stack := []int{0}
	next := 0
	var prev, prev2 qTok
	for fi, toks := range p.frags {
		p.groups[fi] = make([]int, len(toks))
		p.groupOff[fi] = make(map[int]int, len(toks))
		for k, t := range toks {
			g := stack[len(stack)-1]
			switch {
			case t.punct('('):
				next++
				if p.reach[g] && star[g] && (prev.is("from") || prev.is("join") || prev.is("lateral") && (prev2.is("from") || prev2.is("join"))) {
					p.reach[next] = true
				}
				stack = append(stack, next)
			case t.punct(')'):
				if len(stack) > 1 {
					stack = stack[:len(stack)-1]
				}
			case t.is("select"):
				star[g] = false
			case t.punct('*') && (prev.is("select") || prev.is("distinct") || prev.punct(',')):
				star[g] = true
			}
			p.groups[fi][k] = g
			p.groupOff[fi][t.start] = g
			prev2, prev = prev, t
		}
	}
}

// groupAt is the group of the token of fragment fi starting at off.
func (p *qPartial) groupAt(fi, off int) int {
	if g, ok := p.groupOff[fi][off]; ok {
		return g
	}
	return -1
}

func (p *qPartial) add(t sqlast.Name, col string, kind sqlast.UseKind, cands []sqlast.Name, frag, off int) {
	k := qPUseKey{t, col, kind, frag, off, len(cands) > 0}
	if p.seen[k] {
		return
	}
	p.seen[k] = true
	p.q.Uses = append(p.q.Uses, sqlast.Use{Table: t, Column: col, Kind: kind, Candidates: cands, Offset: off, Fragment: frag})
}

var qStmtWords = map[string]string{
	"select": "select", "insert": "insert", "update": "update", "delete": "delete",
	"merge": "merge", "copy": "copy", "create": "ddl", "alter": "ddl", "drop": "ddl",
	"truncate": "ddl", "values": "select", "table": "select",
}

// structure finds the statement kind, tables, aliases, CTE names, output
// aliases and INSERT/COPY column lists of fragment fi.
func (p *qPartial) structure(fi int) {
	toks := p.frags[fi]
	depth := 0
	selectAt := map[int]bool{}
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		switch {
		case t.punct('('):
			depth++
			selectAt[depth] = false
			continue
		case t.punct(')'):
			if depth > 0 {
				depth--
			}
			// (subquery) [AS] alias [(cols)], (VALUES …) AS v(a, b)
			if k+1 < len(toks) && (toks[k+1].is("as") || toks[k+1].tok == pgnode.Token_IDENT) {
				if end := p.aliasAt(fi, k+1); end > k {
					k = end
				}
			}
			continue
		}
		if t.kw == pgnode.KeywordKind_NO_KEYWORD {
			// CTE: name AS ( / name (cols) AS ( after WITH, RECURSIVE or a comma
			if t.isName() && k > 0 && (toks[k-1].is("with") || toks[k-1].is("recursive") || toks[k-1].punct(',')) {
				if end := p.cteAt(fi, k); end > k {
					k = end
				}
			}
			continue
		}
		switch t.word {
		case "select", "insert", "update", "delete", "values":
			selectAt[depth] = true // a statement: its FROM names tables
		}
		if depth == 0 && p.q.Kind == "" {
			if kind, ok := qStmtWords[t.word]; ok {
				p.q.Kind = kind
			}
		}
		if t.is("as") && k+1 < len(toks) && toks[k+1].isName() && !(k+2 < len(toks) && toks[k+2].punct('(')) {
			p.outAliases[toks[k+1].word] = true
			p.consumed[fi][k+1] = true
			continue
		}
		if t.is("with") || t.is("recursive") {
			if k+1 < len(toks) && toks[k+1].isName() {
				if end := p.cteAt(fi, k+1); end > k+1 {
					k = end
				}
			}
			continue
		}
		topLevel := depth == 0 || selectAt[depth]
		kind := p.tableKind(t, toks, k)
		p.depth = depth
		switch t.word {
		case "from":
			if !topLevel || (k > 0 && toks[k-1].is("distinct")) {
				continue
			}
			k = p.tableList(fi, k+1, kind, true)
		case "join":
			k = p.tableList(fi, k+1, kind, false)
		case "using":
			if k+1 < len(toks) && toks[k+1].punct('(') {
				continue
			}
			k = p.tableList(fi, k+1, kind, true)
		case "into", "update", "table", "copy", "truncate":
			k = p.tableList(fi, k+1, kind, t.word == "truncate")
		}
	}
}

// tableKind is the use kind of a table introduced by keyword t.
func (p *qPartial) tableKind(t qTok, toks []qTok, k int) sqlast.UseKind {
	if p.q.Kind == "ddl" {
		return sqlast.UseDDL
	}
	switch t.word {
	case "into":
		if p.q.Kind == "select" {
			return sqlast.UseDDL // SELECT … INTO creates a table
		}
		return sqlast.UseInsert
	case "update":
		return sqlast.UseUpdate
	case "copy":
		return sqlast.UseCopy
	case "truncate":
		return sqlast.UseDDL
	case "from":
		if k > 0 && toks[k-1].is("delete") {
			return sqlast.UseDelete
		}
	}
	return sqlast.UseSelect
}

// cteAt recognises `name AS [NOT] [MATERIALIZED] (` or `name (cols) AS (`
// at toks[k] and returns the index of the last token consumed, or k-1.
func (p *qPartial) cteAt(fi, k int) int {
	toks := p.frags[fi]
	j := k + 1
	if j < len(toks) && toks[j].punct('(') {
		end := qMatchParen(toks, j)
		if end < 0 {
			return k - 1
		}
		for c := j + 1; c < end; c++ {
			p.consumed[fi][c] = true
		}
		j = end + 1
	}
	if j >= len(toks) || !toks[j].is("as") {
		return k - 1
	}
	j++
	for j < len(toks) && (toks[j].is("not") || toks[j].is("materialized")) {
		j++
	}
	if j >= len(toks) || !toks[j].punct('(') {
		return k - 1
	}
	p.ctes[toks[k].word] = true
	p.consumed[fi][k] = true
	return j - 1 // the `(` is processed by the caller for depth
}

// qMatchParen returns the index of the `)` matching toks[k], or -1.
func qMatchParen(toks []qTok, k int) int {
	depth := 0
	for j := k; j < len(toks); j++ {
		switch {
		case toks[j].punct('('):
			depth++
		case toks[j].punct(')'):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// qualName reads name(.name)* at toks[k]; it returns the parts and the index
// after them. After a dot any keyword is a name (l.action, t.order).
func qualName(toks []qTok, k int) ([]string, int) {
	var parts []string
	if k >= len(toks) || !toks[k].isName() {
		return nil, k
	}
	for k < len(toks) {
		parts = append(parts, toks[k].word)
		k++
		if k+1 < len(toks) && toks[k].punct('.') && toks[k+1].word != "" {
			k++
			continue
		}
		break
	}
	return parts, k
}

// tableList reads one table (or, when list is true, a comma-separated list)
// starting at toks[k], and returns the index of the last token consumed.
func (p *qPartial) tableList(fi, k int, kind sqlast.UseKind, list bool) int {
	toks := p.frags[fi]
	last := k - 1
	for k < len(toks) {
		for k < len(toks) && (toks[k].is("only") || toks[k].is("lateral") || toks[k].is("table")) {
			k++
		}
		start := k
		parts, next := qualName(toks, k)
		if len(parts) == 0 || len(parts) > 3 {
			return last
		}
		for c := start; c < next; c++ {
			p.consumed[fi][c] = true
		}
		last = next - 1
		k = next
		if k < len(toks) && toks[k].punct('(') {
			end := qMatchParen(toks, k)
			if kind == sqlast.UseInsert || kind == sqlast.UseCopy {
				// INSERT INTO t (a, b) / COPY t (a, b): the column list
				name := qPartsName(parts)
				p.tables = append(p.tables, qPTable{name, kind, fi, toks[start].start, p.depth})
				stop := end
				if stop < 0 {
					stop = len(toks)
				}
				var cols []string
				for c := k + 1; c < stop; c++ {
					if toks[c].isName() || toks[c].kw != pgnode.KeywordKind_RESERVED_KEYWORD && toks[c].word != "" {
						p.consumed[fi][c] = true
						cols = append(cols, toks[c].word)
						p.add(name, toks[c].word, kind, nil, fi, toks[c].start)
					}
				}
				if kind == sqlast.UseInsert && p.q.InsertTable == nil {
					n := name
					p.q.InsertTable, p.q.InsertColumns = &n, cols
				}
				if end < 0 {
					return len(toks) - 1
				}
				return end
			}
			// a set-returning function in FROM: its alias is not a table
			if end < 0 {
				return len(toks) - 1
			}
			k = end + 1
			last = end
			if a := p.aliasAt(fi, k); a >= k {
				last = a
				k = a + 1
			}
		} else {
			name := qPartsName(parts)
			p.tables = append(p.tables, qPTable{name, kind, fi, toks[start].start, p.depth})
			if kind == sqlast.UseInsert && k < len(toks) && (toks[k].is("values") || toks[k].is("select") || toks[k].is("default")) {
				p.q.InsertNoColumns = true
				if p.q.InsertTable == nil {
					n := name
					p.q.InsertTable = &n
				}
				p.add(name, sqlast.ColumnStar, sqlast.UseInsert, nil, fi, toks[start].start)
			}
			if k < len(toks) && toks[k].is("as") {
				k++
			}
			if k < len(toks) && toks[k].tok == pgnode.Token_IDENT && !(k+1 < len(toks) && toks[k+1].punct('.')) {
				p.aliases[toks[k].word] = name
				p.consumed[fi][k] = true
				last = k
				k++
			}
		}
		if !list || k >= len(toks) || !toks[k].punct(',') {
			return last
		}
		k++
		if k < len(toks) && toks[k].punct('(') {
			return last // a subquery: its own FROM is found later
		}
	}
	return last
}

// aliasAt reads `[AS] alias [(col, …)]` at toks[k] for a FROM item that is
// not a table (function, subquery, VALUES): the names are neither tables nor
// columns. It returns the index of the last token read, or k-1.
func (p *qPartial) aliasAt(fi, k int) int {
	toks := p.frags[fi]
	j := k
	if j < len(toks) && toks[j].is("as") {
		j++
	}
	if j >= len(toks) || !toks[j].isName() || (j == k && toks[j].tok != pgnode.Token_IDENT) {
		return k - 1
	}
	if j+1 < len(toks) && toks[j+1].punct('.') {
		return k - 1
	}
	p.funcAlias[toks[j].word] = true
	p.consumed[fi][j] = true
	if j+1 < len(toks) && toks[j+1].punct('(') {
		end := qMatchParen(toks, j+1)
		if end < 0 {
			return j
		}
		for c := j + 2; c < end; c++ {
			if toks[c].word != "" {
				p.funcAlias[toks[c].word] = true
				p.consumed[fi][c] = true
			}
		}
		return end
	}
	return j
}

func qPartsName(parts []string) sqlast.Name {
	n := sqlast.Name{Name: parts[len(parts)-1]}
	if len(parts) >= 2 {
		n.Schema = parts[len(parts)-2]
	}
	return n
}

// columns reports the column uses of fragment fi.
func (p *qPartial) columns(fi int) {
	toks := p.frags[fi]
	depth := 0
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		switch {
		case t.punct('('):
			depth++
			continue
		case t.punct(')'):
			if depth > 0 {
				depth--
			}
			continue
		case t.punct('*'):
			// only a star that reaches the client: not SELECT * inside EXISTS (…),
			// and a star over a derived table only through that table's own star
			g := p.groups[fi][k]
			if p.reach[g] && k > 0 && (toks[k-1].is("select") || toks[k-1].is("distinct") || toks[k-1].is("returning") || toks[k-1].punct(',')) {
				for _, tb := range p.tables {
					if p.groupAt(tb.frag, tb.off) != g {
						continue // a table of a subquery, CTE body or derived table
					}
					p.add(tb.name, sqlast.ColumnStar, p.colKind(sqlast.UseSelect), nil, fi, t.start)
				}
			}
			continue
		}
		if depth == 0 {
			switch {
			case t.is("set"):
				p.inSet = true
			case t.is("where") || t.is("from") || t.is("returning"):
				p.inSet = false
			}
		}
		if p.consumed[fi][k] || !t.isName() {
			continue
		}
		var prev, prev2, next qTok
		if k > 0 {
			prev = toks[k-1]
		}
		if k > 1 {
			prev2 = toks[k-2]
		}
		if k+1 < len(toks) {
			next = toks[k+1]
		}
		switch {
		case prev.punct('.'):
			continue // a field of something already handled
		case next.punct('(') || next.tok == pgnode.Token_SCONST:
			continue // a function call, or a type name before a literal (date '2020-01-01')
		case prev.tok == pgnode.Token_TYPECAST || prev.is("as"):
			continue // a type or an alias
		case prev.punct(':') && prev.end == t.start:
			continue // sqlx :name
		case prev.tok == pgnode.Token_Op && strings.HasSuffix(prev.raw, "@") && prev.end == t.start:
			continue // sqlc @name
		case (prev.tok == pgnode.Token_Op || prev.punct('%')) && strings.HasSuffix(prev.raw, "%") && prev.end == t.start && qFmtVerbs[t.raw]:
			continue // a fmt verb: %s, %d
		case prev.punct('(') && prev2.is("extract"):
			continue // EXTRACT(epoch FROM …)
		case prev.tok == pgnode.Token_SCONST && qIntervalUnits[t.word]:
			continue // INTERVAL '1' DAY
		case prev.is("constraint") || prev.is("over") || prev.is("window") || prev.is("to"):
			continue // constraint, window and role names; RENAME … TO new_name
		}
		if next.punct('.') {
			k = p.qualified(fi, k)
			continue
		}
		if _, ok := p.aliases[t.word]; ok || p.ctes[t.word] || p.funcAlias[t.word] || p.outAliases[t.word] {
			continue
		}
		kind := p.colKind(sqlast.UseSelect)
		if p.inSet && next.punct('=') && (prev.is("set") || prev.punct(',')) {
			kind = sqlast.UseUpdate
		}
		p.unqualified(t.word, kind, fi, t.start, toks, k)
	}
}

// colKind is the kind of a read in this statement.
func (p *qPartial) colKind(read sqlast.UseKind) sqlast.UseKind {
	switch p.q.Kind {
	case "ddl":
		return sqlast.UseDDL
	case "copy":
		return sqlast.UseCopy
	}
	return read
}

// qualified handles q.col / s.t.col / q.* at toks[k]; it returns the index
// of the last token of the reference.
func (p *qPartial) qualified(fi, k int) int {
	toks := p.frags[fi]
	parts, next := qualName(toks, k)
	last := next - 1
	star := false
	if next+1 < len(toks) && toks[next].punct('.') && toks[next+1].punct('*') {
		star, last = true, next+1
	}
	if !star && len(parts) < 2 {
		return last
	}
	quals := parts
	col := sqlast.ColumnStar
	off := toks[last].start
	if !star {
		quals, col = parts[:len(parts)-1], parts[len(parts)-1]
	}
	if last+1 < len(toks) && toks[last+1].punct('(') {
		if parts[0] == "sqlc" {
			// sqlc.arg(name), sqlc.narg('name'), sqlc.slice(ids): parameters
			if end := qMatchParen(toks, last+1); end > 0 {
				return end
			}
		}
		return last // schema.function(…)
	}
	var table *sqlast.Name
	q := quals[len(quals)-1]
	schema := ""
	if len(quals) >= 2 {
		schema = quals[len(quals)-2]
	}
	if t, ok := p.aliases[q]; ok && schema == "" {
		table = &t
	} else {
		for _, tb := range p.tables {
			if tb.name.Name == q && (schema == "" || tb.name.Schema == schema) {
				n := tb.name
				table = &n
				break
			}
		}
	}
	if table == nil {
		return last // a CTE, a function alias, EXCLUDED, NEW/OLD or unknown
	}
	if star && k >= 2 && toks[k-1].punct('(') && toks[k-2].tok == pgnode.Token_IDENT && toks[k-2].word == "count" && last+1 < len(toks) && toks[last+1].punct(')') {
		// count(t.*) counts rows; t's columns do not reach the result
		col = ""
	}
	kind := p.colKind(sqlast.UseSelect)
	if !star && p.inSet && last+1 < len(toks) && toks[last+1].punct('=') {
		kind = sqlast.UseUpdate
	}
	p.add(*table, col, kind, nil, fi, off)
	if !star {
		p.literal(*table, col, toks, last)
	}
	return last
}

// unqualified attributes a bare column name.
func (p *qPartial) unqualified(col string, kind sqlast.UseKind, fi, off int, toks []qTok, k int) {
	var uniq []sqlast.Name
	seen := map[sqlast.Name]bool{}
	for _, tb := range p.tables {
		if !seen[tb.name] {
			seen[tb.name] = true
			uniq = append(uniq, tb.name)
		}
	}
	switch {
	case len(uniq) == 0:
		p.add(sqlast.Name{}, col, kind, nil, fi, off)
		p.literal(sqlast.Name{}, col, toks, k)
		return
	case len(uniq) == 1:
		if p.schema != nil {
			if cols, ok := p.schema.Columns(uniq[0]); ok && !qContains(cols, col) {
				return // not a column of the only table: an alias or parameter name
			}
		}
		p.add(uniq[0], col, kind, nil, fi, off)
		p.literal(uniq[0], col, toks, k)
		return
	}
	cands := uniq
	if p.schema != nil {
		var has, unknown []sqlast.Name
		for _, t := range uniq {
			cols, ok := p.schema.Columns(t)
			switch {
			case !ok:
				unknown = append(unknown, t)
			case qContains(cols, col):
				has = append(has, t)
			}
		}
		switch {
		case len(has) > 0:
			cands = has
		default:
			cands = unknown
		}
	}
	switch len(cands) {
	case 0:
		return
	case 1:
		p.add(cands[0], col, kind, nil, fi, off)
		p.literal(cands[0], col, toks, k)
	default:
		p.add(sqlast.Name{}, col, kind, cands, fi, off)
	}
}

// literal records `col = 'x'`, `col = 1` and `col IN ('a', 'b')` after
// the column token at toks[k].
func (p *qPartial) literal(t sqlast.Name, col string, toks []qTok, k int) {
	lit := func(tk qTok) (string, bool, bool) {
		switch tk.tok {
		case pgnode.Token_SCONST:
			v, ok := qUnquote(tk.raw)
			return v, false, ok
		case pgnode.Token_ICONST, pgnode.Token_FCONST:
			return tk.raw, true, tk.raw != ""
		}
		return "", false, false
	}
	if k+2 < len(toks) && toks[k+1].punct('=') {
		if v, num, ok := lit(toks[k+2]); ok {
			p.q.Literals = append(p.q.Literals, sqlast.Literal{Table: t, Column: col, Value: v, Number: num})
		}
		return
	}
	if k+2 < len(toks) && toks[k+1].is("in") && toks[k+2].punct('(') {
		for j := k + 3; j < len(toks); j += 2 {
			v, num, ok := lit(toks[j])
			if !ok {
				return
			}
			p.q.Literals = append(p.q.Literals, sqlast.Literal{Table: t, Column: col, Value: v, Number: num})
			if j+1 >= len(toks) || !toks[j+1].punct(',') {
				return
			}
		}
	}
}

// qUnquote decodes a plain 'string' literal.
func qUnquote(raw string) (string, bool) {
	if len(raw) < 2 || raw[0] != '\'' || raw[len(raw)-1] != '\'' {
		return "", false
	}
	return strings.ReplaceAll(raw[1:len(raw)-1], "''", "'"), true
}

func qContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
