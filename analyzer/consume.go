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
// has WithDiscardUnknownColumns (columns starting with "_" always pass);
// scany v2.1 Select/Get/ScanAll/ScanOne return "scany: column: 'x': no
// corresponding field found" unless the API was made with
// dbscan.WithAllowUnknownColumns(true) (v0.x has no such option); gorm
// v1.31 scans unknown columns into a placeholder; beego v2.3 QueryRows and
// QueryRow assign only the columns a field names; pop v6.1 All, First,
// Last and Find map with sqlx's Select and Get on the connection's
// *sqlx.DB, strict unless the connection was made with
// pop.ConnectionDetails{Unsafe: true} (a value known only at run time,
// ory/hydra's db.ignore_unknown_table_columns, default false, counts as
// pop's default).
//
// Where the tolerant handle comes from: a variable or struct field every
// value of which is made tolerant (bun.NewDB(…, bun.WithDiscardUnknownColumns()),
// x.Unsafe()) carries a TolerantFact to the packages that import it; and
// the fast driver (ScanDir), which sees the whole module, treats every bun
// query, and every query through a scany API value, as tolerant when every
// bun.NewDB (every scany API made) in the module's code is configured so
// (see applyHandles).

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
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
	// Tolerant says, for a mapper that would reject an unknown column
	// by default, what configures it to skip one
	// ("bun.WithDiscardUnknownColumns() at db/db.go:12").
	Tolerant string `json:"tolerant,omitempty"`
	// Decodes are the positional destinations the code decodes as JSON
	// after the scan, and the keys it reads (jsondecode.go).
	Decodes []Decode `json:"decodes,omitempty"`
	// cfgLib: strict by default, tolerant when every handle of this
	// library in the module is configured so (decided by applyHandles).
	cfgLib string
}

// String describes the consumption: "positional 2 [int64 string]",
// "by-name sqlx Get, strict", "by-name bun Scan, skips unknown columns
// (bun.WithDiscardUnknownColumns() at db/db.go:9)".
func (s *Scan) String() string {
	if s.Kind == ScanPositional {
		return fmt.Sprintf("positional %d %v", s.Dest, s.Types)
	}
	out := s.Kind + " " + s.Mapper
	switch {
	case s.Strict:
		out += ", strict"
	case s.Tolerant != "":
		out += ", skips unknown columns (" + s.Tolerant + ")"
	}
	return out
}

// Breaks reports whether one more result column breaks the consumer: a
// positional scan or a strict mapper.
func (s *Scan) Breaks() bool { return s != nil && (s.Kind == ScanPositional || s.Strict) }

// consumption reads how the result of the sink call is consumed; nil when
// it cannot tell (the rows are returned, passed on, or consumed in a way
// it does not know).
//
// lib is the library family underneath a wrapper or an interface
// implemented by one (treeverse/lakeFS's db.Tx.Get, implemented with
// scany's pgxscan.Get): its Get and Select map as that library's do.
func (c *pkgCore) consumption(call *ast.CallExpr, via, lib string) *Scan {
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
		if rlib, _ := c.recvOrigin(call); via == "scany" || rlib == "scany" || lib == "scany" {
			return c.scanyScan("scany "+name, call)
		}
		if via == "sqlx" || lib == "sqlx" || strings.HasPrefix(via, "method ") && hasAddrArg(call) {
			s := &Scan{Kind: ScanByName, Mapper: "sqlx " + strings.TrimSuffix(name, "Context"), Strict: true}
			c.sqlxTolerance(s, call)
			return s
		}
	}
	var out *Scan
	c.resultCalls(call, func(ce *ast.CallExpr, method string, arg int) bool {
		if arg < 0 {
			out = c.chained(method, ce, via, call)
		} else {
			// pgx.CollectRows(rows, pgx.RowToStructByName[T]), gorm's
			// db.ScanRows(rows, &x), pgx.ForEachRow(rows, []any{…}, fn)
			out = c.rowsFunc(calleeName(ce), ce, arg)
		}
		return out != nil
	})
	return out
}

// resultCalls calls visit, in the function that holds the sink call, with
// each call that consumes the sink's result, until visit returns true:
// first the calls chained on the result (QueryRow(…).Scan: method is the
// selector's name, arg is -1); then, when the result is assigned to a
// variable, the calls on that variable (rows.Scan, arg -1) and the calls
// that take it as argument arg (pgx.CollectRows(rows, …), method "").
func (c *pkgCore) resultCalls(call *ast.CallExpr, visit func(ce *ast.CallExpr, method string, arg int) bool) {
	body := c.enclosingBody(call)
	if body == nil {
		return
	}
	var rows types.Object
	done := false
	ast.Inspect(body, func(n ast.Node) bool {
		if done {
			return false
		}
		switch n := n.(type) {
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && ast.Unparen(sel.X) == call {
				done = visit(n, sel.Sel.Name, -1)
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
	if done || rows == nil {
		return
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if done {
			return false
		}
		ce, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok && c.isObj(sel.X, rows) {
			done = visit(ce, sel.Sel.Name, -1)
			return !done
		}
		for i, a := range ce.Args {
			if c.isObj(a, rows) {
				done = visit(ce, "", i)
				return !done
			}
		}
		return true
	})
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
			s := &Scan{Kind: ScanByName, Mapper: "bun Scan", Strict: true, cfgLib: "bun"}
			if how := c.recvTolerant(sink); how != "" {
				s.Strict, s.Tolerant = false, how
			}
			return s
		}
		s := c.positional(ce.Args)
		s.Decodes = c.jsonDecodes(ce)
		return s
	case "Find", "First", "Take", "Last", "All":
		switch via {
		case "gorm":
			if method != "All" {
				return &Scan{Kind: ScanByName, Mapper: "gorm " + method}
			}
		case "pop":
			if method != "Take" {
				s := &Scan{Kind: ScanByName, Mapper: "pop " + method, Strict: true, cfgLib: "pop"}
				if how := c.recvTolerant(sink); how != "" {
					s.Strict, s.Tolerant = false, how
				}
				return s
			}
		}
	case "StructScan":
		s := &Scan{Kind: ScanByName, Mapper: "sqlx StructScan", Strict: true}
		c.sqlxTolerance(s, sink)
		return s
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
	case "ScanAll", "ScanOne", "ScanRow":
		// scany: pgxscan.ScanAll(&dst, rows), api.ScanOne(&dst, rows)
		if i == 1 && libs.Scany.Has(c.calleePath(ce)) {
			return c.scanyScan("scany "+name, ce)
		}
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

// sqlxTolerance makes s tolerant when the sqlx receiver of call is
// Unsafe() (see recvTolerant).
func (c *pkgCore) sqlxTolerance(s *Scan, call *ast.CallExpr) {
	if how := c.recvTolerant(call); how != "" {
		s.Strict, s.Tolerant = false, how
	}
}

// scanyScan is the consumption of a scany Select, Get, ScanAll or ScanOne
// call: strict through the package functions (DefaultAPI); through an API
// value, tolerant when that value is made with
// dbscan.WithAllowUnknownColumns(true), or (applyHandles) when every API
// the module makes is.
func (c *pkgCore) scanyScan(mapper string, call *ast.CallExpr) *Scan {
	s := &Scan{Kind: ScanByName, Mapper: mapper, Strict: true}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return s
	}
	if x, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.importPath(x) != "" {
		return s // pgxscan.Select(…): the DefaultAPI, never configured
	}
	s.cfgLib = "scany"
	if how := c.recvTolerant(call); how != "" {
		s.Strict, s.Tolerant = false, how
	}
	return s
}

// recvTolerant says what makes the receiver of call (x in x.M(…), or
// the start of a chain x.NewRaw(…)) a handle whose mapper skips unknown
// columns; "" when nothing does or it is not known.
func (c *pkgCore) recvTolerant(call *ast.CallExpr) string {
	_, how := c.recvOrigin(call)
	return how
}

// recvOrigin is handleOrigin of call's receiver.
func (c *pkgCore) recvOrigin(call *ast.CallExpr) (lib, how string) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", ""
	}
	return c.handleOrigin(sel.X, 0)
}

// handleOrigin says where the handle e evaluates to comes from: lib is
// "sqlx", "bun" or "scany" when every value it may hold is made by that
// library's call in the package, and how what makes each of them tolerant
// of unknown columns: x.Unsafe() (sqlx), bun.NewDB(…,
// bun.WithDiscardUnknownColumns()), a scany API made with
// dbscan.WithAllowUnknownColumns(true) ("" when one of them is not). It
// follows variables and struct fields every value of which is known
// (TolerantFact across packages) and the package's functions returning a
// handle; parameters and anything else are not known.
func (c *pkgCore) handleOrigin(e ast.Expr, depth int) (lib, how string) {
	if depth > 6 || c.info == nil {
		return "", ""
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		name := calleeName(x)
		if name == "Unsafe" && len(x.Args) == 0 {
			if p := c.calleePath(x); p == "" || libs.Sqlx.Has(p) {
				return "sqlx", "sqlx Unsafe()"
			}
			return "", ""
		}
		if h, ok := c.handleCall(x); ok {
			if h.how == "" && h.lib == "scany" {
				// pgxscan.NewAPI(dbscanAPI): as its dbscan API
				for _, a := range x.Args {
					if l, how := c.handleOrigin(a, depth+1); l == "scany" {
						return l, how
					}
				}
			}
			return h.lib, h.how
		}
		if fn := c.calleeFunc(x); fn != nil && fn.Pkg() == c.pkg && c.fo != nil {
			return c.merge(c.returned(fn), depth)
		}
	case *ast.Ident, *ast.SelectorExpr:
		var id *ast.Ident
		if i, ok := x.(*ast.Ident); ok {
			id = i
		} else {
			id = x.(*ast.SelectorExpr).Sel
		}
		if v, ok := c.info.ObjectOf(id).(*types.Var); ok {
			return c.varOrigin(v, depth)
		}
	}
	return "", ""
}

// varOrigin is handleOrigin of every value of a variable or struct field.
func (c *pkgCore) varOrigin(v *types.Var, depth int) (lib, how string) {
	if c.facts != nil {
		if f, ok := c.facts.getTolerant(v); ok {
			return f.Lib, f.How
		}
	}
	if v.Pkg() != c.pkg || c.fo == nil || c.fo.IsParam(v) {
		return "", ""
	}
	var vals []ast.Expr
	if v.IsField() {
		if c.fo.FieldOpen(v) != "" {
			return "", ""
		}
		vals = c.fo.FieldValues(v)
	} else {
		var ok bool
		if vals, ok = c.fo.Assigned(v); !ok {
			return "", ""
		}
	}
	return c.merge(vals, depth)
}

// merge: the common origin of several values ("" lib when they differ or
// one is not known; "" how when one is not tolerant).
func (c *pkgCore) merge(vals []ast.Expr, depth int) (lib, how string) {
	for i, val := range vals {
		l, h := c.handleOrigin(val, depth+1)
		if l == "" || i > 0 && l != lib {
			return "", ""
		}
		if i == 0 {
			lib, how = l, h
		} else if h == "" {
			how = ""
		}
	}
	return lib, how
}

// returned lists the first result of each return statement of the
// package's function fn (nil ones left out); nil when fn is not declared
// here.
func (c *pkgCore) returned(fn *types.Func) []ast.Expr {
	for _, fd := range c.fo.FuncDecls() {
		if fd.Body == nil || c.info.Defs[fd.Name] != fn {
			continue
		}
		var out []ast.Expr
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(n.Results) > 0 {
					if id, ok := ast.Unparen(n.Results[0]).(*ast.Ident); ok && id.Name == "nil" {
						return false
					}
					out = append(out, n.Results[0])
				}
			}
			return true
		})
		return out
	}
	return nil
}

// handleCfg is a call that makes a database handle whose mapper's
// treatment of unknown columns an option sets: bun.NewDB, scany's
// dbscan.NewAPI, pgxscan.NewDBScanAPI, sqlscan.NewDBScanAPI (and
// pgxscan.NewAPI, sqlscan.NewAPI, which wrap one), pop.NewConnection.
type handleCfg struct {
	lib string // "bun", "scany", "pop"
	how string // the option that makes it tolerant, "" when none does
	pos Pos
}

// handleCall reads a handle-making call.
func (c *pkgCore) handleCall(call *ast.CallExpr) (handleCfg, bool) {
	name := calleeName(call)
	if name != "NewDB" && name != "NewAPI" && name != "NewDBScanAPI" && name != "NewConnection" {
		return handleCfg{}, false
	}
	p := c.calleePath(call)
	h := handleCfg{pos: c.position(call.Pos())}
	switch {
	case name == "NewDB" && libs.Bun.Has(p):
		h.lib = "bun"
		for _, a := range call.Args {
			if ac, ok := ast.Unparen(a).(*ast.CallExpr); ok && calleeName(ac) == "WithDiscardUnknownColumns" {
				h.how = "bun.WithDiscardUnknownColumns()"
			}
		}
	case name == "NewConnection" && libs.Pop.Has(p):
		// pop.NewConnection(&pop.ConnectionDetails{…, Unsafe: true})
		h.lib = "pop"
		for _, a := range call.Args {
			a = ast.Unparen(a)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = ast.Unparen(u.X)
			}
			if cl, ok := a.(*ast.CompositeLit); ok {
				for _, el := range cl.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Unsafe" && c.isTrue(kv.Value) {
							h.how = "pop.ConnectionDetails{Unsafe: true}"
						}
					}
				}
			}
		}
	case name != "NewDB" && name != "NewConnection" && libs.Scany.Has(p):
		h.lib = "scany"
		for _, a := range call.Args {
			if ac, ok := ast.Unparen(a).(*ast.CallExpr); ok && calleeName(ac) == "WithAllowUnknownColumns" && len(ac.Args) == 1 && c.isTrue(ac.Args[0]) {
				h.how = "dbscan.WithAllowUnknownColumns(true)"
			}
		}
	default:
		return handleCfg{}, false
	}
	return h, true
}

func (c *pkgCore) isTrue(e ast.Expr) bool {
	if c.info != nil {
		if tv, ok := c.info.Types[e]; ok && tv.Value != nil {
			return tv.Value.ExactString() == "true"
		}
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "true"
}

// calleePath is the import path of the package declaring the function or
// method call calls ("" when not known).
func (c *pkgCore) calleePath(call *ast.CallExpr) string {
	if fn := c.calleeFunc(call); fn != nil && fn.Pkg() != nil {
		return fn.Pkg().Path()
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if x, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
			return c.importPath(x)
		}
	}
	return ""
}

// exportTolerant records the package's handle-making calls (for
// applyHandles) and exports a TolerantFact for each package-level
// variable and struct field every value of which is a tolerant handle.
func (c *pkgCore) exportTolerant() {
	if c.info == nil {
		return
	}
	for _, f := range c.files {
		ast.Inspect(f, func(n ast.Node) bool {
			if ce, ok := n.(*ast.CallExpr); ok {
				if h, ok := c.handleCall(ce); ok && (h.lib == "bun" || calleeName(ce) != "NewAPI") {
					c.handles = append(c.handles, h)
				}
			}
			return true
		})
	}
	if c.facts == nil || c.pkg == nil || c.fo == nil {
		return
	}
	for _, name := range c.pkg.Scope().Names() {
		if v, ok := c.pkg.Scope().Lookup(name).(*types.Var); ok {
			if lib, how := c.varOrigin(v, 0); how != "" {
				c.facts.setTolerant(v, &TolerantFact{Lib: lib, How: how})
			}
		}
	}
	for _, v := range c.fo.Fields() {
		if lib, how := c.varOrigin(v, 0); how != "" {
			c.facts.setTolerant(v, &TolerantFact{Lib: lib, How: how})
		}
	}
}

// applyHandles decides the fast driver's mappers that are strict by
// default and tolerant as configured (bun, scany APIs, pop connections) from the whole
// module: when every handle of that library the module's code makes is
// configured to skip unknown columns, all of them do.
func applyHandles(inv *Inventory, cores []*pkgCore) {
	by := map[string][]handleCfg{}
	for _, c := range cores {
		for _, h := range c.handles {
			by[h.lib] = append(by[h.lib], h)
		}
	}
	tolerant := map[string]string{}
	for lib, hs := range by {
		how := hs[0].how
		for _, h := range hs {
			if h.how == "" {
				how = ""
				break
			}
		}
		if how != "" {
			tolerant[lib] = fmt.Sprintf("%s at %s:%d (every %s handle the code makes has it)", how, hs[0].pos.File, hs[0].pos.Line, lib)
		}
	}
	for i := range inv.Queries {
		if s := inv.Queries[i].Scan; s != nil && s.Strict && tolerant[s.cfgLib] != "" {
			s.Strict, s.Tolerant = false, tolerant[s.cfgLib]
		}
	}
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
