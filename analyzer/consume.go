package analyzer

// How the code consumes a statement's result rows, read at the sink call:
// a positional scan with N destinations of known Go types, or a mapper that
// matches columns to struct fields by name (and whether it rejects a
// column it has no field for). The release verdict uses it for SELECT *
// and widened columns (rules.UseStarScan, rules.UseNarrowScan); rbcheck
// verify checks the result columns the same way.
//
// What each mapper does with a column it has no field for, read in the
// libraries' sources: sqlx v1.4.0 Get/Select/StructScan return "missing
// destination name" unless the DB, Tx or Stmt is Unsafe(); pgx v5.12
// RowToStructByName and RowToStructByNameLax both return "struct doesn't
// have corresponding row field" (Lax only tolerates fields without a
// column); bun v1.2.16 returns "bun: T does not have column" unless the DB
// has WithDiscardUnknownColumns; gorm v1.31 scans unknown columns into a
// placeholder; beego v2.3 QueryRows and QueryRow assign only the columns a
// field names.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// Scan kinds.
const (
	// ScanPositional: rows.Scan(&a, &b), QueryRow(…).Scan(…), pgx
	// RowToStructByPos, ForEachRow: the column count must equal Dest.
	ScanPositional = "positional"
	// ScanByName: a mapper that matches columns to fields by name.
	ScanByName = "by-name"
)

// Scan is how the code consumes one statement's result.
type Scan struct {
	Kind string `json:"kind"`
	// Dest is the number of destinations of a positional scan (0: not
	// known, a spread slice).
	Dest int `json:"dest,omitempty"`
	// Types are the positional destinations' Go types ("int64",
	// "*string", "sql.NullInt32"; "" where unknown).
	Types []string `json:"types,omitempty"`
	// Mapper names a by-name mapper ("sqlx Select", "pgx RowToStructByName",
	// "gorm Scan", "beego QueryRows", "bun Scan").
	Mapper string `json:"mapper,omitempty"`
	// Strict: the mapper rejects a column it has no field for.
	Strict bool `json:"strict,omitempty"`
}

// Breaks reports whether one more result column breaks the consumer: a
// positional scan or a strict mapper.
func (s *Scan) Breaks() bool { return s != nil && (s.Kind == ScanPositional || s.Strict) }

// consumption reads how the result of the sink call is consumed; nil when
// it cannot tell (the rows are returned, passed on, or consumed in a way
// it does not know).
func (c *pkgCore) consumption(call *ast.CallExpr, via string) *Scan {
	if call == nil {
		return nil
	}
	name := calleeName(call)
	// The sink is the mapper itself.
	switch name {
	case "Get", "Select", "GetContext", "SelectContext":
		// sqlx (and look-alikes of unknown type, as scany's
		// pgxscan.Get(ctx, db, &dst, q)): a pointer destination before
		// the SQL, mapped by name, strict unless Unsafe()
		if via == "sqlx" || strings.HasPrefix(via, "method ") && hasAddrArg(call) {
			return &Scan{Kind: ScanByName, Mapper: "sqlx " + strings.TrimSuffix(name, "Context"), Strict: !c.unsafeSqlx(call)}
		}
	}
	body := c.enclosingBody(call)
	if body == nil {
		return nil
	}
	var out *Scan
	var rows types.Object
	ast.Inspect(body, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && ast.Unparen(sel.X) == call {
				out = c.chained(sel.Sel.Name, n, via, call)
			}
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && ast.Unparen(n.Rhs[0]) == call && len(n.Lhs) > 0 && c.info != nil {
				if id, ok := n.Lhs[0].(*ast.Ident); ok {
					rows = c.info.ObjectOf(id)
				}
			}
		}
		return true
	})
	if out != nil || rows == nil {
		return out
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		ce, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok && c.isObj(sel.X, rows) {
			out = c.chained(sel.Sel.Name, ce, via, call)
			return out == nil
		}
		// pgx.CollectRows(rows, pgx.RowToStructByName[T]), gorm's
		// db.ScanRows(rows, &x), pgx.ForEachRow(rows, []any{…}, fn)
		for i, a := range ce.Args {
			if c.isObj(a, rows) {
				out = c.rowsFunc(calleeName(ce), ce, i)
				return out == nil
			}
		}
		return true
	})
	return out
}

// chained reads a call on the sink's result (QueryRow(…).Scan) or on the
// rows variable (rows.Scan).
func (c *pkgCore) chained(method string, ce *ast.CallExpr, via string, sink *ast.CallExpr) *Scan {
	switch method {
	case "Scan":
		switch via {
		case "gorm":
			return &Scan{Kind: ScanByName, Mapper: "gorm Scan"}
		case "bun":
			return &Scan{Kind: ScanByName, Mapper: "bun Scan", Strict: !c.bunDiscards()}
		}
		return c.positional(ce.Args)
	case "Find", "First", "Take", "Last":
		if via == "gorm" {
			return &Scan{Kind: ScanByName, Mapper: "gorm " + method}
		}
	case "StructScan":
		return &Scan{Kind: ScanByName, Mapper: "sqlx StructScan", Strict: !c.unsafeSqlx(sink)}
	case "MapScan", "SliceScan":
		return &Scan{Kind: ScanByName, Mapper: "sqlx " + method}
	case "QueryRows", "QueryRow", "Values", "ValuesList", "ValuesFlat", "RowsToMap", "RowsToStruct":
		if via == "beego" {
			return &Scan{Kind: ScanByName, Mapper: "beego " + method}
		}
	}
	return nil
}

// rowsFunc reads a function the rows are passed to as argument i.
func (c *pkgCore) rowsFunc(name string, ce *ast.CallExpr, i int) *Scan {
	switch name {
	case "CollectRows", "CollectOneRow", "CollectExactlyOneRow", "AppendRows":
		if i+1 >= len(ce.Args) {
			return nil
		}
		fn := ast.Unparen(ce.Args[len(ce.Args)-1])
		var typeArg ast.Expr
		if ix, ok := fn.(*ast.IndexExpr); ok {
			fn, typeArg = ix.X, ix.Index
		}
		switch calleeName(&ast.CallExpr{Fun: fn}) {
		case "RowToStructByName", "RowToAddrOfStructByName", "RowToStructByNameLax", "RowToAddrOfStructByNameLax":
			return &Scan{Kind: ScanByName, Mapper: "pgx " + calleeName(&ast.CallExpr{Fun: fn}), Strict: true}
		case "RowToMap":
			return &Scan{Kind: ScanByName, Mapper: "pgx RowToMap"}
		case "RowTo", "RowToAddrOf":
			return &Scan{Kind: ScanPositional, Dest: 1, Types: []string{c.typeName(typeArg)}}
		case "RowToStructByPos", "RowToAddrOfStructByPos":
			s := &Scan{Kind: ScanPositional}
			if typeArg != nil && c.info != nil {
				if st, ok := c.info.TypeOf(typeArg).Underlying().(*types.Struct); ok {
					for f := range st.Fields() {
						if f.Exported() {
							s.Dest++
							s.Types = append(s.Types, typeString(f.Type()))
						}
					}
				}
			}
			return s
		}
	case "ForEachRow":
		if i == 0 && len(ce.Args) > 1 {
			if lit, ok := ast.Unparen(ce.Args[1]).(*ast.CompositeLit); ok {
				return c.positional(lit.Elts)
			}
		}
	case "ScanRows":
		return &Scan{Kind: ScanByName, Mapper: "gorm ScanRows"}
	}
	return nil
}

// positional is a Scan of the given destination expressions.
func (c *pkgCore) positional(args []ast.Expr) *Scan {
	s := &Scan{Kind: ScanPositional}
	for _, a := range args {
		if _, ok := a.(*ast.Ellipsis); ok {
			return &Scan{Kind: ScanPositional}
		}
	}
	s.Dest = len(args)
	for _, a := range args {
		t := ""
		if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
			t = c.typeName(u.X)
		} else if c.info != nil {
			if p, ok := c.info.TypeOf(a).(*types.Pointer); ok {
				t = typeString(p.Elem())
			}
		}
		s.Types = append(s.Types, t)
	}
	return s
}

func (c *pkgCore) typeName(e ast.Expr) string {
	if e == nil || c.info == nil {
		return ""
	}
	t := c.info.TypeOf(e)
	if t == nil {
		return ""
	}
	return typeString(t)
}

// typeString names a type with package names, not paths: "sql.NullInt32".
func typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}

func (c *pkgCore) isObj(e ast.Expr, o types.Object) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && c.info != nil && c.info.ObjectOf(id) == o
}

// unsafeSqlx reports whether the sqlx receiver of call is Unsafe(): a
// direct x.Unsafe() or a variable assigned one in the package.
func (c *pkgCore) unsafeSqlx(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	if inner, ok := ast.Unparen(sel.X).(*ast.CallExpr); ok && calleeName(inner) == "Unsafe" {
		return true
	}
	if c.info == nil {
		return false
	}
	var recv types.Object
	switch x := ast.Unparen(sel.X).(type) {
	case *ast.Ident:
		recv = c.info.ObjectOf(x)
	case *ast.SelectorExpr:
		recv = c.info.ObjectOf(x.Sel)
	}
	if recv == nil {
		return false
	}
	found := false
	for _, f := range c.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, l := range as.Lhs {
				var o types.Object
				switch x := ast.Unparen(l).(type) {
				case *ast.Ident:
					o = c.info.ObjectOf(x)
				case *ast.SelectorExpr:
					o = c.info.ObjectOf(x.Sel)
				}
				if o == recv {
					if rc, ok := ast.Unparen(as.Rhs[i]).(*ast.CallExpr); ok && calleeName(rc) == "Unsafe" {
						found = true
					}
				}
			}
			return true
		})
	}
	return found
}

// bunDiscards reports whether the package configures a bun DB with
// WithDiscardUnknownColumns.
func (c *pkgCore) bunDiscards() bool {
	found := false
	for _, f := range c.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "WithDiscardUnknownColumns" {
				found = true
			}
			return !found
		})
	}
	return found
}

// enclosingBody is the body of the innermost function (declaration or
// literal) of the package's files that contains n.
func (c *pkgCore) enclosingBody(n ast.Node) *ast.BlockStmt {
	var body *ast.BlockStmt
	for _, f := range c.files {
		if n.Pos() < f.Pos() || n.End() > f.End() {
			continue
		}
		ast.Inspect(f, func(x ast.Node) bool {
			if x == nil || n.Pos() < x.Pos() || n.End() > x.End() {
				return false
			}
			switch fn := x.(type) {
			case *ast.FuncDecl:
				body = fn.Body
			case *ast.FuncLit:
				body = fn.Body
			}
			return true
		})
	}
	return body
}

// calleeName is the name of the function or method a call calls.
func calleeName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		return calleeName(&ast.CallExpr{Fun: f.X})
	case *ast.IndexListExpr:
		return calleeName(&ast.CallExpr{Fun: f.X})
	}
	return ""
}

// hasAddrArg reports whether an argument of call is &x.
func hasAddrArg(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
			return true
		}
	}
	return false
}
