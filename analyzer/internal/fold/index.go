package fold

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
)

// block-structured facts about local variables, built once per package.
type varEvent struct {
	// pos: where the event takes effect, the end of its statement (the
	// right-hand side of `q = q + "…"` still reads the previous value)
	pos   token.Pos
	block ast.Node // innermost enclosing block
	op    token.Token
	rhs   ast.Expr // nil for a declaration without value
	call  *ast.CallExpr
	decl  bool
	multi ast.Expr // the single right-hand side of a multi-value assignment
	idx   int      // the variable's position on the left of a multi-value assignment
	fn    ast.Node // innermost enclosing function (FuncDecl or FuncLit)
}

type rangeVar struct {
	x   ast.Expr
	key bool
}

func (fo *Folder) objOf(id *ast.Ident) types.Object {
	if fo.info == nil {
		return nil
	}
	if o := fo.info.Defs[id]; o != nil {
		return o
	}
	return fo.info.Uses[id]
}

// index records, for every function body, the assignments to variables,
// the writes to builders, and the function parameters.
func (fo *Folder) index(f *ast.File) {
	var stack []ast.Node
	cur := func() ast.Node {
		for i := len(stack) - 1; i >= 0; i-- {
			switch stack[i].(type) {
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				return stack[i]
			case *ast.FuncLit, *ast.FuncDecl:
				return stack[i]
			}
		}
		return nil
	}
	curFn := func() ast.Node {
		for i := len(stack) - 1; i >= 0; i-- {
			switch stack[i].(type) {
			case *ast.FuncLit, *ast.FuncDecl:
				return stack[i]
			}
		}
		return nil
	}
	addParams := func(ft *ast.FuncType, owner *types.Func) {
		if ft == nil || ft.Params == nil {
			return
		}
		for _, fl := range ft.Params.List {
			for _, n := range fl.Names {
				if o := fo.objOf(n); o != nil {
					fo.params[o] = true
					if owner != nil {
						fo.paramOwner[o] = owner
					}
				}
			}
		}
	}
	imps := fo.fileImports[f]
	typePkg := func(t ast.Expr, names []*ast.Ident) {
		for {
			switch x := t.(type) {
			case *ast.StarExpr:
				t = x.X
				continue
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok {
					if p, ok := imps[id.Name]; ok {
						for _, n := range names {
							if o := fo.objOf(n); o != nil {
								fo.DeclPkg[o] = p
							}
						}
					}
				}
			}
			return
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.TypeSpec:
			fo.indexTypeSpec(n)
		case *ast.CompositeLit:
			fo.indexCompositeLit(n)
		case *ast.IfStmt:
			if els, ok := n.Else.(*ast.BlockStmt); ok {
				fo.branchOf[n.Body] = branch{ifs: n}
				fo.branchOf[els] = branch{ifs: n, els: true}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for i, x := range []ast.Expr{n.Key, n.Value} {
					if id, ok := x.(*ast.Ident); ok {
						if o := fo.objOf(id); o != nil {
							fo.rangeOf[o] = rangeVar{x: n.X, key: i == 0}
						}
					}
				}
			}
		case *ast.Field:
			if ft, ok := n.Type.(*ast.FuncType); ok {
				// an interface method, or a field of function type: the
				// package of its single result's declared type
				if r := singleResult(ft); r != nil {
					typePkg(r, n.Names)
				}
				break
			}
			typePkg(n.Type, n.Names)
			if len(n.Names) == 0 {
				// an embedded field (gorm.Model): its declared type, for
				// when that package is not loaded
				t := n.Type
				if st, ok := t.(*ast.StarExpr); ok {
					t = st.X
				}
				if sel, ok := t.(*ast.SelectorExpr); ok {
					if id, ok := sel.X.(*ast.Ident); ok {
						if p, ok := imps[id.Name]; ok {
							if o := fo.objOf(sel.Sel); o != nil {
								fo.DeclType[o] = p + "." + sel.Sel.Name
							}
						}
					}
				}
			} else if sel, ok := n.Type.(*ast.SelectorExpr); ok {
				// a field of another package's type (gorm.DeletedAt)
				if id, ok := sel.X.(*ast.Ident); ok {
					if p, ok := imps[id.Name]; ok {
						for _, nm := range n.Names {
							if o := fo.objOf(nm); o != nil {
								fo.DeclType[o] = p + "." + sel.Sel.Name
							}
						}
					}
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil {
				typePkg(n.Type, n.Names)
			} else if len(n.Values) == len(n.Names) {
				// var o = protojson.UnmarshalOptions{…}: the literal's type
				for i, v := range n.Values {
					v = ast.Unparen(v)
					if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
						v = ast.Unparen(u.X)
					}
					if cl, ok := v.(*ast.CompositeLit); ok && cl.Type != nil {
						typePkg(cl.Type, n.Names[i:i+1])
					}
				}
			}
		case *ast.FuncDecl:
			var owner *types.Func
			if fo.info != nil {
				if fn, ok := fo.info.Defs[n.Name].(*types.Func); ok {
					fo.funcs[fn] = n
					owner = fn
				}
			}
			addParams(n.Type, owner)
			if r := singleResult(n.Type); r != nil {
				// a function returning a library's handle
				// (func GetConnection(…) *pop.Connection): its result's
				// package, for chains that start at a call of it
				typePkg(r, []*ast.Ident{n.Name})
			}
			if n.Recv != nil {
				for _, fl := range n.Recv.List {
					for _, nm := range fl.Names {
						if o := fo.objOf(nm); o != nil {
							fo.params[o] = true
						}
					}
				}
			}
		case *ast.FuncLit:
			addParams(n.Type, nil)
		case *ast.GenDecl:
			if n.Tok == token.VAR {
				embed := astx.HasEmbedDirective(n.Doc)
				for _, sp := range n.Specs {
					vs := sp.(*ast.ValueSpec)
					specEmbed := embed || astx.HasEmbedDirective(vs.Doc)
					for i, nm := range vs.Names {
						o := fo.objOf(nm)
						if o == nil {
							continue
						}
						if specEmbed {
							fo.embeds[o] = true
						}
						var rhs ast.Expr
						if len(vs.Values) == len(vs.Names) {
							rhs = vs.Values[i]
						}
						fo.declBlk[o] = cur()
						fo.assign[o] = append(fo.assign[o], varEvent{pos: vs.End(), block: cur(), op: token.DEFINE, rhs: rhs, decl: true})
					}
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if fv := fo.FieldOf(l); fv != nil {
					switch {
					case n.Tok == token.ASSIGN && len(n.Rhs) == len(n.Lhs):
						fo.fieldVals[fv] = append(fo.fieldVals[fv], n.Rhs[i])
					case n.Tok == token.ASSIGN:
						fo.fieldOpen[fv] = "field " + fv.Name() + " is assigned from a multi-value expression"
					default:
						fo.fieldOpen[fv] = "field " + fv.Name() + " is modified with " + n.Tok.String()
					}
					continue
				}
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				o := fo.objOf(id)
				if o == nil {
					continue
				}
				var rhs ast.Expr
				if len(n.Rhs) == len(n.Lhs) {
					rhs = n.Rhs[i]
				}
				ev := varEvent{pos: n.End(), block: cur(), op: n.Tok, rhs: rhs, fn: curFn()}
				if len(n.Rhs) == 1 && len(n.Lhs) > 1 {
					ev.multi = n.Rhs[0]
					ev.idx = i
				}
				if n.Tok == token.DEFINE && fo.info != nil && fo.info.Defs[id] != nil {
					ev.decl = true
					fo.declBlk[o] = cur()
				}
				fo.assign[o] = append(fo.assign[o], ev)
			}
		case *ast.IncDecStmt:
		case *ast.UnaryExpr:
			// &v: the variable may change behind our back
			if n.Op == token.AND {
				if fv := fo.FieldOf(n.X); fv != nil {
					fo.fieldOpen[fv] = "the address of field " + fv.Name() + " is taken"
				}
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if o := fo.objOf(id); o != nil {
						if p, ok := parentCall(stack); ok && isFprintf(fo, p) {
							fo.writes[o] = append(fo.writes[o], varEvent{pos: p.Pos(), block: cur(), call: p})
						} else {
							fo.assign[o] = append(fo.assign[o], varEvent{pos: n.Pos(), block: cur(), op: token.AND})
						}
					}
				}
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				// calls of local function values (closures that append)
				if o, isVar := fo.objOf(id).(*types.Var); isVar {
					fo.calls[o] = append(fo.calls[o], n)
				}
			}
			fo.indexBuilderCall(n, cur())
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					switch sel.Sel.Name {
					case "WriteString", "WriteByte", "WriteRune", "Write", "Reset":
						if o := fo.objOf(id); o != nil {
							if _, isVar := o.(*types.Var); isVar {
								fo.writes[o] = append(fo.writes[o], varEvent{pos: n.Pos(), block: cur(), call: n})
							}
						}
					}
				}
			}
		}
		return true
	})
}

// FieldOf returns the struct field of this package that e selects, if any.
func (fo *Folder) FieldOf(e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || fo.info == nil {
		return nil
	}
	v, ok := fo.info.Uses[sel.Sel].(*types.Var)
	if !ok || !v.IsField() || v.Pkg() == nil || v.Pkg() != fo.pkg {
		return nil
	}
	return v
}

// indexTypeSpec marks the string fields of a named struct type that code
// outside this package's syntax may write: exported fields of an exported
// type, and fields with a struct tag (filled by a decoder).
func (fo *Folder) indexTypeSpec(ts *ast.TypeSpec) {
	st, ok := ts.Type.(*ast.StructType)
	if !ok || st.Fields == nil {
		return
	}
	for _, fl := range st.Fields.List {
		for _, nm := range fl.Names {
			v, ok := fo.objOf(nm).(*types.Var)
			if !ok {
				continue
			}
			switch {
			case fl.Tag != nil:
				fo.fieldOpen[v] = "field " + v.Name() + " has a struct tag (a decoder may set it)"
			case nm.IsExported() && ts.Name.IsExported():
				fo.fieldOpen[v] = "field " + v.Name() + " may be set by another package"
			}
		}
	}
}

// indexCompositeLit records the values a struct literal gives its fields.
func (fo *Folder) indexCompositeLit(cl *ast.CompositeLit) {
	if fo.info == nil {
		return
	}
	tv, ok := fo.info.Types[cl]
	if !ok || tv.Type == nil {
		return
	}
	t := tv.Type
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if v, ok := fo.info.Uses[id].(*types.Var); ok && v.IsField() && v.Pkg() == fo.pkg {
					fo.fieldVals[v] = append(fo.fieldVals[v], kv.Value)
				}
			}
			continue
		}
		if i < st.NumFields() && st.Field(i).Pkg() == fo.pkg {
			fo.fieldVals[st.Field(i)] = append(fo.fieldVals[st.Field(i)], el)
		}
	}
}

func parentCall(stack []ast.Node) (*ast.CallExpr, bool) {
	if len(stack) < 2 {
		return nil, false
	}
	c, ok := stack[len(stack)-2].(*ast.CallExpr)
	return c, ok
}

// singleResult is the type of a function's only result (nil when it has
// none or several).
func singleResult(ft *ast.FuncType) ast.Expr {
	if ft == nil || ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
		return nil
	}
	return ft.Results.List[0].Type
}

// indexBuilderCall records call under each variable holding a pointer to a
// struct that it calls a method of or passes on (fragment builders:
// fragments.go).
func (fo *Folder) indexBuilderCall(call *ast.CallExpr, blk ast.Node) {
	if fo.info == nil {
		return
	}
	note := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := fo.objOf(id).(*types.Var); ok && builderType(v.Type()) != nil {
				if l := fo.bcalls[v]; len(l) == 0 || l[len(l)-1] != call {
					fo.bcalls[v] = append(l, call)
					fo.bcallBlk[call] = blk
				}
			}
		}
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		note(sel.X)
	}
	for _, a := range call.Args {
		note(a)
	}
}
