package pgparse

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/rbcheck/rbcheck/internal/pgparse/pgnode"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Small conversions from parse nodes to sqlast values, shared by the DDL
// translation and the query analysis of this package.

// rangeVarName converts a table reference.
func rangeVarName(rv *pgnode.RangeVar) sqlast.Name {
	if rv == nil {
		return sqlast.Name{}
	}
	return sqlast.Name{Schema: rv.Schemaname, Name: rv.Relname}
}

// strVal returns the string of a String node ("" otherwise).
func strVal(n *pgnode.Node) string {
	if n == nil {
		return ""
	}
	if s := n.GetString_(); s != nil {
		return s.Sval
	}
	return ""
}

// strList returns the strings of a list of String nodes.
func strList(ns []*pgnode.Node) []string {
	var out []string
	for _, n := range ns {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// listName converts a qualified name given as a list of String nodes
// (a.b.c keeps the last two parts).
func listName(ns []*pgnode.Node) sqlast.Name {
	parts := strList(ns)
	switch len(parts) {
	case 0:
		return sqlast.Name{}
	case 1:
		return sqlast.Name{Name: parts[0]}
	default:
		return sqlast.Name{Schema: parts[len(parts)-2], Name: parts[len(parts)-1]}
	}
}

// nodeName converts an object name node of DROP / RENAME / COMMENT: a List
// of strings, a String, a TypeName, or an ObjectWithArgs (name only).
func nodeName(n *pgnode.Node) sqlast.Name {
	if n == nil {
		return sqlast.Name{}
	}
	switch v := n.Node.(type) {
	case *pgnode.Node_List:
		return listName(v.List.Items)
	case *pgnode.Node_String_:
		return sqlast.Name{Name: v.String_.Sval}
	case *pgnode.Node_TypeName:
		return listName(v.TypeName.Names)
	case *pgnode.Node_ObjectWithArgs:
		return listName(v.ObjectWithArgs.Objname)
	case *pgnode.Node_RangeVar:
		return rangeVarName(v.RangeVar)
	}
	return sqlast.Name{}
}

// typeAliases maps names users may write that Postgres stores under another
// internal name when the grammar did not already translate them (it turns
// unquoted integer, boolean, … into pg_catalog.int4, pg_catalog.bool, …).
// Quoted "char" is not here: it is the one-byte internal type, not bpchar.
var typeAliases = map[string]string{
	"integer":                     "int4",
	"int":                         "int4",
	"bigint":                      "int8",
	"smallint":                    "int2",
	"boolean":                     "bool",
	"character varying":           "varchar",
	"double precision":            "float8",
	"real":                        "float4",
	"decimal":                     "numeric",
	"timestamp with time zone":    "timestamptz",
	"timestamp without time zone": "timestamp",
	"time with time zone":         "timetz",
	"time without time zone":      "time",
	"serial4":                     "serial",
	"serial8":                     "bigserial",
	"serial2":                     "smallserial",
}

// serialTypes maps the serial pseudo-types to the integer type they create.
var serialTypes = map[string]string{
	"serial":      "int4",
	"bigserial":   "int8",
	"smallserial": "int2",
}

// convTypeName normalises a type name; text is the source the location of
// tn refers to ("" when unknown: Text is then rebuilt from the parts).
// serial reports a serial pseudo-type, whose Name is the integer type.
func convTypeName(tn *pgnode.TypeName, text string) (t sqlast.TypeName, serial bool) {
	if tn == nil {
		return t, false
	}
	parts := strList(tn.Names)
	switch len(parts) {
	case 0:
	case 1:
		t.Name = parts[0]
	default:
		t.Schema, t.Name = parts[len(parts)-2], parts[len(parts)-1]
	}
	if t.Schema == "pg_catalog" {
		t.Schema = ""
	}
	if t.Schema == "" {
		if a, ok := typeAliases[t.Name]; ok {
			t.Name = a
		}
		if it, ok := serialTypes[t.Name]; ok {
			t.Name, serial = it, true
		}
	}
	for _, m := range tn.Typmods {
		if c := m.GetAConst(); c != nil {
			if iv := c.GetIval(); iv != nil {
				t.Mods = append(t.Mods, int(iv.Ival))
			}
		}
	}
	t.Array = len(tn.ArrayBounds) > 0
	if text != "" && tn.Location >= 0 && int(tn.Location) < len(text) {
		t.Text = typeTextAt(text, int(tn.Location))
	}
	if t.Text == "" {
		t.Text = strings.Join(parts, ".")
		if len(t.Mods) > 0 {
			var ms []string
			for _, m := range t.Mods {
				ms = append(ms, itoa(m))
			}
			t.Text += "(" + strings.Join(ms, ",") + ")"
		}
		if t.Array {
			t.Text += "[]"
		}
	}
	return t, serial
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// typeStop lists words that end a type name in column definitions, ALTER
// COLUMN TYPE, CREATE DOMAIN and casts.
var typeStop = map[string]bool{
	"not": true, "null": true, "default": true, "primary": true, "references": true,
	"check": true, "unique": true, "constraint": true, "generated": true, "collate": true,
	"using": true, "deferrable": true, "initially": true, "as": true, "compression": true,
	"storage": true, "exclude": true, "for": true, "from": true, "where": true, "on": true,
	"and": true, "or": true, "is": true, "then": true, "else": true, "end": true,
	"returns": true, "language": true, "immutable": true, "stable": true, "volatile": true,
	"strict": true, "security": true, "set": true, "cost": true, "rows": true,
	"parallel": true, "in": true, "out": true, "inout": true, "variadic": true,
}

// typeTextAt returns the type name as written starting at s[i]: words,
// dots, balanced parentheses and brackets, up to a constraint keyword or
// punctuation.
func typeTextAt(s string, i int) string {
	start := i
	end := i
	for i < len(s) {
		j := skipSpaceComments(s, i)
		if j >= len(s) {
			break
		}
		c := s[j]
		switch {
		case c == '"':
			i = quoteEnd(s, j, '"', false)
			end = i
		case c == '.':
			i = j + 1
			end = i
		case c == '(' || c == '[':
			i = balancedEnd(s, j)
			end = i
		case isIdentByte(c) && c != '$':
			k := j
			for k < len(s) && isIdentByte(s[k]) {
				k++
			}
			w := strings.ToLower(s[j:k])
			if typeStop[w] && j > start {
				return strings.Clone(strings.TrimSpace(s[start:end]))
			}
			i = k
			end = k
		default:
			return strings.Clone(strings.TrimSpace(s[start:end]))
		}
	}
	return strings.Clone(strings.TrimSpace(s[start:end]))
}

// balancedEnd returns the offset after the bracket group opening at s[i].
func balancedEnd(s string, i int) int {
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '\'':
			i = quoteEnd(s, i, '\'', false) - 1
		case '"':
			i = quoteEnd(s, i, '"', false) - 1
		}
		i++
	}
	return len(s)
}

// walk calls fn for every Node in the tree of m (depth first, fields in
// declaration order); fn returns false to skip a node's children.
//
// It walks the generated structs with Go's reflect, not protobuf's: the first
// protobuf reflection on a message type unmarshals pg_query.proto's whole
// descriptor and builds the type's accessors, about 4 ms of a one-file lint
// (each process pays it, once).
func walk(m any, fn func(*pgnode.Node) bool) {
	if m == nil {
		return
	}
	walkValue(reflect.ValueOf(m), fn)
}

func walkValue(v reflect.Value, fn func(*pgnode.Node) bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if n, ok := v.Interface().(*pgnode.Node); ok && !fn(n) {
			return
		}
		e := v.Elem()
		if e.Kind() != reflect.Struct {
			return // an optional scalar
		}
		for _, i := range msgFields(e.Type()) {
			walkValue(e.Field(i), fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			walkValue(v.Index(i), fn)
		}
	case reflect.Interface: // a oneof: a pointer to its wrapper struct
		if !v.IsNil() {
			walkValue(v.Elem(), fn)
		}
	}
}

// msgFieldIndex caches msgFields: reflect.Type → []int.
var msgFieldIndex sync.Map

// msgFields lists the fields of a generated message struct (or oneof
// wrapper) that can hold messages: exported pointers, slices of pointers and
// oneof interfaces, in declaration order.
func msgFields(t reflect.Type) []int {
	if f, ok := msgFieldIndex.Load(t); ok {
		return f.([]int)
	}
	var idx []int
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch k := f.Type.Kind(); {
		case k == reflect.Pointer, k == reflect.Interface,
			k == reflect.Slice && f.Type.Elem().Kind() == reflect.Pointer:
			idx = append(idx, i)
		}
	}
	msgFieldIndex.Store(t, idx)
	return idx
}

// funcName returns the lower-cased unqualified name of a function call.
func funcName(fc *pgnode.FuncCall) string {
	parts := strList(fc.Funcname)
	if len(parts) == 0 {
		return ""
	}
	// The schema stays: app.now() is not pg_catalog.now(). Unquoted names
	// are already folded to lower case, quoted ones keep theirs.
	return strings.Join(parts, ".")
}

// columnRefName returns the column of a column reference ("" for a star).
func columnRefName(cr *pgnode.ColumnRef) string {
	if len(cr.Fields) == 0 {
		return ""
	}
	return strVal(cr.Fields[len(cr.Fields)-1])
}

// deparseExpr renders an expression as SQL text through a SELECT wrapper.
func deparseExpr(n *pgnode.Node) string {
	if n == nil {
		return ""
	}
	res := &pgnode.ParseResult{Stmts: []*pgnode.RawStmt{{Stmt: &pgnode.Node{Node: &pgnode.Node_SelectStmt{SelectStmt: &pgnode.SelectStmt{
		TargetList: []*pgnode.Node{{Node: &pgnode.Node_ResTarget{ResTarget: &pgnode.ResTarget{Val: n}}}},
	}}}}}}
	s, err := safeDeparse(res)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(s, "SELECT ")
}

// treeVersion is the parse tree version the deparser expects; every parse
// result refreshes it.
var treeVersion atomic.Int32

func init() { treeVersion.Store(170007) }

func safeDeparse(res *pgnode.ParseResult) (s string, err error) {
	res.Version = treeVersion.Load()
	defer func() {
		if r := recover(); r != nil {
			s, err = "", errDeparse
		}
	}()
	// pg_query.Deparse, with the C deparser where its recursion fits, and
	// the protobuf bytes from pbenc.go rather than proto.Marshal.
	pb, err := marshalParseResult(res)
	if err != nil {
		return "", err
	}
	if serr := withStack(deparseStack(len(pb)), func() { s, err = parser.DeparseFromProtobuf(pb) }); serr != nil {
		return "", serr
	}
	return s, err
}

type deparseError struct{}

func (deparseError) Error() string { return "deparse failed" }

var errDeparse error = deparseError{}

// isConst reports a literal, possibly cast: 0, 'x', '{}'::jsonb, NULL.
func isConst(n *pgnode.Node) (isConst, isNull bool) {
	for n != nil {
		switch v := n.Node.(type) {
		case *pgnode.Node_AConst:
			return true, v.AConst.Isnull
		case *pgnode.Node_TypeCast:
			n = v.TypeCast.Arg
		default:
			return false, false
		}
	}
	return false, false
}

// convExpr summarises an expression.
func convExpr(n *pgnode.Node) *sqlast.Expr {
	if n == nil {
		return nil
	}
	text, ok := quickExprText(n)
	if !ok {
		text = deparseExpr(n)
	}
	e := &sqlast.Expr{Text: text}
	e.Const, e.Null = isConst(n)
	if e.Const {
		e.Tree = convTerm(n)
	}
	if !leafExpr(n, e) {
		walkExpr(n, e)
	}
	return e
}

// walkExpr collects the functions and columns an expression uses.
func walkExpr(n *pgnode.Node, e *sqlast.Expr) {
	walk(n, func(x *pgnode.Node) bool {
		switch v := x.Node.(type) {
		case *pgnode.Node_FuncCall:
			if f := funcName(v.FuncCall); f != "" && !slices.Contains(e.Funcs, f) {
				e.Funcs = append(e.Funcs, f)
			}
		case *pgnode.Node_SqlvalueFunction:
			// CURRENT_TIMESTAMP, CURRENT_DATE, … behave like now().
			f := strings.ToLower(strings.TrimPrefix(v.SqlvalueFunction.Op.String(), "SVFOP_"))
			if !slices.Contains(e.Funcs, f) {
				e.Funcs = append(e.Funcs, f)
			}
		case *pgnode.Node_ColumnRef:
			if c := columnRefName(v.ColumnRef); c != "" && !slices.Contains(e.Columns, c) {
				e.Columns = append(e.Columns, c)
			}
		}
		return true
	})
}

// leafExpr fills e.Funcs and e.Columns for the commonest defaults (a
// literal, a cast literal, an argument-less call, a column) as walking the
// tree would, without walking it; false for anything else.
func leafExpr(n *pgnode.Node, e *sqlast.Expr) bool {
	switch v := n.Node.(type) {
	case *pgnode.Node_AConst:
		return true
	case *pgnode.Node_TypeCast:
		// A type name holds only names and array bounds, unless it has
		// modifiers, which may be any expression.
		tc := v.TypeCast
		return tc.Arg != nil && tc.Arg.GetAConst() != nil && (tc.TypeName == nil || len(tc.TypeName.Typmods) == 0)
	case *pgnode.Node_FuncCall:
		fc := v.FuncCall
		if len(fc.Args) > 0 || len(fc.AggOrder) > 0 || fc.AggFilter != nil || fc.Over != nil {
			return false
		}
		for _, p := range fc.Funcname {
			if p.GetString_() == nil {
				return false
			}
		}
		if f := funcName(fc); f != "" {
			e.Funcs = append(e.Funcs, f)
		}
		return true
	case *pgnode.Node_ColumnRef:
		for _, f := range v.ColumnRef.Fields {
			if f.GetString_() == nil && f.GetAStar() == nil {
				return false
			}
		}
		if c := columnRefName(v.ColumnRef); c != "" {
			e.Columns = append(e.Columns, c)
		}
		return true
	}
	return false
}

// quickExprText renders the most common column defaults and conditions
// (literals, columns, simple casts and calls of them, null tests,
// comparisons and flat AND/OR of those) exactly as
// the deparser would, without its cost; ok is false for anything else.
func quickExprText(n *pgnode.Node) (string, bool) {
	switch v := n.Node.(type) {
	case *pgnode.Node_AConst:
		c := v.AConst
		if c.Isnull {
			return "NULL", true
		}
		switch x := c.Val.(type) {
		case *pgnode.A_Const_Ival:
			if x.Ival.Ival < 0 {
				return "", false
			}
			return itoa(int(x.Ival.Ival)), true
		case *pgnode.A_Const_Sval:
			if strings.ContainsAny(x.Sval.Sval, "\\\n\r\t") {
				return "", false
			}
			return "'" + strings.ReplaceAll(x.Sval.Sval, "'", "''") + "'", true
		case *pgnode.A_Const_Boolval:
			if x.Boolval.Boolval {
				return "true", true
			}
			return "false", true
		}
	case *pgnode.Node_TypeCast:
		tc := v.TypeCast
		arg, ok := quickExprText(tc.Arg)
		if !ok || tc.TypeName == nil {
			return "", false
		}
		if c := tc.Arg.GetAConst(); (c == nil || c.Isnull) && tc.Arg.GetColumnRef() == nil {
			return "", false
		}
		tn := tc.TypeName
		if len(tn.Names) != 1 || len(tn.Typmods) > 0 || tn.Setof || tn.PctType || len(tn.ArrayBounds) > 1 {
			return "", false
		}
		name := strVal(tn.Names[0])
		// text is a keyword, but an unreserved one the deparser leaves bare.
		if name != "text" && !isPlainLowerIdent(name) {
			return "", false
		}
		if len(tn.ArrayBounds) == 1 {
			if c := tn.ArrayBounds[0].GetInteger(); c == nil || c.Ival != -1 {
				return "", false
			}
			name += "[]"
		}
		return arg + "::" + name, true
	case *pgnode.Node_FuncCall:
		fc := v.FuncCall
		if len(fc.Funcname) != 1 || fc.AggStar || fc.AggDistinct || fc.Over != nil ||
			fc.AggFilter != nil || len(fc.AggOrder) > 0 || fc.FuncVariadic || fc.AggWithinGroup {
			return "", false
		}
		name := strVal(fc.Funcname[0])
		if !isPlainLowerIdent(name) {
			return "", false
		}
		if len(fc.Args) == 0 {
			return name + "()", true
		}
		// Arguments: columns, literals and their casts only.
		var b strings.Builder
		b.WriteString(name)
		b.WriteByte('(')
		for i, a := range fc.Args {
			switch a.Node.(type) {
			case *pgnode.Node_ColumnRef, *pgnode.Node_AConst, *pgnode.Node_TypeCast:
			default:
				return "", false
			}
			t, ok := quickExprText(a)
			if !ok {
				return "", false
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(t)
		}
		b.WriteByte(')')
		return b.String(), true
	case *pgnode.Node_ColumnRef:
		if len(v.ColumnRef.Fields) != 1 {
			return "", false
		}
		name := strVal(v.ColumnRef.Fields[0])
		if !isPlainLowerIdent(name) {
			return "", false
		}
		return name, true
	case *pgnode.Node_NullTest:
		// col IS [NOT] NULL, the usual partial index and CHECK condition.
		nt := v.NullTest
		if nt.Argisrow || nt.Arg == nil || nt.Arg.GetColumnRef() == nil {
			return "", false
		}
		arg, ok := quickExprText(nt.Arg)
		if !ok {
			return "", false
		}
		switch nt.Nulltesttype {
		case pgnode.NullTestType_IS_NULL:
			return arg + " IS NULL", true
		case pgnode.NullTestType_IS_NOT_NULL:
			return arg + " IS NOT NULL", true
		}
	case *pgnode.Node_AExpr:
		return quickOpText(v.AExpr)
	case *pgnode.Node_BoolExpr:
		// a AND b, a OR b of comparisons and null tests (no nesting: the
		// deparser parenthesises nested boolean expressions).
		be := v.BoolExpr
		sep := ""
		switch be.Boolop {
		case pgnode.BoolExprType_AND_EXPR:
			sep = " AND "
		case pgnode.BoolExprType_OR_EXPR:
			sep = " OR "
		default:
			return "", false
		}
		if len(be.Args) < 2 {
			return "", false
		}
		var b strings.Builder
		for i, a := range be.Args {
			if a.GetNullTest() == nil && a.GetAExpr() == nil {
				return "", false
			}
			t, ok := quickExprText(a)
			if !ok {
				return "", false
			}
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(t)
		}
		return b.String(), true
	}
	return "", false
}

// quickOpText renders `a op b` for a comparison of a column, a literal or
// a simple function call, as the deparser would; ok is false otherwise.
func quickOpText(ae *pgnode.A_Expr) (string, bool) {
	if ae.Kind != pgnode.A_Expr_Kind_AEXPR_OP || len(ae.Name) != 1 || ae.Lexpr == nil || ae.Rexpr == nil {
		return "", false
	}
	op := strVal(ae.Name[0])
	switch op {
	case "=", "<>", "<", ">", "<=", ">=":
	default:
		return "", false
	}
	var side [2]string
	for i, n := range [2]*pgnode.Node{ae.Lexpr, ae.Rexpr} {
		switch n.Node.(type) {
		case *pgnode.Node_ColumnRef, *pgnode.Node_AConst, *pgnode.Node_FuncCall:
		default:
			return "", false
		}
		t, ok := quickExprText(n)
		if !ok {
			return "", false
		}
		side[i] = t
	}
	return side[0] + " " + op + " " + side[1], true
}

// tokenWords holds every token name of the Postgres grammar, lower-cased
// (all keywords, plus a few harmless extras like "ident"): a name among them
// may be printed quoted by the deparser, so the fast path gives up on it.
var tokenWords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, n := range pgnode.Token_names() {
		m[strings.TrimSuffix(strings.ToLower(n), "_p")] = true
	}
	return m
})

// isPlainLowerIdent reports a name the deparser prints without quotes and
// that is surely not a keyword.
func isPlainLowerIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' || tokenWords()[s] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
