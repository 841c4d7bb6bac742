package fold

import (
	"go/ast"
	"go/token"
	"go/types"
)

// ExprString is e's source text, shortened to 60 bytes (for messages).
func ExprString(e ast.Expr) string { return exprString(e) }

// Expr folds e into its pieces.
func (fo *Folder) Expr(e ast.Expr) Value { return fo.foldExpr(e, 0) }

// IsParam reports whether o is a parameter (or receiver) of a function of
// the package.
func (fo *Folder) IsParam(o types.Object) bool { return fo.params[o] }

// ParamOwner returns the declared function parameter o belongs to (nil for
// a function literal's parameter).
func (fo *Folder) ParamOwner(o types.Object) *types.Func { return fo.paramOwner[o] }

// IsEmbed reports whether o is a //go:embed variable.
func (fo *Folder) IsEmbed(o types.Object) bool { return fo.embeds[o] }

// FieldValues returns every value written to a struct field of the package
// (composite literals and `x.f = …`).
func (fo *Folder) FieldValues(v *types.Var) []ast.Expr { return fo.fieldVals[v] }

// FieldOpen says why field v may also hold a value not written in the
// package ("" when it may not).
func (fo *Folder) FieldOpen(v *types.Var) string { return fo.fieldOpen[v] }

// Fields lists the struct fields of the package written somewhere in it.
func (fo *Folder) Fields() []*types.Var {
	out := make([]*types.Var, 0, len(fo.fieldVals))
	for v := range fo.fieldVals {
		out = append(out, v)
	}
	return out
}

// FileImports maps the names file f gives its imports to their paths.
func (fo *Folder) FileImports(f *ast.File) map[string]string { return fo.fileImports[f] }

// AssignedOnce returns the value of a variable assigned exactly once (at
// its declaration or by one assignment), or nil.
func (fo *Folder) AssignedOnce(o types.Object) ast.Expr {
	if evs := fo.assign[o]; len(evs) == 1 {
		return evs[0].rhs
	}
	return nil
}

// ExportedConstVars returns the folded text of the exported package-level
// string variables assigned only at their declaration, to constant text.
func (fo *Folder) ExportedConstVars() map[*types.Var]string {
	out := map[*types.Var]string{}
	for o, evs := range fo.assign {
		v, ok := o.(*types.Var)
		if !ok || !v.Exported() || fo.pkg == nil || v.Parent() != fo.pkg.Scope() || len(evs) != 1 || evs[0].rhs == nil || fo.embeds[o] {
			continue
		}
		if b, ok := v.Type().Underlying().(*types.Basic); !ok || (b.Kind() != types.String && b.Kind() != types.UntypedString) {
			continue
		}
		if val := fo.foldExpr(evs[0].rhs, 0); val.Exact() {
			out[v] = val.Text()
		}
	}
	return out
}

// Returns summarises the results of a package function or method
// returning one string: each return statement's value, with a parameter
// piece (Part.Param) wherever a parameter appears. ok is false when the
// function returns something else, or when no result has any constant
// text (nothing worth telling other packages).
func (fo *Folder) Returns(fd *ast.FuncDecl) (results []Value, ok bool) {
	if fo.info == nil || fd.Body == nil {
		return nil, false
	}
	rets := returnedExprs(fd)
	if len(rets) == 0 || len(rets) > maxVariants {
		return nil, false
	}
	fo.summary = map[types.Object]int{}
	defer func() { fo.summary = nil }()
	i := 0
	if fd.Type.Params != nil {
		for _, fl := range fd.Type.Params.List {
			if len(fl.Names) == 0 {
				i++
				continue
			}
			for _, n := range fl.Names {
				if o := fo.info.Defs[n]; o != nil {
					if _, variadic := fl.Type.(*ast.Ellipsis); !variadic {
						fo.summary[o] = i
					}
				}
				i++
			}
		}
	}
	for _, r := range rets {
		v := fo.foldExpr(r, 0)
		param := false
		for _, p := range v {
			if p.Param > 0 {
				param = true
			}
		}
		if !v.hasText() && !param {
			// a result known only at run time (bytes.Buffer.String's
			// contents): the others say nothing reliable
			return nil, false
		}
		results = append(results, v)
	}
	for _, v := range results {
		if v.hasText() {
			return results, true
		}
	}
	return nil, false
}

// FuncDecls lists the package's function and method declarations.
func (fo *Folder) FuncDecls() []*ast.FuncDecl {
	out := make([]*ast.FuncDecl, 0, len(fo.funcs))
	for _, fd := range fo.funcs {
		out = append(out, fd)
	}
	return out
}

// FuncResult returns the constant text a function or method without
// parameters returns (a TableName method), from its declaration in the
// package or, for another package's, from its recorded results.
func (fo *Folder) FuncResult(fn *types.Func) (string, bool) {
	fn = fn.Origin()
	var rs []Value
	if fd := fo.funcs[fn]; fd != nil {
		rs, _ = fo.Returns(fd)
	} else if fo.Facts != nil {
		rs, _ = fo.Facts.Returns(fn)
	}
	if len(rs) != 1 || !rs[0].Exact() {
		return "", false
	}
	return rs[0].Text(), true
}

// Assigned returns every value variable o is given in the package (at its
// declaration and by assignments; the call itself where o is the first
// result of a multi-value call, `api, err := NewAPI()`), and false when
// one of them is not known (another result of a multi-value expression, a
// declaration without a value, an op-assignment, its address taken) or
// there is none.
func (fo *Folder) Assigned(o types.Object) ([]ast.Expr, bool) {
	evs := fo.assign[o]
	out := make([]ast.Expr, 0, len(evs))
	for _, ev := range evs {
		rhs := ev.rhs
		if ev.multi != nil && ev.idx == 0 {
			rhs = ev.multi
		}
		if rhs == nil || ev.multi != nil && ev.idx != 0 || ev.op != token.ASSIGN && ev.op != token.DEFINE {
			return nil, false
		}
		out = append(out, rhs)
	}
	return out, len(out) > 0
}
