package fold

// Fragment builders: a query builder of the analysed module whose statement
// is the concatenation of the text fragments its methods append (bytebase's
// qb: `q := qb.Q().Space("SELECT … FROM setting WHERE workspace = ?", ws);
// q.And("name = ?", n); query, args, err := q.ToSQL()`). What each method
// does is read from its own code (deriveFragment), never from its name:
//
//   - a constructor returns a new empty builder (`return &Query{}`);
//   - an append method of *T returns its receiver after appending one of
//     its string parameters (maybe through a helper call that also takes
//     the parameters, `makePart(text, params...)`) to a slice field of the
//     receiver, after prepending a constant or another string parameter to
//     it (the separator; `if len(q.parts) > 0` leaves it out before the
//     first fragment); or it returns another append method's result with
//     constant or parameter arguments (`return q.Join(" AND ", text, params...)`);
//   - a terminal method of *T has no parameters, returns a string first
//     and ranges over the receiver's fragments (`ToSQL`); a `"??"` in its
//     body means `??` stands for a literal `?`, the other `?` being
//     parameters (pgparse reads them as $n).
//
// A parameter of the builder's own type is a nested builder inlined at its
// `?`. Fragments appended under a condition or in a loop are all kept (the
// union of every branch, as for squirrel chains), except that the two
// blocks of an if-else give one value each (see Variants); a builder passed to
// another function, or changed by a method that is none of these, is
// partial there.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// FragKind is what a function or method does to a fragment builder.
type FragKind int

const (
	// FragNone: not a fragment builder's function.
	FragNone FragKind = iota
	// FragNew returns a new empty builder.
	FragNew
	// FragAppend appends its text parameter to its receiver and returns it.
	FragAppend
	// FragTerminal returns the receiver's statement.
	FragTerminal
)

// FragmentSpec is what a fragment builder's function or method does (see
// the comment at the top of fragments.go). It crosses packages as an
// analysis fact.
type FragmentSpec struct {
	Kind FragKind
	// Text is the index of an append method's text parameter.
	Text int
	// SepArg is the index of an append method's separator parameter, -1
	// when the separator is the constant Sep.
	SepArg int
	Sep    string
	// First: no separator before the first fragment.
	First bool
	// Unescape: a terminal whose `??` stands for a literal `?`.
	Unescape bool
}

// FragmentFacts gives the fragment specs other packages' analyses recorded.
type FragmentFacts interface {
	Fragment(fn *types.Func) (FragmentSpec, bool)
}

// Fragment returns what fn does to a fragment builder: derived from its
// declaration in this package, or recorded by its own package's analysis.
func (fo *Folder) Fragment(fn *types.Func) (FragmentSpec, bool) {
	if fn == nil {
		return FragmentSpec{}, false
	}
	fn = fn.Origin()
	if s, ok := fo.fragSpecs[fn]; ok {
		return s, s.Kind != FragNone
	}
	if fd := fo.funcs[fn]; fd != nil {
		fo.fragSpecs[fn] = FragmentSpec{} // recursion guard
		s := fo.deriveFragment(fn, fd)
		fo.fragSpecs[fn] = s
		return s, s.Kind != FragNone
	}
	if ff, ok := fo.Facts.(FragmentFacts); ok && fn.Pkg() != nil && fn.Pkg() != fo.pkg {
		if s, ok := ff.Fragment(fn); ok {
			return s, s.Kind != FragNone
		}
	}
	return FragmentSpec{}, false
}

// builderType returns the named struct type T of a *T, or nil.
func builderType(t types.Type) *types.Named {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok {
		return nil
	}
	if _, ok := n.Underlying().(*types.Struct); !ok {
		return nil
	}
	return n
}

// deriveFragment reads what fd does to a fragment builder.
func (fo *Folder) deriveFragment(fn *types.Func, fd *ast.FuncDecl) FragmentSpec {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || fd.Body == nil {
		return FragmentSpec{}
	}
	if sig.Recv() == nil {
		return fo.deriveConstructor(sig, fd)
	}
	t := builderType(sig.Recv().Type())
	if t == nil || fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return FragmentSpec{}
	}
	recv := fo.objOf(fd.Recv.List[0].Names[0])
	if recv == nil {
		return FragmentSpec{}
	}
	if sig.Params().Len() == 0 && sig.Results().Len() >= 1 && isString(sig.Results().At(0).Type()) {
		return fo.deriveTerminal(t, recv, fd)
	}
	if sig.Results().Len() != 1 || builderType(sig.Results().At(0).Type()) != t {
		return FragmentSpec{}
	}
	params := paramObjs(fo, fd)
	if s, ok := fo.deriveDelegate(t, recv, params, fd); ok {
		return s
	}
	return fo.deriveAppend(recv, params, sig, fd)
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// paramObjs lists fd's parameters in order (nil for an unnamed one).
func paramObjs(fo *Folder, fd *ast.FuncDecl) []types.Object {
	var out []types.Object
	if fd.Type.Params == nil {
		return nil
	}
	for _, fl := range fd.Type.Params.List {
		if len(fl.Names) == 0 {
			out = append(out, nil)
			continue
		}
		for _, n := range fl.Names {
			out = append(out, fo.objOf(n))
		}
	}
	return out
}

func indexOf(params []types.Object, o types.Object) int {
	for i, p := range params {
		if p != nil && p == o {
			return i
		}
	}
	return -1
}

// deriveConstructor: `func Q() *Query { return &Query{} }` (or new(Query))
// of a type that has an append method.
func (fo *Folder) deriveConstructor(sig *types.Signature, fd *ast.FuncDecl) FragmentSpec {
	if !fo.emptyConstructor(sig, fd) || !hasAppend(fo, builderType(sig.Results().At(0).Type())) {
		return FragmentSpec{} // no constructor of a fragment builder: no fact
	}
	return FragmentSpec{Kind: FragNew}
}

// emptyConstructor: fd returns a new empty *T and does nothing else.
func (fo *Folder) emptyConstructor(sig *types.Signature, fd *ast.FuncDecl) bool {
	if sig.Recv() != nil || sig.Params().Len() != 0 || sig.Results().Len() != 1 || builderType(sig.Results().At(0).Type()) == nil {
		return false
	}
	if fd.Body == nil || len(fd.Body.List) != 1 {
		return false
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return false
	}
	empty := false
	switch r := ast.Unparen(ret.Results[0]).(type) {
	case *ast.UnaryExpr:
		cl, ok := r.X.(*ast.CompositeLit)
		empty = ok && r.Op == token.AND && len(cl.Elts) == 0
	case *ast.CallExpr:
		if id, ok := ast.Unparen(r.Fun).(*ast.Ident); ok && id.Name == "new" && len(r.Args) == 1 {
			_, empty = fo.objOf(id).(*types.Builtin)
		}
	}
	return empty
}

// isEmptyConstructor: fn returns a new empty builder, read from its
// declaration here (without asking whether its type is a fragment builder:
// that is what is being derived) or from its package's fact.
func (fo *Folder) isEmptyConstructor(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if fd := fo.funcs[fn]; fd != nil {
		sig, ok := fn.Type().(*types.Signature)
		return ok && fo.emptyConstructor(sig, fd)
	}
	s, ok := fo.Fragment(fn)
	return ok && s.Kind == FragNew
}

// hasAppend: t has an append method (it is a fragment builder).
func hasAppend(fo *Folder, t *types.Named) bool {
	for i := 0; t != nil && i < t.NumMethods(); i++ {
		if s, ok := fo.Fragment(t.Method(i)); ok && s.Kind == FragAppend {
			return true
		}
	}
	return false
}

// recvField returns the field of the receiver that e selects (recv.F).
func (fo *Folder) recvField(e ast.Expr, recv types.Object) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if id, ok := ast.Unparen(sel.X).(*ast.Ident); !ok || fo.objOf(id) != recv {
		return nil
	}
	v, _ := fo.objOf(sel.Sel).(*types.Var)
	if v == nil || !v.IsField() {
		return nil
	}
	return v
}

// deriveTerminal: a method without parameters returning a string first,
// ranging over a slice field of its receiver, of a type that has an append
// method.
func (fo *Folder) deriveTerminal(t *types.Named, recv types.Object, fd *ast.FuncDecl) FragmentSpec {
	ranges, unescape := false, false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if fo.recvField(n.X, recv) != nil {
				ranges = true
			}
		case *ast.BasicLit:
			if n.Kind == token.STRING && strings.Contains(n.Value, "??") {
				unescape = true
			}
		}
		return true
	})
	if !ranges || !hasAppend(fo, t) {
		return FragmentSpec{}
	}
	return FragmentSpec{Kind: FragTerminal, Unescape: unescape}
}

// deriveDelegate: `return q.Join(" AND ", text, params...)`, Join an append
// method of the same type.
func (fo *Folder) deriveDelegate(t *types.Named, recv types.Object, params []types.Object, fd *ast.FuncDecl) (FragmentSpec, bool) {
	if len(fd.Body.List) != 1 {
		return FragmentSpec{}, false
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return FragmentSpec{}, false
	}
	call, ok := ast.Unparen(ret.Results[0]).(*ast.CallExpr)
	if !ok {
		return FragmentSpec{}, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return FragmentSpec{}, false
	}
	if id, ok := ast.Unparen(sel.X).(*ast.Ident); !ok || fo.objOf(id) != recv {
		return FragmentSpec{}, false
	}
	callee, _ := fo.objOf(sel.Sel).(*types.Func)
	if callee == nil {
		return FragmentSpec{}, false
	}
	if sig, ok := callee.Type().(*types.Signature); !ok || sig.Recv() == nil || builderType(sig.Recv().Type()) != t {
		return FragmentSpec{}, false
	}
	s, ok := fo.Fragment(callee)
	if !ok || s.Kind != FragAppend || s.Text >= len(call.Args) {
		return FragmentSpec{}, false
	}
	argParam := func(e ast.Expr) int {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			return indexOf(params, fo.objOf(id))
		}
		return -1
	}
	out := FragmentSpec{Kind: FragAppend, SepArg: -1, Sep: s.Sep, First: s.First}
	if out.Text = argParam(call.Args[s.Text]); out.Text < 0 {
		return FragmentSpec{}, false
	}
	if s.SepArg >= 0 {
		if s.SepArg >= len(call.Args) {
			return FragmentSpec{}, false
		}
		a := call.Args[s.SepArg]
		if i := argParam(a); i >= 0 {
			out.SepArg = i
		} else if sep, ok := fo.Fold(a); ok {
			out.Sep = sep
		} else {
			return FragmentSpec{}, false
		}
	}
	return out, true
}

// deriveAppend: the method appends (something made of) one string
// parameter to a slice field of the receiver, maybe after prepending a
// separator to it, and returns the receiver.
func (fo *Folder) deriveAppend(recv types.Object, params []types.Object, sig *types.Signature, fd *ast.FuncDecl) FragmentSpec {
	text := -1
	out := FragmentSpec{Kind: FragAppend, SepArg: -1}
	bad := false
	var stack []ast.Node
	isParam := func(e ast.Expr) int {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if i := indexOf(params, fo.objOf(id)); i >= 0 && isString(sig.Params().At(i).Type()) {
				return i
			}
		}
		return -1
	}
	// the string parameter an appended element is made of: the parameter
	// itself, or an argument or field of a call or literal
	madeOf := func(e ast.Expr) int {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return isParam(e)
		case *ast.CallExpr:
			for _, a := range e.Args {
				if i := isParam(a); i >= 0 {
					return i
				}
			}
		case *ast.CompositeLit:
			for _, el := range e.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					el = kv.Value
				}
				if i := isParam(el); i >= 0 {
					return i
				}
			}
		}
		return -1
	}
	type prepend struct {
		pos  token.Pos
		sep  ast.Expr
		cond ast.Expr // the if around it, nil when none
		p    int
	}
	var pre []prepend
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncLit:
			bad = true
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				bad = true
				break
			}
			if id, ok := ast.Unparen(n.Results[0]).(*ast.Ident); !ok || fo.objOf(id) != recv {
				bad = true
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			if f := fo.recvField(n.Lhs[0], recv); f != nil {
				call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
				if !ok || len(call.Args) != 2 || fo.recvField(call.Args[0], recv) != f {
					return true
				}
				if id, ok := ast.Unparen(call.Fun).(*ast.Ident); !ok || id.Name != "append" {
					return true
				}
				if _, isBuiltin := fo.objOf(id(call.Fun)).(*types.Builtin); !isBuiltin {
					return true
				}
				i := madeOf(call.Args[1])
				if i < 0 || text >= 0 && text != i {
					bad = true
					return true
				}
				text = i
				return true
			}
			if i := isParam(n.Lhs[0]); i >= 0 {
				// text = separator + text
				be, ok := ast.Unparen(n.Rhs[0]).(*ast.BinaryExpr)
				if !ok || be.Op != token.ADD || isParam(be.Y) != i || n.Tok != token.ASSIGN {
					bad = true
					return true
				}
				var cond ast.Expr
				for j := len(stack) - 2; j >= 0; j-- {
					if is, ok := stack[j].(*ast.IfStmt); ok {
						if cond != nil {
							bad = true // nested conditions
						}
						cond = is.Cond
					}
				}
				pre = append(pre, prepend{pos: n.Pos(), sep: be.X, cond: cond, p: i})
			} else if id, ok := ast.Unparen(n.Lhs[0]).(*ast.Ident); ok && fo.objOf(id) == recv {
				// `if q == nil { q = Q() }`: a nil receiver gets a new builder
				call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
				if !ok {
					bad = true
					return true
				}
				if !fo.isEmptyConstructor(calleeOf(fo, call)) {
					bad = true
				}
			}
		}
		return true
	})
	if bad || text < 0 || len(pre) > 1 {
		return FragmentSpec{}
	}
	out.Text = text
	if len(pre) == 1 {
		p := pre[0]
		if p.p != text {
			return FragmentSpec{}
		}
		if i := isParam(p.sep); i >= 0 {
			out.SepArg = i
		} else if sep, ok := fo.Fold(p.sep); ok {
			out.Sep = sep
		} else {
			return FragmentSpec{}
		}
		if p.cond != nil {
			if !fo.notFirst(p.cond, recv) {
				return FragmentSpec{}
			}
			out.First = true
		}
	}
	return out
}

func id(e ast.Expr) *ast.Ident {
	i, _ := ast.Unparen(e).(*ast.Ident)
	return i
}

// notFirst: `len(recv.f) > 0` (or `!= 0`, `0 < len(recv.f)`).
func (fo *Folder) notFirst(cond ast.Expr, recv types.Object) bool {
	be, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	isLen := func(e ast.Expr) bool {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(c.Args) != 1 {
			return false
		}
		if i := id(c.Fun); i == nil || i.Name != "len" {
			return false
		}
		return fo.recvField(c.Args[0], recv) != nil
	}
	isZero := func(e ast.Expr) bool {
		bl, ok := ast.Unparen(e).(*ast.BasicLit)
		return ok && bl.Kind == token.INT && bl.Value == "0"
	}
	switch {
	case (be.Op == token.GTR || be.Op == token.NEQ) && isLen(be.X) && isZero(be.Y):
		return true
	case (be.Op == token.LSS || be.Op == token.NEQ) && isZero(be.X) && isLen(be.Y):
		return true
	}
	return false
}

// calleeOf returns the function or method call c invokes, or nil.
func calleeOf(fo *Folder, c *ast.CallExpr) *types.Func {
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.Ident:
		fn, _ := fo.objOf(f).(*types.Func)
		return fn
	case *ast.SelectorExpr:
		fn, _ := fo.objOf(f.Sel).(*types.Func)
		return fn
	}
	return nil
}

// builderSQL folds the statement a query builder's terminal call returns
// (`query, args, err := q.ToSQL()`): a fragment builder's fragments; a
// terminal of a builder whose type is the module's own but not a fragment
// builder is dynamic. ok is false when the builder is a library's (its
// chain is read by the builder extractors, or listed as a library rbcheck
// does not read) or its type is not known.
func (fo *Folder) builderSQL(call *ast.CallExpr, depth int) (Value, bool) {
	if fo.info == nil {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	fn := calleeOf(fo, call)
	tv, typed := fo.info.Types[sel.X]
	if fn == nil || fn.Pkg() == nil || !typed || tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
		// the builder's type is not known (a package that is not loaded):
		// the package its chain starts at says whose it is
		p, pkgRoot := fo.rootPkgPath(sel.X)
		if p == "" || libraryPath(p) {
			return nil, false // a library's: read by the builder extractors, or listed as not read
		}
		if !pkgRoot && squirrelShaped(call) {
			return nil, false // read as squirrel by its shape (analyzer/internal/builder)
		}
		return Dyn("%s returns SQL built by a query builder of %s, which rbcheck does not read", exprString(call), p), true
	}
	if libraryPath(fn.Pkg().Path()) {
		return nil, false
	}
	s, ok := fo.Fragment(fn)
	if !ok || s.Kind != FragTerminal {
		return Dyn("%s returns SQL built by %s, a query builder rbcheck does not read", exprString(call), wrapperDesc(fn)), true
	}
	v := fo.fragValue(sel.X, call.Pos(), depth+1)
	if s.Unescape {
		for i, p := range v {
			if !p.Dyn && !p.Embed {
				v[i].Text = strings.ReplaceAll(p.Text, "??", "?")
			}
		}
	}
	return v, true
}

// libraryPath: a package of a library rbcheck knows (read or not).
func libraryPath(p string) bool {
	if libs.NotReadLib(p) != nil {
		return true
	}
	for _, l := range libs.All() {
		if l.Has(p) {
			return true
		}
	}
	return false
}

// wrapperDesc names fn as "pkg.Type.Method".
func wrapperDesc(fn *types.Func) string {
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	if fn.Pkg() != nil {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// fragValue folds the fragments builder expression e holds at position at.
func (fo *Folder) fragValue(e ast.Expr, at token.Pos, depth int) Value {
	if depth > maxFoldDepth {
		return Dyn("query builder too deeply nested")
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		fn := calleeOf(fo, e)
		s, ok := fo.Fragment(fn)
		if !ok {
			return Dyn("the query builder returned by %s", exprString(e.Fun))
		}
		switch s.Kind {
		case FragNew:
			return Value{}
		case FragAppend:
			sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
			if !ok {
				return Dyn("the query builder of %s", exprString(e.Fun))
			}
			base := fo.fragValue(sel.X, e.Pos(), depth+1)
			return fo.appendFragment(base, e, s, depth)
		}
	case *ast.UnaryExpr:
		if cl, ok := e.X.(*ast.CompositeLit); ok && e.Op == token.AND && len(cl.Elts) == 0 {
			return Value{}
		}
	case *ast.Ident:
		return fo.fragVar(e, at, depth)
	}
	return Dyn("query builder %s", exprString(e))
}

// appendFragment adds call's fragment (an append method's) to base.
func (fo *Folder) appendFragment(base Value, call *ast.CallExpr, s FragmentSpec, depth int) Value {
	if s.Text >= len(call.Args) {
		return append(base, Part{Dyn: true, Sep: true, Reason: "fragment of " + exprString(call.Fun)})
	}
	out := append(Value{}, base...)
	if len(base) > 0 || !s.First {
		if s.SepArg >= 0 {
			if s.SepArg >= len(call.Args) {
				return append(out, Part{Dyn: true, Sep: true, Reason: "separator of " + exprString(call.Fun)})
			}
			out = append(out, fo.foldExpr(call.Args[s.SepArg], depth+1)...)
		} else if s.Sep != "" {
			out = append(out, Part{Text: s.Sep})
		}
	}
	text := fo.foldExpr(call.Args[s.Text], depth+1)
	if text.Exact() && !call.Ellipsis.IsValid() && len(call.Args) > s.Text+1 {
		text = fo.inlineNested(text.Text(), call.Args[s.Text+1:], call.Pos(), depth)
	}
	return append(out, text...)
}

// inlineNested puts the nested builders among args (parameters of the
// builder's own type) at their `?` of text.
func (fo *Folder) inlineNested(text string, args []ast.Expr, at token.Pos, depth int) Value {
	var out Value
	var cur strings.Builder
	ai := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '?' {
			cur.WriteByte(text[i])
			continue
		}
		if i+1 < len(text) && text[i+1] == '?' {
			cur.WriteString("??")
			i++
			continue
		}
		if ai < len(args) && builderType(fo.info.TypeOf(args[ai])) != nil {
			if v := fo.fragValue(args[ai], at, depth+1); len(v) > 0 {
				out = append(out, Part{Text: cur.String()})
				cur.Reset()
				out = append(out, v...)
				ai++
				continue
			}
		}
		ai++
		cur.WriteByte('?')
	}
	return append(out, Part{Text: cur.String()})
}

// fragVar folds the fragments a local builder variable holds at position
// at: its value when declared or assigned (a builder assigned in several
// branches has one value per branch, see Variants), then every append
// method called on it (each call changes the builder it is called on,
// whether or not its result is used; those under a condition or in a loop
// are kept too).
func (fo *Folder) fragVar(vid *ast.Ident, at token.Pos, depth int) Value {
	o := fo.objOf(vid)
	if o == nil {
		return Dyn("query builder %s", vid.Name)
	}
	if fo.params[o] {
		return Dyn("query builder %s is a parameter", vid.Name)
	}
	type ev struct {
		pos   token.Pos
		rhs   ast.Expr
		empty bool // declared without a value: a nil builder, which the append methods start
		cond  bool
		call  *ast.CallExpr
	}
	declBlk := fo.declBlk[o]
	var evs []ev
	for _, a := range fo.assign[o] {
		if a.pos >= at {
			continue
		}
		switch {
		case a.rhs == nil && a.decl && a.multi == nil:
			evs = append(evs, ev{pos: a.pos, empty: true})
			continue
		case a.rhs == nil || a.op != token.ASSIGN && a.op != token.DEFINE:
			return Dyn("query builder %s is assigned from a multi-value expression", vid.Name)
		case fo.chainRoot(a.rhs) == o:
			continue // q = q.And(…): the calls below
		}
		evs = append(evs, ev{pos: a.pos, rhs: a.rhs, cond: a.block != declBlk})
	}
	for _, c := range fo.bcalls[o] {
		if c.Pos() < at {
			evs = append(evs, ev{pos: c.Pos(), call: c})
		}
	}
	// in source order
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && evs[j].pos < evs[j-1].pos; j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
	var cands []Value
	// nilDecl: the only candidate is a declaration without a value (`var
	// q *qb.Query` before `if … { q = … } else { q = … }`), which branches
	// replace rather than add to
	nilDecl := false
	for _, e := range evs {
		if e.call == nil {
			var v Value
			if !e.empty {
				v = fo.fragValue(e.rhs, e.pos, depth+1)
			}
			switch {
			case e.cond && nilDecl:
				// the first branch that assigns it
				cands = []Value{v}
				nilDecl = false
			case e.cond && len(cands) > 0:
				cands = append(cands, v)
			default:
				cands = []Value{v}
				nilDecl = e.empty
			}
			continue
		}
		nilDecl = false
		if br, ok := fo.branchOf[fo.bcallBlk[e.call]]; ok && fo.enum && (fo.pick(br.ifs, 2) == 1) != br.els {
			// `if … { q.Space("ORDER BY a") } else { q.Space("ORDER BY b") }`:
			// one value per branch
			continue
		}
		var add func(Value) Value
		fn := calleeOf(fo, e.call)
		s, ok := fo.Fragment(fn)
		if sel, isSel := ast.Unparen(e.call.Fun).(*ast.SelectorExpr); !isSel || id(sel.X) == nil || fo.objOf(id(sel.X)) != o {
			if ok && s.Kind == FragAppend {
				continue // a nested builder of another: read there
			}
			// q passed to another function, which may add to it
			add = func(v Value) Value {
				return append(v, Part{Dyn: true, Sep: true, Reason: "query builder " + vid.Name + " is passed to " + exprString(e.call.Fun)})
			}
		} else {
			switch {
			case ok && s.Kind == FragAppend:
				add = func(v Value) Value { return fo.appendFragment(v, e.call, s, depth) }
			case ok && s.Kind == FragTerminal, fn != nil && readsOnly(fn):
				continue
			default:
				add = func(v Value) Value {
					return append(v, Part{Dyn: true, Sep: true, Reason: "query builder " + vid.Name + " is changed by " + exprString(e.call.Fun)})
				}
			}
		}
		for i := range cands {
			cands[i] = add(cands[i])
		}
	}
	switch {
	case len(cands) == 0:
		return Dyn("query builder %s of unknown value", vid.Name)
	case len(cands) == 1:
		return cands[0]
	case fo.enum:
		return cands[fo.pick(o, len(cands))]
	}
	return Dyn("query builder %s is assigned in several branches", vid.Name)
}

// readsOnly: a method without parameters whose result is no builder
// (Len): taken not to change its receiver.
func readsOnly(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 0 {
		return false
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if builderType(sig.Results().At(i).Type()) != nil {
			return false
		}
	}
	return true
}

// chainRoot returns the variable a method chain starts at (q in
// q.And(…).Or(…)), or nil.
func (fo *Folder) chainRoot(e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil
			}
			e = sel.X
		case *ast.Ident:
			return fo.objOf(x)
		default:
			return nil
		}
	}
}

// rootPkgPath returns the import path of the package a method chain
// starts at, from syntax: a package's function (`qbuild.Select(…)`,
// pkgRoot), or a variable, field or function whose declared type (result)
// names the package (`b qbuild.Builder`, `r.sb`); "" when not known.
func (fo *Folder) rootPkgPath(e ast.Expr) (path string, pkgRoot bool) {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.CallExpr:
			e = x.Fun
		case *ast.SelectorExpr:
			if o := fo.objOf(x.Sel); o != nil {
				if p, ok := fo.DeclPkg[o]; ok {
					return p, false
				}
			}
			e = x.X
		case *ast.Ident:
			o := fo.objOf(x)
			if pn, ok := o.(*types.PkgName); ok {
				return pn.Imported().Path(), true
			}
			if o != nil {
				return fo.DeclPkg[o], false
			}
			if fo.CurFile != nil {
				p := fo.fileImports[fo.CurFile][x.Name]
				return p, p != ""
			}
			return "", false
		default:
			return "", false
		}
	}
}

// squirrelShaped: a chain the squirrel extractor reads by its shape when
// its root's type is not known (Select…From, Insert…Columns/Values/SetMap,
// Update…Set/SetMap, Delete…Where; analyzer/internal/builder/engine.go).
func squirrelShaped(call *ast.CallExpr) bool {
	var names []string
	for e := ast.Expr(call); ; {
		c, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok {
			break
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		names = append([]string{sel.Sel.Name}, names...)
		e = sel.X
	}
	for i, n := range names {
		later := strings.Join(names[i+1:], " ") + " "
		has := func(ms ...string) bool {
			for _, m := range ms {
				if strings.Contains(" "+later, " "+m+" ") {
					return true
				}
			}
			return false
		}
		switch {
		case n == "Select" && has("From", "FromSelect"),
			n == "Insert" && has("Columns", "Values", "SetMap"),
			n == "Update" && has("Set", "SetMap"),
			n == "Delete" && has("Where"):
			return true
		}
	}
	return false
}
