package builder

// zdb's bulk inserts: `ins := zdb.NewBulkInsert(ctx, "hits", []string{"site_id",
// "path_id"})` followed by `ins.Values(…)` calls and `ins.Finish()` sends
// `insert into "hits" (site_id,path_id) values (…),(…)` as zdb's biBuilder
// writes it (the table quoted, the columns as given). bulkInsertCalls turns
// each call into that INSERT, one row of parameters, when the table and
// every column fold to constants (a []string literal, or a variable holding
// one); otherwise nothing is reported and the call stays among the uses of
// zdb that are not read (libs.Zdb.NotReadCalls). The builder's OnConflict
// and Returning calls on the same variable, in the same function, are
// added to the statement when their arguments are constant; a non-constant
// OnConflict makes it Partial.

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// ZdbBulkVia is the Via of the statements bulkInsertCalls returns.
const ZdbBulkVia = "zdb NewBulkInsert"

// bulkPending is a bulk insert read so far: its statement without the
// clauses the builder's later calls add.
type bulkPending struct {
	q   Query
	sql string
}

// bulkInsertCalls returns one Query per constant zdb.NewBulkInsert call in f.
func bulkInsertCalls(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) (out []Query) {
	if f == nil {
		return nil
	}
	names := map[string]bool{}
	for n, p := range astx.Imports(f) {
		if libs.Zdb.Has(p) {
			names[n] = true
		}
	}
	if len(names) == 0 {
		return nil
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
		var found []*bulkPending
		byVar := map[string]*bulkPending{}
		var extras []*ast.CallExpr // OnConflict / Returning calls, in order
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			noteLocal(local, n)
			v, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := v.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && names[x.Name] && sel.Sel.Name == "NewBulkInsert" {
				if p, ok := bulkInsertCall(v, sel, fold, local, pkgVals); ok {
					found = append(found, p)
				}
				return true
			}
			if sel.Sel.Name == "OnConflict" || sel.Sel.Name == "Returning" {
				extras = append(extras, v)
			}
			return true
		})
		if len(found) == 0 {
			continue
		}
		// the variable each builder is assigned to
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, r := range as.Rhs {
				c, ok := r.(*ast.CallExpr)
				if !ok {
					continue
				}
				for _, p := range found {
					if c.Pos() <= p.q.Pos && p.q.Pos < c.End() {
						if id, ok := as.Lhs[i].(*ast.Ident); ok && id.Name != "_" {
							if byVar[id.Name] != nil {
								byVar[id.Name] = &bulkPending{} // two builders in one variable: neither gets the extras
							} else {
								byVar[id.Name] = p
							}
						}
					}
				}
			}
			return true
		})
		for _, c := range extras {
			sel := c.Fun.(*ast.SelectorExpr)
			id, ok := sel.X.(*ast.Ident)
			if !ok || byVar[id.Name] == nil || byVar[id.Name].sql == "" {
				continue
			}
			p := byVar[id.Name]
			var parts []string
			for _, a := range c.Args {
				s, ok := fold(a)
				if !ok {
					parts = nil
					p.q.Partial = true
					break
				}
				parts = append(parts, s)
			}
			if c.Ellipsis.IsValid() {
				p.q.Partial = true
				continue
			}
			switch {
			case parts == nil:
			case sel.Sel.Name == "OnConflict" && len(parts) == 1:
				p.sql += " " + parts[0]
			case sel.Sel.Name == "Returning" && len(parts) > 0:
				p.sql += " returning " + strings.Join(parts, ",")
			}
		}
		for _, p := range found {
			p.q.SQL = p.sql
			out = append(out, p.q)
		}
	}
	return out
}

// bulkInsertCall reads one NewBulkInsert(ctx, table, columns) call.
func bulkInsertCall(c *ast.CallExpr, sel *ast.SelectorExpr, fold func(ast.Expr) (string, bool), local, pkgVals map[string]ast.Expr) (*bulkPending, bool) {
	if len(c.Args) != 3 || c.Ellipsis.IsValid() {
		return nil, false
	}
	table, ok := fold(c.Args[1])
	if !ok || table == "" {
		return nil, false
	}
	x := c.Args[2]
	for i := 0; i < 4; i++ {
		id, ok := x.(*ast.Ident)
		if !ok {
			break
		}
		if v, ok := local[id.Name]; ok && v != nil {
			x = v
		} else if v, ok := pkgVals[id.Name]; ok {
			x = v
		} else {
			break
		}
	}
	cl, ok := x.(*ast.CompositeLit)
	if !ok || !isStringSliceType(cl.Type) || len(cl.Elts) == 0 {
		return nil, false
	}
	var cols, params []string
	for i, el := range cl.Elts {
		s, ok := fold(el)
		if !ok || s == "" {
			return nil, false
		}
		cols = append(cols, s)
		params = append(params, "$"+strconv.Itoa(i+1))
	}
	sql := `insert into "` + table + `" (` + strings.Join(cols, ",") + `) values (` + strings.Join(params, ",") + `)`
	return &bulkPending{q: Query{Pos: sel.Sel.Pos(), Via: ZdbBulkVia}, sql: sql}, true
}
