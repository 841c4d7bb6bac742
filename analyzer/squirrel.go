package analyzer

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
// (squirrelWithShared; reported where they are declared). One BuiltQuery is produced per terminal call (ToSql, Exec,
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
// (modelsFromFile) or those given to ormChainsWithModels; an unknown model's
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
	"strconv"
	"strings"
)

// BuiltQuery: SQL synthesised from a builder chain or a CopyFrom call.
type BuiltQuery struct {
	Pos     token.Pos
	SQL     string
	Partial bool
	Via     string // "squirrel", "gorm", "bun", "go-pg", "pgx CopyFrom"
}

// squirrelFromFile returns one BuiltQuery per squirrel statement in f.
func squirrelFromFile(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) []BuiltQuery {
	return runBuilders(f, info, fold, nil, "squirrel", nil)
}

// squirrelPackageVars returns the squirrel builders kept in package-level
// variables of f (`var selectUsers = psql.Select(…).From("users")`), so
// that the package's other files extend them (squirrelWithShared).
func squirrelPackageVars(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) (out map[string]*bState) {
	if f == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			if bqRethrow {
				panic(r)
			}
			out = nil
		}
	}()
	e := newBEngine(f, info, fold, nil, "squirrel")
	if !e.enabled() {
		return nil
	}
	e.packageVars()
	return e.pkgEnv
}

// squirrelWithShared is squirrelFromFile with the builders of the package's
// other files' variables (emitted there, extended here).
func squirrelWithShared(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), shared map[string]*bState) []BuiltQuery {
	return runBuilders(f, info, fold, nil, "squirrel", shared)
}

// ormChainsFromFile returns one BuiltQuery per executed gorm, bun or go-pg
// query chain in f.
// Models named by Model(&T{}) are looked up among the file's own models.
func ormChainsFromFile(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) []BuiltQuery {
	return ormChainsWithModels(fset, f, info, fold, nil)
}

// ormChainsWithModels is ormChainsFromFile with extra models (for example
// every model of the package) to resolve Model(&T{}) arguments declared in
// other files. Without one, the table is derived from T's name by the ORM's
// naming convention and the query is Partial.
func ormChainsWithModels(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), models []ModelRef) []BuiltQuery {
	return runBuilders(f, info, fold, models, "orm", nil)
}

func runBuilders(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), models []ModelRef, which string, shared map[string]*bState) (out []BuiltQuery) {
	if f == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			if bqRethrow {
				panic(r)
			}
			out = nil
		}
	}()
	e := newBEngine(f, info, fold, models, which)
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
	modelCols              []string
	returning              []string
	onConflict             string // bun's On("CONFLICT (id) DO UPDATE"), without the ON
	emitted, consumed      bool
}

func (s *bState) clone() *bState {
	c := *s
	cp := func(x []string) []string { return append([]string(nil), x...) }
	c.prefix, c.cols, c.from, c.joins, c.where = cp(s.prefix), cp(s.cols), cp(s.from), cp(s.joins), cp(s.where)
	c.groupBy, c.having, c.orderBy, c.suffix, c.sets = cp(s.groupBy), cp(s.having), cp(s.orderBy), cp(s.suffix), cp(s.sets)
	c.insCols, c.modelCols, c.returning = cp(s.insCols), cp(s.modelCols), cp(s.returning)
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
	models  []ModelRef
	pkgEnv  map[string]*bState
	vals    map[string]ast.Expr // package-level var values
	// roots accepted by chain shape for the chain being walked
	trust    map[ast.Expr]string
	out      []BuiltQuery
	curFunc  ast.Node
	curEnv   map[string]*bState // the current function's builder variables
	localVal map[string]ast.Expr
	// modelScan reads the file's struct types as gorm models (Create, Save)
	modelScan *modelScan
	// shared: builders kept in package variables of the package's other
	// files
	shared map[string]*bState
}

func newBEngine(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool), models []ModelRef, which string) *bEngine {
	e := &bEngine{f: f, info: info, which: which, imports: bqFileImports(f), sqNames: map[string]bool{},
		pkgEnv: map[string]*bState{}, vals: map[string]ast.Expr{}, trust: map[ast.Expr]string{}}
	e.fold = bqFolder(f, info, fold)
	for name, p := range e.imports {
		if bqPathIn(p, modelSquirrelPth) {
			e.sqNames[name] = true
		}
	}
	if which == "orm" && e.enabled() {
		e.models = append(modelsFromFile(nil, f, info), models...)
	}
	return e
}

func (e *bEngine) importsAny(paths []string) bool {
	for _, p := range e.imports {
		if bqPathIn(p, paths) {
			return true
		}
	}
	return false
}

func (e *bEngine) enabled() bool {
	if e.which == "squirrel" {
		return len(e.sqNames) > 0 || e.info != nil
	}
	return e.importsAny(modelGormPaths) || e.importsAny(modelBunPaths) || e.importsAny(modelGoPgPaths) || e.info != nil
}

func (e *bEngine) run() {
	// package-level variables first: the other files' (reported there),
	// then this file's
	for name, st := range e.shared {
		c := st.clone()
		c.emitted, c.consumed = true, true
		e.pkgEnv[name] = c
	}
	e.packageVars()
	e.runFuncs()
}

// packageVars evaluates the builders kept in the file's package-level
// variables.
func (e *bEngine) packageVars() {
	for _, d := range e.f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok || len(vs.Names) != len(vs.Values) {
				continue
			}
			for i, n := range vs.Names {
				e.vals[n.Name] = vs.Values[i]
				e.prepareChain(vs.Values[i])
				if st, _, ok := e.eval(vs.Values[i], nil); ok {
					e.pkgEnv[n.Name] = st
				}
			}
		}
	}
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
		if st.lib == "gorm" && len(st.from) == 0 && st.modelTable == "" {
			continue // a gorm scope without a table says nothing
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
	for _, q := range e.out {
		if q.Pos == st.pos && q.SQL == sql {
			return
		}
	}
	e.out = append(e.out, BuiltQuery{Pos: st.pos, SQL: sql, Partial: st.partial, Via: st.lib})
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

var (
	sqTerminals = map[string]bool{"ToSql": true, "MustSql": true, "Exec": true, "ExecContext": true, "Query": true,
		"QueryContext": true, "QueryRow": true, "QueryRowContext": true, "Scan": true, "ScanContext": true}
	gormMethods = map[string]bool{"Table": true, "Model": true, "Select": true, "Omit": true, "Where": true, "Or": true,
		"Not": true, "Joins": true, "InnerJoins": true, "Group": true, "Having": true, "Order": true, "Limit": true, "Offset": true,
		"Distinct": true, "WithContext": true, "Session": true, "Debug": true, "Unscoped": true, "Preload": true, "Clauses": true,
		"Scopes": true}
	gormTerminals = map[string]bool{"Find": true, "First": true, "Take": true, "Last": true, "Scan": true, "Pluck": true,
		"Count": true, "Update": true, "Updates": true, "UpdateColumn": true, "UpdateColumns": true, "Delete": true,
		"Row": true, "Rows": true, "FirstOrInit": true, "FirstOrCreate": true, "FindInBatches": true,
		"Create": true, "CreateInBatches": true, "Save": true}
	bunTerminals  = map[string]bool{"Scan": true, "Exec": true, "Count": true, "ScanAndCount": true, "Exists": true, "Rows": true}
	gopgTerminals = map[string]bool{"Select": true, "SelectAndCount": true, "SelectAndCountEstimate": true, "SelectOrInsert": true,
		"Count": true, "CountEstimate": true, "First": true, "Last": true, "Exists": true, "Insert": true, "Update": true,
		"UpdateNotZero": true, "Delete": true, "ForceDelete": true}
)

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
	if strings.HasPrefix(names[0], "New") && e.importsAny(modelBunPaths) {
		switch names[0] {
		case "NewSelect", "NewInsert", "NewUpdate", "NewDelete":
			e.trust[root] = "bun"
		}
		return
	}
	if e.importsAny(modelGoPgPaths) && !e.importsAny(modelGormPaths) {
		if (names[0] == "Model" || names[0] == "ModelContext") && gopgTerminals[names[len(names)-1]] {
			e.trust[root] = "go-pg"
		}
		return
	}
	if e.importsAny(modelGormPaths) {
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
	n, ok := bqDeref(t).(*types.Named)
	if !ok || n.Obj() == nil || n.Obj().Pkg() == nil {
		return "other", ""
	}
	p := n.Obj().Pkg().Path()
	switch {
	case bqPathIn(p, modelSquirrelPth):
		return "squirrel", n.Obj().Name()
	case bqPathIn(p, modelGormPaths):
		return "gorm", n.Obj().Name()
	case bqPathIn(p, modelBunPaths):
		return "bun", n.Obj().Name()
	case bqPathIn(p, modelGoPgPaths):
		return "go-pg", n.Obj().Name()
	}
	// an empty fake package (fast driver) says nothing
	if n.Obj().Pkg().Scope().Len() == 0 {
		return "", ""
	}
	return "other", ""
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
			if lib, _ := e.rootLib(x); lib != "" && lib != "other" {
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
			if lib, _ := e.rootLib(x); lib != "" && lib != "other" {
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
		}
		return st, root, true
	}
	return nil, nil, false
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

// evalRoot: a value of unknown origin that starts a chain (by type or shape).
func (e *bEngine) evalRoot(x ast.Expr) (*bState, *bState, bool) {
	lib, tname := e.rootLib(x)
	if lib == "" {
		lib = e.trust[x]
	}
	want := map[string]bool{"squirrel": e.which == "squirrel", "gorm": e.which == "orm", "bun": e.which == "orm", "go-pg": e.which == "orm"}
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
	case "gorm":
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
	}
	return false
}

// finish applies what a terminal call adds (gorm's Find(&dest, conds…)).
func (e *bEngine) finish(st *bState, sel *ast.SelectorExpr, args []ast.Expr) {
	if st.lib == "go-pg" {
		e.gopgFinish(st, sel.Sel.Name)
		return
	}
	if st.lib != "gorm" {
		return
	}
	name := sel.Sel.Name
	if st.kind == "" {
		st.kind = "select"
	}
	if st.pos == token.NoPos {
		st.pos = sel.Sel.Pos()
	}
	switch name {
	case "Find", "First", "Take", "Last", "FirstOrInit", "FirstOrCreate", "FindInBatches":
		if len(args) > 0 {
			e.gormModel(st, args[0])
		}
		if len(args) > 1 {
			if s, ok := e.fold(args[1]); ok && name != "FindInBatches" {
				if len(args) > 2 || strings.Contains(s, "?") || strings.ContainsAny(s, " =<>") {
					st.where = append(st.where, "AND "+s)
				}
			}
		}
	case "Scan":
		if len(st.from) == 0 && len(args) > 0 {
			e.gormModel(st, args[0])
		}
	case "Pluck":
		if len(args) > 0 {
			if s, ok := e.fold(args[0]); ok {
				st.cols = []string{s}
			} else {
				st.partial = true
			}
		}
	case "Count":
		st.cols = []string{"count(*)"}
	case "Update", "UpdateColumn":
		st.kind = "update"
		if len(args) > 0 {
			if s, ok := e.fold(args[0]); ok {
				st.sets = append(st.sets, s+" = ?")
			} else {
				st.partial = true
			}
		}
	case "Updates", "UpdateColumns":
		st.kind = "update"
		if len(args) > 0 {
			cols, ok := e.gormFields(args[0])
			if !ok {
				st.partial = true
			}
			for _, c := range cols {
				st.sets = append(st.sets, c+" = ?")
			}
		}
	case "Create", "CreateInBatches", "Save":
		// every column of the model: Create inserts them, Save writes them
		// all back
		if len(args) == 0 {
			st.kind = ""
			return
		}
		e.gormModel(st, args[0])
		cols, ok := e.gormModelCols(args[0])
		if len(st.from) == 0 && st.modelTable == "" || len(cols) == 0 && !ok {
			st.kind = "" // not a model this analysis knows: nothing to say
			return
		}
		if name == "Save" {
			st.kind = "update"
			for _, c := range cols {
				st.sets = append(st.sets, c+" = ?")
			}
		} else {
			st.kind = "insert"
			st.insCols = cols
		}
	case "Delete":
		st.kind = "delete"
		if len(args) > 0 {
			e.gormModel(st, args[0])
		}
		if len(args) > 1 {
			if s, ok := e.fold(args[1]); ok && strings.ContainsAny(s, " =<>?") {
				st.where = append(st.where, "AND "+s)
			}
		}
	}
}

// ---- squirrel ----

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
	}
	return nil
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

// sqValue renders a value argument: sq.Expr text, a sub-select, or "?".
func (e *bEngine) sqValue(x ast.Expr) string {
	if c, ok := x.(*ast.CallExpr); ok && e.sqSelName(c.Fun) == "Expr" && len(c.Args) > 0 {
		if s, ok := e.fold(c.Args[0]); ok {
			return s
		}
	}
	if id, ok := x.(*ast.Ident); ok && id.Name == "nil" {
		return "NULL"
	}
	return "?"
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
	}
	return "", false
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

// ---- rendering ----

func (s *bState) render() string {
	var b []string
	from := s.from
	if s.modelTable != "" {
		t := s.modelTable
		if s.modelAlias != "" && s.kind != "insert" {
			t += ` AS "` + s.modelAlias + `"`
		}
		from = append([]string{t}, from...)
	}
	b = append(b, s.prefix...)
	where := func() {
		if len(s.where) == 0 {
			return
		}
		var w strings.Builder
		for i, p := range s.where {
			conn, rest, _ := strings.Cut(p, " ")
			if i > 0 {
				w.WriteString(" " + conn + " ")
			}
			w.WriteString(rest)
		}
		b = append(b, "WHERE "+w.String())
	}
	switch s.kind {
	case "select":
		sel := "SELECT"
		if s.distinct {
			sel += " DISTINCT"
		}
		cols := s.cols
		if len(cols) == 0 && len(s.modelCols) > 0 && (s.lib == "bun" || s.lib == "go-pg") {
			cols = s.modelCols
		}
		if len(cols) == 0 && s.lib == "gorm" {
			cols = []string{"*"}
		}
		if len(cols) > 0 {
			sel += " " + strings.Join(cols, ", ")
		}
		b = append(b, sel)
		if len(from) > 0 {
			b = append(b, "FROM "+strings.Join(from, ", "))
		}
		b = append(b, s.joins...)
		where()
		if len(s.groupBy) > 0 {
			b = append(b, "GROUP BY "+strings.Join(s.groupBy, ", "))
		}
		if len(s.having) > 0 {
			b = append(b, "HAVING "+strings.Join(s.having, " AND "))
		}
		if len(s.orderBy) > 0 {
			b = append(b, "ORDER BY "+strings.Join(s.orderBy, ", "))
		}
		if s.limit != "" {
			b = append(b, "LIMIT "+s.limit)
		}
		if s.offset != "" {
			b = append(b, "OFFSET "+s.offset)
		}
	case "insert":
		ins := "INSERT INTO " + strings.Join(from, ", ")
		insCols := s.insCols
		if len(insCols) == 0 && (s.lib == "bun" || s.lib == "go-pg") {
			insCols = s.modelCols
		}
		if len(insCols) > 0 {
			ins += " (" + strings.Join(insCols, ", ") + ")"
		}
		b = append(b, ins)
		switch {
		case s.insSel != "":
			b = append(b, s.insSel)
		case len(s.values) > 0:
			var rows []string
			for _, r := range s.values {
				rows = append(rows, "("+strings.Join(r, ", ")+")")
			}
			b = append(b, "VALUES "+strings.Join(rows, ", "))
		case len(insCols) > 0:
			var r []string
			for range insCols {
				r = append(r, "?")
			}
			b = append(b, "VALUES ("+strings.Join(r, ", ")+")")
		default:
			b = append(b, "DEFAULT VALUES")
		}
		if s.onConflict != "" {
			// bun: On("CONFLICT (id) DO UPDATE").Set("x = EXCLUDED.x")
			b = append(b, "ON "+s.onConflict)
			if len(s.sets) > 0 && strings.Contains(strings.ToUpper(s.onConflict), "DO UPDATE") {
				b = append(b, "SET "+strings.Join(s.sets, ", "))
			}
		}
	case "update":
		b = append(b, "UPDATE "+strings.Join(from, ", "))
		sets := s.sets
		if len(sets) == 0 && (s.lib == "bun" || s.lib == "go-pg") {
			for _, c := range s.modelCols {
				sets = append(sets, c+" = ?")
			}
		}
		if len(sets) > 0 {
			b = append(b, "SET "+strings.Join(sets, ", "))
		}
		if len(s.joins) > 0 {
			b = append(b, "FROM "+strings.Join(s.joins, ", "))
		}
		where()
	case "delete":
		b = append(b, "DELETE FROM "+strings.Join(from, ", "))
		if len(s.joins) > 0 {
			b = append(b, "USING "+strings.Join(s.joins, ", "))
		}
		where()
	}
	if len(s.returning) > 0 {
		b = append(b, "RETURNING "+strings.Join(s.returning, ", "))
	}
	b = append(b, s.suffix...)
	var nb []string
	for _, p := range b {
		if p = strings.TrimSpace(p); p != "" {
			nb = append(nb, p)
		}
	}
	return bqDollar(strings.Join(nb, " "))
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

// ---- gorm ----

var gormStarters = map[string]bool{"Table": true, "Model": true, "Select": true, "Where": true, "Or": true, "Not": true,
	"Joins": true, "InnerJoins": true, "Group": true, "Having": true, "Order": true, "Limit": true, "Offset": true, "Distinct": true, "Omit": true}

func (e *bEngine) gormApply(st *bState, sel *ast.SelectorExpr, call *ast.CallExpr) {
	name := sel.Sel.Name
	args := call.Args
	if st.kind == "" && gormStarters[name] {
		st.kind = "select"
		st.pos = sel.Sel.Pos()
	}
	arg0 := func() (string, bool) {
		if len(args) == 0 {
			return "", false
		}
		return e.fold(args[0])
	}
	switch name {
	case "Table":
		if s, ok := arg0(); ok {
			st.from = []string{s}
			st.modelTable, st.modelAlias = "", ""
		} else {
			st.partial = true
		}
	case "Model":
		if len(args) == 1 {
			e.gormModel(st, args[0])
		}
	case "Select", "Distinct":
		if name == "Distinct" {
			st.distinct = true
		}
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				st.cols = append(st.cols, s)
			} else if cl := e.compositeOf(a); cl != nil {
				for _, el := range cl.Elts {
					if s, ok := e.fold(el); ok {
						st.cols = append(st.cols, s)
					} else {
						st.partial = true
					}
				}
			} else if name == "Select" && a == args[0] {
				st.partial = true
			}
			if name == "Select" {
				if s, ok := e.fold(args[0]); ok && strings.Contains(s, "?") {
					break // Select("COALESCE(age,?)", 42): the rest are values
				}
			}
		}
	case "Where", "Or", "Not":
		if len(args) == 0 {
			return
		}
		c, ok := e.gormCond(args[0])
		if !ok {
			st.partial = true
		}
		if c == "" {
			return
		}
		switch name {
		case "Where":
			st.where = append(st.where, "AND "+c)
		case "Or":
			st.where = append(st.where, "OR "+c)
		case "Not":
			st.where = append(st.where, "AND NOT ("+c+")")
		}
	case "Joins", "InnerJoins":
		s, ok := arg0()
		if !ok || !strings.Contains(strings.TrimSpace(s), " ") {
			st.partial = true // an association name: the join is derived from the model
			return
		}
		st.joins = append(st.joins, s)
	case "Group":
		if s, ok := arg0(); ok {
			st.groupBy = append(st.groupBy, s)
		} else {
			st.partial = true
		}
	case "Having":
		if s, ok := arg0(); ok {
			st.having = append(st.having, s)
		} else {
			st.partial = true
		}
	case "Order":
		if s, ok := arg0(); ok {
			st.orderBy = append(st.orderBy, s)
		} else {
			st.partial = true
		}
	case "Limit", "Offset":
		v := "?"
		if len(args) == 1 {
			if bl, ok := args[0].(*ast.BasicLit); ok && bl.Kind == token.INT {
				v = bl.Value
			}
		}
		if name == "Limit" {
			st.limit = v
		} else {
			st.offset = v
		}
	case "WithContext", "Session", "Debug", "Unscoped", "Preload", "Clauses", "Omit":
	default:
		st.partial = true
	}
}

// gormCond renders a gorm condition: a string, a map or a struct literal.
func (e *bEngine) gormCond(x ast.Expr) (string, bool) {
	if s, ok := e.fold(x); ok {
		return s, true
	}
	cols, ok := e.gormFields(x)
	var parts []string
	for _, c := range cols {
		parts = append(parts, c+" = ?")
	}
	return strings.Join(parts, " AND "), ok
}

// gormFields: the columns named by a map[string]any literal (keys) or a
// struct literal (non-zero fields, by gorm's naming).
func (e *bEngine) gormFields(x ast.Expr) ([]string, bool) {
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	cl := e.compositeOf(x)
	if cl == nil {
		return nil, false
	}
	var out []string
	ok := true
	_, isMap := cl.Type.(*ast.MapType)
	for _, el := range cl.Elts {
		kv, isKV := el.(*ast.KeyValueExpr)
		if !isKV {
			ok = false
			continue
		}
		if isMap {
			if s, sok := e.fold(kv.Key); sok {
				out = append(out, s)
			} else {
				ok = false
			}
			continue
		}
		if id, isID := kv.Key.(*ast.Ident); isID {
			out = append(out, e.gormFieldColumn(bqTypeName(cl.Type), id.Name))
		}
	}
	if isMap {
		sort.Strings(out)
	}
	return out, ok
}

// gormFieldColumn maps a struct field to its column through the file's gorm
// model when known (tags), else by gorm's naming.
func (e *bEngine) gormFieldColumn(typeName, field string) string {
	if st, ok := newModelScan(e.f, e.info, e.fold).structs[typeName]; ok && st.Fields != nil {
		for _, fl := range st.Fields.List {
			for _, n := range fl.Names {
				if n.Name == field {
					if c := gormSettings(reflectTag(fl, "gorm"))["COLUMN"]; c != "" {
						return c
					}
				}
			}
		}
	}
	return gormDBName(field)
}

func reflectTag(fl *ast.Field, key string) string {
	s, _ := tagOf(fl, key)
	return s
}

// gormModel sets the table from a Model/Find/First argument.
func (e *bEngine) gormModel(st *bState, x ast.Expr) {
	if len(st.from) > 0 || st.modelTable != "" {
		return
	}
	tn := e.modelTypeName(x)
	if tn == "" {
		st.partial = true
		return
	}
	for _, m := range e.models {
		if m.Type == tn && m.Via == "gorm" {
			if m.Table == "" {
				st.partial = true
				return
			}
			st.modelTable = bqQualified(m.Schema, m.Table)
			return
		}
	}
	// not a model seen here: gorm's convention, unverified
	st.modelTable = inflectPlural(gormDBName(tn))
	st.partial = true
}

// gormModelCols returns the columns of the gorm model behind x: a model
// the file or package declares, else a struct type of the file read by
// gorm's naming convention. ok is false when the struct is not found.
func (e *bEngine) gormModelCols(x ast.Expr) ([]string, bool) {
	tn := e.modelTypeName(x)
	if tn == "" {
		return nil, false
	}
	for _, m := range e.models {
		if m.Type == tn && m.Via == "gorm" {
			var cols []string
			for _, c := range m.Columns {
				cols = append(cols, c.Name)
			}
			return cols, true
		}
	}
	if e.modelScan == nil {
		e.modelScan = newModelScan(e.f, e.info, e.fold)
	}
	var mcs []ModelColumn
	if st := e.modelScan.structs[tn]; st != nil {
		mcs = e.modelScan.columns("gorm", st, "", 0)
	} else if n := e.namedStruct(x); n != nil {
		// a struct of another file or package, from type information; one
		// with a TableName method not seen here names an unknown table
		if types.NewMethodSet(types.NewPointer(n)).Lookup(n.Obj().Pkg(), "TableName") != nil {
			return nil, false
		}
		mcs = e.modelScan.fieldColumns("gorm", typesFields(n.Underlying().(*types.Struct)), "", 0)
	} else {
		return nil, false
	}
	var cols []string
	for _, c := range mcs {
		cols = append(cols, c.Name)
	}
	return cols, true
}

// namedStruct returns the named struct type behind x (T, *T, []T, []*T),
// from type information.
func (e *bEngine) namedStruct(x ast.Expr) *types.Named {
	if e.info == nil {
		return nil
	}
	t := e.info.TypeOf(x)
	if t == nil {
		return nil
	}
	t = bqDeref(t)
	for {
		sl, ok := t.Underlying().(*types.Slice)
		if !ok {
			break
		}
		t = bqDeref(sl.Elem())
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

func bqQualified(schema, table string) string {
	if schema != "" {
		return schema + "." + table
	}
	return table
}

// modelTypeName finds the struct type name behind &T{}, []T{}, new(T),
// (*T)(nil), or a variable of type T, *T or []T.
func (e *bEngine) modelTypeName(x ast.Expr) string {
	if e.info != nil {
		if t := e.info.TypeOf(x); t != nil {
			t = bqDeref(t)
			for {
				if sl, ok := t.(*types.Slice); ok {
					t = bqDeref(sl.Elem())
					continue
				}
				break
			}
			if n, ok := t.(*types.Named); ok {
				if _, isStruct := n.Underlying().(*types.Struct); isStruct {
					return n.Obj().Name()
				}
			}
		}
	}
	switch v := x.(type) {
	case *ast.UnaryExpr:
		if v.Op == token.AND {
			return e.modelTypeName(v.X)
		}
	case *ast.ParenExpr:
		return e.modelTypeName(v.X)
	case *ast.CompositeLit:
		return bqElemTypeName(v.Type)
	case *ast.CallExpr:
		if id, ok := v.Fun.(*ast.Ident); ok && id.Name == "new" && len(v.Args) == 1 {
			return bqElemTypeName(v.Args[0])
		}
		if p, ok := v.Fun.(*ast.ParenExpr); ok {
			return bqElemTypeName(p.X)
		}
	case *ast.Ident:
		return e.localTypeName(v.Name)
	}
	return ""
}

func bqElemTypeName(t ast.Expr) string {
	for {
		switch v := t.(type) {
		case *ast.ArrayType:
			t = v.Elt
			continue
		case *ast.StarExpr:
			t = v.X
			continue
		case *ast.ParenExpr:
			t = v.X
			continue
		}
		break
	}
	switch t.(type) {
	case *ast.Ident, *ast.SelectorExpr:
		return bqTypeName(t)
	}
	return ""
}

// localTypeName: the declared type of a variable of the current function.
func (e *bEngine) localTypeName(name string) string {
	if e.curFunc == nil {
		return ""
	}
	found := ""
	ast.Inspect(e.curFunc, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch v := n.(type) {
		case *ast.Field:
			for _, id := range v.Names {
				if id.Name == name {
					found = bqElemTypeName(v.Type)
				}
			}
		case *ast.ValueSpec:
			for i, id := range v.Names {
				if id.Name != name {
					continue
				}
				if v.Type != nil {
					found = bqElemTypeName(v.Type)
				} else if i < len(v.Values) {
					found = e.modelTypeName(v.Values[i])
				}
			}
		case *ast.AssignStmt:
			if v.Tok != token.DEFINE || len(v.Lhs) != len(v.Rhs) {
				return true
			}
			for i, l := range v.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					if _, self := v.Rhs[i].(*ast.Ident); !self {
						found = e.modelTypeName(v.Rhs[i])
					}
				}
			}
		}
		return true
	})
	return found
}

// ---- bun ----

func (e *bEngine) bunApply(st *bState, sel *ast.SelectorExpr, call *ast.CallExpr) bool {
	name := sel.Sel.Name
	args := call.Args
	arg0 := func() (string, bool) {
		if len(args) == 0 {
			return "", false
		}
		return e.fold(args[0])
	}
	if st.kind == "" {
		kind := map[string]string{"NewSelect": "select", "NewInsert": "insert", "NewUpdate": "update", "NewDelete": "delete"}[name]
		if kind == "" {
			return false
		}
		st.kind = kind
		st.pos = sel.Sel.Pos()
		return true
	}
	text := func(s string) string {
		if strings.Contains(s, "?TableAlias") && st.modelAlias != "" {
			s = strings.ReplaceAll(s, "?TableAlias", `"`+st.modelAlias+`"`)
		}
		if strings.Contains(s, "?TableName") && st.modelTable != "" {
			s = strings.ReplaceAll(s, "?TableName", st.modelTable)
		}
		if strings.Contains(s, "?TableAlias") || strings.Contains(s, "?TableName") || strings.Contains(s, "?PKs") || strings.Contains(s, "?Columns") || strings.Contains(s, "?TableColumns") {
			st.partial = true
		}
		return s
	}
	// sub: text with bun.Ident / bun.Safe arguments put in place
	sub := func(s string) string {
		if len(args) > 1 {
			s = e.bunSubst(s, args[1:])
		}
		return text(s)
	}
	switch name {
	case "Model":
		if len(args) == 1 {
			e.bunModel(st, args[0], "bun")
		}
	case "Table":
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				st.from = append(st.from, s)
			} else {
				st.partial = true
			}
		}
	case "TableExpr", "ModelTableExpr":
		s, ok := arg0()
		if !ok {
			st.partial = true
			return true
		}
		if name == "ModelTableExpr" {
			st.modelTable, st.modelAlias = sub(s), ""
		} else {
			st.from = append(st.from, sub(s))
		}
	case "Column":
		for _, a := range args {
			s, ok := e.fold(a)
			if !ok {
				st.partial = true
				continue
			}
			switch st.kind {
			case "select":
				st.cols = append(st.cols, s)
			case "insert":
				st.insCols = append(st.insCols, s)
			case "update":
				st.sets = append(st.sets, s+" = ?")
			}
		}
	case "ColumnExpr":
		if s, ok := arg0(); ok {
			st.cols = append(st.cols, sub(s))
		} else {
			st.partial = true
		}
	case "ExcludeColumn":
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				for i, c := range st.modelCols {
					if c == s {
						st.modelCols = append(st.modelCols[:i:i], st.modelCols[i+1:]...)
						break
					}
				}
			}
		}
	case "Where", "WhereOr":
		s, ok := arg0()
		if !ok {
			st.partial = true
			return true
		}
		conn := "AND "
		if name == "WhereOr" {
			conn = "OR "
		}
		st.where = append(st.where, conn+sub(s))
	case "Join":
		if s, ok := arg0(); ok {
			st.joins = append(st.joins, sub(s))
		} else {
			st.partial = true
		}
	case "JoinOn", "JoinOnOr":
		s, ok := arg0()
		if !ok || len(st.joins) == 0 {
			st.partial = true
			return true
		}
		last := st.joins[len(st.joins)-1]
		switch {
		case !strings.Contains(strings.ToUpper(last), " ON "):
			last += " ON " + sub(s)
		case name == "JoinOnOr":
			last += " OR " + sub(s)
		default:
			last += " AND " + sub(s)
		}
		st.joins[len(st.joins)-1] = last
	case "Group", "Order":
		for _, a := range args {
			s, ok := e.fold(a)
			if !ok {
				st.partial = true
				continue
			}
			if name == "Group" {
				st.groupBy = append(st.groupBy, s)
			} else {
				st.orderBy = append(st.orderBy, s)
			}
		}
	case "GroupExpr", "OrderExpr", "Having":
		s, ok := arg0()
		if !ok {
			st.partial = true
			return true
		}
		switch name {
		case "GroupExpr":
			st.groupBy = append(st.groupBy, sub(s))
		case "OrderExpr":
			st.orderBy = append(st.orderBy, sub(s))
		default:
			st.having = append(st.having, sub(s))
		}
	case "Limit", "Offset":
		v := "?"
		if len(args) == 1 {
			if bl, ok := args[0].(*ast.BasicLit); ok && bl.Kind == token.INT {
				v = bl.Value
			}
		}
		if name == "Limit" {
			st.limit = v
		} else {
			st.offset = v
		}
	case "Set":
		if s, ok := arg0(); ok {
			st.sets = append(st.sets, sub(s))
		} else {
			st.partial = true
		}
	case "SetColumn":
		if len(args) >= 2 {
			c, ok1 := e.fold(args[0])
			v, ok2 := e.fold(args[1])
			if ok1 && ok2 {
				st.sets = append(st.sets, c+" = "+text(v))
				return true
			}
		}
		st.partial = true
	case "Returning":
		if s, ok := arg0(); ok {
			if !strings.EqualFold(strings.TrimSpace(s), "NULL") {
				st.returning = append(st.returning, sub(s))
			}
		} else {
			st.partial = true
		}
	case "Distinct":
		st.distinct = true
	case "On":
		if s, ok := arg0(); ok && st.kind == "insert" {
			st.onConflict = sub(s)
		} else if st.kind == "insert" {
			st.partial = true
		}
	case "WherePK", "WhereDeleted", "WhereAllWithDeleted", "ForceDelete", "Bulk", "Conn", "For", "Ignore", "Replace", "Value", "OmitZero":
	default:
		st.partial = true
	}
	return true
}

func (e *bEngine) bunModel(st *bState, x ast.Expr, via string) {
	tn := e.modelTypeName(x)
	if tn == "" {
		st.partial = true
		return
	}
	for _, m := range e.models {
		if m.Type == tn && m.Via == via {
			st.modelTable = bqQualified(m.Schema, m.Table)
			st.modelAlias = m.Alias
			st.modelCols = nil
			for _, c := range m.Columns {
				st.modelCols = append(st.modelCols, c.Name)
			}
			return
		}
	}
	st.modelTable = inflectPlural(bunUnderscore(tn))
	st.modelAlias = bunUnderscore(tn)
	st.partial = true
}

// ---- go-pg ----

// gopgApply: go-pg's ORM query (db.Model(&u).Column(…).Where(…).Select())
// has bun's shape; the statement kind comes from the terminal.
func (e *bEngine) gopgApply(st *bState, sel *ast.SelectorExpr, call *ast.CallExpr) bool {
	name := sel.Sel.Name
	args := call.Args
	if st.kind == "" {
		switch name {
		case "Model", "ModelContext", "Table", "TableExpr":
		default:
			return false
		}
		st.kind = "select"
		st.pos = sel.Sel.Pos()
	}
	switch name {
	case "Model", "ModelContext":
		if name == "ModelContext" && len(args) > 0 {
			args = args[1:]
		}
		if len(args) >= 1 {
			e.bunModel(st, args[0], "go-pg")
		}
		return true
	case "WhereIn":
		call2 := *call
		sel2 := *sel
		sel2.Sel = &ast.Ident{Name: "Where", NamePos: sel.Sel.Pos()}
		call2.Fun = &sel2
		return e.bunApply(st, &sel2, &call2)
	case "Context", "Apply", "Deleted", "AllWithDeleted", "OnConflict", "Value", "For":
		return true
	}
	return e.bunApply(st, sel, call)
}

func (e *bEngine) gopgFinish(st *bState, name string) {
	switch name {
	case "Count", "CountEstimate":
		st.cols = []string{"count(*)"}
	case "Insert":
		st.kind = "insert"
		st.insCols = append(st.insCols, st.cols...)
		st.cols = nil
	case "Update", "UpdateNotZero":
		st.kind = "update"
		if len(st.sets) == 0 {
			for _, c := range st.cols {
				st.sets = append(st.sets, c+" = ?")
			}
		}
		st.cols = nil
	case "Delete", "ForceDelete":
		st.kind = "delete"
	case "SelectOrInsert":
		st.partial = true
	}
}

// bunSubst puts bun.Ident("col") (quoted) and bun.Safe("sql") arguments (also
// go-pg's pg.Ident / pg.Safe) in place of their `?` or `?N` placeholders;
// other placeholders stay for the parameter numbering.
func (e *bEngine) bunSubst(s string, args []ast.Expr) string {
	if !strings.Contains(s, "?") {
		return s
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '?' {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '_' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		name := s[i+1 : j]
		var idx int
		switch {
		case name == "":
			idx = next
			next++
		case strings.Trim(name, "0123456789") == "":
			idx, _ = strconv.Atoi(name)
		default:
			b.WriteString(s[i:j]) // ?TableAlias and friends
			i = j - 1
			continue
		}
		if idx >= 0 && idx < len(args) {
			if lit, ok := e.identArg(args[idx]); ok {
				b.WriteString(lit)
				i = j - 1
				continue
			}
		}
		b.WriteByte('?')
		i = j - 1
	}
	return b.String()
}

// identArg renders bun.Ident("a.b") as "a"."b" and bun.Safe("x") as x.
func (e *bEngine) identArg(x ast.Expr) (string, bool) {
	c, ok := x.(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return "", false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Ident" && sel.Sel.Name != "Safe" {
		return "", false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok || !bqPathIn(e.imports[id.Name], modelBunPaths) && !bqPathIn(e.imports[id.Name], modelGoPgPaths) {
		return "", false
	}
	v, ok := e.fold(c.Args[0])
	if !ok {
		return "", false
	}
	if sel.Sel.Name == "Safe" {
		return v, true
	}
	parts := strings.Split(v, ".")
	for k, p := range parts {
		parts[k] = pgQuoteIdent(p)
	}
	return strings.Join(parts, "."), true
}
