package analyzer

// Reachability: a statement inside a function that nothing in the code can
// call cannot run, so it cannot break. A function is unreachable when no
// code that may run names it:
//
//   - an unexported function or method of any package, whose name occurs
//     nowhere else in its package (both drivers decide these: nothing
//     outside the package can name it);
//   - with the whole module in view (ScanDir only), an exported function or
//     method of a package nothing outside the module can import (a path
//     element `internal`, or package main), whose name occurs nowhere else
//     in the module's code; for a method, no value of its type may reach an
//     interface or a type parameter (it is then called through the
//     interface, maybe by another module), nor is the type embedded.
//
// "Names" are counted by spelling, conservatively: any identifier, any
// string literal (reflect's MethodByName) and any name in a //go:linkname
// or cgo //export line counts, in any function that may run or outside
// functions (a package variable's initializer, an interface declaring the
// method). A name that occurs only in unreachable functions does not make
// a function reachable, so the decision is a fixed point. Files left out
// by build constraints or exclude globs are read for their identifiers and
// count as code that may run. Test files are not release code and do not
// count. init, main.main and blank functions are always reachable.

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// reachFunc is a top-level function declaration.
type reachFunc struct {
	pos, end token.Pos
	name     string
	recv     string   // receiver base type name; "" for a function
	names    []string // the identifiers and string literals in it, distinct
}

// reachPkg is what the reachability decision needs of one package.
type reachPkg struct {
	path    string
	name    string
	exposed bool // another module may import it (not internal, not main)
	funcs   []reachFunc
	top     []string // names occurring outside function declarations
	// escapes: types ("path.Name") of unexposed packages whose values this
	// package's code may hand to an interface, a type parameter or
	// unknown code, or that it embeds
	escapes map[string]bool
}

// exposedPath: a package another module may import.
func exposedPath(path, name string) bool {
	if name == "main" {
		return false
	}
	for _, e := range strings.Split(path, "/") {
		if e == "internal" {
			return false
		}
	}
	return true
}

// reachIndex reads the package's names and escaping types.
func (c *pkgCore) reachIndex() *reachPkg {
	rp := &reachPkg{escapes: map[string]bool{}}
	if c.pkg != nil {
		rp.path, rp.name = c.pkg.Path(), c.pkg.Name()
	}
	rp.exposed = exposedPath(rp.path, rp.name)
	top := map[string]bool{}
	for _, f := range c.files {
		for _, cg := range f.Comments {
			for _, cm := range cg.List {
				for _, n := range directiveNames(cm.Text) {
					top[n] = true
				}
			}
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				collectNames(d, top)
				continue
			}
			rf := reachFunc{pos: fd.Pos(), end: fd.End(), name: fd.Name.Name, recv: recvBase(fd)}
			seen := map[string]bool{}
			ast.Inspect(fd, func(n ast.Node) bool {
				if n == fd.Name {
					return false
				}
				addName(n, seen)
				return true
			})
			for n := range seen {
				rf.names = append(rf.names, n)
			}
			sort.Strings(rf.names)
			rp.funcs = append(rp.funcs, rf)
		}
		if c.info != nil {
			c.escapesIn(f, rp.escapes)
		}
	}
	for n := range top {
		rp.top = append(rp.top, n)
	}
	sort.Strings(rp.top)
	sort.Slice(rp.funcs, func(i, j int) bool { return rp.funcs[i].pos < rp.funcs[j].pos })
	return rp
}

func collectNames(n ast.Node, into map[string]bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		addName(n, into)
		return true
	})
}

func addName(n ast.Node, into map[string]bool) {
	switch v := n.(type) {
	case *ast.Ident:
		into[v.Name] = true
	case *ast.BasicLit:
		if v.Kind == token.STRING {
			if s, err := strconv.Unquote(v.Value); err == nil && isIdent(s) {
				into[s] = true
			}
		}
	}
}

func isIdent(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' || r > 127 {
			continue
		}
		return false
	}
	return true
}

// directiveNames: the names a //go:linkname or cgo //export line gives
// code outside Go's view.
func directiveNames(text string) []string {
	var fs []string
	switch {
	case strings.HasPrefix(text, "//go:linkname "):
		fs = strings.Fields(text)[1:]
	case strings.HasPrefix(text, "//export "):
		fs = strings.Fields(text)[1:]
	default:
		return nil
	}
	var out []string
	for _, f := range fs {
		if i := strings.LastIndexByte(f, '.'); i >= 0 {
			f = f[i+1:]
		}
		if isIdent(f) {
			out = append(out, f)
		}
	}
	return out
}

func recvBase(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.ParenExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.Ident:
			return x.Name
		}
		return "?"
	}
}

// escapesIn records the types of unexposed packages whose values f's code
// may hand to an interface, a type parameter or code whose types are not
// known, or that it embeds in a struct: their exported methods may then be
// called without being named.
func (c *pkgCore) escapesIn(f *ast.File, into map[string]bool) {
	unexposed := map[*types.Package]bool{}
	keyOf := func(t types.Type) string {
		if t == nil {
			return ""
		}
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.Obj() == nil || n.Obj().Pkg() == nil {
			return ""
		}
		p := n.Obj().Pkg()
		u, ok := unexposed[p]
		if !ok {
			u = !exposedPath(p.Path(), p.Name())
			unexposed[p] = u
		}
		if !u {
			return ""
		}
		return p.Path() + "." + n.Obj().Name()
	}
	var stack []ast.Node
	var funcs []*types.Signature // enclosing functions' signatures
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch top.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				funcs = funcs[:len(funcs)-1]
			}
			return true
		}
		switch v := n.(type) {
		case *ast.FuncDecl:
			var sig *types.Signature
			if o := c.info.Defs[v.Name]; o != nil {
				sig, _ = o.Type().(*types.Signature)
			}
			funcs = append(funcs, sig)
		case *ast.FuncLit:
			sig, _ := c.info.TypeOf(v).(*types.Signature)
			funcs = append(funcs, sig)
		case *ast.StructType:
			for _, fl := range v.Fields.List {
				if len(fl.Names) == 0 {
					if k := keyOf(c.info.TypeOf(fl.Type)); k != "" {
						into[k] = true // embedded: its methods are promoted
					}
				}
			}
		case *ast.IndexExpr, *ast.IndexListExpr:
			// T as a type argument
			var idx []ast.Expr
			if ie, ok := v.(*ast.IndexExpr); ok {
				idx = []ast.Expr{ie.Index}
			} else {
				idx = v.(*ast.IndexListExpr).Indices
			}
			for _, x := range idx {
				if tv, ok := c.info.Types[x]; ok && tv.IsType() {
					if k := keyOf(tv.Type); k != "" {
						into[k] = true
					}
				}
			}
		}
		if e, ok := n.(ast.Expr); ok && len(stack) > 0 {
			if tv, ok := c.info.Types[e]; ok && !tv.IsType() {
				if k := keyOf(tv.Type); k != "" && !into[k] {
					var sig *types.Signature
					if len(funcs) > 0 {
						sig = funcs[len(funcs)-1]
					}
					if c.escapes(e, tv.Type, stack, sig) {
						into[k] = true
					}
				}
			}
		}
		stack = append(stack, n)
		return true
	})
}

// escapes: the value e (of type t) may reach an interface, a type
// parameter or unknown code, given its parent (the last node of stack)
// and the enclosing function's signature sig.
func (c *pkgCore) escapes(e ast.Expr, t types.Type, stack []ast.Node, sig *types.Signature) bool {
	same := func(to types.Type) bool { return to != nil && types.Identical(to, t) }
	switch p := stack[len(stack)-1].(type) {
	case *ast.SelectorExpr, *ast.StarExpr, *ast.ParenExpr, *ast.ExprStmt, *ast.BinaryExpr,
		*ast.SwitchStmt, *ast.CaseClause, *ast.RangeStmt, *ast.SliceExpr, *ast.IncDecStmt:
		// a receiver, a field access, a comparison, … (the wrapping
		// expressions are checked as values themselves)
		return false
	case *ast.UnaryExpr:
		return p.Op == token.ARROW // &e is checked itself; <-e reads a channel
	case *ast.CallExpr:
		if p.Fun == e {
			return false // e is called (a func-typed value)
		}
		if tv, ok := c.info.Types[p.Fun]; ok && tv.IsType() {
			return !same(tv.Type) // a conversion
		}
		if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok {
			if b, ok := c.info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "append":
					if len(p.Args) > 0 && p.Args[0] != e {
						if s, ok := c.info.TypeOf(p.Args[0]).Underlying().(*types.Slice); ok {
							return !same(s.Elem())
						}
					}
					return true
				case "panic", "print", "println":
					return true
				}
				return false
			}
		}
		fsig, ok := c.info.TypeOf(p.Fun).(*types.Signature)
		if !ok || fsig == nil || genericCallee(c.info, p.Fun) {
			return true
		}
		for i, a := range p.Args {
			if a != e {
				continue
			}
			params := fsig.Params()
			switch {
			case fsig.Variadic() && i >= params.Len()-1:
				last := params.At(params.Len() - 1).Type()
				if p.Ellipsis.IsValid() {
					return !same(last)
				}
				s, ok := last.(*types.Slice)
				return !ok || !same(s.Elem())
			case i < params.Len():
				return !same(params.At(i).Type())
			}
			return true
		}
		return true
	case *ast.AssignStmt:
		if len(p.Lhs) != len(p.Rhs) {
			return true
		}
		for i, r := range p.Rhs {
			if r != e {
				continue
			}
			if id, ok := p.Lhs[i].(*ast.Ident); ok && id.Name == "_" {
				return false
			}
			return !same(c.info.TypeOf(p.Lhs[i]))
		}
		return true
	case *ast.ValueSpec:
		if len(p.Names) != len(p.Values) {
			return true
		}
		for i, v := range p.Values {
			if v == e {
				if p.Names[i].Name == "_" {
					return false
				}
				if o := c.info.Defs[p.Names[i]]; o != nil {
					return !same(o.Type())
				}
			}
		}
		return true
	case *ast.ReturnStmt:
		if sig == nil || sig.Results().Len() != len(p.Results) {
			return true
		}
		for i, r := range p.Results {
			if r == e {
				return !same(sig.Results().At(i).Type())
			}
		}
		return true
	case *ast.CompositeLit:
		return !same(elemType(c.info.TypeOf(p), -1))
	case *ast.KeyValueExpr:
		if len(stack) < 2 {
			return true
		}
		cl, ok := stack[len(stack)-2].(*ast.CompositeLit)
		if !ok {
			return true
		}
		ct := c.info.TypeOf(cl)
		if ct == nil {
			return true
		}
		switch u := ct.Underlying().(type) {
		case *types.Struct:
			if id, ok := p.Key.(*ast.Ident); ok && p.Value == e {
				if v, ok := c.info.Uses[id].(*types.Var); ok {
					return !same(v.Type())
				}
			}
			return true
		case *types.Map:
			if p.Key == e {
				return !same(u.Key())
			}
			return !same(u.Elem())
		default:
			if p.Value == e {
				return !same(elemType(ct, -1))
			}
			return false // an index
		}
	case *ast.IndexExpr:
		if p.X == e {
			return false
		}
		if m, ok := c.info.TypeOf(p.X).Underlying().(*types.Map); ok {
			return !same(m.Key())
		}
		return false
	case *ast.SendStmt:
		if p.Value == e {
			if ch, ok := c.info.TypeOf(p.Chan).Underlying().(*types.Chan); ok {
				return !same(ch.Elem())
			}
			return true
		}
		return false
	}
	return true
}

// elemType: the element type of a slice, array or map type (nil otherwise).
func elemType(t types.Type, _ int) types.Type {
	if t == nil {
		return nil
	}
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Map:
		return u.Elem()
	case *types.Pointer:
		return elemType(u.Elem(), 0)
	}
	return nil
}

// genericCallee: fun names a generic function or method (its body sees
// the argument as a type parameter).
func genericCallee(info *types.Info, fun ast.Expr) bool {
	var id *ast.Ident
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr:
		return true
	case *ast.IndexListExpr:
		return true
	}
	if id == nil {
		return false
	}
	fn, ok := info.Uses[id].(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && (sig.TypeParams().Len() > 0 || sig.RecvTypeParams().Len() > 0)
}

// reachDecider decides which functions of the packages seen are
// unreachable. global: the packages are the whole module (ScanDir), so
// exported functions of unexposed packages are decided too. ext are names
// occurring in code that may run but is not analysed (files left out by
// build constraints or exclude globs).
func decideReach(pkgs []*reachPkg, global bool, ext map[string]bool) map[*reachPkg]map[int]bool {
	escapes := map[string]bool{}
	for _, p := range pkgs {
		for k := range p.escapes {
			escapes[k] = true
		}
	}
	type fref struct {
		p *reachPkg
		i int
	}
	candidate := func(p *reachPkg, f *reachFunc) bool {
		switch {
		case f.name == "init" || f.name == "_" || f.recv == "?":
			return false
		case f.name == "main" && f.recv == "" && p.name == "main":
			return false
		case !token.IsExported(f.name):
			return true
		case !global || p.exposed:
			return false
		case f.recv != "" && escapes[p.path+"."+f.recv]:
			return false
		}
		return true
	}
	// a name occurrence marks a key: the package's own for an unexported
	// name, the module's for an exported one
	keyOf := func(p *reachPkg, name string) string {
		if token.IsExported(name) {
			return "\x00" + name
		}
		return p.path + "\x00" + name
	}
	byKey := map[string][]fref{}
	cand := map[fref]bool{}
	for _, p := range pkgs {
		for i := range p.funcs {
			f := &p.funcs[i]
			if candidate(p, f) {
				r := fref{p, i}
				cand[r] = true
				k := keyOf(p, f.name)
				byKey[k] = append(byKey[k], r)
			}
		}
	}
	reached := map[fref]bool{}
	marked := map[string]bool{}
	var queue []fref
	mark := func(k string) {
		if marked[k] {
			return
		}
		marked[k] = true
		for _, r := range byKey[k] {
			if !reached[r] {
				reached[r] = true
				queue = append(queue, r)
			}
		}
	}
	// names of code outside the analysis: any package's
	extUnexported := map[string]bool{}
	for n := range ext {
		if token.IsExported(n) {
			mark("\x00" + n)
		} else {
			extUnexported[n] = true
		}
	}
	for _, p := range pkgs {
		for _, n := range p.top {
			mark(keyOf(p, n))
		}
		for i := range p.funcs {
			if !cand[fref{p, i}] {
				for _, n := range p.funcs[i].names {
					mark(keyOf(p, n))
				}
			}
		}
		for i := range p.funcs {
			if extUnexported[p.funcs[i].name] {
				mark(keyOf(p, p.funcs[i].name))
			}
		}
	}
	for len(queue) > 0 {
		r := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, n := range r.p.funcs[r.i].names {
			mark(keyOf(r.p, n))
		}
	}
	out := map[*reachPkg]map[int]bool{}
	for r := range cand {
		if !reached[r] {
			if out[r.p] == nil {
				out[r.p] = map[int]bool{}
			}
			out[r.p][r.i] = true
		}
	}
	return out
}

// markUnreachable sets Unreachable on the inventory's entries that lie in
// an unreachable function of rp.
func markUnreachable(inv *Inventory, rp *reachPkg, dead map[int]bool) {
	if len(dead) == 0 {
		return
	}
	in := func(at token.Pos) string {
		if !at.IsValid() {
			return ""
		}
		i := sort.Search(len(rp.funcs), func(i int) bool { return rp.funcs[i].end > at })
		if i == len(rp.funcs) || rp.funcs[i].pos > at || !dead[i] {
			return ""
		}
		f := rp.funcs[i]
		name := f.name
		if f.recv != "" {
			name = f.recv + "." + name
		}
		return rp.name + "." + name
	}
	for i := range inv.Refs {
		inv.Refs[i].Unreachable = in(inv.Refs[i].at)
	}
	for i := range inv.Queries {
		inv.Queries[i].Unreachable = in(inv.Queries[i].at)
	}
	for i := range inv.Dynamic {
		inv.Dynamic[i].Unreachable = in(inv.Dynamic[i].at)
	}
}

// identNames reads the identifiers and string literals of Go source
// without parsing it (a file left out of the analysis).
func identNames(src []byte, into map[string]bool) {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	s.Init(file, src, nil, scanner.ScanComments)
	for {
		_, tok, lit := s.Scan()
		switch tok {
		case token.EOF:
			return
		case token.IDENT:
			into[lit] = true
		case token.STRING:
			if v, err := strconv.Unquote(lit); err == nil && isIdent(v) {
				into[v] = true
			}
		case token.COMMENT:
			for _, n := range directiveNames(lit) {
				into[n] = true
			}
		}
	}
}
