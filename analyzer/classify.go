package analyzer

// Sink classification: whether a call is a SQL sink, and which argument is
// the SQL. Library sinks come from the descriptors (sinks.go), then
// configured sinks, wrappers (facts), look-alike method shapes and, without
// type information, method names.

import (
	"go/ast"
	"go/types"
	"path"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// ExtraSink is a sink from configuration: Func is "pkg/path.Func" or
// "pkg/path.Type.Method"; Arg the SQL argument index (receiver excluded).
type ExtraSink struct {
	Func string
	Arg  int
}

// sinkMatch is a classified call.
type sinkMatch struct {
	args []int // candidate SQL argument indexes (one unless the receiver is unknown)
	use  argUse
	via  string
	weak bool
	// lib is, for a wrapper or an interface implemented by one, the
	// library family of the call underneath ("scany", "sqlx"); "" when
	// via says it
	lib string
	// fn is the wrapper or sink function when known.
	fn *types.Func
}

// funcKey names a function for configuration: "pkg/path.Func" or
// "pkg/path.Type.Method".
func funcKey(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		if n := recvTypeName(sig.Recv().Type()); n != "" {
			return fn.Pkg().Path() + "." + n + "." + fn.Name()
		}
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// wrapperName is how a wrapper appears in Via: "pkg.Func" or "pkg.Type.Method".
func wrapperName(fn *types.Func) string {
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		if n := recvTypeName(sig.Recv().Type()); n != "" {
			name = n + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

func recvTypeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return t.Obj().Name()
	}
	return ""
}

// calleeFunc returns the function or method a call invokes, if known.
func (c *pkgCore) calleeFunc(call *ast.CallExpr) *types.Func {
	if c.info == nil {
		return nil
	}
	var id *ast.Ident
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fn
	case *ast.SelectorExpr:
		id = fn.Sel
	case *ast.IndexExpr: // generic instantiation
		switch x := fn.X.(type) {
		case *ast.Ident:
			id = x
		case *ast.SelectorExpr:
			id = x.Sel
		}
	}
	if id == nil {
		return nil
	}
	if v, ok := c.info.Uses[id].(*types.Var); ok && !v.IsField() {
		// exec := db.ExecContext; exec(ctx, "…"): a method value kept in a
		// variable assigned once
		if rhs := c.fo.AssignedOnce(v); rhs != nil {
			if sel, ok := ast.Unparen(rhs).(*ast.SelectorExpr); ok {
				if s, ok := c.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
					f, _ := s.Obj().(*types.Func)
					return f
				}
			}
		}
		return nil
	}
	f, _ := c.info.Uses[id].(*types.Func)
	return f
}

// classify decides whether call is a SQL sink.
func (c *pkgCore) classify(call *ast.CallExpr) (sinkMatch, bool) {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && c.info != nil && len(c.closure) > 0 {
		if o := c.info.Uses[id]; o != nil {
			if f, ok := c.closure[o]; ok {
				return sinkMatch{args: []int{f.Arg}, use: useSQL, via: "closure " + id.Name, weak: f.Weak}, true
			}
		}
	}
	fn := c.calleeFunc(call)
	if fn != nil {
		if m, ok := c.classifyFunc(fn); ok {
			return m, true
		}
		return sinkMatch{}, false
	}
	// no type information for the callee
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		// package function through an import (sqlx.Get, a configured pkg.Func)?
		if x, ok := f.X.(*ast.Ident); ok {
			if p := c.importPath(x); p != "" {
				if spec, ok := defaultSinks()[p][""][f.Sel.Name]; ok && (spec.use == useSQL || spec.use == usePass) {
					return sinkMatch{args: []int{spec.arg}, use: spec.use, via: spec.via}, true
				}
				if a, ok := c.extra[p+"."+f.Sel.Name]; ok {
					return sinkMatch{args: []int{a}, use: useSQL, via: "config " + path.Base(p) + "." + f.Sel.Name}, true
				}
				return sinkMatch{}, false
			}
		}
		// a method of an unknown receiver: match by name, require SQL
		if c.info != nil {
			if tv, ok := c.info.Types[f.X]; ok && tv.Type != nil && tv.Type != types.Typ[types.Invalid] {
				// the receiver's type is known but has no such method (or it
				// is a field of function type): not a sink
				if _, isSig := tv.Type.Underlying().(*types.Signature); !isSig {
					if _, known := c.info.Selections[f]; known {
						return sinkMatch{}, false
					}
				}
			}
		}
		if idx, ok := sqlMethodNames()[f.Sel.Name]; ok {
			if p := c.declLib(f.X); p != "" && !dbLikePath(p) {
				// declared as a type of a package that is no database library
				// (rdb *redis.Client): not a sink
				return sinkMatch{}, false
			}
			return sinkMatch{args: idx, use: useSQL, via: c.guessVia(f.Sel.Name, f.X), weak: true}, true
		}
	}
	return sinkMatch{}, false
}

// receiverPkg returns the import path of the package the receiver's
// declared type names (from syntax), or "".
func (c *pkgCore) receiverPkg(x ast.Expr) string {
	var id *ast.Ident
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	case *ast.CallExpr:
		// the result of a function whose declared result type is known
		// (popx.GetConnection(ctx, c) returns *pop.Connection)
		switch fn := ast.Unparen(x.Fun).(type) {
		case *ast.Ident:
			id = fn
		case *ast.SelectorExpr:
			id = fn.Sel
		}
	}
	if id == nil || c.info == nil {
		return ""
	}
	o := c.info.Uses[id]
	if o == nil {
		return ""
	}
	if p, ok := c.fo.DeclPkg[o]; ok {
		return p
	}
	if c.declPkgs != nil {
		return c.declPkgs[o]
	}
	return ""
}

// dbLikePath: an import path that is, or may be, a database library.
func dbLikePath(p string) bool {
	if knownDBPkgs()[p] {
		return true
	}
	l := strings.ToLower(p)
	for _, w := range []string{"sql", "db", "pg", "orm", "query", "store", "storage", "database", "repo"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func (c *pkgCore) importPath(x *ast.Ident) string {
	if c.info != nil {
		if pn, ok := c.info.Uses[x].(*types.PkgName); ok {
			return pn.Imported().Path()
		}
		if o := c.info.Uses[x]; o != nil {
			return ""
		}
	}
	if c.curFile != nil {
		return c.fo.FileImports(c.curFile)[x.Name]
	}
	return ""
}

// guessVia names the likely library of a method call whose receiver type is
// unknown. database/sql, pgx and sqlx receivers are typed from stubs in the
// fast driver, so an untyped one is gorm or bun (when the file imports it)
// or some other library.
func (c *pkgCore) guessVia(method string, recv ast.Expr) string {
	imps := map[string]bool{}
	if c.curFile != nil {
		for _, p := range c.fo.FileImports(c.curFile) {
			imps[p] = true
		}
	}
	for _, sh := range shapesByName()[method] {
		var pkgs []string
		if sh.via == "gorm" || sh.via == "bun" {
			pkgs = libs.ByName(sh.via).Paths
		}
		for _, p := range pkgs {
			if imps[p] {
				return sh.via
			}
		}
	}
	if p := c.receiverPkg(recv); p != "" {
		// declared as a library's type whose package is not loaded
		// (`c *pop.Connection` without pop's module): that library's sink
		for _, l := range libs.All() {
			if !l.Has(p) {
				continue
			}
			for _, s := range l.Sinks {
				for _, m := range s.Methods {
					if m == method && s.Recvs != nil {
						return l.Name
					}
				}
			}
		}
		return "method " + astx.GuessPkgName(p) + "." + method
	}
	return "method " + method + " (receiver type unknown)"
}

func (c *pkgCore) classifyFunc(fn *types.Func) (sinkMatch, bool) {
	fn = fn.Origin() // a generic function's instantiation: its declaration
	sig, _ := fn.Type().(*types.Signature)
	if fn.Pkg() != nil {
		recv := ""
		if sig != nil && sig.Recv() != nil {
			recv = recvTypeName(sig.Recv().Type())
		}
		if spec, ok := defaultSinks()[fn.Pkg().Path()][recv][fn.Name()]; ok {
			if spec.use == useSQL || spec.use == usePass {
				return sinkMatch{args: []int{spec.arg}, use: spec.use, via: spec.via, fn: fn}, true
			}
			return sinkMatch{}, false
		}
		if a, ok := c.extra[funcKey(fn)]; ok {
			return sinkMatch{args: []int{a}, use: useSQL, via: "config " + wrapperName(fn), fn: fn}, true
		}
	}
	if f, ok := c.wrapper[fn]; ok {
		return sinkMatch{args: []int{f.Arg}, use: useSQL, via: "wrapper " + wrapperName(fn), weak: f.Weak, fn: fn, lib: f.Via}, true
	}
	if c.facts != nil {
		if f, ok := c.facts.get(fn); ok {
			return sinkMatch{args: []int{f.Arg}, use: useSQL, via: "wrapper " + wrapperName(fn), weak: f.Weak, fn: fn, lib: f.Via}, true
		}
	}
	if sig != nil && sig.Recv() != nil {
		if _, isIface := sig.Recv().Type().Underlying().(*types.Interface); isIface {
			if m, ok := c.implSink(fn, sig); ok {
				return m, true
			}
		}
		if sh, strong, ok := matchShape(fn.Name(), sig); ok {
			via := sh.via
			if _, isIface := sig.Recv().Type().Underlying().(*types.Interface); isIface {
				via = "interface " + recvTypeName(sig.Recv().Type()) + "." + fn.Name()
			}
			return sinkMatch{args: []int{sh.Arg}, use: useSQL, via: via, weak: !strong, fn: fn}, true
		}
	}
	return sinkMatch{}, false
}

type implSinkEntry struct {
	m        sinkMatch
	ok       bool
	wrappers int
}

// implSink: a method of an interface some of whose implementations are SQL
// sinks (a repository's own `Reader` interface whose `Query(ctx, sql,
// values, opts…)` is implemented by a wrapper of a database call,
// hashicorp/boundary's db.Reader) is a sink with the implementation's SQL
// argument. The implementations looked at are the named types of the
// interface's package and of this package (their methods' sink facts, or
// this package's wrappers); an implementation that runs no SQL (a test
// double) does not make the others' calls less sure.
func (c *pkgCore) implSink(fn *types.Func, sig *types.Signature) (sinkMatch, bool) {
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok || fn.Pkg() == nil {
		return sinkMatch{}, false
	}
	if e, ok := c.implSinks[fn]; ok && (e.ok || e.wrappers == len(c.wrapper)) {
		return e.m, e.ok
	}
	if c.implSinks == nil {
		c.implSinks = map[*types.Func]implSinkEntry{}
	}
	// a cycle (an implementation that calls the interface) finds nothing
	c.implSinks[fn] = implSinkEntry{wrappers: len(c.wrapper)}
	var found sinkMatch
	ok = false
	eachImpl(fn, iface, c.pkg, func(impl *types.Func) bool {
		m, isSink := c.classifyFunc(impl)
		if !isSink || m.use != useSQL || len(m.args) != 1 {
			return true
		}
		if !ok || found.weak && !m.weak {
			lib := m.lib
			if lib == "" {
				lib = m.via
			}
			found = sinkMatch{args: m.args, use: useSQL, via: "interface " + recvTypeName(sig.Recv().Type()) + "." + fn.Name(), weak: m.weak, fn: fn, lib: lib}
			ok = true
		}
		return true
	})
	if ok && found.weak && len(found.args) == 1 && found.args[0] < sig.Params().Len() &&
		(mentionsDBPkg(sig) || sqlParamName(sig.Params().At(found.args[0]).Name())) {
		// the implementation forwards the parameter to a call matched by
		// name only (its library not loaded), and the interface says the
		// parameter is SQL (`Query(ctx, sql string, …)`) or returns a
		// database type: a sink whose unread text is listed as dynamic
		found.weak = false
	}
	c.implSinks[fn] = implSinkEntry{m: found, ok: ok, wrappers: len(c.wrapper)}
	return found, ok
}

// looseShapeNames are the shape methods also matched when more fixed
// parameters follow the shape's (`Query(ctx, sql string, values []any,
// opts ...Option)`, a repository's own database interface), provided the
// SQL parameter is named like SQL or the signature mentions a database
// library's type.
var looseShapeNames = map[string]bool{
	"Query": true, "QueryRow": true, "Exec": true,
	"QueryContext": true, "QueryRowContext": true, "ExecContext": true,
}

// sqlParamName: a parameter name that says it holds SQL.
func sqlParamName(n string) bool {
	l := strings.ToLower(n)
	return l == "q" || l == "stmt" || l == "statement" || strings.Contains(l, "sql") || strings.Contains(l, "query")
}

// matchShape matches a method by name and parameter types against the
// known sink shapes. strong is true when the signature mentions a type of a
// known database package (sqlc's DBTX returns *sql.Rows / pgx.Rows), so the
// method certainly runs SQL.
func matchShape(name string, sig *types.Signature) (shape, bool, bool) {
	for _, sh := range shapesByName()[name] {
		ps := sig.Params()
		n := ps.Len()
		if sig.Variadic() {
			n--
		}
		if n != len(sh.Params) {
			if n < len(sh.Params) || !looseShapeNames[name] || sh.Arg >= n ||
				!sqlParamName(ps.At(sh.Arg).Name()) && !mentionsDBPkg(sig) {
				continue
			}
		}
		ok := true
		for i, k := range sh.Params {
			t := ps.At(i).Type()
			switch k {
			case libs.PString:
				b, isB := t.Underlying().(*types.Basic)
				ok = isB && b.Kind() == types.String
			case libs.PContext:
				ok = astx.IsNamed(t, "context", "Context")
			case libs.PAny:
				_, ok = t.Underlying().(*types.Interface)
			}
			if !ok {
				break
			}
		}
		if !ok {
			continue
		}
		return sh, mentionsDBPkg(sig), true
	}
	return shape{}, false, false
}

func mentionsDBPkg(sig *types.Signature) bool {
	found := false
	var visit func(t types.Type, depth int)
	visit = func(t types.Type, depth int) {
		if found || depth > 3 || t == nil {
			return
		}
		switch t := types.Unalias(t).(type) {
		case *types.Pointer:
			visit(t.Elem(), depth+1)
		case *types.Slice:
			visit(t.Elem(), depth+1)
		case *types.Named:
			if t.Obj().Pkg() != nil && knownDBPkgs()[t.Obj().Pkg().Path()] {
				found = true
			}
		}
	}
	for _, tup := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := 0; i < tup.Len(); i++ {
			visit(tup.At(i).Type(), 0)
		}
	}
	return found
}

// unwrapPass strips passthrough calls (Rebind) and conversions around e.
func (c *pkgCore) unwrapPass(e ast.Expr) ast.Expr {
	for i := 0; i < 8; i++ {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return e
		}
		if c.info != nil && len(call.Args) == 1 {
			if tv, ok := c.info.Types[call.Fun]; ok && tv.IsType() {
				e = call.Args[0]
				continue
			}
		}
		m, ok := c.classify(call)
		if !ok || m.use != usePass || len(m.args) != 1 || m.args[0] >= len(call.Args) {
			return e
		}
		e = call.Args[m.args[0]]
	}
	return e
}

// NormalizeSinkFunc turns a configured sink name into the form the analyzer
// matches: "pkg/path.Func" stays, "(*pkg/path.Type).Method" and
// "(pkg/path.Type).Method" become "pkg/path.Type.Method".
func NormalizeSinkFunc(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") {
		if i := strings.Index(s, ")"); i > 0 {
			recv := strings.TrimPrefix(s[1:i], "*")
			return recv + s[i+1:]
		}
	}
	return s
}
