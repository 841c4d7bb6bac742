package analyzer

// The extraction core shared by both drivers: given a package's syntax and
// (possibly partial) type information, find every SQL statement its release
// code runs and resolve each into table and column uses.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// SinkFact marks a function or method that passes one of its string
// parameters to a SQL sink, so calls to it are SQL sinks too.
type SinkFact struct {
	Arg int    // index of the SQL parameter (receiver excluded)
	Via string // the underlying sink family, e.g. "database/sql"
	// Weak: the underlying call was matched by method name only (its
	// receiver's type was unknown), so a string passed here counts only if
	// it parses as SQL.
	Weak bool
}

func (*SinkFact) AFact() {}

func (f *SinkFact) String() string {
	w := ""
	if f.Weak {
		w = " weak"
	}
	return fmt.Sprintf("sql sink arg %d via %s%s", f.Arg, f.Via, w)
}

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
	// fn is the wrapper or sink function when known.
	fn *types.Func
}

// pkgCore runs the extraction for one package.
type pkgCore struct {
	fset    *token.FileSet
	info    *types.Info
	pkg     *types.Package
	files   []*ast.File // release files only
	dir     string      // the package directory on disk (for //go:embed)
	rel     func(abs string) string
	schema  pgparse.Schema
	extra   map[string]int
	fo      *folder
	facts   factStore
	wrapper map[*types.Func]*SinkFact // wrappers found in this package
	// closures: local variables assigned once a function literal that
	// forwards one of its string parameters to a sink (`exec := func(q
	// string) { tx.Exec(q) }`), and each such literal's parameters
	closure     map[types.Object]*SinkFact
	closureArgs map[types.Object]closureParam
	// sqShared: per file, the squirrel builders of the other files'
	// package variables
	sqShared map[*ast.File]map[string]*bState
	inv      Inventory
	// constSites are SQL-looking constants not (yet) seen at a sink.
	constSites []constSite
	curFile    *ast.File
	// declPkgs is shared by the fast driver's packages: declared type
	// packages of variables and fields of packages checked before.
	declPkgs map[types.Object]string
	// memo caches query analyses by text (shared by the fast driver's
	// packages); the cached *sqlast.Query values are shared, read-only
	memo map[string]memoResult
}

// factStore looks up and records wrapper facts: analysis facts for the
// Analyzer, a map for the fast driver.
type factStore interface {
	get(fn *types.Func) (*SinkFact, bool)
	set(fn *types.Func, f *SinkFact)
	getVar(v *types.Var) (string, bool)
	setVar(v *types.Var, value string)
	getField(v *types.Var) (*FieldFact, bool)
	setField(v *types.Var, f *FieldFact)
}

// FieldFact records the constant texts written to an exported string field
// of the package's types (`var Orders = Set{List: "SELECT …"}`), so that
// other packages fold `queries.Orders.List` to each of them. Open says why
// the field may also hold a value not listed ("" when it may not).
type FieldFact struct {
	Values []string
	Open   string
}

func (*FieldFact) AFact() {}

func (f *FieldFact) String() string {
	s := fmt.Sprintf("field values %q", f.Values)
	if f.Open != "" {
		s += "; " + f.Open
	}
	return s
}

// ValueFact records the constant text of an exported package-level string
// variable that is assigned once (`var GetUser = "SELECT …"`), so that
// other packages fold it like a constant.
type ValueFact struct{ Value string }

func (*ValueFact) AFact() {}

func (f *ValueFact) String() string { return fmt.Sprintf("value %q", f.Value) }

type constSite struct {
	obj  types.Object
	site site
}

// site is one statement occurrence before resolution.
type site struct {
	pos  token.Pos
	lit  *ast.BasicLit // the SQL is exactly this literal: map offsets into it
	val  folded
	via  string
	weak bool
	// for a site in an embedded .sql file
	filePos *Pos
	sql     string
	partial bool
	// seen is shared by the values one argument folds to (foldVariants):
	// a use they have in common is listed once
	seen map[useKey]bool
}

type useKey struct {
	t    sqlast.Name
	col  string
	kind sqlast.UseKind
	conf Confidence
	pos  Pos
}

func newPkgCore(fset *token.FileSet, info *types.Info, pkg *types.Package, files []*ast.File, dir string, rel func(string) string, opts *Options, facts factStore) *pkgCore {
	c := &pkgCore{fset: fset, info: info, pkg: pkg, files: files, dir: dir, rel: rel, facts: facts, wrapper: map[*types.Func]*SinkFact{},
		closure: map[types.Object]*SinkFact{}, closureArgs: map[types.Object]closureParam{}}
	if opts != nil {
		c.schema = opts.Schema
		if len(opts.ExtraSinks) > 0 {
			c.extra = map[string]int{}
			for _, e := range opts.ExtraSinks {
				c.extra[e.Func] = e.Arg
			}
		}
	}
	c.fo = newFolder(fset, info, pkg, files)
	c.fo.forwarded = c.isForwardedParam
	if facts != nil {
		c.fo.varFacts = facts
	}
	return c
}

func (c *pkgCore) position(p token.Pos) Pos {
	if !p.IsValid() {
		return Pos{}
	}
	tp := c.fset.Position(p)
	return Pos{File: c.rel(tp.Filename), Line: tp.Line, Col: tp.Column}
}

// run does the whole extraction for the package. A panic (a bug, or a
// library on odd input) loses this package's remaining sites, never the
// whole scan; it is recorded as a dynamic entry.
func (c *pkgCore) run() {
	defer func() {
		if r := recover(); r != nil {
			where := Pos{}
			if len(c.files) > 0 {
				where = c.position(c.files[0].Package)
			}
			c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: where, Reason: fmt.Sprintf("internal error while analysing this package, some statements were skipped: %v", r)})
		}
	}()
	c.inferWrappers()
	c.exportVarValues()
	for _, f := range c.files {
		c.curFile = f
		c.fo.curFile = f
		c.callSites(f)
		c.embedSites(f)
		c.builderSites(f)
		c.modelSites(f)
	}
	c.collectConsts()
}

// release drops the syntax and type information once the package is done
// (the fast driver keeps many packages' results).
func (c *pkgCore) release() {
	c.info, c.files, c.curFile = nil, nil, nil
	c.fo = &folder{used: c.fo.used}
	c.wrapper = nil
	c.closure, c.closureArgs = nil, nil
	c.sqShared = nil
}

// exportVarValues records the folded text of exported package-level
// string variables assigned only at their declaration.
func (c *pkgCore) exportVarValues() {
	if c.info == nil || c.facts == nil || c.pkg == nil {
		return
	}
	for o, evs := range c.fo.assign {
		v, ok := o.(*types.Var)
		if !ok || !v.Exported() || v.Parent() != c.pkg.Scope() || len(evs) != 1 || evs[0].rhs == nil || c.fo.embeds[o] {
			continue
		}
		if b, ok := v.Type().Underlying().(*types.Basic); !ok || (b.Kind() != types.String && b.Kind() != types.UntypedString) {
			continue
		}
		val := c.fo.foldExpr(evs[0].rhs, 0)
		if val.exact() {
			c.facts.setVar(v, val.text())
		}
	}
	// exported string fields other packages can reach, whose every written
	// value is constant and one of which is a statement
	reach := map[*types.Var]bool{}
	for _, name := range c.pkg.Scope().Names() {
		o := c.pkg.Scope().Lookup(name)
		if !o.Exported() {
			continue
		}
		var st *types.Struct
		switch o := o.(type) {
		case *types.TypeName:
			st, _ = o.Type().Underlying().(*types.Struct)
		case *types.Var:
			if _, named := types.Unalias(o.Type()).(*types.Named); !named {
				st, _ = o.Type().Underlying().(*types.Struct)
			}
		}
		for i := 0; st != nil && i < st.NumFields(); i++ {
			reach[st.Field(i)] = true
		}
	}
	for v, vals := range c.fo.fieldVals {
		if !v.Exported() || !reach[v] || len(vals) == 0 {
			continue
		}
		if b, ok := v.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.String {
			continue
		}
		f := &FieldFact{Open: c.fo.fieldOpen[v]}
		seen := map[string]bool{}
		for _, e := range vals {
			val := c.fo.foldExpr(e, 0)
			if !val.exact() {
				f = nil
				break
			}
			if t := val.text(); !seen[t] {
				seen[t] = true
				f.Values = append(f.Values, t)
			}
		}
		if f == nil {
			continue
		}
		for _, t := range f.Values {
			if startsLikeSQL(t) && looksLikeStatement(t) {
				c.facts.setField(v, f)
				break
			}
		}
	}
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
		if evs := c.fo.assign[v]; len(evs) == 1 && evs[0].rhs != nil {
			if sel, ok := ast.Unparen(evs[0].rhs).(*ast.SelectorExpr); ok {
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
				if spec, ok := defaultSinks[p][""][f.Sel.Name]; ok && (spec.use == useSQL || spec.use == usePass) {
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
		if idx, ok := sqlMethodNames[f.Sel.Name]; ok {
			if p := c.receiverPkg(f.X); p != "" && !dbLikePath(p) {
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
	}
	if id == nil || c.info == nil {
		return ""
	}
	o := c.info.Uses[id]
	if o == nil {
		return ""
	}
	if p, ok := c.fo.declPkg[o]; ok {
		return p
	}
	if c.declPkgs != nil {
		return c.declPkgs[o]
	}
	return ""
}

// dbLikePath: an import path that is, or may be, a database library.
func dbLikePath(p string) bool {
	if knownDBPkgs[p] {
		return true
	}
	l := strings.ToLower(p)
	for _, w := range []string{"sql", "db", "pg", "orm", "query", "store", "database", "repo"} {
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
		return c.fo.fileImports[c.curFile][x.Name]
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
		for _, p := range c.fo.fileImports[c.curFile] {
			imps[p] = true
		}
	}
	for _, sh := range shapesByName[method] {
		var pkgs []string
		switch sh.via {
		case "gorm":
			pkgs = pkgGorm
		case "bun":
			pkgs = pkgBun
		}
		for _, p := range pkgs {
			if imps[p] {
				return sh.via
			}
		}
	}
	if p := c.receiverPkg(recv); p != "" {
		return "method " + path.Base(p) + "." + method
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
		if spec, ok := defaultSinks[fn.Pkg().Path()][recv][fn.Name()]; ok {
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
		return sinkMatch{args: []int{f.Arg}, use: useSQL, via: "wrapper " + wrapperName(fn), weak: f.Weak, fn: fn}, true
	}
	if c.facts != nil {
		if f, ok := c.facts.get(fn); ok {
			return sinkMatch{args: []int{f.Arg}, use: useSQL, via: "wrapper " + wrapperName(fn), weak: f.Weak, fn: fn}, true
		}
	}
	if sig != nil && sig.Recv() != nil {
		if sh, strong, ok := matchShape(fn.Name(), sig); ok {
			via := sh.via
			if _, isIface := sig.Recv().Type().Underlying().(*types.Interface); isIface {
				via = "interface " + recvTypeName(sig.Recv().Type()) + "." + fn.Name()
			}
			return sinkMatch{args: []int{sh.arg}, use: useSQL, via: via, weak: !strong, fn: fn}, true
		}
	}
	return sinkMatch{}, false
}

// matchShape matches a method by name and parameter types against the
// known sink shapes. strong is true when the signature mentions a type of a
// known database package (sqlc's DBTX returns *sql.Rows / pgx.Rows), so the
// method certainly runs SQL.
func matchShape(name string, sig *types.Signature) (shape, bool, bool) {
	for _, sh := range shapesByName[name] {
		ps := sig.Params()
		n := ps.Len()
		if sig.Variadic() {
			n--
		}
		if n != len(sh.params) {
			continue
		}
		ok := true
		for i, k := range sh.params {
			t := ps.At(i).Type()
			switch k {
			case pString:
				b, isB := t.Underlying().(*types.Basic)
				ok = isB && b.Kind() == types.String
			case pContext:
				ok = isNamed(t, "context", "Context")
			case pAny:
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

func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
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
			if t.Obj().Pkg() != nil && knownDBPkgs[t.Obj().Pkg().Path()] {
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

// inferWrappers finds this package's functions that forward a string
// parameter to a sink, iterating until nothing changes (wrappers of
// wrappers), and records them as facts.
func (c *pkgCore) inferWrappers() {
	if c.info == nil {
		return
	}
	type fnDecl struct {
		fn     *types.Func
		decl   *ast.FuncDecl
		params map[types.Object]int
		file   *ast.File
	}
	var decls []fnDecl
	for _, f := range c.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, _ := c.info.Defs[fd.Name].(*types.Func)
			if fn == nil {
				continue
			}
			params := map[types.Object]int{}
			i := 0
			for _, fl := range fd.Type.Params.List {
				names := fl.Names
				if len(names) == 0 {
					i++
					continue
				}
				for _, n := range names {
					if o := c.info.Defs[n]; o != nil {
						if b, ok := o.Type().Underlying().(*types.Basic); ok && b.Kind() == types.String {
							params[o] = i
						}
					}
					i++
				}
			}
			if len(params) > 0 {
				decls = append(decls, fnDecl{fn, fd, params, f})
			}
		}
	}
	// a constructor that stores a string parameter in a field
	// (`&Repo{q: q}`) which a sink reads whole (`r.db.Exec(r.q)`) forwards
	// that parameter too
	fieldParams := map[*types.Func][]fieldParam{}
	for _, d := range decls {
		if fps := c.fieldParams(d.decl, d.params); len(fps) > 0 {
			fieldParams[d.fn] = fps
		}
	}
	lits := c.closureLits()
	for iter := 0; iter < 6; iter++ {
		changed := false
		for _, cl := range lits {
			if _, done := c.closure[cl.v]; done {
				continue
			}
			if found := c.forwardsParam(cl.lit.Body, cl.params, nil); found != nil {
				c.closure[cl.v] = found
				changed = true
			}
		}
		var sinkFields map[*types.Var]*SinkFact
		if len(fieldParams) > 0 {
			sinkFields = c.sinkFields()
		}
		for _, d := range decls {
			if _, done := c.wrapper[d.fn]; done {
				continue
			}
			if fps := fieldParams[d.fn]; len(fps) > 0 {
				var found *SinkFact
				for _, fp := range fps {
					if sf, ok := sinkFields[fp.field]; ok {
						found = &SinkFact{Arg: fp.arg, Via: sf.Via, Weak: sf.Weak}
						break
					}
				}
				if found != nil {
					c.wrapper[d.fn] = found
					if c.facts != nil {
						c.facts.set(d.fn, found)
					}
					changed = true
					continue
				}
			}
			c.curFile = d.file
			c.fo.curFile = d.file
			found := c.forwardsParam(d.decl.Body, d.params, d.fn)
			if found != nil {
				c.wrapper[d.fn] = found
				if c.facts != nil {
					c.facts.set(d.fn, found)
				}
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

// forwardsParam returns the sink fact of the first call in body (outside
// function literals) that passes one of params to a sink; self is the
// function itself (a recursive call is no evidence).
func (c *pkgCore) forwardsParam(body *ast.BlockStmt, params map[types.Object]int, self *types.Func) *SinkFact {
	var found *SinkFact
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		m, ok := c.classify(call)
		if !ok || m.use != useSQL || (self != nil && m.fn == self) {
			return true
		}
		for _, ai := range m.args {
			if ai >= len(call.Args) {
				continue
			}
			id, ok := c.unwrapPass(call.Args[ai]).(*ast.Ident)
			if !ok {
				continue
			}
			if pi, ok := params[c.info.Uses[id]]; ok {
				via := strings.TrimPrefix(m.via, "wrapper ")
				via = strings.TrimPrefix(via, "closure ")
				found = &SinkFact{Arg: pi, Via: via, Weak: m.weak}
				return false
			}
		}
		return true
	})
	return found
}

type closureParam struct {
	v   types.Object // the variable holding the function literal
	arg int
}

type closureLit struct {
	v      types.Object
	lit    *ast.FuncLit
	params map[types.Object]int
}

// closureLits finds local variables assigned once, at their declaration, a
// function literal with string parameters.
func (c *pkgCore) closureLits() []closureLit {
	var out []closureLit
	add := func(id *ast.Ident, rhs ast.Expr) {
		lit, ok := ast.Unparen(rhs).(*ast.FuncLit)
		if !ok || lit.Type.Params == nil {
			return
		}
		v := c.info.Defs[id]
		if v == nil || len(c.fo.assign[v]) != 1 {
			return
		}
		params := map[types.Object]int{}
		i := 0
		for _, fl := range lit.Type.Params.List {
			if len(fl.Names) == 0 {
				i++
				continue
			}
			for _, n := range fl.Names {
				if o := c.info.Defs[n]; o != nil {
					if b, ok := o.Type().Underlying().(*types.Basic); ok && b.Kind() == types.String {
						params[o] = i
						c.closureArgs[o] = closureParam{v, i}
					}
				}
				i++
			}
		}
		if len(params) > 0 {
			out = append(out, closureLit{v, lit, params})
		}
	}
	for _, f := range c.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE && len(n.Lhs) == 1 && len(n.Rhs) == 1 {
					if id, ok := n.Lhs[0].(*ast.Ident); ok {
						add(id, n.Rhs[0])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == 1 && len(n.Values) == 1 {
					add(n.Names[0], n.Values[0])
				}
			}
			return true
		})
	}
	return out
}

type fieldParam struct {
	field *types.Var
	arg   int
}

// fieldParams lists the fields of this package's types that fn's body
// sets to one of its string parameters.
func (c *pkgCore) fieldParams(fd *ast.FuncDecl, params map[types.Object]int) []fieldParam {
	var out []fieldParam
	param := func(e ast.Expr) (int, bool) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return 0, false
		}
		pi, ok := params[c.info.Uses[id]]
		return pi, ok
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CompositeLit:
			tv, ok := c.info.Types[n]
			if !ok || tv.Type == nil {
				return true
			}
			st, ok := tv.Type.Underlying().(*types.Struct)
			if !ok {
				return true
			}
			for i, el := range n.Elts {
				var fv *types.Var
				val := el
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					val = kv.Value
					if id, ok := kv.Key.(*ast.Ident); ok {
						fv, _ = c.info.Uses[id].(*types.Var)
					}
				} else if i < st.NumFields() {
					fv = st.Field(i)
				}
				if fv == nil || !fv.IsField() || fv.Pkg() != c.pkg {
					continue
				}
				if pi, ok := param(val); ok {
					out = append(out, fieldParam{fv, pi})
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.ASSIGN || len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if fv := c.fo.fieldOf(l); fv != nil {
					if pi, ok := param(n.Rhs[i]); ok {
						out = append(out, fieldParam{fv, pi})
					}
				}
			}
		}
		return true
	})
	return out
}

// sinkFields returns the fields whose whole value is a sink's SQL argument
// somewhere in the package, with that sink.
func (c *pkgCore) sinkFields() map[*types.Var]*SinkFact {
	out := map[*types.Var]*SinkFact{}
	for _, f := range c.files {
		c.curFile = f
		c.fo.curFile = f
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			m, ok := c.classify(call)
			if !ok || m.use != useSQL {
				return true
			}
			for _, ai := range m.args {
				if ai < len(call.Args) {
					if fv := c.fo.fieldOf(c.unwrapPass(call.Args[ai])); fv != nil {
						if _, seen := out[fv]; !seen {
							out[fv] = &SinkFact{Via: strings.TrimPrefix(m.via, "wrapper "), Weak: m.weak}
						}
					}
				}
			}
			return true
		})
	}
	return out
}

// isForwardedParam reports whether e (after passthroughs) is the string
// parameter the enclosing wrapper forwards: not a statement of its own.
func (c *pkgCore) isForwardedParam(e ast.Expr) bool {
	id, ok := c.unwrapPass(e).(*ast.Ident)
	if !ok || c.info == nil {
		return false
	}
	o := c.info.Uses[id]
	if o == nil || !c.fo.params[o] {
		return false
	}
	// only a parameter of a function found to be a wrapper is forwarded
	// (its callers are the statements); a parameter of a function literal
	// or of a function whose SQL parameter is not a plain string is dynamic
	owner := c.fo.paramOwner[o]
	if owner == nil {
		if cp, ok := c.closureArgs[o]; ok {
			f, ok := c.closure[cp.v]
			return ok && f.Arg == cp.arg
		}
		return false
	}
	f, ok := c.wrapper[owner]
	if !ok {
		return false
	}
	sig, _ := owner.Type().(*types.Signature)
	return sig != nil && f.Arg < sig.Params().Len() && sig.Params().At(f.Arg) == o
}

// callSites finds sink calls in f.
func (c *pkgCore) callSites(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		m, ok := c.classify(call)
		if !ok || m.use != useSQL {
			return true
		}
		var best []site
		for _, ai := range m.args {
			if ai >= len(call.Args) {
				continue
			}
			arg := call.Args[ai]
			if c.isForwardedParam(arg) {
				if !m.weak {
					return true
				}
				continue
			}
			if !c.isStringish(arg) {
				continue
			}
			// one value per combination of the values a field, a range
			// variable or m[k] may hold; usually just one
			var sites []site
			// a field a constructor sets from its SQL parameter: those
			// values are the constructor's callers' statements
			c.fo.wholeField = c.fo.fieldOf(c.unwrapPass(arg))
			vals := c.fo.foldVariants(arg)
			c.fo.wholeField = nil
			var seen map[useKey]bool
			if len(vals) > 1 {
				seen = map[useKey]bool{}
			}
			if len(vals) == 1 && vals[0].embedded() {
				// analysed from the embedded file itself
				return true
			}
			for _, val := range vals {
				if val.embedded() {
					// analysed from the embedded file itself
					continue
				}
				s := site{pos: arg.Pos(), val: val, via: m.via, weak: m.weak, seen: seen}
				if lit, ok := ast.Unparen(arg).(*ast.BasicLit); ok {
					s.lit = lit
				}
				// weak (name-only) match: the argument must look like SQL
				if !m.weak || looksLikeSQL(val) {
					sites = append(sites, s)
				}
			}
			if !m.weak || len(sites) > 0 {
				best = sites
				break
			}
		}
		for _, s := range best {
			if strings.HasPrefix(strings.TrimSpace(s.val.text()), "-- name:") && !strings.HasPrefix(s.via, "wrapper") {
				s.via = "sqlc"
			}
			c.resolve(s)
		}
		return true
	})
}

// isStringish: with type information, the argument must be a string or
// []byte; without it anything goes.
func (c *pkgCore) isStringish(e ast.Expr) bool {
	if c.info == nil {
		return true
	}
	tv, ok := c.info.Types[e]
	if !ok || tv.Type == nil {
		return true
	}
	switch u := tv.Type.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String || u.Kind() == types.UntypedString || u.Kind() == types.Invalid
	case *types.Interface:
		return true
	}
	return false
}

var sqlStarts = []string{"select", "insert", "update", "delete", "with", "merge", "copy", "create", "alter", "drop", "truncate", "-- name:"}

// looksLikeSQL: the first constant fragment starts with a SQL statement
// keyword (after spaces and `--` comments other than sqlc's header).
func looksLikeSQL(v folded) bool {
	if len(v) == 0 || v[0].dyn {
		return false
	}
	frs := v.fragments()
	if len(frs) == 0 {
		return false
	}
	return startsLikeSQL(frs[0])
}

func startsLikeSQL(s string) bool {
	s = strings.TrimSpace(s)
	for strings.HasPrefix(s, "--") && !strings.HasPrefix(s, "-- name:") {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			return false
		}
		s = strings.TrimSpace(s[i+1:])
	}
	for strings.HasPrefix(s, "(") {
		s = strings.TrimSpace(s[1:])
	}
	low := strings.ToLower(s)
	for _, k := range sqlStarts {
		if strings.HasPrefix(low, k) {
			rest := low[len(k):]
			if k == "-- name:" || rest == "" || !isIdentChar(rest[0]) {
				return true
			}
		}
	}
	return false
}

func isIdentChar(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// resolve analyses a site and records its query, refs, or dynamic entry.
func (c *pkgCore) resolve(s site) {
	pos := c.position(s.pos)
	if s.filePos != nil {
		pos = *s.filePos
	}
	val := s.val
	var text string
	exact := val.exact()
	if s.filePos != nil || s.sql != "" {
		text, exact = s.sql, !s.partial
	} else if exact {
		text = val.text()
	}
	if exact {
		q, err := c.analyze(text)
		if err != nil {
			// gorm and bun expand `IN ?` bound to a slice to `IN (…)`
			if t2, back := parenIn(text); back != nil {
				if q2, err2 := c.analyze(t2); err2 == nil {
					q, err = remapOffsets(q2, back), nil
				}
			}
		}
		if err != nil {
			if s.weak || (s.via == "pgx" && isBareName(text)) {
				// pgx runs a statement prepared under a name:
				// conn.Exec(ctx, "get_user", id)
				return
			}
			msg := err.Error()
			var pe *sqlast.ParseError
			if errors.As(err, &pe) {
				msg = pe.Msg
			}
			c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: pos, Reason: "the statement does not parse: " + msg, Via: s.via, at: s.pos})
			return
		}
		c.addQuery(s, pos, text, Exact, q, nil)
		return
	}
	var frags []string
	if s.sql != "" {
		frags = []string{s.sql}
	} else {
		frags = val.fragments()
	}
	if len(frags) == 0 || (s.weak && !startsLikeSQL(frags[0]) && s.sql == "") {
		if !s.weak {
			c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: pos, Reason: val.reason(), Via: s.via, at: s.pos})
		}
		return
	}
	q, shown := analyzePartialParts(val, frags, c.schema)
	var cols []string
	if q != nil {
		q, cols = tableless(q)
	}
	if q == nil || len(q.Uses) == 0 {
		if s.weak {
			return
		}
		r := val.reason()
		if r == "" {
			r = "built at run time"
		}
		r += "; its constant parts name no table"
		if len(cols) > 0 {
			r += " (columns " + strings.Join(cols, ", ") + ")"
		}
		c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: pos, Reason: r, Via: s.via, at: s.pos})
		return
	}
	c.addQuery(s, pos, shown, Partial, q, frags)
}

// isBareName: text is one word of name characters (a prepared statement's
// name), not a statement.
func isBareName(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if !isIdentChar(t[i]) && t[i] != '-' && t[i] != '.' {
			return false
		}
	}
	return true
}

// parenIn puts parentheses around a placeholder that directly follows IN
// (`id IN ?`, `id IN $1`), which gorm and bun expand from a slice argument
// and PostgreSQL does not accept bare. back maps each offset of the new
// text to the original's; it is nil when nothing changed.
func parenIn(text string) (string, []int) {
	var b strings.Builder
	var back []int
	changed := false
	emit := func(ch byte, orig int) {
		b.WriteByte(ch)
		back = append(back, orig)
	}
	inQuote := byte(0)
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if inQuote != 0 {
			if ch == inQuote {
				inQuote = 0
			}
			emit(ch, i)
			continue
		}
		if ch == '\'' || ch == '"' {
			inQuote = ch
			emit(ch, i)
			continue
		}
		if (ch == 'i' || ch == 'I') && i+2 < len(text) && (text[i+1] == 'n' || text[i+1] == 'N') &&
			(i == 0 || !isIdentChar(text[i-1])) && (text[i+2] == ' ' || text[i+2] == '\t' || text[i+2] == '\n' || text[i+2] == '\r') {
			j := i + 2
			for j < len(text) && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r') {
				j++
			}
			k := j
			switch {
			case k < len(text) && text[k] == '?' && (k+1 >= len(text) || text[k+1] != '?' && text[k+1] != '|' && text[k+1] != '&'):
				k++
			case k < len(text) && text[k] == '$':
				k++
				for k < len(text) && text[k] >= '0' && text[k] <= '9' {
					k++
				}
				if k == j+1 {
					k = j
				}
			}
			if k > j && (k >= len(text) || !isIdentChar(text[k])) {
				for x := i; x < j; x++ {
					emit(text[x], x)
				}
				emit('(', j)
				for x := j; x < k; x++ {
					emit(text[x], x)
				}
				emit(')', k)
				changed = true
				i = k - 1
				continue
			}
		}
		emit(ch, i)
	}
	if !changed {
		return text, nil
	}
	back = append(back, len(text))
	return b.String(), back
}

// remapOffsets returns a copy of q whose use offsets point into the text
// parenIn was given.
func remapOffsets(q *sqlast.Query, back []int) *sqlast.Query {
	cp := *q
	cp.Uses = append([]sqlast.Use(nil), q.Uses...)
	for i := range cp.Uses {
		if o := cp.Uses[i].Offset; o >= 0 && o < len(back) {
			cp.Uses[i].Offset = back[o]
		}
	}
	return &cp
}

// analyze runs pgparse.AnalyzeQuery, once per distinct text when the
// driver shares a memo (the same sqlc query or constant recurs often).
func (c *pkgCore) analyze(text string) (*sqlast.Query, error) {
	if c.memo == nil {
		return pgparse.AnalyzeQuery(text, c.schema)
	}
	if r, ok := c.memo[text]; ok {
		return r.q, r.err
	}
	q, err := pgparse.AnalyzeQuery(text, c.schema)
	c.memo[text] = memoResult{q, err}
	return q, err
}

type memoResult struct {
	q   *sqlast.Query
	err error
}

func (c *pkgCore) addQuery(s site, pos Pos, text string, conf Confidence, q *sqlast.Query, frags []string) {
	c.inv.Queries = append(c.inv.Queries, QuerySite{Pos: pos, SQL: text, Confidence: conf, Query: q, Via: s.via, Fragments: frags})
	seen := s.seen
	if seen == nil {
		seen = map[useKey]bool{}
	}
	for _, u := range q.Uses {
		r := Ref{Table: u.Table, Column: u.Column, Candidates: u.Candidates, Kind: u.Kind, Confidence: conf, Pos: pos, SQL: text, Via: s.via, at: s.pos}
		if conf == Exact && u.Offset >= 0 {
			r.Pos = c.offsetPos(s, pos, text, u.Offset)
		}
		if len(r.Candidates) == 0 {
			// the same use twice at one position (the offsets could not be
			// mapped into the Go source) is listed once
			k := useKey{r.Table, r.Column, r.Kind, conf, r.Pos}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		c.inv.Refs = append(c.inv.Refs, r)
	}
}

// offsetPos maps a byte offset in the SQL text to a file position when the
// text is exactly a Go string literal (or a .sql file's statement).
func (c *pkgCore) offsetPos(s site, base Pos, text string, off int) Pos {
	if off > len(text) {
		return base
	}
	if s.filePos != nil {
		return advance(base, text[:off])
	}
	if s.lit == nil {
		return base
	}
	raw := s.lit.Value
	if strings.HasPrefix(raw, "`") {
		if strings.Contains(raw, "\r") {
			return base
		}
	} else if strings.Contains(raw, `\`) {
		return base
	}
	base.Col++ // the opening quote
	return advance(base, text[:off])
}

func advance(p Pos, s string) Pos {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		p.Line += strings.Count(s, "\n")
		p.Col = 1 + len(s) - (i + 1)
		return p
	}
	p.Col += len(s)
	return p
}

// collectConsts records string constants (package-level or local) that
// look like SQL. The caller emits those never seen at a sink.
func (c *pkgCore) collectConsts() {
	for _, f := range c.files {
		c.curFile = f
		ast.Inspect(f, func(n ast.Node) bool {
			gd, ok := n.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				return true
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, nm := range vs.Names {
					if nm.Name == "_" {
						continue
					}
					var val folded
					var lit *ast.BasicLit
					var obj types.Object
					if c.info != nil {
						obj = c.info.Defs[nm]
					}
					if cst, ok := obj.(*types.Const); ok && cst.Val() != nil {
						if cst.Val().Kind() != constant.String {
							continue
						}
						val = constPart(constantString(cst))
					} else if i < len(vs.Values) {
						val = c.fo.foldExpr(vs.Values[i], 0)
						if !val.exact() {
							continue
						}
					} else {
						continue
					}
					if i < len(vs.Values) {
						lit, _ = ast.Unparen(vs.Values[i]).(*ast.BasicLit)
					}
					text := val.text()
					if !startsLikeSQL(text) || !looksLikeStatement(text) {
						continue
					}
					via := "constant"
					if strings.HasPrefix(strings.TrimSpace(text), "-- name:") {
						via = "sqlc"
					}
					pos := nm.Pos()
					if lit != nil {
						pos = lit.Pos()
					}
					c.constSites = append(c.constSites, constSite{obj: obj, site: site{pos: pos, lit: lit, val: val, via: via, weak: true}})
				}
			}
			return true
		})
	}
}

// looksLikeStatement: more than a bare keyword (a constant "select" used as
// an enum value is not a statement).
func looksLikeStatement(s string) bool {
	return len(strings.Fields(s)) >= 2
}

// emitConsts resolves the collected constants not seen at a sink (used
// decides; nil means "this package's own sinks").
func (c *pkgCore) emitConsts(used func(types.Object) bool) {
	for _, cs := range c.constSites {
		if cs.obj != nil && (c.fo.used[cs.obj] || (used != nil && used(cs.obj))) {
			continue
		}
		c.resolve(cs.site)
	}
	c.constSites = nil
}

// embedSites reads .sql (and other text) files embedded with //go:embed
// into package variables and analyses their statements.
func (c *pkgCore) embedSites(f *ast.File) {
	if c.dir == "" {
		return
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		pats := embedPatterns(gd.Doc)
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			ps := append(append([]string{}, pats...), embedPatterns(vs.Doc)...)
			if len(ps) == 0 {
				continue
			}
			for _, file := range embedFiles(c.dir, ps) {
				c.embeddedFile(file, vs.Pos())
			}
		}
	}
}

// embedFiles expands //go:embed patterns relative to dir into .sql files
// (directories are walked; hidden and _ files skipped as go:embed does).
func embedFiles(dir string, pats []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] && strings.EqualFold(filepath.Ext(p), ".sql") {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, pat := range pats {
		pat = strings.TrimPrefix(pat, "all:")
		if strings.Contains(pat, "..") {
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pat)))
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil {
				continue
			}
			if !st.IsDir() {
				add(m)
				continue
			}
			_ = filepath.WalkDir(m, func(p string, de os.DirEntry, err error) error {
				if err != nil {
					return nil
				}
				base := de.Name()
				if p != m && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
					if de.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if !de.IsDir() {
					add(p)
				}
				return nil
			})
		}
	}
	sort.Strings(out)
	return out
}

const maxEmbedSize = 4 << 20

func (c *pkgCore) embeddedFile(file string, at token.Pos) {
	st, err := os.Stat(file)
	if err != nil || st.Size() > maxEmbedSize {
		return
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return
	}
	rel := c.rel(file)
	stmts, errs := pgparse.Parse(rel, string(b))
	for _, e := range errs {
		c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: Pos{File: rel, Line: e.Pos.Line, Col: e.Pos.Col}, Reason: "the embedded statement does not parse: " + e.Msg, Via: "embed", at: at})
	}
	for _, s := range stmts {
		fp := Pos{File: rel, Line: s.Pos.Line, Col: s.Pos.Col}
		via := "embed"
		if strings.Contains(s.Comment, "name:") {
			via = "embed sqlc"
		}
		c.resolve(site{pos: at, filePos: &fp, sql: s.Text, via: via})
	}
}

// builderSites turns squirrel, gorm/bun chains and pgx CopyFrom calls into
// statements (the extractors live in squirrel.go and copyfrom.go).
func (c *pkgCore) builderSites(f *ast.File) {
	if c.sqShared == nil {
		c.sqShared = sharedBuilders(c.files, c.info, c.fo.fold)
		if c.sqShared == nil {
			c.sqShared = map[*ast.File]map[string]*bState{}
		}
	}
	for _, bq := range builtQueries(c.fset, f, c.info, c.fo.fold, c.sqShared[f]) {
		s := site{pos: bq.Pos, via: bq.Via, sql: bq.SQL, partial: bq.Partial}
		if bq.Partial {
			s.val = folded{{text: bq.SQL}, {dyn: true, sep: true, reason: "part of the " + bq.Via + " chain is built at run time"}}
		}
		c.resolve(s)
	}
}

// modelSites records the columns ORM models map (Kind model).
func (c *pkgCore) modelSites(f *ast.File) {
	for _, m := range modelsFromFile(c.fset, f, c.info) {
		if m.Table == "" {
			continue
		}
		t := sqlast.Name{Schema: m.Schema, Name: m.Table}
		conf := Exact
		if !m.TableKnown {
			conf = Partial
		}
		pos := c.position(m.Pos)
		c.inv.Refs = append(c.inv.Refs, Ref{Table: t, Kind: sqlast.UseModel, Confidence: conf, Pos: pos, Via: m.Via, at: m.Pos})
		for _, col := range m.Columns {
			p := pos
			if col.Pos.IsValid() {
				p = c.position(col.Pos)
			}
			c.inv.Refs = append(c.inv.Refs, Ref{Table: t, Column: col.Name, Kind: sqlast.UseModel, Confidence: conf, Pos: p, Via: m.Via, at: m.Pos})
		}
	}
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
