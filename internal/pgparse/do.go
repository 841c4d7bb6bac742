package pgparse

// Statements inside DO blocks. Migrations wrap DDL in `DO $$ BEGIN IF NOT
// EXISTS (…) THEN ALTER TABLE … END IF; END $$` to make it idempotent; a
// drop or a rename there breaks old code as surely as at the top level.
// The PL/pgSQL parser (libpg_query's plpgsql compiler) gives the body's
// static SQL statements with their exact source text and line, and the
// constant string of `EXECUTE '…'`; each is parsed as a statement of its
// own and positioned in the file.

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// doTag quotes the body when it is handed to the PL/pgSQL parser as a
// function.
const doTag = "$rbcheck_do$"

// doNested returns the statements the DO block st runs: static SQL of a
// PL/pgSQL body (SELECT left out) and EXECUTE of a constant string, in
// source order. It returns nil for other languages, bodies it cannot place
// in the file (a quoted body with escapes), and bodies that do not compile.
func (p *fileParser) doNested(do *pgnode.DoStmt, st *sqlast.Stmt, start, end int) []*sqlast.Stmt {
	body, lang := "", "plpgsql"
	for _, a := range do.GetArgs() {
		de := a.GetDefElem()
		if de == nil {
			continue
		}
		switch de.Defname {
		case "as":
			body = strVal(de.Arg)
		case "language":
			lang = strings.ToLower(strVal(de.Arg))
		}
	}
	if lang != "plpgsql" || strings.TrimSpace(body) == "" || strings.Contains(body, doTag) {
		return nil
	}
	bodyOff := p.doBodyOffset(start, end, body)
	found, err := p.doStatements(body)
	if err != nil {
		// What the block runs is unknown: an error at its position, not
		// "no findings" (at the DO itself when the body is not verbatim).
		off, msg := doErrPos(body, err)
		at := start
		if bodyOff >= 0 {
			at = bodyOff + off
		}
		p.doErr(st, &sqlast.ParseError{Pos: p.pos(at), Msg: "the DO block's PL/pgSQL does not compile: " + msg})
		return nil
	}
	if bodyOff < 0 {
		// not placed in the file: run-time SQL is named at the DO itself
		for _, f := range found {
			if f.runTime {
				st.RunTime = append(st.RunTime, sqlast.RunTimeSQL{Pos: st.Pos, Expr: f.sql})
			}
		}
		return nil
	}
	if len(found) == 0 {
		return nil
	}
	var out []*sqlast.Stmt
	for _, f := range found {
		off := bodyOff + f.off
		if f.runTime {
			st.RunTime = append(st.RunTime, sqlast.RunTimeSQL{Pos: p.pos(off), Expr: f.sql})
			continue
		}
		tree, err := pgParse(f.sql)
		if err != nil || len(tree.Stmts) != 1 || tree.Stmts[0].Stmt == nil {
			continue
		}
		raw := tree.Stmts[0]
		kind := nodeKind(raw.Stmt)
		if kind == "SelectStmt" || kind == "DoStmt" {
			continue
		}
		s, e := sigExtent(p.text, off, off+len(f.sql))
		if s < 0 {
			continue
		}
		n := p.newStmt(raw, f.sql, off, s, e, s)
		n.Parent = st
		n.InTx = true // a DO block is one statement: what it runs is atomic
		out = append(out, n)
	}
	return out
}

// doBodyOffset returns the file offset of the first byte of body in the DO
// statement at text[start:end], or -1 when the body is not written there
// verbatim (a dollar-quoted body always is; a quoted one when it has no
// doubled quotes or escapes).
func (p *fileParser) doBodyOffset(start, end int, body string) int {
	for i := start; ; {
		t, ok := nextToken(p.text[:end], i)
		if !ok {
			return -1
		}
		i = t.end
		lit := p.text[t.start:t.end]
		switch {
		case t.kind == '$':
			tag := dollarTag(lit, 0)
			if tag != "" && len(lit) >= 2*len(tag) && lit[len(tag):len(lit)-len(tag)] == body {
				return t.start + len(tag)
			}
		case t.kind == 'q' && len(lit) >= 2 && lit[0] == '\'':
			if lit[1:len(lit)-1] == body {
				return t.start + 1
			}
		}
	}
}

// doFound is one statement of a DO body: its SQL and its offset in the
// body.
type doFound struct {
	off int
	sql string
	// runTime: an EXECUTE whose SQL is built at run time and may change
	// the schema; sql is the expression that builds it
	runTime bool
}

// doStatements compiles body with the PL/pgSQL parser and finds each static
// SQL statement and constant EXECUTE string in it.
func (p *fileParser) doStatements(body string) ([]doFound, error) {
	js, err := safePlpgsql("CREATE FUNCTION rbcheck_do() RETURNS void LANGUAGE plpgsql AS " + doTag + body + doTag)
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal([]byte(js), &tree); err != nil {
		return nil, fmt.Errorf("internal error reading the compiled block: %v", err)
	}
	lines := lineStarts(body) // PL/pgSQL line 1 is the body's first line
	var out []doFound
	seen := map[int]bool{}
	add := func(line int, text string, literal bool) {
		if line < 1 || line > len(lines) || text == "" {
			return
		}
		// The same text twice on a line (EXECUTE 'x'; EXECUTE 'x';) is two
		// statements: take the first occurrence not taken yet.
		from := lines[line-1]
		off := -1
		for {
			i := strings.Index(body[from:], text)
			if i < 0 {
				return
			}
			off = from + i
			if k := off + btoi(literal); !seen[k] {
				break
			}
			from = off + 1
		}
		sql := text
		if literal {
			// 'ALTER TABLE …' without doubled quotes or an E prefix.
			if len(text) < 2 || text[0] != '\'' || text[len(text)-1] != '\'' || strings.Contains(text[1:len(text)-1], "'") ||
				(off > 0 && isIdentByte(body[off-1])) {
				return
			}
			off++
			sql = text[1 : len(text)-1]
		}
		if !seen[off] {
			seen[off] = true
			out = append(out, doFound{off: off, sql: sql})
		}
	}
	// addRunTime records an EXECUTE of run-time SQL at the expression
	// that builds it (the start of its line when it is not found there)
	addRunTime := func(line int, expr string) {
		if line < 1 || line > len(lines) {
			return
		}
		off := lines[line-1]
		if i := strings.Index(body[off:], expr); expr != "" && i >= 0 {
			off += i
		} else {
			for off < len(body) && (body[off] == ' ' || body[off] == '\t') {
				off++
			}
		}
		out = append(out, doFound{off: off, sql: expr, runTime: true})
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for k, x := range v {
				switch k {
				case "PLpgSQL_stmt_execsql":
					if m, ok := x.(map[string]any); ok {
						add(jsonInt(m["lineno"]), exprQuery(m["sqlstmt"]), false)
					}
				case "PLpgSQL_stmt_dynexecute":
					if m, ok := x.(map[string]any); ok {
						line, q := jsonInt(m["lineno"]), exprQuery(m["query"])
						if constantLiteral(q) {
							add(line, q, true)
						} else if mayChangeSchema(q) {
							addRunTime(line, q)
						}
					}
				}
				walk(x)
			}
		}
	}
	walk(tree)
	sort.Slice(out, func(i, j int) bool { return out[i].off < out[j].off })
	return out, nil
}

var (
	reNearLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`near line (\d+)`) })
	reNearTok  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`at or near "([^"]+)"`) })
)

// doErrPos places a PL/pgSQL compile error in the body: libpg_query gives
// no offset, only "near line N" in the error's context (body line N) and
// the offending token in the message. It returns the body offset (the
// token's first occurrence from line N on, else the first non-blank byte
// of line N) and the message.
func doErrPos(body string, err error) (int, string) {
	msg, ctx := err.Error(), ""
	var pe *parser.Error
	if errors.As(err, &pe) {
		msg, ctx = pe.Message, pe.Context
	}
	lines := lineStarts(body)
	from := 0
	if m := reNearLine().FindStringSubmatch(ctx); m != nil {
		if n, _ := strconv.Atoi(m[1]); n >= 1 && n <= len(lines) {
			from = lines[n-1]
		}
	}
	if m := reNearTok().FindStringSubmatch(msg); m != nil {
		// the first token with that text from line N on (comments and
		// strings skipped by the lexer), else from the top
		for _, start := range []int{from, 0} {
			for i := start; ; {
				t, ok := nextToken(body, i)
				if !ok {
					break
				}
				if strings.EqualFold(body[t.start:t.end], m[1]) {
					return t.start, msg
				}
				i = t.end
			}
		}
	}
	for from < len(body) && (body[from] == ' ' || body[from] == '\t' || body[from] == '\n' || body[from] == '\r') {
		from++
	}
	return min(from, len(body)), msg
}

// doErr records the compile error of a DO statement; Parse reports those
// of the statements it keeps (a statement parsed in a part that is parsed
// again is dropped with its error).
func (p *fileParser) doErr(st *sqlast.Stmt, e *sqlast.ParseError) {
	p.doMu.Lock()
	defer p.doMu.Unlock()
	if p.doErrs == nil {
		p.doErrs = map[*sqlast.Stmt]*sqlast.ParseError{}
	}
	p.doErrs[st] = e
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// exprQuery returns the query text of a {"PLpgSQL_expr":{"query":…}} value.
func exprQuery(v any) string {
	m, _ := v.(map[string]any)
	e, _ := m["PLpgSQL_expr"].(map[string]any)
	q, _ := e["query"].(string)
	return q
}

func jsonInt(v any) int {
	f, _ := v.(float64)
	return int(f)
}

// safePlpgsql calls the PL/pgSQL parser, turning a panic into an error.
func safePlpgsql(src string) (js string, err error) {
	defer func() {
		if r := recover(); r != nil {
			js, err = "", errJSON
		}
	}()
	if serr := withStack(jsonStack(len(src)), func() { js, err = parser.ParsePlPgSqlToJSON(src) }); serr != nil {
		return "", serr
	}
	return js, err
}

// constantLiteral reports whether an EXECUTE's expression is one plain
// string literal ('ALTER TABLE …', no doubled quotes): its SQL is read.
func constantLiteral(q string) bool {
	return len(q) >= 2 && q[0] == '\'' && q[len(q)-1] == '\'' && !strings.Contains(q[1:len(q)-1], "'")
}

// schemaSafeLeads are the leading words of SQL that does not change what
// the old code can use: reads and data changes, maintenance, and creating
// a table, a plain index, a schema, a sequence or an extension.
var schemaSafeLeads = []string{
	"SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "VALUES", "TABLE",
	"ANALYZE", "ANALYSE", "VACUUM", "CLUSTER", "REINDEX", "REFRESH", "LOCK", "TRUNCATE",
	"SET", "RESET", "SHOW", "EXPLAIN", "NOTIFY", "LISTEN", "COMMENT", "GRANT", "REVOKE",
	"CREATE TABLE", "CREATE TEMP", "CREATE TEMPORARY", "CREATE UNLOGGED TABLE", "CREATE INDEX",
	"CREATE SCHEMA", "CREATE SEQUENCE", "CREATE EXTENSION",
}

// mayChangeSchema reports whether the SQL an EXECUTE builds at run time
// may change the schema: its first string literal does not start with
// what schemaSafeLeads lists (`format('ALTER TABLE %I …', t)`,
// `'DROP TABLE ' || t`), or it has none (`EXECUTE stmt`), so what it runs
// is not known.
func mayChangeSchema(q string) bool {
	i := strings.IndexByte(q, '\'')
	if i < 0 {
		return true
	}
	lit := q[i+1:]
	if j := strings.IndexByte(lit, '\''); j >= 0 {
		lit = lit[:j]
	}
	words := strings.Fields(strings.ToUpper(lit))
	if len(words) >= 2 && words[0] == "ALTER" && words[1] == "TABLE" && strings.Contains(strings.Join(words, " "), " ATTACH PARTITION ") {
		return false // a new partition joins its table: nothing old code uses changes
	}
	for _, lead := range schemaSafeLeads {
		lw := strings.Fields(lead)
		if len(words) >= len(lw) && slices.Equal(words[:len(lw)], lw) {
			return false
		}
	}
	return true
}
