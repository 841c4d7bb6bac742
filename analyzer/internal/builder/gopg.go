package builder

// go-pg chains: Model(…)… with bun's shape; the statement kind comes from the terminal.

import "go/ast"

// gopgApply: go-pg's ORM query (db.Model(&u).Column(…).Where(…).Select())
// has bun's shape; the statement kind comes from the terminal.
func (e *bEngine) gopgApply(st *bState, sel *ast.SelectorExpr, call *ast.CallExpr) bool {
	name := sel.Sel.Name
	args := call.Args
	if st.kind == "" {
		switch name {
		case "Model", "ModelContext", "Table", "TableExpr":
		default:
			return false
		}
		st.kind = "select"
		st.pos = sel.Sel.Pos()
	}
	switch name {
	case "Model", "ModelContext":
		if name == "ModelContext" && len(args) > 0 {
			args = args[1:]
		}
		if len(args) >= 1 {
			e.bunModel(st, args[0], "go-pg")
		}
		return true
	case "WhereIn":
		call2 := *call
		sel2 := *sel
		sel2.Sel = &ast.Ident{Name: "Where", NamePos: sel.Sel.Pos()}
		call2.Fun = &sel2
		return e.bunApply(st, &sel2, &call2)
	case "Context", "Apply", "Deleted", "AllWithDeleted", "OnConflict", "Value", "For":
		return true
	}
	return e.bunApply(st, sel, call)
}

func (e *bEngine) gopgFinish(st *bState, name string) {
	switch name {
	case "Count", "CountEstimate":
		st.cols = []string{"count(*)"}
	case "Insert":
		st.kind = "insert"
		st.insCols = append(st.insCols, st.cols...)
		st.cols = nil
	case "Update", "UpdateNotZero":
		st.kind = "update"
		if len(st.sets) == 0 {
			for _, c := range st.cols {
				st.sets = append(st.sets, c+" = ?")
			}
		}
		st.cols = nil
	case "Delete", "ForceDelete":
		st.kind = "delete"
	case "SelectOrInsert":
		st.partial = true
	}
}

// gopgTerminals run a go-pg query.
var gopgTerminals = map[string]bool{"Select": true, "SelectAndCount": true, "SelectAndCountEstimate": true, "SelectOrInsert": true,
	"Count": true, "CountEstimate": true, "First": true, "Last": true, "Exists": true, "Insert": true, "Update": true,
	"UpdateNotZero": true, "Delete": true, "ForceDelete": true}
