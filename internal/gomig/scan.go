package gomig

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// found is a site with the key an unread site is recognised by in OLD.
type found struct {
	Site
	key string
}

// scope is where a piece of code runs: on the migration path (mig names
// how that is known), in a down migration (never part of the release's
// changes), or neither.
type scope struct {
	mig     string
	down    bool
	handles map[string]bool // parameter and variable names holding the database handle
	defs    map[string]ast.Expr
	// ranges are the loop variables of `for _, v := range X`: their values
	// are X's elements, inside the loop's body
	ranges map[string][]rangeVar
	// accs are the strings put together in a loop over a constant list
	accs map[string][]*accum
	fn   string // the enclosing function's name
	// xorm: the handle is xorm's, whose Exec turns `name` quoting into
	// the dialect's ("name" on Postgres)
	xorm bool
}

// rangeVar is one loop's variable: X is what it ranges over, from..to
// the loop's body.
type rangeVar struct {
	x        ast.Expr
	from, to token.Pos
}

type scanner struct {
	file    string
	f       *ast.File
	pc      *pkgCache
	stmts   []found
	unread  []found
	upFuncs int
	// roles of the functions a registration call names: "down" or how
	// the registration makes them migrations
	roles   map[string]string
	visited map[*ast.FuncDecl]bool
	// helperUnread: the first unread site of a helper a migration calls,
	// by the helper and its constant arguments
	helperUnread map[string]*found
	// visitedCall: the helpers read, by the helper and its constant
	// arguments (shared with the scanners of other files a call leads to)
	visitedCall map[string]bool
	followDepth int
	// runnerList: the list of steps whose runner's start is read (calls
	// given it are the runner's machinery)
	runnerList string
}

func newScanner(file string, f *ast.File, pc *pkgCache) *scanner {
	return &scanner{file: file, f: f, pc: pc, roles: map[string]string{}, visited: map[*ast.FuncDecl]bool{}, helperUnread: map[string]*found{}, visitedCall: map[string]bool{}}
}

// execSinks are the methods that run a statement: database/sql, sqlx,
// pgx, gorm, bun's raw Exec.
var execSinks = map[string]bool{
	"Exec": true, "ExecContext": true, "MustExec": true, "MustExecContext": true, "ExecEx": true,
	"NamedExec": true, "NamedExecContext": true, "Query": true, "QueryContext": true,
	"QueryRow": true, "QueryRowContext": true, "Queryx": true, "QueryRowx": true, "Raw": true,
	"ExecSQL": true, "Prepare": true, "PrepareContext": true, "Preparex": true, "PreparexContext": true,
}

// ormSchema are the ORM calls that change the schema from models (gorm's
// AutoMigrate and Migrator(), xorm's Sync): what they do depends on the
// model structs, which rbcheck does not turn into DDL.
var ormSchema = map[string]bool{
	"AutoMigrate": true, "Sync": true, "Sync2": true, "CreateTables": true, "DropTables": true,
	"DropTable": true, "CreateTable": true, "AddColumn": true, "DropColumn": true, "AlterColumn": true,
	"RenameColumn": true, "RenameTable": true, "DropIndex": true, "DropConstraint": true,
}

// benign methods take or return the handle without running SQL rbcheck
// should read.
var benign = map[string]bool{
	"Begin": true, "BeginTx": true, "Beginx": true, "BeginTxx": true, "MustBegin": true, "MustBeginTx": true,
	"Commit": true, "Rollback": true, "Close": true, "Ping": true, "PingContext": true,
	"Printf": true, "Println": true, "Print": true, "Infof": true, "Info": true, "Debugf": true, "Debug": true,
	"Errorf": true, "Warnf": true, "Warn": true, "Error": true, "Wrap": true, "Wrapf": true, "WithStack": true,
}

var (
	registration = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)migrat|upgrade`) })
	upName       = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(?:[uU]p(?:[A-Z0-9_]|$)|[mM]igrate|[uU]pgrade|V[0-9]+_)|Migration`)
	})
	downName   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(?:[dD]own|[rR]ollback|[rR]evert)(?:[A-Z0-9_]|$)`) })
	handleType = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`DB|Tx|Conn|Session|Querier|Execer|Pool|Engine|Queryer`)
	})
	schemaDDL = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?is)^\s*(create\s+(unique\s+|or\s+replace\s+|materialized\s+)?(table|index|type|view|sequence|schema|extension|function|trigger|domain)\b|alter\s|drop\s)`)
	})
	selectOnly = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?is)^\s*(select|show)\b`) })
)

func calleeName(e ast.Expr) string {
	switch f := ast.Unparen(e).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		return calleeName(f.X)
	}
	return ""
}

// downArg reports the argument of a goose registration that is the down
// migration.
func downArg(name string, i int) bool {
	switch {
	case strings.Contains(name, "NewGoMigration"), strings.Contains(name, "AddNamedMigration"):
		return i == 2
	case strings.Contains(name, "AddMigration"):
		return i == 1
	}
	return false
}

func (s *scanner) run() {
	// registrations name their functions: goose.AddMigration(upX, downX)
	ast.Inspect(s.f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			name := calleeName(n.Fun)
			if !registration().MatchString(types.ExprString(n.Fun)) {
				return true
			}
			for i, a := range n.Args {
				if fn := calleeName(a); fn != "" {
					if _, ok := ast.Unparen(a).(*ast.CallExpr); ok {
						continue
					}
					if downArg(name, i) {
						s.roles[fn] = "down"
					} else if _, ok := s.roles[fn]; !ok {
						s.roles[fn] = types.ExprString(n.Fun) + "(…)"
					}
				}
			}
		case *ast.KeyValueExpr:
			if k, ok := n.Key.(*ast.Ident); ok {
				if fn := calleeName(n.Value); fn != "" {
					if _, lit := ast.Unparen(n.Value).(*ast.CallExpr); lit {
						return true
					}
					switch keyRole(k.Name) {
					case "down":
						s.roles[fn] = "down"
					case "up":
						if _, ok := s.roles[fn]; !ok {
							s.roles[fn] = k.Name + ": of a migration"
						}
					}
				}
			}
		}
		return true
	})
	fileCtx := scope{}
	if v := gooseVersion(s.file); v != "" {
		fileCtx.mig = "goose Go migration"
	} else if migrationDir(s.file) {
		fileCtx.mig = "a function in a migrations folder"
	}
	for _, d := range s.f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Body == nil || s.visited[d] {
				continue
			}
			s.visited[d] = true
			ctx := s.funcContext(d, fileCtx)
			s.walkFunc(d.Type, d.Body, ctx)
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, v := range vs.Values {
						s.walk(v, scope{handles: map[string]bool{}, defs: map[string]ast.Expr{}})
					}
				}
			}
		}
	}
}

func keyRole(k string) string {
	switch k {
	case "Migrate", "MigrateSession", "Up", "UpFn", "Apply", "RunTx", "RunDB", "Upgrade":
		return "up"
	case "Rollback", "Down", "DownFn", "Revert", "RollbackSession":
		return "down"
	}
	return ""
}

// funcContext is the context of a declared function's body.
func (s *scanner) funcContext(d *ast.FuncDecl, fileCtx scope) scope {
	ctx := scope{fn: d.Name.Name}
	name := d.Name.Name
	if r, ok := s.roles[name]; ok {
		if r == "down" {
			ctx.down = true
		} else {
			ctx.mig = r
		}
	}
	switch {
	case ctx.down || ctx.mig != "":
	case downName().MatchString(name):
		ctx.down = true
	case upName().MatchString(name) && (fileCtx.mig != "" || d.Recv == nil):
		ctx.mig = "func " + name
		if fileCtx.mig != "" {
			ctx.mig += " (" + fileCtx.mig + ")"
		}
	case fileCtx.mig != "" && d.Recv == nil && !s.pc.calledIn(s.file, name):
		// a helper the folder's migrations call is read at each call,
		// with its arguments
		ctx.mig = fileCtx.mig
	}
	if !ctx.down && ctx.mig != "" {
		s.upFuncs++
	}
	return ctx
}

// walkFunc walks a function body with its parameters known.
func (s *scanner) walkFunc(ft *ast.FuncType, body *ast.BlockStmt, ctx scope) {
	handles, defs, ranges, accs := map[string]bool{}, map[string]ast.Expr{}, map[string][]rangeVar{}, map[string][]*accum{}
	for k, v := range ctx.handles {
		handles[k] = v
	}
	for k, v := range ctx.defs {
		defs[k] = v
	}
	for k, v := range ctx.ranges {
		ranges[k] = v
	}
	ctx.handles, ctx.defs, ctx.ranges, ctx.accs = handles, defs, ranges, accs
	if ft.Params != nil {
		for _, p := range ft.Params.List {
			if t := types.ExprString(p.Type); handleType().MatchString(t) {
				for _, n := range p.Names {
					ctx.handles[n.Name] = true
				}
				if strings.Contains(t, "xorm.") {
					ctx.xorm = true
				}
			}
		}
	}
	collectDefs(body, ctx)
	s.walk(body, ctx)
}

// collectDefs records the local names assigned exactly once (their value
// is then known), and the handles begun from a handle.
func collectDefs(body *ast.BlockStmt, ctx scope) {
	count := map[string]int{}
	var stack []ast.Node
	adds := map[string][]accPart{}
	decls := map[string][]*accum{}
	plain := map[string][]token.Pos{}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncLit:
			stack = stack[:len(stack)-1]
			return false
		case *ast.AssignStmt:
			if n.Tok == token.ADD_ASSIGN && len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if id, ok := n.Lhs[0].(*ast.Ident); ok {
					count[id.Name]++
					p := accPartAt(id.Name, n.Rhs[0], stack)
					p.pos = n.Pos()
					adds[id.Name] = append(adds[id.Name], p)
					return true
				}
			}
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if id, ok := n.Lhs[0].(*ast.Ident); ok {
					if n.Tok == token.DEFINE {
						from, to := enclosingBlock(stack)
						decls[id.Name] = append(decls[id.Name], &accum{init: n.Rhs[0], decl: n.Pos(), from: from, to: to})
					} else {
						plain[id.Name] = append(plain[id.Name], n.Pos())
					}
				}
			}
			for i, l := range n.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				count[id.Name]++
				switch {
				case len(n.Rhs) == len(n.Lhs):
					ctx.defs[id.Name] = n.Rhs[i]
				case len(n.Rhs) == 1 && i == 0:
					ctx.defs[id.Name] = n.Rhs[0]
				}
				if c, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && i == 0 && strings.HasPrefix(calleeName(c.Fun), "Begin") {
					ctx.handles[id.Name] = true
				}
			}
		case *ast.RangeStmt:
			if id, ok := n.Value.(*ast.Ident); ok && n.Tok == token.DEFINE {
				ctx.ranges[id.Name] = append(ctx.ranges[id.Name], rangeVar{n.X, n.Body.Pos(), n.Body.End()})
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				count[id.Name]++
				if i < len(n.Values) {
					ctx.defs[id.Name] = n.Values[i]
				}
			}
		}
		return true
	})
	for k, c := range count {
		if c > 1 {
			delete(ctx.defs, k)
		}
	}
	for k, ds := range decls {
		for _, a := range ds {
			if accumOf(a, adds[k], plain[k]) {
				ctx.accs[k] = append(ctx.accs[k], a)
			}
		}
	}
}

// enclosingBlock is the span of the innermost block (or case clause) on
// the stack.
func enclosingBlock(stack []ast.Node) (token.Pos, token.Pos) {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.BlockStmt, *ast.CaseClause:
			return n.Pos(), n.End()
		}
	}
	return token.NoPos, token.NoPos
}

// accum is a string put together in one loop over a constant list:
// `cols := ""; for _, c := range names { if cols != "" { cols += ", " };
// cols += "DROP COLUMN " + c }` (woodpecker's dropTableColumns).
type accum struct {
	init     ast.Expr
	decl     token.Pos // the := that starts it
	from, to token.Pos // the block it is declared in
	loop     *ast.RangeStmt
	parts    []accPart
}

// accPart is one `x += e` of the loop, guarded by `if x != ""` or not.
type accPart struct {
	e       ast.Expr
	loop    *ast.RangeStmt
	guarded bool
	ok      bool
	pos     token.Pos
}

// accPartAt reads an `x += e` with the statements around it.
func accPartAt(name string, e ast.Expr, stack []ast.Node) accPart {
	p := accPart{e: e}
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.IfStmt:
			b, ok := ast.Unparen(n.Cond).(*ast.BinaryExpr)
			if !ok || b.Op != token.NEQ || types.ExprString(b.X) != name || types.ExprString(b.Y) != `""` || n.Else != nil || p.guarded {
				return p
			}
			p.guarded = true
		case *ast.RangeStmt:
			p.loop, p.ok = n, true
			return p
		case *ast.BlockStmt, *ast.AssignStmt:
		default:
			return p
		}
	}
	return p
}

// accumOf reports whether a declaration is an accumulation: every +=
// to its name in its block is in one loop over a list, after it, and
// nothing else assigns the name there.
func accumOf(a *accum, parts []accPart, plain []token.Pos) bool {
	in := func(p token.Pos) bool { return a.from <= p && p < a.to && p > a.decl }
	for _, p := range plain {
		if in(p) {
			return false
		}
	}
	for _, p := range parts {
		if !in(p.pos) {
			continue
		}
		if !p.ok || (a.loop != nil && p.loop != a.loop) {
			return false
		}
		a.loop = p.loop
		a.parts = append(a.parts, p)
	}
	if a.loop == nil {
		return false
	}
	_, ok := a.loop.Value.(*ast.Ident)
	return ok && a.loop.Tok == token.DEFINE
}

// accAt is the accumulation a use of name at pos reads.
func accAt(list []*accum, pos token.Pos) *accum {
	var best *accum
	for _, a := range list {
		if a.from <= pos && pos < a.to && pos > a.loop.End() && (best == nil || a.from > best.from) {
			best = a
		}
	}
	return best
}

// walk visits n in ctx; function literals passed to registrations or
// under a migration's key take their context from there.
func (s *scanner) walk(n ast.Node, ctx scope) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			s.walkLit(n, ctx)
			return false
		case *ast.CompositeLit:
			// a migration value for another engine (kratos' popx.Migration
			// with DBType: "cockroach"): its functions do not run on Postgres
			return !forOtherEngine(n)
		case *ast.CaseClause:
			// a dialect switch's branch for other engines only (woodpecker's
			// `case schemas.SQLITE:`) does not run on Postgres
			return !otherEngineCase(n.List)
		case *ast.IfStmt:
			// `if dialect == schemas.SQLITE {…}`: only the else runs here
			if b, ok := ast.Unparen(n.Cond).(*ast.BinaryExpr); ok && b.Op == token.EQL &&
				(otherEngineCase([]ast.Expr{b.X}) || otherEngineCase([]ast.Expr{b.Y})) {
				if n.Else != nil {
					s.walk(n.Else, ctx)
				}
				return false
			}
		case *ast.KeyValueExpr:
			if lit, ok := ast.Unparen(n.Value).(*ast.FuncLit); ok {
				inner := ctx
				if k, ok := n.Key.(*ast.Ident); ok && !ctx.down {
					switch keyRole(k.Name) {
					case "up":
						if inner.mig == "" {
							inner.mig = k.Name + ": of a migration"
							s.upFuncs++
						}
					case "down":
						inner.down = true
					}
				}
				s.walkLit(lit, inner)
				return false
			}
		case *ast.CallExpr:
			s.call(n, ctx)
			name := calleeName(n.Fun)
			reg := registration().MatchString(types.ExprString(n.Fun))
			s.walk(n.Fun, ctx)
			for i, a := range n.Args {
				lit, ok := ast.Unparen(a).(*ast.FuncLit)
				if !ok {
					s.walk(a, ctx)
					continue
				}
				inner := ctx
				switch {
				case ctx.down:
				case reg && downArg(name, i):
					inner.down = true
				case reg:
					inner.mig = types.ExprString(n.Fun) + "(…)"
					s.upFuncs++
				}
				s.walkLit(lit, inner)
			}
			return false
		}
		return true
	})
}

// otherEngineCase: every expression of a case names another database
// engine (schemas.SQLITE, "mysql"), and none Postgres.
func otherEngineCase(list []ast.Expr) bool {
	if len(list) == 0 {
		return false
	}
	for _, e := range list {
		t := types.ExprString(e)
		if !otherEngine(t) || strings.Contains(strings.ToLower(t), "postgres") {
			return false
		}
	}
	return true
}

// forOtherEngine reports whether a composite literal names another
// database engine in a field that says which one it is for (DBType,
// Dialect, Driver, Engine, Database), as a string literal.
func forOtherEngine(cl *ast.CompositeLit) bool {
	for _, e := range cl.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		switch strings.ToLower(k.Name) {
		case "dbtype", "dialect", "driver", "drivername", "engine", "database", "dbkind":
		default:
			continue
		}
		lit, ok := ast.Unparen(kv.Value).(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			continue
		}
		v, err := strconv.Unquote(lit.Value)
		if err == nil && v != "" && otherEngine(v) {
			return true
		}
	}
	return false
}

// walkLit walks a function literal: it sees its enclosing function's
// handles and values.
func (s *scanner) walkLit(lit *ast.FuncLit, ctx scope) {
	s.walkFunc(lit.Type, lit.Body, ctx)
}

// call looks at one call: a statement run on the database, an ORM's
// schema call, or the handle given to code rbcheck does not follow.
func (s *scanner) call(c *ast.CallExpr, ctx scope) {
	if ctx.down {
		return
	}
	sel, isSel := ast.Unparen(c.Fun).(*ast.SelectorExpr)
	name := calleeName(c.Fun)
	switch {
	case isSel && execSinks[name]:
		if !s.preparedExec(sel, ctx) {
			s.sink(c, ctx)
		}
		return
	case isSel && ormSchema[name] && (ctx.mig != "" || name == "AutoMigrate" || migratorCall(sel.X)):
		why := ""
		if ctx.xorm && (name == "Sync" || name == "Sync2" || name == "CreateTables") {
			// xorm's Sync of model structs: their fields and tags
			sqls, w, ok := s.syncModels(c, ctx)
			if ok {
				for _, q := range sqls {
					s.stmt(q, nil, c, ctx)
				}
				return
			}
			why = ": " + w
		}
		if ctx.xorm && name == "DropTable" && len(c.Args) == 1 {
			if t, ok := s.dropTableName(c.Args[0], c.Pos(), ctx); ok {
				s.stmt(`DROP TABLE IF EXISTS "`+strings.ReplaceAll(t, `"`, `""`)+`"`, nil, c, ctx)
				return
			}
		}
		s.addUnread(c, ctx, fmt.Sprintf("%s changes the schema from Go models, which rbcheck does not turn into SQL%s", types.ExprString(c.Fun), why))
		return
	}
	if s.runnerList != "" {
		for _, a := range c.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && id.Name == s.runnerList {
				return // the runner's own machinery (xormigrate.New(e, migrationTasks))
			}
		}
	}
	if ctx.mig == "" {
		return
	}
	// the migration hands its database handle on
	passes := false
	for _, a := range c.Args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok && ctx.handles[id.Name] {
			passes = true
		}
	}
	if !passes || benign[name] || registration().MatchString(name) {
		return
	}
	if !isSel {
		// a function of this package: its body runs in the migration
		if d := s.lookupFunc(name); d != nil {
			s.follow(c, ctx, d, s.home(), name)
			return
		}
		// a function value (fn(tx)): its literal is read where it is
		// written; a builtin or conversion runs no SQL
		return
	}
	if id, ok := sel.X.(*ast.Ident); ok && ctx.handles[id.Name] {
		return // a method of the handle itself (Prepare, Model…)
	}
	if d, denv := s.importFunc(sel, s.home()); d != nil {
		// a function of another package of the module (spicedb's
		// schema.CreateIndexConcurrently)
		s.follow(c, ctx, d, denv, types.ExprString(c.Fun))
		return
	}
	s.addUnread(c, ctx, fmt.Sprintf("the migration hands its database handle to %s, which rbcheck does not follow", types.ExprString(c.Fun)))
}

// follow reads the body of a function a migration hands its handle to, its
// parameters bound to the call's constant arguments: what it runs is the
// migration's. Each function is read once per distinct constant arguments;
// what it does not read is said at each call.
func (s *scanner) follow(c *ast.CallExpr, ctx scope, d *ast.FuncDecl, denv env, name string) {
	inner := scope{mig: ctx.mig, fn: d.Name.Name, handles: map[string]bool{}, defs: map[string]ast.Expr{}, xorm: ctx.xorm}
	key := fmt.Sprintf("%p", d)
	i := 0
	if d.Type.Params != nil {
		for _, f := range d.Type.Params.List {
			names := f.Names
			if len(names) == 0 {
				names = []*ast.Ident{nil}
			}
			for _, n := range names {
				if i >= len(c.Args) {
					break
				}
				a := c.Args[i]
				i++
				if n == nil {
					continue
				}
				if _, variadic := f.Type.(*ast.Ellipsis); variadic && !c.Ellipsis.IsValid() {
					// names ...string: the rest of the arguments, a list
					a = &ast.CompositeLit{Type: &ast.ArrayType{Elt: ast.NewIdent("string")}, Elts: c.Args[i-1:], Lbrace: a.Pos()}
					i = len(c.Args)
				}
				if id, ok := ast.Unparen(a).(*ast.Ident); ok && ctx.handles[id.Name] {
					inner.handles[n.Name] = true
					continue
				}
				if r := s.resolve(a, ctx, s.home(), 0); r != nil {
					inner.defs[n.Name] = r
					key += "|" + n.Name + "=" + types.ExprString(r)
				}
			}
		}
	}
	if !s.visitedCall[key] && s.followDepth < maxDepth {
		s.visitedCall[key] = true
		s.visited[d] = true
		sub := s
		if denv.path != s.file {
			sub = newScanner(denv.path, denv.f, s.pc)
			sub.visitedCall, sub.followDepth = s.visitedCall, s.followDepth
		}
		sub.followDepth++
		n, m := len(s.unread), len(s.stmts)
		if sub == s {
			s.walkFunc(d.Type, d.Body, inner)
		} else {
			sub.walkFunc(d.Type, d.Body, inner)
			s.stmts = append(s.stmts, sub.stmts...)
			s.unread = append(s.unread, sub.unread...)
		}
		sub.followDepth--
		if s.followDepth == 0 {
			// SQL a helper puts together from the migration's arguments
			// is placed at the migration's call
			p := s.pc.position(c)
			for i := m; i < len(s.stmts); i++ {
				if st := &s.stmts[i]; !st.Exact {
					st.File, st.Line, st.Col = p.Filename, p.Line, p.Column
				}
			}
		}
		if len(s.unread) > n {
			// said once, at each call in a migration
			first := s.unread[n]
			s.helperUnread[key] = &first
			s.unread = s.unread[:n]
		}
	}
	if u := s.helperUnread[key]; u != nil {
		s.addUnread(c, ctx, fmt.Sprintf("the migration calls %s, which does not run constant SQL: at %s:%d, %s", name, u.File, u.Line, u.Reason))
		s.unread[len(s.unread)-1].Shapes = u.Shapes
	}
}

// migratorCall: gorm's db.Migrator().
func migratorCall(e ast.Expr) bool {
	c, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && calleeName(c.Fun) == "Migrator"
}

// preparedExec: stmt.Exec(args) of a statement prepared from a handle;
// its SQL was read at the Prepare.
func (s *scanner) preparedExec(sel *ast.SelectorExpr, ctx scope) bool {
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	c, ok := ast.Unparen(ctx.defs[id.Name]).(*ast.CallExpr)
	return ok && strings.HasPrefix(calleeName(c.Fun), "Prepare")
}

// calledIn reports whether a function of p's folder calls name (a helper
// of the folder's migrations).
func (c *pkgCache) calledIn(p, name string) bool {
	dir := path.Dir(p)
	if c.called == nil {
		c.called = map[string]map[string]bool{}
	}
	m, ok := c.called[dir]
	if !ok {
		m = map[string]bool{}
		for _, f := range c.pkg(p) {
			ast.Inspect(f, func(n ast.Node) bool {
				if ce, ok := n.(*ast.CallExpr); ok {
					if id, ok := ast.Unparen(ce.Fun).(*ast.Ident); ok {
						m[id.Name] = true
					}
				}
				return true
			})
		}
		c.called[dir] = m
	}
	return m[name]
}

func (s *scanner) lookupFunc(name string) *ast.FuncDecl {
	for _, f := range s.pc.pkg(s.file) {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name && fd.Body != nil {
				return fd
			}
		}
	}
	return nil
}

// sink reads the SQL argument of a call that runs a statement.
func (s *scanner) sink(c *ast.CallExpr, ctx scope) {
	arg := sqlArg(c)
	if arg == nil {
		if ctx.mig != "" && len(c.Args) <= 1 && calleeName(c.Fun) == "Exec" {
			if _, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr).X.(*ast.CallExpr); ok {
				// a query builder's Exec(ctx): bun's NewAddColumn()…Exec(ctx)
				s.addUnread(c, ctx, fmt.Sprintf("%s runs a statement a query builder makes, which rbcheck does not read", types.ExprString(c.Fun)))
			}
		}
		return
	}
	pieces, ok := s.pieces(arg, ctx)
	if !ok {
		if ctx.mig == "" || s.fromFile(arg, ctx, 0) {
			return
		}
		s.addUnread(c, ctx, fmt.Sprintf("the SQL %s runs is built at run time (%s)", types.ExprString(c.Fun), short(types.ExprString(arg))))
		sh := s.shapes(arg, ctx)
		if ctx.xorm {
			for i := range sh {
				sh[i] = strings.ReplaceAll(sh[i], "`", `"`)
			}
		}
		s.unread[len(s.unread)-1].Shapes = sh
		return
	}
	for _, p := range pieces {
		s.stmt(p.sql, p.lit, arg, ctx)
	}
}

// piece is one constant statement a sink runs.
type piece struct {
	sql string
	lit *ast.BasicLit // the literal it is exactly, or nil
}

// pieces are the constant statements e stands for: one value, or each
// element of the constant list a loop variable ranges over (spicedb's
// `for _, stmt := range statements { tx.Exec(ctx, stmt) }`).
func (s *scanner) pieces(e ast.Expr, ctx scope) ([]piece, bool) {
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if x := loopOver(ctx.ranges[id.Name], id.Pos()); x != nil {
			els, ok := s.listAt(x, ctx, s.home(), 1)
			if !ok {
				return nil, false
			}
			var out []piece
			for _, el := range els {
				v, lit, ok := s.valueAt(el.x, scope{}, el.at, 1)
				if !ok {
					return nil, false
				}
				out = append(out, piece{v, lit})
			}
			return out, true
		}
	}
	v, lit, ok := s.value(e, ctx, 0)
	if !ok {
		return nil, false
	}
	return []piece{{v, lit}}, true
}

// shapes are the constant formats of the fmt.Sprintf the SQL argument is
// (directly or through a local variable), each verb filled by a stand-in;
// nil when the format is not constant.
func (s *scanner) shapes(arg ast.Expr, ctx scope) []string {
	e := ast.Unparen(arg)
	if id, ok := e.(*ast.Ident); ok {
		if d, ok := ctx.defs[id.Name]; ok {
			e = ast.Unparen(d)
		}
	}
	c, ok := e.(*ast.CallExpr)
	if ok {
		if sh := builderShape(c); sh != "" {
			return []string{sh}
		}
	}
	if !ok || calleeName(c.Fun) != "Sprintf" || len(c.Args) == 0 {
		return nil
	}
	formats, ok := s.pieces(c.Args[0], ctx)
	if !ok {
		return nil
	}
	// the arguments known here fill their verbs
	known := map[int]string{}
	for i, a := range c.Args[1:] {
		if v, _, ok := s.value(a, ctx, 1); ok {
			known[i] = v
		}
	}
	var out []string
	for _, f := range formats {
		n := 0
		out = append(out, verb().ReplaceAllStringFunc(f.sql, func(v string) string {
			if v == "%%" {
				return "%"
			}
			i := n
			n++
			if k, ok := known[i]; ok && (v == "%s" || v == "%v") {
				return k
			}
			switch v[len(v)-1] {
			case '%':
				return "%"
			case 'd', 'x', 'f', 'g':
				return "0"
			case 'q':
				return "'rbcheck_runtime'"
			}
			return "rbcheck_runtime"
		}))
	}
	return out
}

// builderShape: a query builder chain that starts with xorm builder's
// Update, Insert or Delete (woodpecker's builder.Update(…).From("repos")…)
// changes rows only: the shape of such a statement.
func builderShape(c *ast.CallExpr) string {
	for {
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			return ""
		}
		if id, ok := sel.X.(*ast.Ident); ok {
			if id.Name != "builder" {
				return ""
			}
			switch sel.Sel.Name {
			case "Update":
				return "UPDATE rbcheck_runtime SET rbcheck_runtime = 0"
			case "Insert":
				return "INSERT INTO rbcheck_runtime VALUES (0)"
			case "Delete":
				return "DELETE FROM rbcheck_runtime"
			}
			return ""
		}
		inner, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return ""
		}
		c = inner
	}
}

var verb = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`%[-+# 0-9.*]*[a-zA-Z%]`) })

// loopOver is what the innermost loop around pos whose variable this is
// ranges over (nil outside every such loop).
func loopOver(vars []rangeVar, pos token.Pos) ast.Expr {
	var best *rangeVar
	for i := range vars {
		v := &vars[i]
		if v.from <= pos && pos < v.to && (best == nil || v.from > best.from) {
			best = v
		}
	}
	if best == nil {
		return nil
	}
	return best.x
}

// stmt records a constant statement a sink runs, when it is the release's
// to read: any statement on the migration path but a query, schema DDL
// elsewhere.
func (s *scanner) stmt(sql string, lit *ast.BasicLit, arg ast.Expr, ctx scope) {
	if ctx.mig == "" && !schemaDDL().MatchString(stripComments(sql)) {
		return
	}
	if selectOnly().MatchString(stripComments(sql)) {
		return
	}
	if ctx.mig == "" && isTemp(sql) {
		return
	}
	if ctx.xorm {
		sql = strings.ReplaceAll(sql, "`", `"`) // byte for byte: positions stay
	}
	site := Site{File: s.file, SQL: sql, Migration: ctx.mig, Version: gooseVersion(s.file)}
	at := arg
	if lit != nil {
		at = lit
		site.Raw = strings.HasPrefix(lit.Value, "`")
		site.Exact = site.Raw || !strings.Contains(lit.Value, `\`)
	}
	p := s.pc.position(at)
	site.File, site.Line, site.Col = p.Filename, p.Line, p.Column
	s.stmts = append(s.stmts, found{Site: site})
}

var tempTable = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?is)^\s*create\s+(global\s+|local\s+)?(temp|temporary|unlogged\s+temp)\s`)
})

func isTemp(sql string) bool { return tempTable().MatchString(stripComments(sql)) }

func stripComments(sql string) string {
	for {
		t := strings.TrimLeft(sql, " \t\r\n")
		if !strings.HasPrefix(t, "--") {
			return t
		}
		i := strings.IndexByte(t, '\n')
		if i < 0 {
			return ""
		}
		sql = t[i+1:]
	}
}

func short(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

func (s *scanner) addUnread(c *ast.CallExpr, ctx scope, reason string) {
	p := s.pc.position(c)
	site := Site{File: p.Filename, Line: p.Line, Col: p.Column, Migration: ctx.mig, Version: gooseVersion(s.file), Reason: reason}
	s.unread = append(s.unread, found{Site: site, key: ctx.fn + "|" + types.ExprString(c)})
}

// sqlArg is the argument holding the statement: the first, or the second
// after a context.
func sqlArg(c *ast.CallExpr) ast.Expr {
	if len(c.Args) == 0 {
		return nil
	}
	if ctxLike(c.Args[0]) {
		if len(c.Args) < 2 {
			return nil
		}
		return c.Args[1]
	}
	return c.Args[0]
}

func ctxLike(e ast.Expr) bool {
	t := types.ExprString(e)
	l := strings.ToLower(t)
	return l == "ctx" || l == "c" || strings.Contains(l, "context") || strings.HasSuffix(l, "ctx") || strings.HasSuffix(t, "Context()")
}

// value is e's constant string value in the scanned file; lit is the
// literal when the value is exactly one literal.
func (s *scanner) value(e ast.Expr, ctx scope, depth int) (string, *ast.BasicLit, bool) {
	return s.valueAt(e, ctx, s.home(), depth)
}

// declValue is the value of a package-level constant or variable of f.
func declValue(f *ast.File, name string) ast.Expr {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || (g.Tok != token.CONST && g.Tok != token.VAR) {
			continue
		}
		for _, sp := range g.Specs {
			vs := sp.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name == name && i < len(vs.Values) {
					return vs.Values[i]
				}
			}
		}
	}
	return nil
}

// fromFile: the SQL is read from a file at run time (shiori's
// newFileMigration: migrationFiles.ReadFile(…)): the migration folder's
// SQL files, which rbcheck reads as SQL migrations.
func (s *scanner) fromFile(e ast.Expr, ctx scope, depth int) bool {
	if depth > 8 {
		return false
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if name := calleeName(n.Fun); name == "ReadFile" || name == "ReadAll" {
				found = true
			}
		case *ast.Ident:
			if d, ok := ctx.defs[n.Name]; ok && d != e && s.fromFile(d, ctx, depth+1) {
				found = true
			}
		}
		return true
	})
	return found
}
