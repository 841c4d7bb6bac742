package pgparse

import (
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// What an UPDATE of a migration does to the values of a column, for the
// rules that tell a data migration that changes what values mean (a
// marker rewritten, a JSON key renamed) from one that fills a column:
// the constant a SET assigns, the columns the WHERE pins to a constant,
// and the JSON keys a SET renames.

// updateTarget is the UPDATE statement's target, for telling its columns
// from those of a FROM list.
type updateTarget struct {
	table, alias string
}

func newUpdateTarget(up *pgnode.UpdateStmt) updateTarget {
	u := updateTarget{}
	if rv := up.Relation; rv != nil {
		u.table = rv.Relname
		if rv.Alias != nil {
			u.alias = rv.Alias.Aliasname
		}
	}
	return u
}

// column returns the target's column n names ("" when n is not a column
// of the target: another table's, or not a column reference).
func (u updateTarget) column(n *pgnode.Node) string {
	cr := qStripCast(n).GetColumnRef()
	if cr == nil {
		return ""
	}
	switch len(cr.Fields) {
	case 1:
		return strVal(cr.Fields[0])
	case 2:
		q := strVal(cr.Fields[0])
		if q != "" && (q == u.alias || (u.alias == "" && q == u.table)) {
			return strVal(cr.Fields[1])
		}
	}
	return ""
}

// where returns the conjuncts of w that pin a column of the target to a
// constant (col = const, const = col, col IS NULL).
func (u updateTarget) where(w *pgnode.Node) []sqlast.Cond {
	if w == nil {
		return nil
	}
	if be := w.GetBoolExpr(); be != nil {
		if be.Boolop != pgnode.BoolExprType_AND_EXPR {
			return nil
		}
		var out []sqlast.Cond
		for _, a := range be.Args {
			out = append(out, u.where(a)...)
		}
		return out
	}
	if nt := w.GetNullTest(); nt != nil {
		if nt.Nulltesttype == pgnode.NullTestType_IS_NULL {
			if c := u.column(nt.Arg); c != "" {
				return []sqlast.Cond{{Column: c, Value: &sqlast.Expr{Text: "NULL", Const: true, Null: true}}}
			}
		}
		return nil
	}
	e := w.GetAExpr()
	if e == nil || e.Kind != pgnode.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || strVal(e.Name[0]) != "=" {
		return nil
	}
	col, val := u.column(e.Lexpr), e.Rexpr
	if col == "" {
		col, val = u.column(e.Rexpr), e.Lexpr
	}
	if col == "" {
		return nil
	}
	if c, null := isConst(val); !c || null {
		return nil
	}
	return []sqlast.Cond{{Column: col, Value: convExpr(val)}}
}

// setConst returns the constant a SET item assigns (nil when it is not a
// constant, or is NULL: setting NULL is not rewriting a value into
// another).
func setConst(val *pgnode.Node) *sqlast.Expr {
	if c, null := isConst(val); !c || null {
		return nil
	}
	return convExpr(val)
}

// keyMoves returns the JSON keys SET col = val renames in col: a key read
// from the column (col->'old', col #> '{a,old}') written under another
// key (jsonb_set(…, '{new}', …), jsonb_build_object('new', …)) by an
// expression that also removes the old one (col - 'old', col #- '{old}'),
// and replace(col::text, '"old"', '"new"')::jsonb.
func (u updateTarget) keyMoves(val *pgnode.Node, col string) []sqlast.KeyMove {
	if val == nil || !mentionsJSONOps(val) {
		return nil
	}
	removed := map[string]bool{}
	added := map[string]string{} // new key → the old key its value is read from
	var direct []sqlast.KeyMove
	walk(val, func(n *pgnode.Node) bool {
		switch v := n.Node.(type) {
		case *pgnode.Node_AExpr:
			e := v.AExpr
			if e.Kind != pgnode.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || !u.fromColumn(e.Lexpr, col) {
				break
			}
			switch strVal(e.Name[0]) {
			case "-":
				if k, ok := qStringConst(e.Rexpr); ok {
					removed[k] = true
				}
			case "#-":
				if k, ok := qStringConst(e.Rexpr); ok {
					if p, ok := jsonPath(k); ok {
						removed[p] = true
					}
				}
			}
		case *pgnode.Node_FuncCall:
			fc := v.FuncCall
			switch funcName(fc) {
			case "jsonb_set", "pg_catalog.jsonb_set", "jsonb_set_lax", "jsonb_insert":
				if len(fc.Args) >= 3 && u.fromColumn(fc.Args[0], col) {
					if k, ok := qStringConst(fc.Args[1]); ok {
						if p, ok := jsonPath(k); ok {
							if old, ok := u.keyRead(fc.Args[2], col); ok {
								added[p] = old
							}
						}
					}
				}
			case "jsonb_build_object", "json_build_object":
				for i := 0; i+1 < len(fc.Args); i += 2 {
					if k, ok := qStringConst(fc.Args[i]); ok {
						if old, ok := u.keyRead(fc.Args[i+1], col); ok {
							added[k] = old
						}
					}
				}
			case "replace", "pg_catalog.replace":
				if len(fc.Args) == 3 && u.column(fc.Args[0]) == col && fc.Args[0].GetTypeCast() != nil {
					from, ok1 := qStringConst(fc.Args[1])
					to, ok2 := qStringConst(fc.Args[2])
					o, okO := quotedKey(from)
					nw, okN := quotedKey(to)
					if ok1 && ok2 && okO && okN && o != nw {
						direct = append(direct, sqlast.KeyMove{Old: o, New: nw})
					}
				}
			}
		}
		return true
	})
	out := direct
	for nw, old := range added {
		if removed[old] && nw != old {
			out = append(out, sqlast.KeyMove{Old: old, New: nw})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Old != out[j].Old {
			return out[i].Old < out[j].Old
		}
		return out[i].New < out[j].New
	})
	return out
}

// mentionsJSONOps is a cheap test before the walk: the expression is a
// call or an operator (a constant or a column renames nothing).
func mentionsJSONOps(n *pgnode.Node) bool {
	n = qStripCast(n)
	return n.GetFuncCall() != nil || n.GetAExpr() != nil
}

// fromColumn reports whether n is the column col, or an expression on it
// made of the operators and calls that edit a JSON document (col #- …,
// col - …, jsonb_set(col, …), …).
func (u updateTarget) fromColumn(n *pgnode.Node, col string) bool {
	for depth := 0; n != nil && depth < 32; depth++ {
		n = qStripCast(n)
		if u.column(n) == col {
			return true
		}
		switch v := n.Node.(type) {
		case *pgnode.Node_AExpr:
			if len(v.AExpr.Name) != 1 {
				return false
			}
			switch op := strVal(v.AExpr.Name[0]); op {
			case "-", "#-", "||":
				if op == "||" && !u.fromColumn(v.AExpr.Lexpr, col) {
					n = v.AExpr.Rexpr
					continue
				}
				n = v.AExpr.Lexpr
				continue
			}
		case *pgnode.Node_FuncCall:
			switch funcName(v.FuncCall) {
			case "jsonb_set", "pg_catalog.jsonb_set", "jsonb_set_lax", "jsonb_insert", "coalesce":
				if len(v.FuncCall.Args) > 0 {
					n = v.FuncCall.Args[0]
					continue
				}
			}
		case *pgnode.Node_CoalesceExpr:
			if len(v.CoalesceExpr.Args) > 0 {
				n = v.CoalesceExpr.Args[0]
				continue
			}
		}
		return false
	}
	return false
}

// keyRead returns the key path n reads from the column: col->'k' is "k",
// col->'a'->'b' and col #> '{a,b}' are "a.b".
func (u updateTarget) keyRead(n *pgnode.Node, col string) (string, bool) {
	e := qStripCast(n).GetAExpr()
	if e == nil || e.Kind != pgnode.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 {
		return "", false
	}
	var base string
	if u.column(e.Lexpr) != col {
		p, ok := u.keyRead(e.Lexpr, col)
		if !ok {
			return "", false
		}
		base = p + "."
	}
	k, ok := qStringConst(e.Rexpr)
	if !ok {
		return "", false
	}
	switch strVal(e.Name[0]) {
	case "->":
		return base + k, true
	case "#>":
		if p, ok := jsonPath(k); ok {
			return base + p, true
		}
	}
	return "", false
}

// jsonPath turns a text[] path literal ('{a,b}') into "a.b".
func jsonPath(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return "", false
	}
	parts := strings.Split(s[1:len(s)-1], ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || strings.ContainsAny(p, `"\{}`) {
			return "", false
		}
		parts[i] = p
	}
	return strings.Join(parts, "."), true
}

// quotedKey reads a JSON object key as replace() on the document's text
// looks for it: `"name"` or `"name":`.
func quotedKey(s string) (string, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ":")
	if len(s) < 3 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", false
	}
	k := s[1 : len(s)-1]
	if strings.ContainsAny(k, `"\`) {
		return "", false
	}
	return k, true
}
