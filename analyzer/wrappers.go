package analyzer

// Wrapper inference: functions, closures and constructors that forward a
// string parameter to a sink are sinks themselves.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// inferWrappers finds this package's functions that forward a string
// parameter to a sink, iterating until nothing changes (wrappers of
// wrappers), and records them as facts.
func (c *pkgCore) inferWrappers() {
	if c.info == nil {
		return
	}
	decls := c.paramDecls(func(t types.Type) bool {
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Kind() == types.String
	})
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
			c.fo.CurFile = d.file
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

// fnDecl is a function or method of the package with the parameters a
// wrapper inference follows (object → index, receiver excluded).
type fnDecl struct {
	fn     *types.Func
	decl   *ast.FuncDecl
	params map[types.Object]int
	file   *ast.File
}

// paramDecls lists the package's functions and methods with a body that
// have a parameter whose type keep accepts, with those parameters.
func (c *pkgCore) paramDecls(keep func(types.Type) bool) []fnDecl {
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
				if len(fl.Names) == 0 {
					i++
					continue
				}
				for _, n := range fl.Names {
					if o := c.info.Defs[n]; o != nil && keep(o.Type()) {
						params[o] = i
					}
					i++
				}
			}
			if len(params) > 0 {
				decls = append(decls, fnDecl{fn, fd, params, f})
			}
		}
	}
	return decls
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
		if v == nil || c.fo.AssignedOnce(v) == nil {
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
				if fv := c.fo.FieldOf(l); fv != nil {
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
		c.fo.CurFile = f
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
					if fv := c.fo.FieldOf(c.unwrapPass(call.Args[ai])); fv != nil {
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
	o, owner := c.paramOf(e)
	if o == nil {
		return false
	}
	// only a parameter of a function found to be a wrapper is forwarded
	// (its callers are the statements); a parameter of a function literal
	// or of a function whose SQL parameter is not a plain string is dynamic
	if owner == nil {
		if cp, ok := c.closureArgs[o]; ok {
			f, ok := c.closure[cp.v]
			return ok && f.Arg == cp.arg
		}
		return false
	}
	f, ok := c.wrapper[owner]
	return ok && isParamAt(owner, f.Arg, o)
}

// paramOf is the parameter e names (after passthroughs) and the declared
// function that owns it: (nil, nil) when e names no parameter, (o, nil)
// for a parameter of a function literal.
func (c *pkgCore) paramOf(e ast.Expr) (types.Object, *types.Func) {
	id, ok := c.unwrapPass(e).(*ast.Ident)
	if !ok || c.info == nil {
		return nil, nil
	}
	o := c.info.Uses[id]
	if o == nil || !c.fo.IsParam(o) {
		return nil, nil
	}
	return o, c.fo.ParamOwner(o)
}

// isParamAt reports whether o is parameter i of fn.
func isParamAt(fn *types.Func, i int, o types.Object) bool {
	sig, _ := fn.Type().(*types.Signature)
	return sig != nil && i < sig.Params().Len() && sig.Params().At(i) == o
}
