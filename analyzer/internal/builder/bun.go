package builder

// bun chains: NewSelect/NewInsert/NewUpdate/NewDelete with the model's table, alias and columns.

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

func (e *bEngine) bunApply(st *bState, sel *ast.SelectorExpr, call *ast.CallExpr) bool {
	name := sel.Sel.Name
	args := call.Args
	arg0 := func() (string, bool) {
		if len(args) == 0 {
			return "", false
		}
		return e.fold(args[0])
	}
	if st.kind == "" {
		kind := map[string]string{"NewSelect": "select", "NewInsert": "insert", "NewUpdate": "update", "NewDelete": "delete"}[name]
		if kind == "" {
			return false
		}
		st.kind = kind
		st.pos = sel.Sel.Pos()
		return true
	}
	text := func(s string) string {
		if strings.Contains(s, "?TableAlias") && st.modelAlias != "" {
			s = strings.ReplaceAll(s, "?TableAlias", `"`+st.modelAlias+`"`)
		}
		if strings.Contains(s, "?TableName") && st.modelTable != "" {
			s = strings.ReplaceAll(s, "?TableName", st.modelTable)
		}
		if strings.Contains(s, "?TableAlias") || strings.Contains(s, "?TableName") || strings.Contains(s, "?PKs") || strings.Contains(s, "?Columns") || strings.Contains(s, "?TableColumns") {
			st.partial = true
		}
		return s
	}
	// sub: text with bun.Ident / bun.Safe arguments put in place
	sub := func(s string) string {
		if len(args) > 1 {
			s = e.bunSubst(s, args[1:])
		}
		return text(s)
	}
	switch name {
	case "Model":
		if len(args) == 1 {
			e.bunModel(st, args[0], "bun")
		}
	case "Table":
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				st.from = append(st.from, s)
			} else {
				st.partial = true
			}
		}
	case "TableExpr", "ModelTableExpr":
		s, ok := arg0()
		if !ok {
			st.partial = true
			return true
		}
		if name == "ModelTableExpr" {
			st.modelTable, st.modelAlias = sub(s), ""
		} else {
			st.from = append(st.from, sub(s))
		}
	case "Column":
		for _, a := range args {
			s, ok := e.fold(a)
			if !ok {
				st.partial = true
				continue
			}
			switch st.kind {
			case "select":
				st.cols = append(st.cols, s)
			case "insert":
				st.insCols = append(st.insCols, s)
			case "update":
				st.sets = append(st.sets, s+" = ?")
			}
		}
	case "ColumnExpr":
		if s, ok := arg0(); ok {
			st.cols = append(st.cols, sub(s))
		} else {
			st.partial = true
		}
	case "ExcludeColumn":
		for _, a := range args {
			if s, ok := e.fold(a); ok {
				for i, c := range st.modelCols {
					if c == s {
						st.modelCols = append(st.modelCols[:i:i], st.modelCols[i+1:]...)
						break
					}
				}
			}
		}
	case "Where", "WhereOr":
		s, ok := arg0()
		if !ok {
			st.partial = true
			return true
		}
		conn := "AND "
		if name == "WhereOr" {
			conn = "OR "
		}
		st.where = append(st.where, conn+sub(s))
	case "Join":
		if s, ok := arg0(); ok {
			st.joins = append(st.joins, sub(s))
		} else {
			st.partial = true
		}
	case "JoinOn", "JoinOnOr":
		s, ok := arg0()
		if !ok || len(st.joins) == 0 {
			st.partial = true
			return true
		}
		last := st.joins[len(st.joins)-1]
		switch {
		case !strings.Contains(strings.ToUpper(last), " ON "):
			last += " ON " + sub(s)
		case name == "JoinOnOr":
			last += " OR " + sub(s)
		default:
			last += " AND " + sub(s)
		}
		st.joins[len(st.joins)-1] = last
	case "Group", "Order":
		for _, a := range args {
			s, ok := e.fold(a)
			if !ok {
				st.partial = true
				continue
			}
			if name == "Group" {
				st.groupBy = append(st.groupBy, s)
			} else {
				st.orderBy = append(st.orderBy, s)
			}
		}
	case "GroupExpr", "OrderExpr", "Having":
		s, ok := arg0()
		if !ok {
			st.partial = true
			return true
		}
		switch name {
		case "GroupExpr":
			st.groupBy = append(st.groupBy, sub(s))
		case "OrderExpr":
			st.orderBy = append(st.orderBy, sub(s))
		default:
			st.having = append(st.having, sub(s))
		}
	case "Limit", "Offset":
		v := "?"
		if len(args) == 1 {
			if bl, ok := args[0].(*ast.BasicLit); ok && bl.Kind == token.INT {
				v = bl.Value
			}
		}
		if name == "Limit" {
			st.limit = v
		} else {
			st.offset = v
		}
	case "Set":
		if s, ok := arg0(); ok {
			st.sets = append(st.sets, sub(s))
		} else {
			st.partial = true
		}
	case "SetColumn":
		if len(args) >= 2 {
			c, ok1 := e.fold(args[0])
			v, ok2 := e.fold(args[1])
			if ok1 && ok2 {
				st.sets = append(st.sets, c+" = "+text(v))
				return true
			}
		}
		st.partial = true
	case "Returning":
		if s, ok := arg0(); ok {
			if !strings.EqualFold(strings.TrimSpace(s), "NULL") {
				st.returning = append(st.returning, sub(s))
			}
		} else {
			st.partial = true
		}
	case "Distinct":
		st.distinct = true
	case "On":
		if s, ok := arg0(); ok && st.kind == "insert" {
			st.onConflict = sub(s)
		} else if st.kind == "insert" {
			st.partial = true
		}
	case "WherePK", "WhereDeleted", "WhereAllWithDeleted", "ForceDelete", "Bulk", "Conn", "For", "Ignore", "Replace", "Value", "OmitZero":
	default:
		st.partial = true
	}
	return true
}

func (e *bEngine) bunModel(st *bState, x ast.Expr, via string) {
	tn := e.modelTypeName(x)
	if tn == "" {
		st.partial = true
		return
	}
	for _, m := range e.models {
		if m.Type == tn && m.Via == via {
			st.modelTable = bqQualified(m.Schema, m.Table)
			st.modelAlias = m.Alias
			st.modelCols = nil
			for _, c := range m.Columns {
				st.modelCols = append(st.modelCols, c.Name)
			}
			return
		}
	}
	st.modelTable = libs.Plural(libs.BunUnderscore(tn))
	st.modelAlias = libs.BunUnderscore(tn)
	st.partial = true
}

// bunSubst puts bun.Ident("col") (quoted) and bun.Safe("sql") arguments (also
// go-pg's pg.Ident / pg.Safe) in place of their `?` or `?N` placeholders;
// other placeholders stay for the parameter numbering.
func (e *bEngine) bunSubst(s string, args []ast.Expr) string {
	if !strings.Contains(s, "?") {
		return s
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '?' {
			b.WriteByte(s[i])
			continue
		}
		j := i + 1
		for j < len(s) && (s[j] == '_' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
			j++
		}
		name := s[i+1 : j]
		var idx int
		switch {
		case name == "":
			idx = next
			next++
		case strings.Trim(name, "0123456789") == "":
			idx, _ = strconv.Atoi(name)
		default:
			b.WriteString(s[i:j]) // ?TableAlias and friends
			i = j - 1
			continue
		}
		if idx >= 0 && idx < len(args) {
			if lit, ok := e.identArg(args[idx]); ok {
				b.WriteString(lit)
				i = j - 1
				continue
			}
		}
		b.WriteByte('?')
		i = j - 1
	}
	return b.String()
}

// identArg renders bun.Ident("a.b") as "a"."b" and bun.Safe("x") as x.
func (e *bEngine) identArg(x ast.Expr) (string, bool) {
	c, ok := x.(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return "", false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Ident" && sel.Sel.Name != "Safe" {
		return "", false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok || !libs.PathIn(e.imports[id.Name], libs.Bun.Paths) && !libs.PathIn(e.imports[id.Name], libs.GoPg.Paths) {
		return "", false
	}
	v, ok := e.fold(c.Args[0])
	if !ok {
		return "", false
	}
	if sel.Sel.Name == "Safe" {
		return v, true
	}
	parts := strings.Split(v, ".")
	for k, p := range parts {
		parts[k] = libs.QuoteIdent(p)
	}
	return strings.Join(parts, "."), true
}

// bunTerminals run a bun query.
var bunTerminals = map[string]bool{"Scan": true, "Exec": true, "Count": true, "ScanAndCount": true, "Exists": true, "Rows": true}
