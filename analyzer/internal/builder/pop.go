package builder

// pop chains: tx.Where("col = ?")… / tx.Q()… ending in All, First, Find,
// Count…; Create, Update, Save and Destroy of a model.

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
)

var (
	popMethods = map[string]bool{"Q": true, "Where": true, "Select": true, "Order": true, "Join": true, "LeftJoin": true,
		"RightJoin": true, "InnerJoin": true, "GroupBy": true, "Having": true, "Limit": true, "Paginate": true,
		"PaginateFromParams": true, "Eager": true, "Scope": true, "WithContext": true}
	popTerminals = map[string]bool{"All": true, "First": true, "Last": true, "Find": true, "Count": true, "Exists": true,
		"Create": true, "ValidateAndCreate": true, "Update": true, "ValidateAndUpdate": true, "UpdateColumns": true,
		"Save": true, "ValidateAndSave": true, "Destroy": true, "Delete": true, "Reload": true, "UpdateOnly": true}
)

func (e *bEngine) popApply(st *bState, sel *ast.SelectorExpr, call *ast.CallExpr) bool {
	name := sel.Sel.Name
	args := call.Args
	if name == "RawQuery" || !popMethods[name] && st.kind == "" {
		return false // raw SQL (the call-site sinks see it), or not a pop method
	}
	if st.kind == "" && name != "Eager" && name != "WithContext" && name != "Scope" {
		st.kind = "select"
		st.pos = sel.Sel.Pos()
	}
	arg0 := func() (string, bool) {
		if len(args) == 0 {
			return "", false
		}
		return e.fold(args[0])
	}
	switch name {
	case "Where":
		if s, ok := arg0(); ok {
			st.where = append(st.where, "AND "+s)
		} else {
			st.partial = true
		}
	case "Select":
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				st.cols = append(st.cols, s)
			} else {
				st.partial = true
			}
		}
	case "Order":
		if s, ok := arg0(); ok {
			st.orderBy = append(st.orderBy, s)
		} else {
			st.partial = true
		}
	case "GroupBy":
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				st.groupBy = append(st.groupBy, s)
			} else {
				st.partial = true
			}
		}
	case "Having":
		if s, ok := arg0(); ok {
			st.having = append(st.having, s)
		} else {
			st.partial = true
		}
	case "Join", "LeftJoin", "RightJoin", "InnerJoin":
		if len(args) >= 2 {
			t, ok1 := e.fold(args[0])
			on, ok2 := e.fold(args[1])
			if ok1 && ok2 {
				kw := map[string]string{"Join": "JOIN ", "LeftJoin": "LEFT JOIN ", "RightJoin": "RIGHT JOIN ", "InnerJoin": "INNER JOIN "}[name]
				st.joins = append(st.joins, kw+t+" ON "+on)
				return true
			}
		}
		st.partial = true
	case "Limit":
		st.limit = "?"
		if len(args) == 1 {
			if bl, ok := args[0].(*ast.BasicLit); ok && bl.Kind == token.INT {
				st.limit = bl.Value
			}
		}
	case "Q", "Eager", "Scope", "WithContext", "Paginate", "PaginateFromParams":
	default:
		st.partial = true
	}
	return true
}

// popFinish applies what a pop terminal adds: the model's table (and
// columns for writes).
func (e *bEngine) popFinish(st *bState, sel *ast.SelectorExpr, args []ast.Expr) {
	name := sel.Sel.Name
	if st.kind == "" {
		st.kind = "select"
	}
	if st.pos == token.NoPos {
		st.pos = sel.Sel.Pos()
	}
	if len(args) == 0 {
		st.kind = ""
		return
	}
	cols, known := e.popModel(st, args[0])
	switch name {
	case "All", "First", "Last", "Find", "Exists", "Reload":
		if len(st.cols) == 0 {
			if known && len(cols) > 0 {
				st.cols = cols
			} else {
				st.cols = []string{"*"}
			}
		}
		if name == "Find" && len(args) > 1 {
			st.where = append(st.where, "AND id = ?")
		}
	case "Count":
		st.cols = []string{"count(*)"}
	case "Create", "ValidateAndCreate":
		if !known {
			st.kind = ""
			return
		}
		st.kind = "insert"
		st.insCols = popExcept(cols, args[1:], e)
	case "Update", "ValidateAndUpdate", "Save", "ValidateAndSave", "UpdateColumns", "UpdateOnly":
		if !known {
			st.kind = ""
			return
		}
		st.kind = "update"
		// pop's Update writes every column but id and created_at
		set := popExcept(cols, args[1:], e)
		kept := set[:0:0]
		for _, c := range set {
			if c != "id" && c != "created_at" {
				kept = append(kept, c)
			}
		}
		set = kept
		if name == "UpdateColumns" || name == "UpdateOnly" {
			set = nil
			for i, a := range args[1:] {
				if s, ok := e.fold(a); ok && !(i == len(args)-2 && e.spread(a)) {
					set = append(set, s)
				} else {
					// a column list known at run time
					st.partial = true
					set = append(set, astx.DynMarker)
				}
			}
		}
		for _, c := range set {
			st.sets = append(st.sets, c+" = ?")
		}
		st.where = append(st.where, "AND id = ?")
	case "Destroy", "Delete":
		st.kind = "delete"
		if name == "Destroy" {
			st.where = append(st.where, "AND id = ?")
		}
	}
}

// popExcept drops the excluded columns (Create(&m, "created_at")).
func popExcept(cols []string, excl []ast.Expr, e *bEngine) []string {
	skip := map[string]bool{}
	for _, x := range excl {
		if s, ok := e.fold(x); ok {
			skip[s] = true
		}
	}
	var out []string
	for _, c := range cols {
		if !skip[c] {
			out = append(out, c)
		}
	}
	return out
}

// popModel sets the table of the model behind x and returns its columns
// (known: the struct was found).
func (e *bEngine) popModel(st *bState, x ast.Expr) ([]string, bool) {
	tn := e.modelTypeName(x)
	if tn == "" {
		st.partial = true
		return nil, false
	}
	for _, m := range e.models {
		if m.Type == tn && (m.Via == "pop" || m.Via == "tag db") && m.Table != "" {
			if st.modelTable == "" && len(st.from) == 0 {
				st.modelTable = bqQualified(m.Schema, m.Table)
			}
			var cols []string
			for _, c := range m.Columns {
				cols = append(cols, c.Name)
			}
			return cols, true
		}
	}
	var cols []string
	known := false
	if e.modelScan == nil {
		e.modelScan = models.NewScan(e.f, e.info, e.fold)
		e.modelScan.SetPackage(e.env.Pkg)
	}
	if s := e.modelScan.Struct(tn); s != nil {
		for _, c := range e.modelScan.Columns("db", s) {
			cols = append(cols, c.Name)
		}
		known = true
	}
	n := e.namedStruct(x)
	if !known && n != nil {
		for _, c := range e.modelScan.TypeColumns("db", n.Underlying().(*types.Struct)) {
			cols = append(cols, c.Name)
		}
		known = true
	}
	if st.modelTable == "" && len(st.from) == 0 {
		if n != nil {
			if t, ok := e.tableNameOf(n); ok {
				st.modelTable = t
				return cols, known
			}
		}
		st.modelTable = libs.Pop.Model.Table(tn)
		st.partial = true
	}
	return cols, known
}

// spread: x is the last argument of its call, passed with `...`.
func (e *bEngine) spread(x ast.Expr) bool {
	found := false
	ast.Inspect(e.f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && c.Ellipsis.IsValid() && len(c.Args) > 0 && c.Args[len(c.Args)-1] == x {
			found = true
		}
		return !found
	})
	return found
}
