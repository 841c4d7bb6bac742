package builder

// The model behind a Model/Find/Create argument: its Go type name and struct.

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
)

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
	t = astx.Deref(t)
	for {
		sl, ok := t.Underlying().(*types.Slice)
		if !ok {
			break
		}
		t = astx.Deref(sl.Elem())
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
			t = astx.Deref(t)
			for {
				if sl, ok := t.Underlying().(*types.Slice); ok {
					if n, isNamed := t.(*types.Named); isNamed && n.Obj().Pkg() != nil {
						if _, isStruct := astx.Deref(sl.Elem()).Underlying().(*types.Struct); !isStruct {
							break // a named slice of non-structs: no model
						}
					}
					t = astx.Deref(sl.Elem())
					continue
				}
				break
			}
			if n, ok := t.(*types.Named); ok {
				if _, isStruct := n.Underlying().(*types.Struct); isStruct {
					return n.Obj().Name()
				}
			}
			if _, ok := t.(*types.TypeParam); ok {
				// new(T) in a generic function: the model is the caller's,
				// not a type named T
				return ""
			}
			// a destination of a known type that is not a struct (`var
			// id string; q.First(&id)` after a RawQuery, ory/hydra) is
			// no model: it names no table
			if u, ok := t.Underlying().(*types.Basic); ok && u.Kind() != types.Invalid {
				return ""
			}
			switch t.Underlying().(type) {
			case *types.Slice, *types.Map, *types.Array, *types.Signature, *types.Chan:
				return ""
			case *types.Interface:
				// a value of interface type (`m any` passed on by a
				// repository's own writer): the model is the caller's
				// (analyzer/modelwrites.go), not a type named "any"
				return ""
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
		return astx.TypeName(t)
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
