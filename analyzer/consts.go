package analyzer

// SQL-looking string constants (sqlc queries among them) not seen at a
// sink are statements of their own.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
)

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
					var val fold.Value
					var lit *ast.BasicLit
					var obj types.Object
					if c.info != nil {
						obj = c.info.Defs[nm]
					}
					if cst, ok := obj.(*types.Const); ok && cst.Val() != nil {
						if cst.Val().Kind() != constant.String {
							continue
						}
						val = fold.Const(constantString(cst))
					} else if i < len(vs.Values) {
						val = c.fo.Expr(vs.Values[i])
						if !val.Exact() {
							continue
						}
					} else {
						continue
					}
					if i < len(vs.Values) {
						lit, _ = ast.Unparen(vs.Values[i]).(*ast.BasicLit)
					}
					text := val.Text()
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
		if cs.obj != nil && (c.used[cs.obj] || (used != nil && used(cs.obj))) {
			continue
		}
		c.resolve(cs.site)
	}
	c.constSites = nil
}
