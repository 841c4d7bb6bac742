package fold

import (
	"go/ast"
	"go/types"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// readsEmbed: a call that reads a //go:embed file system
// (queries.ReadFile(…), fs.ReadFile(queries, …)).
func (fo *Folder) readsEmbed(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	isEmbed := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return false
		}
		o := fo.objOf(id)
		return o != nil && fo.embeds[o]
	}
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "ReadFile" {
		if isEmbed(sel.X) {
			return true
		}
		for _, a := range c.Args {
			if isEmbed(a) {
				return true
			}
		}
	}
	return false
}

// isSqlxFunc: a call of the package function sqlx.<fn> (In: its first
// result is its query with each `?` bound to a slice repeated per element;
// Named: its query with `:name` turned into `?`).
func (fo *Folder) isSqlxFunc(e ast.Expr, fn string) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) < 1 {
		return false
	}
	p, name := fo.calleePkgFunc(c)
	return libs.Sqlx.Has(p) && name == fn
}

// isToSQL: a call of a query builder's ToSql / ToSQL / MustSql method.
func isToSQL(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "ToSql", "ToSQL", "MustSql", "Build":
		return true
	}
	return false
}

// foldPgxIdent folds pgx.Identifier{"schema", "table"}.Sanitize(): the
// parts quoted and joined with dots, as pgx does.
func (fo *Folder) foldPgxIdent(x ast.Expr, depth int) (Value, bool) {
	cl := fo.literalOf(x)
	if cl == nil || len(cl.Elts) == 0 {
		return nil, false
	}
	typed := false
	if fo.info != nil {
		if t := fo.info.TypeOf(cl); t != nil {
			if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
				if n.Obj().Name() != "Identifier" || !libs.IsPgx(n.Obj().Pkg().Path()) {
					return nil, false
				}
				typed = true
			}
		}
	}
	if !typed {
		s, ok := cl.Type.(*ast.SelectorExpr)
		if !ok || s.Sel.Name != "Identifier" {
			return nil, false
		}
		id, ok := s.X.(*ast.Ident)
		if !ok || fo.CurFile == nil || !libs.IsPgx(fo.fileImports[fo.CurFile][id.Name]) {
			return nil, false
		}
	}
	var out Value
	for i, el := range cl.Elts {
		if i > 0 {
			out = append(out, Part{Text: "."})
		}
		v := fo.foldExpr(el, depth+1)
		if !v.Exact() {
			out = append(out, Part{Dyn: true, Reason: "a part of the pgx.Identifier is computed at run time"})
			continue
		}
		out = append(out, Part{Text: libs.QuoteIdent(v.Text())})
	}
	return out, true
}

// foldQuoted folds each of args, quoted as an identifier the way pgx and
// lib/pq quote, joined by sep.
func (fo *Folder) foldQuoted(args []ast.Expr, sep string, depth int) Value {
	var out Value
	for i, a := range args {
		if i > 0 {
			out = append(out, Part{Text: sep})
		}
		v := fo.foldExpr(a, depth+1)
		if !v.Exact() {
			out = append(out, Part{Dyn: true, Reason: "a quoted identifier is computed at run time"})
			continue
		}
		out = append(out, Part{Text: libs.QuoteIdent(v.Text())})
	}
	return out
}

// foldLibCall folds calls of SQL libraries' functions that build SQL text
// (lib/pq quoting and COPY, sqlx.Rebind).
func (fo *Folder) foldLibCall(pkg, name string, c *ast.CallExpr, depth int) (Value, bool) {
	switch {
	case libs.LibPQ.Has(pkg) && name == "QuoteIdentifier" && len(c.Args) == 1:
		return fo.foldQuoted([]ast.Expr{c.Args[0]}, ".", depth), true
	case libs.LibPQ.Has(pkg) && (name == "CopyIn" && len(c.Args) >= 1 || name == "CopyInSchema" && len(c.Args) >= 2):
		// pq.CopyIn("users", "id", "email"): COPY "users" ("id", "email") FROM STDIN
		n := 1
		if name == "CopyInSchema" {
			n = 2
		}
		if c.Ellipsis.IsValid() {
			return Dyn("pq.%s with a spread column list", name), true
		}
		out := append(Const("COPY "), fo.foldQuoted(c.Args[:n], ".", depth)...)
		out = append(out, Part{Text: " ("})
		out = append(out, fo.foldQuoted(c.Args[n:], ", ", depth)...)
		return append(out, Part{Text: ") FROM STDIN"}), true
	case libs.Sqlx.Has(pkg) && name == "Rebind" && len(c.Args) == 2:
		return fo.foldExpr(c.Args[1], depth+1), true
	}
	return nil, false
}
