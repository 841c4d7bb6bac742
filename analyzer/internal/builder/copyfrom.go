package builder

// pgx CopyFrom: `conn.CopyFrom(ctx, pgx.Identifier{"schema", "table"},
// []string{"a", "b"}, src)` names a table and its columns without SQL text.
// copyFromCalls turns each call into `COPY "schema"."table" ("a", "b") FROM
// STDIN`, quoting every part as pgx.Identifier.Sanitize does (so the names
// keep their case, exactly as pgx sends them).
//
// The call is recognised by its shape: a method named CopyFrom with four
// arguments whose second is a pgx.Identifier (a composite literal of the pgx
// v4/v5 import, or with type information any value of that type; a local or
// package variable holding such a literal is followed). The column list is a
// []string literal or a variable holding one. When a column list is not
// constant the statement has no column list and is Partial; when the table
// is not constant nothing is reported.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// copyFromCalls returns one Query per pgx CopyFrom call in f.
func copyFromCalls(fset *token.FileSet, f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) (out []Query) {
	if f == nil {
		return nil
	}
	imports := astx.Imports(f)
	pgxNames := map[string]bool{}
	for n, p := range imports {
		if libs.IsPgx(p) {
			pgxNames[n] = true
		}
	}
	fold = astx.ConstFolder(f, info, fold)
	pkgVals := map[string]ast.Expr{}
	astx.EachPkgVar(f, func(name string, val ast.Expr) { pkgVals[name] = val })
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		local := map[string]ast.Expr{}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			noteLocal(local, n)
			if v, ok := n.(*ast.CallExpr); ok {
				if q, ok := copyFromCall(v, info, pgxNames, fold, local, pkgVals); ok {
					out = append(out, q)
				}
			}
			return true
		})
	}
	return out
}

// noteLocal records in local the value a function-body assignment or var
// declaration gives each plain name, one value per name; a name assigned
// again (not :=) becomes nil, unknown.
func noteLocal(local map[string]ast.Expr, n ast.Node) {
	switch v := n.(type) {
	case *ast.AssignStmt:
		if len(v.Lhs) != len(v.Rhs) {
			return
		}
		for i, l := range v.Lhs {
			if id, ok := l.(*ast.Ident); ok {
				if _, seen := local[id.Name]; seen && v.Tok != token.DEFINE {
					local[id.Name] = nil // reassigned: unknown
				} else {
					local[id.Name] = v.Rhs[i]
				}
			}
		}
	case *ast.ValueSpec:
		if len(v.Names) == len(v.Values) {
			for i, id := range v.Names {
				local[id.Name] = v.Values[i]
			}
		}
	}
}

func copyFromCall(c *ast.CallExpr, info *types.Info, pgxNames map[string]bool, fold func(ast.Expr) (string, bool), local, pkgVals map[string]ast.Expr) (Query, bool) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "CopyFrom" || len(c.Args) != 4 || c.Ellipsis.IsValid() {
		return Query{}, false
	}
	resolve := func(x ast.Expr) ast.Expr {
		for i := 0; i < 4; i++ {
			id, ok := x.(*ast.Ident)
			if !ok {
				return x
			}
			if v, ok := local[id.Name]; ok {
				if v == nil {
					return x
				}
				x = v
				continue
			}
			if v, ok := pkgVals[id.Name]; ok {
				x = v
				continue
			}
			return x
		}
		return x
	}
	isIdentType := func(x ast.Expr) bool {
		if info != nil {
			if t := info.TypeOf(x); t != nil {
				if n, ok := t.(*types.Named); ok && n.Obj() != nil && n.Obj().Pkg() != nil && n.Obj().Name() == "Identifier" && libs.IsPgx(n.Obj().Pkg().Path()) {
					return true
				}
			}
		}
		return false
	}
	// the parameter the table goes to is a pgx.Identifier (sqlc's DBTX
	// passes a plain []string literal to it)
	paramIsIdent := false
	if info != nil {
		if sig, ok := info.TypeOf(c.Fun).(*types.Signature); ok && sig.Params().Len() == 4 {
			paramIsIdent = astx.IsNamedIn(sig.Params().At(1).Type(), libs.Pgx.Paths, "Identifier") || astx.IsNamedIn(sig.Params().At(1).Type(), libs.PgxV3.Paths, "Identifier")
		}
	}
	tableArg := c.Args[1]
	typed := isIdentType(tableArg) || paramIsIdent
	tl, _ := resolve(tableArg).(*ast.CompositeLit)
	if tl != nil && !typed {
		switch t := tl.Type.(type) {
		case *ast.SelectorExpr:
			id, ok := t.X.(*ast.Ident)
			if t.Sel.Name != "Identifier" || !ok || !pgxNames[id.Name] {
				return Query{}, false
			}
		case *ast.ArrayType:
			// sqlc's :copyfrom: CopyFrom(ctx, []string{"t"}, []string{cols…},
			// src), with the column list a []string literal too
			cols, ok := resolve(c.Args[2]).(*ast.CompositeLit)
			if !ok || !isStringSliceType(t) || !isStringSliceType(cols.Type) {
				return Query{}, false
			}
		default:
			return Query{}, false
		}
	}
	if tl == nil && !typed {
		return Query{}, false
	}
	if tl == nil || len(tl.Elts) == 0 || len(tl.Elts) > 3 {
		return Query{}, false // the table is not known
	}
	var parts []string
	for _, el := range tl.Elts {
		s, ok := fold(el)
		if !ok {
			return Query{}, false
		}
		parts = append(parts, libs.QuoteIdent(s))
	}
	q := Query{Pos: sel.Sel.Pos(), Via: "pgx CopyFrom"}
	sql := "COPY " + strings.Join(parts, ".")
	var cols []string
	if cl, ok := resolve(c.Args[2]).(*ast.CompositeLit); ok {
		for _, el := range cl.Elts {
			s, ok := fold(el)
			if !ok {
				cols = nil
				q.Partial = true
				break
			}
			cols = append(cols, libs.QuoteIdent(s))
		}
	} else {
		q.Partial = true
	}
	if len(cols) > 0 {
		sql += " (" + strings.Join(cols, ", ") + ")"
	}
	q.SQL = sql + " FROM STDIN"
	return q, true
}

// isStringSliceType: the type expression []string.
func isStringSliceType(t ast.Expr) bool {
	at, ok := t.(*ast.ArrayType)
	if !ok || at.Len != nil {
		return false
	}
	id, ok := at.Elt.(*ast.Ident)
	return ok && id.Name == "string"
}
