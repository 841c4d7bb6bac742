package builder

// squirrel chains: Select/Insert/Update/Delete builders, predicates (sq.Eq{…}, sq.And{…}, sq.Expr), sub-selects.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
)

// squirrelFromFile returns one Query per squirrel statement in f.
func squirrelFromFile(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) []Query {
	return runBuilders(f, info, fold, nil, "squirrel", nil, nil)
}

// squirrelPackageVars returns the squirrel builders kept in package-level
// variables of f (`var selectUsers = psql.Select(…).From("users")`), so
// that the package's other files extend them (squirrelWithShared).
func squirrelPackageVars(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) (out map[string]*bState) {
	if f == nil {
		return nil
	}
	e := newBEngine(f, info, fold, nil, "squirrel", nil)
	if !e.enabled() {
		return nil
	}
	e.packageVars()
	return e.pkgEnv
}

// squirrelWithShared is squirrelFromFile with the builders of the package's
// other files' variables (emitted there, extended here).
func squirrelWithShared(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), shared map[string]*bState, env *Env) []Query {
	return runBuilders(f, info, fold, nil, "squirrel", shared, env)
}

func (e *bEngine) sqApply(st *bState, sel *ast.SelectorExpr, call *ast.CallExpr) {
	args := call.Args
	arg0 := func() (string, bool) {
		if len(args) == 0 {
			return "", false
		}
		return e.fold(args[0])
	}
	start := func(kind string) {
		st.kind = kind
		st.pos = sel.Sel.Pos()
	}
	switch sel.Sel.Name {
	case "PlaceholderFormat", "RunWith", "RemoveLimit", "RemoveOffset":
		if sel.Sel.Name == "RemoveLimit" {
			st.limit = ""
		}
		if sel.Sel.Name == "RemoveOffset" {
			st.offset = ""
		}
		return
	case "Prefix", "Suffix":
		s, ok := arg0()
		if !ok {
			st.partial = true
			return
		}
		// builders among the arguments are inlined for their `?`, as
		// squirrel does: Prefix("WITH recent AS (?)", cte)
		s = e.inlineBuilders(s, args[1:], st)
		if sel.Sel.Name == "Prefix" {
			st.prefix = append(st.prefix, s)
		} else {
			st.suffix = append(st.suffix, s)
		}
		return
	case "Where", "Having":
		if len(args) == 0 {
			return
		}
		p, ok := e.sqPred(args[0], e.curEnv)
		if !ok {
			st.partial = true
		}
		if p == "" {
			return
		}
		if sel.Sel.Name == "Where" {
			st.where = append(st.where, "AND "+p)
		} else {
			st.having = append(st.having, p)
		}
		return
	case "OrderBy", "GroupBy":
		for _, a := range args {
			s, ok := e.fold(a)
			if !ok {
				st.partial = true
				continue
			}
			if sel.Sel.Name == "OrderBy" {
				st.orderBy = append(st.orderBy, s)
			} else {
				st.groupBy = append(st.groupBy, s)
			}
		}
		return
	case "Limit", "Offset":
		v := "?"
		if len(args) == 1 {
			if bl, ok := args[0].(*ast.BasicLit); ok && bl.Kind == token.INT {
				v = bl.Value
			}
		}
		if sel.Sel.Name == "Limit" {
			st.limit = v
		} else {
			st.offset = v
		}
		return
	}
	switch st.kind {
	case "":
		switch sel.Sel.Name {
		case "Select":
			start("select")
			st.cols = append(st.cols, e.strList(call, st)...)
		case "Insert", "Replace":
			start("insert")
			if s, ok := arg0(); ok {
				st.from = []string{s}
			} else {
				st.partial = true
			}
		case "Update":
			start("update")
			if s, ok := arg0(); ok {
				st.from = []string{s}
			} else {
				st.partial = true
			}
		case "Delete":
			start("delete")
			if len(args) > 0 {
				if s, ok := arg0(); ok {
					if s != "" {
						st.from = []string{s}
					}
				} else {
					st.partial = true
				}
			}
		default:
			st.partial = true
		}
	case "select":
		switch sel.Sel.Name {
		case "Columns":
			st.cols = append(st.cols, e.strList(call, st)...)
		case "Column":
			if len(args) > 0 {
				if s, ok := e.sqExprText(args[0]); ok {
					st.cols = append(st.cols, s)
				} else {
					st.partial = true
				}
			}
		case "RemoveColumns":
			st.cols = nil
		case "Distinct":
			st.distinct = true
		case "Options":
			for _, a := range args {
				if s, ok := e.fold(a); ok && strings.EqualFold(s, "DISTINCT") {
					st.distinct = true
				}
			}
		case "From":
			if s, ok := arg0(); ok {
				st.from = []string{s}
			} else {
				st.partial = true
			}
		case "FromSelect":
			if len(args) == 2 {
				sub, _, ok := e.eval(args[0], e.curEnv)
				alias, ok2 := e.fold(args[1])
				if ok && ok2 && sub.kind != "" {
					sub.consumed = true
					st.from = []string{"(" + sub.render() + ") AS " + alias}
					st.partial = st.partial || sub.partial
					return
				}
			}
			st.partial = true
		case "Join", "LeftJoin", "RightJoin", "InnerJoin", "CrossJoin", "FullJoin", "JoinClause":
			s, ok := arg0()
			if !ok {
				st.partial = true
				return
			}
			kw := map[string]string{"Join": "JOIN ", "LeftJoin": "LEFT JOIN ", "RightJoin": "RIGHT JOIN ", "InnerJoin": "INNER JOIN ",
				"CrossJoin": "CROSS JOIN ", "FullJoin": "FULL OUTER JOIN ", "JoinClause": ""}[sel.Sel.Name]
			st.joins = append(st.joins, kw+s)
		default:
			st.partial = true
		}
	case "insert":
		switch sel.Sel.Name {
		case "Into":
			if s, ok := arg0(); ok {
				st.from = []string{s}
			} else {
				st.partial = true
			}
		case "Columns":
			st.insCols = append(st.insCols, e.strList(call, st)...)
		case "Values":
			var row []string
			if call.Ellipsis.IsValid() {
				for range st.insCols {
					row = append(row, "?")
				}
				if len(row) == 0 {
					st.partial = true
					return
				}
			} else {
				for _, a := range args {
					row = append(row, e.sqValue(a))
				}
			}
			st.values = append(st.values, row)
		case "SetMap":
			keys, vals, ok := e.sqMap(args)
			if !ok {
				st.partial = true
			}
			st.insCols = append(st.insCols, keys...)
			st.values = [][]string{vals}
		case "Select":
			if len(args) == 1 {
				if sub, _, ok := e.eval(args[0], e.curEnv); ok && sub.kind == "select" {
					sub.consumed = true
					st.insSel = sub.render()
					st.partial = st.partial || sub.partial
					return
				}
			}
			st.partial = true
		case "Options":
		default:
			st.partial = true
		}
	case "update":
		switch sel.Sel.Name {
		case "Table":
			if s, ok := arg0(); ok {
				st.from = []string{s}
			} else {
				st.partial = true
			}
		case "Set":
			if len(args) == 2 {
				if c, ok := e.fold(args[0]); ok {
					st.sets = append(st.sets, c+" = "+e.sqValue(args[1]))
					return
				}
			}
			st.partial = true
		case "SetMap":
			keys, vals, ok := e.sqMap(args)
			if !ok {
				st.partial = true
			}
			for i := range keys {
				st.sets = append(st.sets, keys[i]+" = "+vals[i])
			}
		case "From":
			if s, ok := arg0(); ok {
				st.joins = append(st.joins, s)
			} else {
				st.partial = true
			}
		case "OrderBy":
		default:
			st.partial = true
		}
	case "delete":
		switch sel.Sel.Name {
		case "From":
			if s, ok := arg0(); ok {
				st.from = []string{s}
			} else {
				st.partial = true
			}
		default:
			st.partial = true
		}
	}
}

// strList folds a list of string arguments (with `cols...` resolved through
// a composite literal in a variable of the function or file).
func (e *bEngine) strList(call *ast.CallExpr, st *bState) []string {
	var out []string
	for i, a := range call.Args {
		if call.Ellipsis.IsValid() && i == len(call.Args)-1 {
			cl := e.compositeOf(a)
			if cl == nil {
				st.partial = true
				continue
			}
			for _, el := range cl.Elts {
				if s, ok := e.fold(el); ok {
					out = append(out, s)
				} else {
					st.partial = true
				}
			}
			continue
		}
		if s, ok := e.fold(a); ok {
			out = append(out, s)
		} else {
			st.partial = true
		}
	}
	return out
}

// sqIsPkgSel: x is sq.<name> for the squirrel import.
func (e *bEngine) sqSelName(x ast.Expr) string {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok || !e.sqNames[id.Name] {
		return ""
	}
	return sel.Sel.Name
}

// sqExprText: a constant string or sq.Expr("…", …).
func (e *bEngine) sqExprText(x ast.Expr) (string, bool) {
	if s, ok := e.fold(x); ok {
		return s, true
	}
	if c, ok := x.(*ast.CallExpr); ok && e.sqSelName(c.Fun) == "Expr" && len(c.Args) > 0 {
		return e.fold(c.Args[0])
	}
	return "", false
}

// sqValue renders a value argument: sq.Expr text, NULL for nil, a string
// constant the analyzer folds as a SQL string literal ('0' for
// sq.Eq{"expired_tx_id": "0"}: squirrel binds it as a parameter, which
// Postgres reads as it reads the literal), or "?". The literal is what
// lets the statement's analysis see the value the code compares with or
// writes (sqlast.Query.Literals).
func (e *bEngine) sqValue(x ast.Expr) string {
	if c, ok := x.(*ast.CallExpr); ok && e.sqSelName(c.Fun) == "Expr" && len(c.Args) > 0 {
		if s, ok := e.fold(c.Args[0]); ok {
			return s
		}
	}
	if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
		return "NULL"
	}
	if n, ok := e.numberConst(x); ok {
		return n // sq.Eq{"status": 1}, sq.Eq{"status": StatusDone}
	}
	if s, ok := e.fold(x); ok && !strings.ContainsRune(s, 0) {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return "?"
}

// numberConst renders a Go integer or floating-point constant as a SQL
// number (`1`, `2.5`): from type information, else from a literal.
func (e *bEngine) numberConst(x ast.Expr) (string, bool) {
	var v constant.Value
	if e.info != nil {
		if tv, ok := e.info.Types[x]; ok && tv.Value != nil {
			v = tv.Value
		}
	}
	if id, ok := x.(*ast.Ident); ok && v == nil && e.f != nil {
		// without types: a constant of the file (`const high = 2`)
		astx.EachPkgConst(e.f, func(name string, val ast.Expr) {
			if name == id.Name {
				x = val
			}
		})
	}
	if v == nil {
		neg := false
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.SUB {
			neg, x = true, u.X
		}
		bl, ok := ast.Unparen(x).(*ast.BasicLit)
		if !ok || bl.Kind != token.INT && bl.Kind != token.FLOAT {
			return "", false
		}
		v = constant.MakeFromLiteral(bl.Value, bl.Kind, 0)
		if neg {
			v = constant.UnaryOp(token.SUB, v, 0)
		}
	}
	switch v.Kind() {
	case constant.Int:
		return v.ExactString(), true
	case constant.Float:
		if f, exact := constant.Float64Val(v); exact {
			return strconv.FormatFloat(f, 'f', -1, 64), true
		}
	}
	return "", false
}

// sqMap reads a SetMap argument: sorted keys and rendered values.
func (e *bEngine) sqMap(args []ast.Expr) (keys, vals []string, ok bool) {
	if len(args) != 1 {
		return nil, nil, false
	}
	cl := e.compositeOf(args[0])
	if cl == nil {
		return nil, nil, false
	}
	ok = true
	type kv struct{ k, v string }
	var kvs []kv
	for _, el := range cl.Elts {
		p, isKV := el.(*ast.KeyValueExpr)
		if !isKV {
			ok = false
			continue
		}
		k, kok := e.fold(p.Key)
		if !kok {
			ok = false
			continue
		}
		kvs = append(kvs, kv{k, e.sqValue(p.Value)})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
	for _, p := range kvs {
		keys = append(keys, p.k)
		vals = append(vals, p.v)
	}
	return keys, vals, ok
}

var sqOps = map[string][2]string{
	"Eq": {"=", "IS NULL"}, "NotEq": {"<>", "IS NOT NULL"}, "Lt": {"<", ""}, "LtOrEq": {"<=", ""}, "Gt": {">", ""},
	"GtOrEq": {">=", ""}, "Like": {"LIKE", ""}, "NotLike": {"NOT LIKE", ""}, "ILike": {"ILIKE", ""}, "NotILike": {"NOT ILIKE", ""},
}

// sqPred renders a squirrel predicate; ok is false when part of it is not
// constant (the rest is still returned).
func (e *bEngine) sqPred(x ast.Expr, env map[string]*bState) (string, bool) {
	if s, ok := e.fold(x); ok {
		return s, true
	}
	switch v := x.(type) {
	case *ast.ParenExpr:
		return e.sqPred(v.X, env)
	case *ast.UnaryExpr:
		if v.Op == token.AND {
			return e.sqPred(v.X, env)
		}
	case *ast.CallExpr:
		if e.sqSelName(v.Fun) == "Expr" && len(v.Args) > 0 {
			return e.fold(v.Args[0])
		}
		// sq.Eq(m) conversion
		if op := e.sqSelName(v.Fun); op != "" && len(v.Args) == 1 {
			if cl := e.compositeOf(v.Args[0]); cl != nil {
				return e.sqPredLit(op, cl, env)
			}
		}
	case *ast.CompositeLit:
		// where = sq.And{where, …} refers to itself: stop at the second
		// visit (the predicate is then only partly known)
		if e.sqVisiting[v] {
			return "", false
		}
		if e.sqVisiting == nil {
			e.sqVisiting = map[*ast.CompositeLit]bool{}
		}
		e.sqVisiting[v] = true
		defer delete(e.sqVisiting, v)
		op := e.sqSelName(v.Type)
		if op == "" {
			if mt, ok := v.Type.(*ast.MapType); ok {
				if id, ok := mt.Key.(*ast.Ident); ok && id.Name == "string" {
					op = "Eq"
				}
			}
		}
		return e.sqPredLit(op, v, env)
	case *ast.Ident:
		if cl := e.compositeOf(v); cl != nil {
			return e.sqPred(cl, env)
		}
	case *ast.SelectorExpr:
		// a predicate kept in a struct field by a constructor of the file
		// (Where(d.pred)): every value written to the field
		if vals := e.fieldValues(v); len(vals) > 0 {
			var parts []string
			ok := true
			for _, x := range vals {
				p, pok := e.sqPred(x, env)
				if !pok {
					ok = false
				}
				if p != "" {
					parts = append(parts, p)
				}
			}
			if len(parts) == 1 {
				return parts[0], ok
			}
			if len(parts) > 1 {
				return "((" + strings.Join(parts, ") OR (") + "))", ok
			}
			return "", false
		}
	}
	return "", false
}

// fieldValues returns the values the package's files write to the struct
// field sel selects (keyed composite literals, `x.f = …`), from type
// information: a constructor may sit in another file.
func (e *bEngine) fieldValues(sel *ast.SelectorExpr) []ast.Expr {
	if e.info == nil {
		return nil
	}
	fv, ok := e.info.Uses[sel.Sel].(*types.Var)
	if !ok || !fv.IsField() {
		return nil
	}
	files := e.env.Files
	if len(files) == 0 {
		return fieldWrites([]*ast.File{e.f}, e.info)[fv]
	}
	if e.env.fieldVals == nil {
		e.env.fieldVals = fieldWrites(files, e.info)
	}
	return e.env.fieldVals[fv]
}

// fieldWrites indexes the values files write to struct fields (keyed
// composite literals, `x.f = …`), by field.
func fieldWrites(files []*ast.File, info *types.Info) map[*types.Var][]ast.Expr {
	out := map[*types.Var][]ast.Expr{}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					if v, ok := info.Uses[id].(*types.Var); ok && v.IsField() {
						out[v] = append(out[v], n.Value)
					}
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						if ls, ok := l.(*ast.SelectorExpr); ok {
							if v, ok := info.Uses[ls.Sel].(*types.Var); ok && v.IsField() {
								out[v] = append(out[v], n.Rhs[i])
							}
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// inlineBuilders puts the SQL of the builder arguments in place of their
// `?` in s (other arguments keep theirs).
func (e *bEngine) inlineBuilders(s string, args []ast.Expr, st *bState) string {
	if len(args) == 0 || !strings.Contains(s, "?") {
		return s
	}
	var b strings.Builder
	ai := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '?' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '?' {
			b.WriteString("??")
			i++
			continue
		}
		if ai < len(args) {
			if sub, _, ok := e.eval(args[ai], e.curEnv); ok && sub.kind != "" {
				sub.consumed = true
				st.partial = st.partial || sub.partial
				b.WriteString(sub.render())
				ai++
				continue
			}
		}
		ai++
		b.WriteByte('?')
	}
	return b.String()
}

func (e *bEngine) sqPredLit(op string, cl *ast.CompositeLit, env map[string]*bState) (string, bool) {
	if op == "And" || op == "Or" {
		var parts []string
		ok := true
		for _, el := range cl.Elts {
			p, pok := e.sqPred(el, env)
			if !pok {
				ok = false
			}
			if p != "" {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			return "", ok
		}
		return "(" + strings.Join(parts, " "+strings.ToUpper(op)+" ") + ")", ok
	}
	o, known := sqOps[op]
	if !known {
		return "", false
	}
	type kv struct{ k, v string }
	var kvs []kv
	ok := true
	for _, el := range cl.Elts {
		p, isKV := el.(*ast.KeyValueExpr)
		if !isKV {
			ok = false
			continue
		}
		k, kok := e.fold(p.Key)
		if !kok {
			ok = false
			continue
		}
		if id, isID := p.Value.(*ast.Ident); isID && id.Name == "nil" && o[1] != "" {
			kvs = append(kvs, kv{k, k + " " + o[1]})
			continue
		}
		kvs = append(kvs, kv{k, k + " " + o[0] + " " + e.sqValue(p.Value)})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
	var parts []string
	for _, p := range kvs {
		parts = append(parts, p.v)
	}
	return strings.Join(parts, " AND "), ok
}

// bqDollar turns `?` placeholders into $1, $2… (`??` is a literal `?`), as
// squirrel's Dollar format does.
func bqDollar(s string) string {
	if !strings.Contains(s, "?") {
		return s
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '?' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '?' {
			b.WriteByte('?')
			i++
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	return b.String()
}

// sqTerminals run or render a squirrel statement.
var sqTerminals = map[string]bool{"ToSql": true, "MustSql": true, "Exec": true, "ExecContext": true, "Query": true,
	"QueryContext": true, "QueryRow": true, "QueryRowContext": true, "Scan": true, "ScanContext": true}
