package builder

// Query builders: squirrel chains (squirrelFromFile) and gorm, bun and go-pg
// chains (ormChainsFromFile) are turned into SQL text that pgparse can
// analyse.
//
// One engine follows builder values through a function: a chain expression
// (`sq.Select("id").From("users")`), a builder kept in a variable and
// extended (`q = q.Where(…)`, also inside if/for/switch: the result is the
// union of every branch's parts), and builder values kept in package
// variables of the file (`var psql = sq.StatementBuilder.PlaceholderFormat(
// sq.Dollar)`) or, for squirrel, of the package's other files
// (squirrelWithShared; reported where they are declared). One Query is produced per terminal call (ToSql, Exec,
// Query, QueryRow, Scan… for squirrel; Find, First, Scan, Pluck, Count,
// Update(s), Delete… for gorm; Scan, Exec, Count… for bun; Select, Count,
// Insert, Update, Delete… for go-pg), per squirrel builder returned or passed
// to a function, and per squirrel builder variable still unused at the end of
// its function (gorm/bun/go-pg chains count only when executed). Sub-chains
// are never reported on their own; a sub-select (FromSelect, Insert.Select)
// is part of its statement.
//
// ORM tables come from the model passed to Model/Find/First (&T{}, []T,
// (*T)(nil), new(T), or a variable of that type): the file's own models
// (models.FromFile) or those given to ormChainsWithModels; an unknown model's
// table is derived by the ORM's naming convention and the query is Partial.
// bun and go-pg select every model column when no Column is given and alias
// the table like the ORM does (`FROM users AS "u"`); gorm selects `*`.
//
// The SQL uses $n placeholders (squirrel's `?` become `$n`, `??` becomes
// `?`). A piece that is not a constant string (fold fails) is left out and
// the query is marked Partial, so the caller should use pgparse's partial
// analysis. Pos is the position of the method or function that started the
// statement (`Select` in `sq.Select(…)`, `NewSelect`, or the first method of
// a gorm chain).
//
// Recognition does not need type information: squirrel is found through the
// file's import of github.com/Masterminds/squirrel (any local name) and
// chains rooted at an unknown value (a StatementBuilder kept in a field or
// in another file) by their shape (Select…From, Insert…Values/Columns/SetMap,
// Update…Set/SetMap, Delete…Where); gorm chains by the file importing gorm
// and every method being a gorm method; bun chains by NewSelect/NewInsert/
// NewUpdate/NewDelete in a file importing bun; go-pg chains by Model(…)
// first and a go-pg terminal last in a file importing go-pg (and not gorm).
// A squirrel statement may also start after a helper call
// (`sqlkit.Builder().Select(…)`). With type information a root whose type is
// a squirrel builder, *gorm.DB, a bun or a go-pg handle is accepted too, and a
// root of another known type is rejected.
//
// gorm Raw/Exec and bun NewRaw chains are left to the SQL call-site sinks.

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
)

// Query: SQL synthesised from a builder chain or a CopyFrom call.
type Query struct {
	Pos     token.Pos
	SQL     string
	Partial bool
	Via     string // "squirrel", "gorm", "bun", "go-pg", "pgx CopyFrom"
	// At is, for a statement completed from a builder kept in a package
	// variable (reported at Pos, the variable's chain), the call that
	// completes and runs it (`resourcesQuery.Where(…).Query()`); NoPos
	// otherwise.
	At token.Pos
	// Args are, for a gorm write, where the values bound to the first
	// len(Args) placeholders come from (gormargs.go); nil otherwise.
	Args []Arg
}

// ormChainsFromFile returns one Query per executed gorm, bun or go-pg
// query chain in f.
// Models named by Model(&T{}) are looked up among the file's own models.
func ormChainsFromFile(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) []Query {
	return ormChainsWithModels(fset, f, info, fold, nil)
}

// ormChainsWithModels is ormChainsFromFile with extra models (for example
// every model of the package) to resolve Model(&T{}) arguments declared in
// other files. Without one, the table is derived from T's name by the ORM's
// naming convention and the query is Partial.
func ormChainsWithModels(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), extra []models.Model) []Query {
	return runBuilders(f, info, fold, extra, "orm", nil, nil)
}

func runBuilders(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), extra []models.Model, which string, shared map[string]*bState, env *Env) (out []Query) {
	if f == nil {
		return nil
	}
	e := newBEngine(f, info, fold, extra, which, env)
	e.shared = shared
	if !e.enabled() {
		return nil
	}
	e.run()
	sort.SliceStable(e.out, func(i, j int) bool { return e.out[i].Pos < e.out[j].Pos })
	return e.out
}

// bState is a builder value.
type bState struct {
	lib      string // "squirrel", "gorm", "bun"
	kind     string // "select", "insert", "update", "delete", "" (not started)
	pos      token.Pos
	partial  bool
	distinct bool
	prefix   []string
	cols     []string
	from     []string
	joins    []string
	where    []string // each prefixed by "AND " or "OR " except possibly the first
	groupBy  []string
	having   []string
	orderBy  []string
	limit    string
	offset   string
	suffix   []string
	sets     []string
	insCols  []string
	values   [][]string
	insSel   string
	// ORM model
	modelTable, modelAlias string
	modelType              string   // the Go type name of the gorm model
	modelX                 ast.Expr // the expression that named it (gorm)
	// gorm: Unscoped() (no soft delete), Omit's columns, and the sources
	// of the first placeholders' values (gormargs.go)
	unscoped          bool
	omit              []string
	args              []Arg
	modelCols         []string
	returning         []string
	onConflict        string // bun's On("CONFLICT (id) DO UPDATE"), without the ON
	emitted, consumed bool
	// varBase: derived from a builder kept in a package variable; at: the
	// call that completes it (Query.At)
	varBase bool
	at      token.Pos
}

func (s *bState) clone() *bState {
	c := *s
	cp := func(x []string) []string { return append([]string(nil), x...) }
	c.prefix, c.cols, c.from, c.joins, c.where = cp(s.prefix), cp(s.cols), cp(s.from), cp(s.joins), cp(s.where)
	c.groupBy, c.having, c.orderBy, c.suffix, c.sets = cp(s.groupBy), cp(s.having), cp(s.orderBy), cp(s.suffix), cp(s.sets)
	c.insCols, c.modelCols, c.returning, c.omit = cp(s.insCols), cp(s.modelCols), cp(s.returning), cp(s.omit)
	c.args = append([]Arg(nil), s.args...)
	c.values = nil
	for _, r := range s.values {
		c.values = append(c.values, cp(r))
	}
	c.emitted, c.consumed = false, false
	return &c
}

type bEngine struct {
	f       *ast.File
	info    *types.Info
	fold    func(ast.Expr) (string, bool)
	which   string
	imports map[string]string
	sqNames map[string]bool
	models  []models.Model
	pkgEnv  map[string]*bState
	vals    map[string]ast.Expr // package-level var values
	// roots accepted by chain shape for the chain being walked
	trust    map[ast.Expr]string
	out      []Query
	curFunc  ast.Node
	curEnv   map[string]*bState // the current function's builder variables
	localVal map[string]ast.Expr
	// sqVisiting are the composite literals sqPred is inside (a predicate
	// variable assigned a literal that holds the variable itself)
	sqVisiting map[*ast.CompositeLit]bool
	// modelScan reads the file's struct types as gorm models (Create, Save)
	modelScan *models.Scan
	// shared: builders kept in package variables of the package's other
	// files
	shared map[string]*bState
	env    *Env // never nil
}

func newBEngine(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), extra []models.Model, which string, env *Env) *bEngine {
	if env == nil {
		env = &Env{}
	}
	e := &bEngine{f: f, info: info, which: which, env: env, imports: astx.Imports(f), sqNames: map[string]bool{},
		pkgEnv: map[string]*bState{}, vals: map[string]ast.Expr{}, trust: map[ast.Expr]string{}}
	e.fold = astx.ConstFolder(f, info, fold)
	for name, p := range e.imports {
		if libs.PathIn(p, libs.Squirrel.Paths) {
			e.sqNames[name] = true
		}
	}
	if which == "orm" && e.enabled() {
		// a failure here is the model extractor's, recorded where the
		// file's models are read
		own, _ := models.FromFile(nil, f, info, env.Pkg)
		e.models = append(own, extra...)
	}
	return e
}

func (e *bEngine) importsAny(paths []string) bool {
	for _, p := range e.imports {
		if libs.PathIn(p, paths) {
			return true
		}
	}
	return false
}

func (e *bEngine) enabled() bool {
	if e.which == "squirrel" {
		return len(e.sqNames) > 0 || e.info != nil
	}
	return e.importsAny(libs.Gorm.Paths) || e.importsAny(libs.Bun.Paths) || e.importsAny(libs.GoPg.Paths) || e.importsAny(libs.Pop.Paths) || e.info != nil
}

func (e *bEngine) run() {
	// package-level variables first: the other files' (reported there),
	// then this file's
	for name, st := range e.shared {
		c := st.clone()
		c.emitted, c.consumed = true, true
		c.varBase = c.kind != "" // a statement, not a StatementBuilder
		e.pkgEnv[name] = c
	}
	e.packageVars()
	e.runFuncs()
}

// packageVars evaluates the builders kept in the file's package-level
// variables.
func (e *bEngine) packageVars() {
	astx.EachPkgVar(e.f, func(name string, val ast.Expr) {
		e.vals[name] = val
		e.prepareChain(val)
		if st, _, ok := e.eval(val, nil); ok {
			st.varBase = st.kind != "" // a statement, not a StatementBuilder
			e.pkgEnv[name] = st
		}
	})
}

func (e *bEngine) runFuncs() {
	// function literals kept in package variables
	for _, d := range e.f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for _, v := range vs.Values {
				if _, isBuilder := e.pkgEnvHas(v); isBuilder {
					continue
				}
				env := map[string]*bState{}
				e.curFunc, e.curEnv, e.localVal = v, env, map[string]ast.Expr{}
				ast.Inspect(v, func(n ast.Node) bool {
					if fl, ok := n.(*ast.FuncLit); ok {
						e.block(fl.Body.List, env)
						return false
					}
					return true
				})
				e.flush(env)
			}
		}
	}
	for _, d := range e.f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		e.curFunc = fd
		e.localVal = map[string]ast.Expr{}
		env := map[string]*bState{}
		e.curEnv = env
		e.block(fd.Body.List, env)
		e.flush(env)
	}
	e.flush(e.pkgEnv)
}

// pkgEnvHas: whether v is the value of a package-level builder variable.
func (e *bEngine) pkgEnvHas(v ast.Expr) (*bState, bool) {
	for _, d := range e.f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok || len(vs.Names) != len(vs.Values) {
				continue
			}
			for i, x := range vs.Values {
				if x == v {
					st, ok := e.pkgEnv[vs.Names[i].Name]
					return st, ok
				}
			}
		}
	}
	return nil, false
}

// flush emits the builders of env nobody used.
func (e *bEngine) flush(env map[string]*bState) {
	var sts []*bState
	for _, st := range env {
		if (st.lib == "gorm" || st.lib == "pop") && len(st.from) == 0 && st.modelTable == "" {
			continue // a gorm or pop scope without a table says nothing
		}
		if st.kind != "" && !st.emitted && !st.consumed {
			sts = append(sts, st)
		}
	}
	sort.Slice(sts, func(i, j int) bool { return sts[i].pos < sts[j].pos })
	for _, st := range sts {
		e.emit(st)
	}
}

func (e *bEngine) emit(st *bState) {
	if st == nil || st.kind == "" {
		return
	}
	st.emitted = true
	sql := st.render()
	q := Query{Pos: st.pos, SQL: sql, Partial: st.partial, Via: st.lib, Args: st.args}
	if st.varBase {
		q.At = st.at
	}
	for _, o := range e.out {
		if o.Pos == q.Pos && o.SQL == sql && o.At == q.At {
			return
		}
	}
	e.out = append(e.out, q)
}

func (e *bEngine) block(stmts []ast.Stmt, env map[string]*bState) {
	for _, s := range stmts {
		e.stmt(s, env)
	}
}

func (e *bEngine) assign(name string, rhs ast.Expr, env map[string]*bState) {
	if cl, ok := rhs.(*ast.CompositeLit); ok {
		e.localVal[name] = cl
	}
	e.prepareChain(rhs)
	st, base, ok := e.eval(rhs, env)
	if !ok {
		e.walk(rhs, env)
		return
	}
	if base != nil {
		base.consumed = true
	}
	if old := env[name]; old != nil && old != base && old != st && !old.emitted && !old.consumed {
		e.emit(old)
	}
	env[name] = st
}

func (e *bEngine) stmt(s ast.Stmt, env map[string]*bState) {
	switch s := s.(type) {
	case *ast.AssignStmt:
		if len(s.Lhs) == len(s.Rhs) {
			for i, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					e.assign(id.Name, s.Rhs[i], env)
				} else {
					e.walk(s.Rhs[i], env)
				}
			}
			return
		}
		for _, r := range s.Rhs {
			e.walk(r, env)
		}
	case *ast.DeclStmt:
		gd, ok := s.Decl.(*ast.GenDecl)
		if !ok {
			return
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok {
				continue
			}
			if len(vs.Names) == len(vs.Values) {
				for i, n := range vs.Names {
					e.assign(n.Name, vs.Values[i], env)
				}
			} else {
				for _, v := range vs.Values {
					e.walk(v, env)
				}
			}
		}
	case *ast.ExprStmt:
		e.walk(s.X, env)
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			e.walk(r, env)
		}
	case *ast.IfStmt:
		if s.Init != nil {
			e.stmt(s.Init, env)
		}
		e.walk(s.Cond, env)
		e.block(s.Body.List, env)
		if s.Else != nil {
			e.stmt(s.Else, env)
		}
	case *ast.BlockStmt:
		e.block(s.List, env)
	case *ast.ForStmt:
		if s.Init != nil {
			e.stmt(s.Init, env)
		}
		if s.Cond != nil {
			e.walk(s.Cond, env)
		}
		e.block(s.Body.List, env)
		if s.Post != nil {
			e.stmt(s.Post, env)
		}
	case *ast.RangeStmt:
		e.walk(s.X, env)
		e.block(s.Body.List, env)
	case *ast.SwitchStmt:
		if s.Init != nil {
			e.stmt(s.Init, env)
		}
		if s.Tag != nil {
			e.walk(s.Tag, env)
		}
		e.block(s.Body.List, env)
	case *ast.TypeSwitchStmt:
		if s.Init != nil {
			e.stmt(s.Init, env)
		}
		e.block(s.Body.List, env)
	case *ast.CaseClause:
		for _, x := range s.List {
			e.walk(x, env)
		}
		e.block(s.Body, env)
	case *ast.SelectStmt:
		e.block(s.Body.List, env)
	case *ast.CommClause:
		if s.Comm != nil {
			e.stmt(s.Comm, env)
		}
		e.block(s.Body, env)
	case *ast.LabeledStmt:
		e.stmt(s.Stmt, env)
	case *ast.GoStmt:
		e.walk(s.Call, env)
	case *ast.DeferStmt:
		e.walk(s.Call, env)
	case *ast.SendStmt:
		e.walk(s.Value, env)
	}
}

// walk looks for terminal calls and builder values in an expression that is
// not assigned to a variable.
func (e *bEngine) walk(x ast.Expr, env map[string]*bState) {
	if x == nil {
		return
	}
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			e.block(n.Body.List, env)
			return false
		case *ast.CallExpr:
			e.prepareChain(n)
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if st, base, ok := e.eval(sel.X, env); ok && e.isTerminal(st, sel.Sel.Name) {
					if base != nil && base != st {
						base.consumed = true
					}
					run := st
					if st.lib != "squirrel" {
						run = st.clone() // finish adds to it
					}
					e.finish(run, sel, n.Args)
					if run.varBase {
						run.at = sel.Sel.Pos()
					}
					e.emit(run)
					st.emitted = true
					for _, a := range n.Args {
						e.walk(a, env)
					}
					return false
				}
			}
			if st, base, ok := e.eval(n, env); ok {
				if base != nil && base != st {
					base.consumed = true
				}
				if st.kind != "" && st.lib == "squirrel" {
					if st.varBase && st.at == token.NoPos {
						st.at = n.Pos()
					}
					e.emit(st)
				}
				e.walkFuncLits(n, env)
				return false
			}
		}
		return true
	})
}

// walkFuncLits processes the function literals inside a builder chain's
// arguments (gorm Transaction callbacks, bun Relation apply functions),
// without reporting the chain's own sub-chains again.
func (e *bEngine) walkFuncLits(x ast.Node, env map[string]*bState) {
	ast.Inspect(x, func(n ast.Node) bool {
		if fl, ok := n.(*ast.FuncLit); ok {
			e.block(fl.Body.List, env)
			return false
		}
		return true
	})
}

// ---- chain shape ----

// chainOf returns the methods of a call chain from the root outwards and the
// root expression.
func chainOf(x ast.Expr) (root ast.Expr, methods []*ast.CallExpr) {
	for {
		switch c := x.(type) {
		case *ast.CallExpr:
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok {
				return x, reverseCalls(methods)
			}
			methods = append(methods, c)
			x = sel.X
		case *ast.ParenExpr:
			x = c.X
		default:
			return x, reverseCalls(methods)
		}
	}
}

func reverseCalls(cs []*ast.CallExpr) []*ast.CallExpr {
	for i, j := 0, len(cs)-1; i < j; i, j = i+1, j-1 {
		cs[i], cs[j] = cs[j], cs[i]
	}
	return cs
}

func methodName(c *ast.CallExpr) string {
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		return sel.Sel.Name
	}
	return ""
}

// prepareChain decides, by the shape of the whole chain, whether a root of
// unknown type starts a squirrel, gorm or bun chain.
func (e *bEngine) prepareChain(x ast.Expr) {
	root, ms := chainOf(x)
	if len(ms) == 0 || root == nil {
		return
	}
	if _, done := e.trust[root]; done {
		return
	}
	rootIsPkg := false
	if id, ok := root.(*ast.Ident); ok && (e.imports[id.Name] != "" && e.isPkgIdent(id)) {
		rootIsPkg = true // pkg.Func(…): squirrel's own functions are handled by eval
	}
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = methodName(m)
	}
	if e.which == "squirrel" {
		// the statement may start after a helper call: pkg.Builder().Select(…)
		for i, n := range names {
			after := func(set ...string) bool {
				for _, m := range names[i+1:] {
					for _, s := range set {
						if m == s {
							return true
						}
					}
				}
				return false
			}
			ok := false
			switch n {
			case "Select":
				ok = after("From", "FromSelect")
			case "Insert":
				ok = after("Columns", "Values", "SetMap")
			case "Update":
				ok = after("Set", "SetMap")
			case "Delete":
				ok = after("Where") && len(ms[i].Args) == 1 && e.isStringish(ms[i].Args[0])
			}
			if !ok || i == 0 && rootIsPkg {
				continue
			}
			if len(e.sqNames) > 0 || after("ToSql") {
				recv := ms[i].Fun.(*ast.SelectorExpr).X
				if i == 0 {
					recv = root
				}
				if _, known := e.trust[recv]; !known && !e.rootTypeKnown(recv) {
					e.trust[recv] = "squirrel"
				}
			}
			return
		}
		return
	}
	if rootIsPkg || e.rootTypeKnown(root) {
		return
	}
	// without types, the library a root's declared type comes from (a
	// field `db *gorm.DB` declared in another file)
	declLib := e.declLib(root)
	if strings.HasPrefix(names[0], "New") && (e.importsAny(libs.Bun.Paths) || declLib == "bun") {
		switch names[0] {
		case "NewSelect", "NewInsert", "NewUpdate", "NewDelete":
			e.trust[root] = "bun"
		}
		return
	}
	if (e.importsAny(libs.GoPg.Paths) || declLib == "go-pg") && !e.importsAny(libs.Gorm.Paths) && declLib != "gorm" {
		if (names[0] == "Model" || names[0] == "ModelContext") && gopgTerminals[names[len(names)-1]] {
			e.trust[root] = "go-pg"
		}
		return
	}
	if (e.importsAny(libs.Pop.Paths) || declLib == "pop") && !e.importsAny(libs.Gorm.Paths) {
		anchor := false
		for i, n := range names {
			switch {
			case popMethods[n]:
				if n == "Q" || n == "Where" {
					anchor = true
				}
			case popTerminals[n] && i == len(names)-1:
				anchor = true
			default:
				return
			}
		}
		if anchor {
			e.trust[root] = "pop"
		}
		return
	}
	if e.importsAny(libs.Gorm.Paths) || declLib == "gorm" {
		anchor := false
		for i, n := range names {
			switch {
			case gormMethods[n]:
				if n == "Table" || n == "Model" || n == "Joins" {
					anchor = true
				}
			case gormTerminals[n] && i == len(names)-1:
				anchor = true
			case gormTerminals[n] || n == "Error":
			default:
				return
			}
		}
		if anchor {
			e.trust[root] = "gorm"
		}
	}
}

func (e *bEngine) isStringish(x ast.Expr) bool {
	if _, ok := e.fold(x); ok {
		return true
	}
	if e.info != nil {
		if t := e.info.TypeOf(x); t != nil {
			if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
				return true
			}
		}
	}
	return false
}

func (e *bEngine) isPkgIdent(id *ast.Ident) bool {
	if e.info != nil {
		if obj, ok := e.info.Uses[id]; ok {
			_, isPkg := obj.(*types.PkgName)
			return isPkg
		}
	}
	return true
}

func (e *bEngine) bqUse(id *ast.Ident) types.Object {
	if e.info == nil {
		return nil
	}
	return e.info.Uses[id]
}

// rootLib: the library of a root expression according to type information
// ("" when unknown, "other" when known to be something else).
func (e *bEngine) rootLib(x ast.Expr) (lib, typeName string) {
	if e.info == nil {
		return "", ""
	}
	t := e.info.TypeOf(x)
	if t == nil {
		return "", ""
	}
	if b, ok := t.(*types.Basic); ok && b.Kind() == types.Invalid {
		return "", ""
	}
	n, ok := astx.Deref(t).(*types.Named)
	if !ok || n.Obj() == nil || n.Obj().Pkg() == nil {
		return "other", ""
	}
	p := n.Obj().Pkg().Path()
	switch {
	case libs.PathIn(p, libs.Squirrel.Paths):
		return "squirrel", n.Obj().Name()
	case libs.PathIn(p, libs.Gorm.Paths):
		return "gorm", n.Obj().Name()
	case libs.PathIn(p, libs.Bun.Paths):
		return "bun", n.Obj().Name()
	case libs.PathIn(p, libs.GoPg.Paths):
		return "go-pg", n.Obj().Name()
	case libs.PathIn(p, libs.Pop.Paths):
		return "pop", n.Obj().Name()
	}
	// an empty fake package (fast driver) says nothing
	if n.Obj().Pkg().Scope().Len() == 0 {
		return "", ""
	}
	// a struct of the code that embeds the library's handle
	// (type Connection struct{ *pop.Connection })
	if st, ok := n.Underlying().(*types.Struct); ok {
		for i := 0; i < st.NumFields(); i++ {
			if f := st.Field(i); f.Embedded() {
				if lib, tn := e.rootLibOfType(f.Type()); lib != "" && lib != "other" {
					return lib, tn
				}
			}
		}
		if lib := e.declLib(x); lib != "" {
			return lib, ""
		}
	}
	return "other", ""
}

// rootLibOfType is rootLib for a type.
func (e *bEngine) rootLibOfType(t types.Type) (lib, typeName string) {
	n, ok := astx.Deref(t).(*types.Named)
	if !ok || n.Obj() == nil || n.Obj().Pkg() == nil {
		return "", ""
	}
	p := n.Obj().Pkg().Path()
	for _, l := range []*libs.Library{libs.Gorm, libs.Bun, libs.GoPg, libs.Pop} {
		if l.Has(p) {
			return l.Name, n.Obj().Name()
		}
	}
	return "", ""
}

func (e *bEngine) rootTypeKnown(x ast.Expr) bool {
	lib, _ := e.rootLib(x)
	return lib != ""
}

// ---- evaluation ----

// eval returns the builder value of x, and the variable's builder it was
// derived from (nil for a fresh chain).
func (e *bEngine) eval(x ast.Expr, env map[string]*bState) (*bState, *bState, bool) {
	if _, ok := e.trust[x]; ok {
		if _, isCall := x.(*ast.CallExpr); isCall {
			return e.evalRoot(x)
		}
	}
	switch v := x.(type) {
	case *ast.ParenExpr:
		return e.eval(v.X, env)
	case *ast.Ident:
		if st := env[v.Name]; st != nil {
			return st, st, true
		}
		if st := e.pkgEnv[v.Name]; st != nil {
			if obj := e.bqUse(v); obj == nil || obj.Pkg() == nil || obj.Parent() == obj.Pkg().Scope() {
				return st, st, true
			}
		}
		return e.evalRoot(x)
	case *ast.SelectorExpr:
		if id, ok := v.X.(*ast.Ident); ok && e.sqNames[id.Name] && e.isPkgIdent(id) && v.Sel.Name == "StatementBuilder" && e.which == "squirrel" {
			return &bState{lib: "squirrel", pos: v.Sel.Pos()}, nil, true
		}
		return e.evalRoot(x)
	case *ast.CallExpr:
		sel, ok := v.Fun.(*ast.SelectorExpr)
		if !ok {
			if lib := e.resultLib(v); lib != "" {
				if st, base, ok := e.throughHelper(v, lib, env); ok {
					return st, base, true
				}
				return e.evalRoot(x)
			}
			if st, base, ok := e.throughHelper(v, "", env); ok {
				return st, base, true
			}
			return nil, nil, false
		}
		name := sel.Sel.Name
		if id, ok := sel.X.(*ast.Ident); ok && e.sqNames[id.Name] && e.isPkgIdent(id) {
			if e.which != "squirrel" {
				return nil, nil, false
			}
			switch name {
			case "Select", "Insert", "Replace", "Update", "Delete":
				st := &bState{lib: "squirrel"}
				e.sqApply(st, sel, v)
				return st, nil, true
			}
			return nil, nil, false
		}
		base, root, ok := e.eval(sel.X, env)
		if !ok {
			// a helper returning a builder: known by its result type
			if lib := e.resultLib(v); lib != "" {
				return e.evalRoot(x)
			}
			return nil, nil, false
		}
		if e.isTerminal(base, name) {
			return nil, nil, false
		}
		if base.lib == "gorm" && (name == "Raw" || name == "Exec") {
			return nil, nil, false // raw SQL: the call-site sinks see it
		}
		st := base.clone()
		switch st.lib {
		case "squirrel":
			e.sqApply(st, sel, v)
		case "gorm":
			e.gormApply(st, sel, v)
		case "bun":
			if !e.bunApply(st, sel, v) {
				return nil, nil, false
			}
		case "go-pg":
			if !e.gopgApply(st, sel, v) {
				return nil, nil, false
			}
		case "pop":
			if !e.popApply(st, sel, v) {
				return nil, nil, false
			}
		}
		return st, root, true
	}
	return nil, nil, false
}

// resultLib is the library of the builder or handle a call returns: by
// its type, or, when the type is not known (the fast driver without the
// library's module), by the declared result type of the function called
// (`func GetConnection(…) *pop.Connection`, read from syntax; the call is
// then trusted as a root of that library). "" when neither says.
func (e *bEngine) resultLib(c *ast.CallExpr) string {
	lib, _ := e.rootLib(c)
	if lib == "other" {
		return ""
	}
	if lib != "" {
		return lib
	}
	if lib := e.declLib(c); lib != "" {
		e.trust[c] = lib
		return lib
	}
	return ""
}

// throughHelper: q = applyFilters(q, f) — a helper given a builder variable
// returns (by its type, or when untyped by assignment to the same name) a
// builder derived from it, with parts we cannot see: the variable's parts,
// Partial.
func (e *bEngine) throughHelper(c *ast.CallExpr, lib string, env map[string]*bState) (*bState, *bState, bool) {
	if lib == "" && e.info != nil {
		if t := e.info.TypeOf(c); t != nil {
			if b, ok := t.(*types.Basic); !ok || b.Kind() != types.Invalid {
				return nil, nil, false // typed as something else
			}
		}
	}
	for _, a := range c.Args {
		id, ok := a.(*ast.Ident)
		if !ok {
			continue
		}
		base := env[id.Name]
		if base == nil || base.kind == "" || lib != "" && base.lib != lib {
			continue
		}
		if lib == "" && !e.assigningTo(c, id.Name) {
			continue
		}
		st := base.clone()
		st.partial = true
		return st, base, true
	}
	return nil, nil, false
}

// assigningTo: c is the right-hand side of an assignment to name in the
// current function (q = helper(q)).
func (e *bEngine) assigningTo(c *ast.CallExpr, name string) bool {
	found := false
	if e.curFunc == nil {
		return false
	}
	ast.Inspect(e.curFunc, func(n ast.Node) bool {
		if found {
			return false
		}
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, r := range as.Rhs {
				if r == c {
					if id, ok := as.Lhs[i].(*ast.Ident); ok && id.Name == name {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// rawQueryVar: x is a local variable of the enclosing function assigned
// the result of a pop RawQuery call (`query := c.RawQuery(sql, …)`).
func (e *bEngine) rawQueryVar(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || e.curFunc == nil {
		return false
	}
	var obj types.Object
	if e.info != nil {
		obj = e.info.Uses[id]
	}
	same := func(l ast.Expr) bool {
		lid, ok := l.(*ast.Ident)
		if !ok || lid.Name != id.Name {
			return false
		}
		if obj == nil || e.info == nil {
			return true
		}
		d := e.info.ObjectOf(lid)
		return d == nil || d == obj
	}
	isRaw := func(r ast.Expr) bool {
		call, ok := ast.Unparen(r).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "RawQuery"
	}
	found := false
	ast.Inspect(e.curFunc, func(n ast.Node) bool {
		if found {
			return false
		}
		switch v := n.(type) {
		case *ast.AssignStmt:
			if len(v.Lhs) == len(v.Rhs) {
				for i, l := range v.Lhs {
					if same(l) && isRaw(v.Rhs[i]) {
						found = true
					}
				}
			}
		case *ast.ValueSpec:
			if len(v.Names) == len(v.Values) {
				for i, l := range v.Names {
					if same(l) && isRaw(v.Values[i]) {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// evalRoot: a value of unknown origin that starts a chain (by type or shape).
func (e *bEngine) evalRoot(x ast.Expr) (*bState, *bState, bool) {
	lib, tname := e.rootLib(x)
	if lib == "" {
		lib = e.trust[x]
	}
	want := map[string]bool{"squirrel": e.which == "squirrel", "gorm": e.which == "orm", "bun": e.which == "orm", "go-pg": e.which == "orm", "pop": e.which == "orm"}
	if !want[lib] {
		return nil, nil, false
	}
	st := &bState{lib: lib, pos: x.Pos()}
	switch lib {
	case "squirrel":
		switch tname {
		case "SelectBuilder":
			st.kind, st.partial = "select", true
		case "InsertBuilder":
			st.kind, st.partial = "insert", true
		case "UpdateBuilder":
			st.kind, st.partial = "update", true
		case "DeleteBuilder":
			st.kind, st.partial = "delete", true
		case "", "StatementBuilderType":
		default:
			return nil, nil, false
		}
	case "gorm", "pop":
		if lib == "pop" && e.rawQueryVar(x) {
			// q := tx.RawQuery(sql); q.First(&id): raw SQL, which the
			// call-site sinks see; no model statement
			return nil, nil, false
		}
		st.kind, st.pos = "", token.NoPos
	case "bun":
		switch tname {
		case "SelectQuery":
			st.kind, st.partial = "select", true
		case "UpdateQuery":
			st.kind, st.partial = "update", true
		case "DeleteQuery":
			st.kind, st.partial = "delete", true
		case "InsertQuery":
			st.kind, st.partial = "insert", true
		case "RawQuery":
			return nil, nil, false
		}
	case "go-pg":
		if tname == "Query" {
			st.kind, st.partial = "select", true
		}
	}
	return st, nil, true
}

func (e *bEngine) isTerminal(st *bState, name string) bool {
	switch st.lib {
	case "squirrel":
		return sqTerminals[name]
	case "gorm":
		return gormTerminals[name]
	case "bun":
		return bunTerminals[name]
	case "go-pg":
		return gopgTerminals[name]
	case "pop":
		return popTerminals[name]
	}
	return false
}

// finish applies what a terminal call adds (gorm's Find(&dest, conds…)).
func (e *bEngine) finish(st *bState, sel *ast.SelectorExpr, args []ast.Expr) {
	switch st.lib {
	case "go-pg":
		e.gopgFinish(st, sel.Sel.Name)
	case "gorm":
		e.gormFinish(st, sel, args)
	case "pop":
		e.popFinish(st, sel, args)
	}
}

func (e *bEngine) compositeOf(x ast.Expr) *ast.CompositeLit {
	switch v := x.(type) {
	case *ast.CompositeLit:
		return v
	case *ast.Ident:
		if cl, ok := e.localVal[v.Name].(*ast.CompositeLit); ok {
			return cl
		}
		if cl, ok := e.vals[v.Name].(*ast.CompositeLit); ok {
			return cl
		}
		// a package variable of another file of the package
		// (`var activeUsers = sq.Eq{"state": "active"}`)
		if e.info != nil {
			if o, ok := e.info.Uses[v].(*types.Var); !ok || o.Pkg() == nil || o.Parent() != o.Pkg().Scope() {
				return nil
			}
		}
		if cl, ok := e.env.pkgVal(v.Name).(*ast.CompositeLit); ok {
			return cl
		}
	}
	return nil
}

// declLib names the ORM library the declared type of x comes from, from
// syntax, when type information does not say ("" when unknown).
func (e *bEngine) declLib(x ast.Expr) string {
	if e.env.DeclLib == nil {
		return ""
	}
	p := e.env.DeclLib(x)
	for _, l := range []*libs.Library{libs.Gorm, libs.Bun, libs.GoPg, libs.Pop} {
		if l.Has(p) {
			return l.Name
		}
	}
	return ""
}
