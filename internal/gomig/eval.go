package gomig

import (
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// env is where an expression's names resolve: its file (for imports) and
// that file's folder (for package-level constants, variables and
// functions).
type env struct {
	path string
	f    *ast.File
}

func (s *scanner) home() env { return env{s.file, s.f} }

// maxDepth bounds every chain the evaluator follows (a constant naming a
// constant, a helper calling a helper), so the work stays linear.
const maxDepth = 8

// valueAt is e's constant string value in at; lit is the literal when the
// value is exactly one literal.
func (s *scanner) valueAt(e ast.Expr, ctx scope, at env, depth int) (string, *ast.BasicLit, bool) {
	if depth > maxDepth {
		return "", nil, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", nil, false
		}
		v, err := strconv.Unquote(e.Value)
		return v, e, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", nil, false
		}
		a, _, ok1 := s.valueAt(e.X, ctx, at, depth+1)
		b, _, ok2 := s.valueAt(e.Y, ctx, at, depth+1)
		return a + b, nil, ok1 && ok2
	case *ast.Ident:
		if d, ok := ctx.defs[e.Name]; ok {
			return s.valueAt(d, ctx, at, depth+1)
		}
		if a := accAt(ctx.accs[e.Name], e.Pos()); a != nil {
			return s.accumulate(a, ctx, at, depth)
		}
		if v, venv, ok := s.pkgDecl(at, e.Name); ok {
			return s.valueAt(v, scope{}, venv, depth+1)
		}
	case *ast.SelectorExpr:
		if v, venv, ok := s.imported(e, ctx, at); ok {
			return s.valueAt(v, scope{}, venv, depth+1)
		}
		// a field of a struct value known here (spicedb's index.Name)
		if cl, cenv, ok := s.compositeAt(e.X, ctx, at, depth+1); ok {
			if fv := field(cl, e.Sel.Name); fv != nil {
				return s.valueAt(fv, scope{}, cenv, depth+1)
			}
		}
	case *ast.CallExpr:
		if calleeName(e.Fun) == "Sprintf" && len(e.Args) >= 1 {
			return s.sprintf(e, ctx, at, depth)
		}
	}
	return "", nil, false
}

// sprintf folds fmt.Sprintf of a constant format whose arguments are all
// constants (strings for %s, %v and %q; integer literals for %d).
func (s *scanner) sprintf(e *ast.CallExpr, ctx scope, at env, depth int) (string, *ast.BasicLit, bool) {
	format, _, ok := s.valueAt(e.Args[0], ctx, at, depth+1)
	if !ok || e.Ellipsis.IsValid() {
		return "", nil, false
	}
	var args []any
	for _, a := range e.Args[1:] {
		if lit, ok := ast.Unparen(a).(*ast.BasicLit); ok && lit.Kind == token.INT {
			n, err := strconv.ParseInt(lit.Value, 0, 64)
			if err != nil {
				return "", nil, false
			}
			args = append(args, n)
			continue
		}
		v, _, ok := s.valueAt(a, ctx, at, depth+1)
		if !ok {
			return "", nil, false
		}
		args = append(args, v)
	}
	out := fmt.Sprintf(format, args...)
	// a verb the arguments do not fit (%d of a string, a missing or extra
	// argument) is no statement rbcheck should read
	if strings.Contains(out, "%!") {
		return "", nil, false
	}
	return out, nil, true
}

// field is the value of a keyed field of a struct literal.
func field(cl *ast.CompositeLit, name string) ast.Expr {
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// compositeAt is the composite literal e stands for: a literal, a local
// or package-level variable holding one, a pointer to one.
func (s *scanner) compositeAt(e ast.Expr, ctx scope, at env, depth int) (*ast.CompositeLit, env, bool) {
	if depth > maxDepth {
		return nil, at, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		return e, at, true
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return s.compositeAt(e.X, ctx, at, depth+1)
		}
	case *ast.Ident:
		if d, ok := ctx.defs[e.Name]; ok {
			return s.compositeAt(d, ctx, at, depth+1)
		}
		if v, venv, ok := s.pkgDecl(at, e.Name); ok {
			return s.compositeAt(v, scope{}, venv, depth+1)
		}
	case *ast.SelectorExpr:
		if v, venv, ok := s.imported(e, ctx, at); ok {
			return s.compositeAt(v, scope{}, venv, depth+1)
		}
	}
	return nil, at, false
}

// elem is one element of a constant list, with where its names resolve.
type elem struct {
	x  ast.Expr
	at env
}

// listAt is the elements of the list e stands for: a slice literal, a
// variable holding one, append of such lists (spicedb's
// `append(addXIDIndices, dropBackfillIndices...)`).
func (s *scanner) listAt(e ast.Expr, ctx scope, at env, depth int) ([]elem, bool) {
	if depth > maxDepth {
		return nil, false
	}
	if c, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		if id, ok := c.Fun.(*ast.Ident); !ok || id.Name != "append" || len(c.Args) == 0 {
			return nil, false
		}
		out, ok := s.listAt(c.Args[0], ctx, at, depth+1)
		if !ok {
			return nil, false
		}
		for i, a := range c.Args[1:] {
			if c.Ellipsis.IsValid() && i == len(c.Args)-2 {
				more, ok := s.listAt(a, ctx, at, depth+1)
				if !ok {
					return nil, false
				}
				out = append(out, more...)
				continue
			}
			out = append(out, elem{a, at})
		}
		return out, true
	}
	cl, cenv, ok := s.compositeAt(e, ctx, at, depth)
	if !ok {
		return nil, false
	}
	if _, isArr := cl.Type.(*ast.ArrayType); !isArr && cl.Type != nil {
		return nil, false
	}
	var out []elem
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		out = append(out, elem{el, cenv})
	}
	return out, true
}

// pkgDecl is the value of a package-level constant or variable declared in
// at's folder, with where its own names resolve.
func (s *scanner) pkgDecl(at env, name string) (ast.Expr, env, bool) {
	if s.pc.assignedIn(at.path, name) {
		return nil, at, false // a variable the package changes
	}
	if at.f != nil {
		if v := declValue(at.f, name); v != nil {
			return v, at, true
		}
	}
	for _, f := range s.pc.pkg(at.path) {
		if v := declValue(f, name); v != nil {
			return v, env{s.pc.fset.Position(f.Package).Filename, f}, true
		}
	}
	return nil, at, false
}

// assignedIn reports whether a function of p's folder assigns to name (or
// takes its address): a package-level variable so changed is not the value
// it was declared with.
func (c *pkgCache) assignedIn(p, name string) bool {
	dir := path.Dir(p)
	if c.assigned == nil {
		c.assigned = map[string]map[string]bool{}
	}
	m, ok := c.assigned[dir]
	if !ok {
		m = map[string]bool{}
		for _, f := range c.pkg(p) {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.AssignStmt:
						if n.Tok != token.DEFINE {
							for _, l := range n.Lhs {
								if id, ok := l.(*ast.Ident); ok {
									m[id.Name] = true
								}
							}
						}
					case *ast.IncDecStmt:
						if id, ok := n.X.(*ast.Ident); ok {
							m[id.Name] = true
						}
					case *ast.UnaryExpr:
						if id, ok := n.X.(*ast.Ident); ok && n.Op == token.AND {
							m[id.Name] = true
						}
					}
					return true
				})
			}
		}
		c.assigned[dir] = m
	}
	return m[name]
}

// imported resolves pkg.Name, pkg an import of at's file that is a
// folder of the module, to Name's value there.
func (s *scanner) imported(e *ast.SelectorExpr, ctx scope, at env) (ast.Expr, env, bool) {
	id, ok := e.X.(*ast.Ident)
	if !ok || at.f == nil {
		return nil, at, false
	}
	if _, local := ctx.defs[id.Name]; local {
		return nil, at, false
	}
	dir := s.pc.importDir(at.f, id.Name)
	if dir == "" {
		return nil, at, false
	}
	return s.pkgDecl(env{path: path.Join(dir, "x.go")}, e.Sel.Name)
}

// importFunc is the function pkg.Name names, pkg an import of at's file
// that is a folder of the module.
func (s *scanner) importFunc(e *ast.SelectorExpr, at env) (*ast.FuncDecl, env) {
	id, ok := e.X.(*ast.Ident)
	if !ok || at.f == nil {
		return nil, at
	}
	dir := s.pc.importDir(at.f, id.Name)
	if dir == "" {
		return nil, at
	}
	return s.pc.funcIn(dir, e.Sel.Name)
}

// funcIn is the function (not a method) name declared in dir.
func (c *pkgCache) funcIn(dir, name string) (*ast.FuncDecl, env) {
	for _, f := range c.pkg(path.Join(dir, "x.go")) {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name && fd.Body != nil {
				return fd, env{c.fset.Position(f.Package).Filename, f}
			}
		}
	}
	return nil, env{}
}

// module is the module path of the tree's go.mod ("" without one).
func (c *pkgCache) module() string {
	if c.mod == nil {
		m := ""
		if b := c.read("go.mod"); b != nil {
			for _, l := range strings.Split(string(b), "\n") {
				if f := strings.Fields(l); len(f) >= 2 && f[0] == "module" {
					m = strings.Trim(f[1], `"`)
					break
				}
			}
		}
		c.mod = &m
	}
	return *c.mod
}

// importDir is the folder of the module that the import named name of f
// stands for ("" for another module's package, or no such import).
func (c *pkgCache) importDir(f *ast.File, name string) string {
	mod := c.module()
	if mod == "" {
		return ""
	}
	for _, im := range f.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err != nil || !strings.HasPrefix(p, mod+"/") {
			continue
		}
		dir := strings.TrimPrefix(p, mod+"/")
		switch {
		case im.Name != nil:
			if im.Name.Name != name {
				continue
			}
		case path.Base(p) != name:
			// the package clause may differ from the folder's name
			fl := c.pkg(path.Join(dir, "x.go"))
			if len(fl) == 0 || fl[0].Name.Name != name {
				continue
			}
		}
		if st, err := fs.Stat(c.fsys, dir); err != nil || !st.IsDir() {
			return ""
		}
		return dir
	}
	return ""
}

// resolve turns an argument into an expression that means the same
// wherever it is read: a constant string (a literal at the argument), or a
// struct or list literal whose fields are resolved so. Used to bind a
// followed function's parameters; nil when the argument is not constant.
func (s *scanner) resolve(e ast.Expr, ctx scope, at env, depth int) ast.Expr {
	if depth > maxDepth {
		return nil
	}
	if v, lit, ok := s.valueAt(e, ctx, at, depth+1); ok {
		if lit != nil {
			return lit
		}
		return &ast.BasicLit{ValuePos: e.Pos(), Kind: token.STRING, Value: strconv.Quote(v)}
	}
	if cl, cenv, ok := s.compositeAt(e, ctx, at, depth+1); ok {
		out := &ast.CompositeLit{Type: cl.Type, Lbrace: cl.Lbrace, Rbrace: cl.Rbrace}
		for _, el := range cl.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if r := s.resolve(kv.Value, scope{}, cenv, depth+1); r != nil {
					out.Elts = append(out.Elts, &ast.KeyValueExpr{Key: kv.Key, Colon: kv.Colon, Value: r})
				}
				continue
			}
			if r := s.resolve(el, scope{}, cenv, depth+1); r != nil {
				out.Elts = append(out.Elts, r)
			} else {
				return nil // a list with an unknown element is not a constant list
			}
		}
		return out
	}
	return nil
}

// accumulate runs a string's accumulation loop over its constant list.
func (s *scanner) accumulate(a *accum, ctx scope, at env, depth int) (string, *ast.BasicLit, bool) {
	acc, _, ok := s.valueAt(a.init, ctx, at, depth+1)
	if !ok {
		return "", nil, false
	}
	els, ok := s.listAt(a.loop.X, ctx, at, depth+1)
	if !ok || len(els) > 1000 {
		return "", nil, false
	}
	v := a.loop.Value.(*ast.Ident).Name
	for _, el := range els {
		r := s.resolve(el.x, scope{}, el.at, depth+1)
		if r == nil {
			return "", nil, false
		}
		inner := ctx
		inner.defs = map[string]ast.Expr{}
		for k, d := range ctx.defs {
			inner.defs[k] = d
		}
		inner.defs[v] = r
		inner.accs = nil
		for _, p := range a.parts {
			if p.guarded && acc == "" {
				continue
			}
			x, _, ok := s.valueAt(p.e, inner, at, depth+1)
			if !ok {
				return "", nil, false
			}
			acc += x
		}
	}
	return acc, nil, true
}
