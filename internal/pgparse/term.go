package pgparse

import (
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// maxTermNodes bounds the tree convTerm builds for one expression: a
// larger one is TermOther (its parts are not evaluated).
const maxTermNodes = 512

// convTerm translates an expression into the small tree internal/sqleval
// evaluates (sqlast.Term): literals, columns, parameters, AND/OR/NOT,
// IS [NOT] NULL, IS [NOT] TRUE/FALSE/UNKNOWN, comparisons and + - *,
// [NOT] IN, = ANY (ARRAY[…]), BETWEEN, IS [NOT] DISTINCT FROM, casts,
// function calls, COALESCE, NULLIF and CASE; anything else is TermOther.
func convTerm(n *pgnode.Node) *sqlast.Term {
	budget := maxTermNodes
	return termOf(n, &budget)
}

func termOther(n *pgnode.Node) *sqlast.Term {
	t := &sqlast.Term{Kind: sqlast.TermOther}
	if n != nil {
		if s, ok := quickExprText(n); ok {
			t.Value = s
		} else {
			t.Value = deparseExpr(n)
		}
	}
	return t
}

func termOf(n *pgnode.Node, budget *int) *sqlast.Term {
	if n == nil {
		return &sqlast.Term{Kind: sqlast.TermNull}
	}
	*budget--
	if *budget < 0 {
		return &sqlast.Term{Kind: sqlast.TermOther}
	}
	args := func(ns []*pgnode.Node) []*sqlast.Term {
		out := make([]*sqlast.Term, 0, len(ns))
		for _, a := range ns {
			out = append(out, termOf(a, budget))
		}
		return out
	}
	switch v := n.Node.(type) {
	case *pgnode.Node_AConst:
		c := v.AConst
		if c.Isnull {
			return &sqlast.Term{Kind: sqlast.TermNull}
		}
		switch x := c.Val.(type) {
		case *pgnode.A_Const_Ival:
			return &sqlast.Term{Kind: sqlast.TermConst, Type: "int", Value: strconv.FormatInt(int64(x.Ival.Ival), 10)}
		case *pgnode.A_Const_Fval:
			return &sqlast.Term{Kind: sqlast.TermConst, Type: "num", Value: x.Fval.Fval}
		case *pgnode.A_Const_Boolval:
			return &sqlast.Term{Kind: sqlast.TermConst, Type: "bool", Value: strconv.FormatBool(x.Boolval.Boolval)}
		case *pgnode.A_Const_Sval:
			return &sqlast.Term{Kind: sqlast.TermConst, Type: "string", Value: x.Sval.Sval}
		}
		return termOther(n)
	case *pgnode.Node_ColumnRef:
		cr := v.ColumnRef
		name := columnRefName(cr)
		if name == "" {
			return termOther(n)
		}
		t := &sqlast.Term{Kind: sqlast.TermColumn, Value: name}
		if len(cr.Fields) > 1 {
			t.Op = strVal(cr.Fields[len(cr.Fields)-2])
		}
		return t
	case *pgnode.Node_ParamRef:
		return &sqlast.Term{Kind: sqlast.TermParam, Value: "$" + strconv.Itoa(int(v.ParamRef.Number))}
	case *pgnode.Node_TypeCast:
		tc := v.TypeCast
		tn, _ := convTypeName(tc.TypeName, "")
		op := tn.Name
		if tn.Array {
			op += "[]"
		}
		return &sqlast.Term{Kind: sqlast.TermCast, Op: op, Args: []*sqlast.Term{termOf(tc.Arg, budget)}}
	case *pgnode.Node_BoolExpr:
		b := v.BoolExpr
		switch b.Boolop {
		case pgnode.BoolExprType_AND_EXPR:
			return &sqlast.Term{Kind: sqlast.TermAnd, Args: args(b.Args)}
		case pgnode.BoolExprType_OR_EXPR:
			return &sqlast.Term{Kind: sqlast.TermOr, Args: args(b.Args)}
		case pgnode.BoolExprType_NOT_EXPR:
			if len(b.Args) == 1 {
				return &sqlast.Term{Kind: sqlast.TermNot, Args: args(b.Args)}
			}
		}
		return termOther(n)
	case *pgnode.Node_NullTest:
		nt := v.NullTest
		if nt.Argisrow {
			return termOther(n)
		}
		t := &sqlast.Term{Kind: sqlast.TermIsNull, Args: []*sqlast.Term{termOf(nt.Arg, budget)}}
		if nt.Nulltesttype == pgnode.NullTestType_IS_NOT_NULL {
			t.Op = "not"
		}
		return t
	case *pgnode.Node_BooleanTest:
		bt := v.BooleanTest
		op := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(bt.Booltesttype.String(), "IS_"), "_", " "))
		return &sqlast.Term{Kind: sqlast.TermBool, Op: op, Args: []*sqlast.Term{termOf(bt.Arg, budget)}}
	case *pgnode.Node_CoalesceExpr:
		return &sqlast.Term{Kind: sqlast.TermFunc, Op: "coalesce", Args: args(v.CoalesceExpr.Args)}
	case *pgnode.Node_FuncCall:
		fc := v.FuncCall
		parts := strList(fc.Funcname)
		if len(parts) == 0 || fc.AggStar || fc.AggDistinct || fc.FuncVariadic || fc.Over != nil || len(fc.AggOrder) > 0 || fc.AggFilter != nil {
			return termOther(n)
		}
		if len(parts) > 1 && parts[len(parts)-2] != "pg_catalog" {
			return termOther(n) // app.length() is not pg_catalog.length()
		}
		return &sqlast.Term{Kind: sqlast.TermFunc, Op: parts[len(parts)-1], Args: args(fc.Args)}
	case *pgnode.Node_CaseExpr:
		ce := v.CaseExpr
		t := &sqlast.Term{Kind: sqlast.TermCase}
		if ce.Arg != nil {
			t.Args = append(t.Args, termOf(ce.Arg, budget))
		} else {
			t.Args = append(t.Args, nil)
		}
		for _, w := range ce.Args {
			cw := w.GetCaseWhen()
			if cw == nil {
				return termOther(n)
			}
			t.Args = append(t.Args, termOf(cw.Expr, budget), termOf(cw.Result, budget))
		}
		if ce.Defresult != nil {
			t.Args = append(t.Args, termOf(ce.Defresult, budget))
		} else {
			t.Args = append(t.Args, nil)
		}
		return t
	case *pgnode.Node_AExpr:
		return termAExpr(n, v.AExpr, budget)
	case *pgnode.Node_SqlvalueFunction:
		// CURRENT_TIMESTAMP, CURRENT_USER, …
		return &sqlast.Term{Kind: sqlast.TermFunc, Op: strings.ToLower(strings.TrimPrefix(v.SqlvalueFunction.Op.String(), "SVFOP_"))}
	}
	return termOther(n)
}

func termAExpr(n *pgnode.Node, e *pgnode.A_Expr, budget *int) *sqlast.Term {
	names := strList(e.Name)
	op := ""
	if len(names) > 0 {
		op = names[len(names)-1]
		if len(names) > 1 && names[len(names)-2] != "pg_catalog" {
			return termOther(n)
		}
	}
	if op == "!=" {
		op = "<>"
	}
	two := func(kind sqlast.TermKind, op string) *sqlast.Term {
		return &sqlast.Term{Kind: kind, Op: op, Args: []*sqlast.Term{termOf(e.Lexpr, budget), termOf(e.Rexpr, budget)}}
	}
	switch e.Kind {
	case pgnode.A_Expr_Kind_AEXPR_OP:
		switch op {
		case "=", "<>", "<", "<=", ">", ">=", "+", "-", "*":
			if e.Lexpr == nil {
				if op == "-" && e.Rexpr != nil { // unary minus: 0 - x
					return &sqlast.Term{Kind: sqlast.TermOp, Op: "-", Args: []*sqlast.Term{{Kind: sqlast.TermConst, Type: "int", Value: "0"}, termOf(e.Rexpr, budget)}}
				}
				return termOther(n)
			}
			return two(sqlast.TermOp, op)
		}
	case pgnode.A_Expr_Kind_AEXPR_DISTINCT:
		return two(sqlast.TermOp, "distinct")
	case pgnode.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		return two(sqlast.TermOp, "not distinct")
	case pgnode.A_Expr_Kind_AEXPR_NULLIF:
		return &sqlast.Term{Kind: sqlast.TermFunc, Op: "nullif", Args: []*sqlast.Term{termOf(e.Lexpr, budget), termOf(e.Rexpr, budget)}}
	case pgnode.A_Expr_Kind_AEXPR_IN:
		l := e.Rexpr.GetList()
		if l == nil || (op != "=" && op != "<>") {
			break
		}
		t := &sqlast.Term{Kind: sqlast.TermIn, Args: []*sqlast.Term{termOf(e.Lexpr, budget)}}
		if op == "<>" {
			t.Op = "not"
		}
		for _, it := range l.Items {
			t.Args = append(t.Args, termOf(it, budget))
		}
		return t
	case pgnode.A_Expr_Kind_AEXPR_OP_ANY:
		// x = ANY (ARRAY[…]), as Postgres prints an IN list back
		r := e.Rexpr
		for r != nil && r.GetTypeCast() != nil {
			r = r.GetTypeCast().Arg
		}
		arr := r.GetAArrayExpr()
		if op != "=" || arr == nil {
			break
		}
		t := &sqlast.Term{Kind: sqlast.TermIn, Args: []*sqlast.Term{termOf(e.Lexpr, budget)}}
		for _, it := range arr.Elements {
			t.Args = append(t.Args, termOf(it, budget))
		}
		return t
	case pgnode.A_Expr_Kind_AEXPR_BETWEEN, pgnode.A_Expr_Kind_AEXPR_NOT_BETWEEN:
		l := e.Rexpr.GetList()
		if l == nil || len(l.Items) != 2 {
			break
		}
		x := termOf(e.Lexpr, budget)
		t := &sqlast.Term{Kind: sqlast.TermAnd, Args: []*sqlast.Term{
			{Kind: sqlast.TermOp, Op: ">=", Args: []*sqlast.Term{x, termOf(l.Items[0], budget)}},
			{Kind: sqlast.TermOp, Op: "<=", Args: []*sqlast.Term{x, termOf(l.Items[1], budget)}},
		}}
		if e.Kind == pgnode.A_Expr_Kind_AEXPR_NOT_BETWEEN {
			return &sqlast.Term{Kind: sqlast.TermNot, Args: []*sqlast.Term{t}}
		}
		return t
	}
	return termOther(n)
}
