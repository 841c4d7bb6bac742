// Package sqleval evaluates a CHECK constraint (an sqlast.Term) against a
// row an INSERT or UPDATE writes, with SQL's three-valued logic: the row
// is rejected only when the expression is FALSE; TRUE and NULL let it
// through. Values the caller does not know (a parameter, a stored column)
// are unknown; a boolean unknown is tried with each of its values, so
// "rejected whenever $1 is true" can be said. Anything the evaluator does
// not model (a function it does not know, LIKE, a sub-select, a string
// ordering that depends on a collation) is undecided, never a pass.
package sqleval

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Unknown is a value the evaluator does not know: a parameter, a column's
// stored value.
type Unknown struct {
	// Name says what it is, for messages: "$1", `the stored "isPaused"`.
	Name string
	// Bool: it is a boolean (true, false or NULL), so each value is tried.
	Bool bool
	// NotNull: it is not NULL (a NOT NULL column's stored value).
	NotNull bool
}

// Source is the value of a column: a written expression (Term, whose
// column references read the stored row, Input.Old) or a value not known.
// The zero Source is NULL.
type Source struct {
	Term    *sqlast.Term
	Unknown *Unknown
}

// Input is one row a write leaves in the table.
type Input struct {
	// New holds the row's columns after the write; a column the CHECK
	// reads that is not here is unknown.
	New map[string]Source
	// Old holds the stored row an UPDATE starts from, for the column
	// references of the values it writes (SET n = n + 1).
	Old map[string]Source
	// Params are the statement's parameters by name ("$1"); one not here
	// is a fresh unknown (a boolean one when it is cast to boolean or
	// written alone to a column of Bools).
	Params map[string]*Unknown
	// Bools lists the boolean columns: a parameter written alone to one
	// is a boolean.
	Bools map[string]bool
}

// Outcome is what the evaluation decided.
type Outcome int

const (
	// Undecided: the result depends on what is not known, or on what the
	// evaluator does not model.
	Undecided Outcome = iota
	// Satisfied: the CHECK is TRUE or NULL for every value of the
	// unknowns.
	Satisfied
	// Violated: the CHECK is FALSE for every value of the unknowns.
	Violated
)

func (o Outcome) String() string {
	switch o {
	case Satisfied:
		return "satisfied"
	case Violated:
		return "violated"
	}
	return "undecided"
}

// Result is the outcome of one evaluation.
type Result struct {
	Outcome Outcome
	// FailsWhen, for an undecided result, names values of the boolean
	// unknowns for which the CHECK is FALSE ("$1 is true"); "" when none
	// was found.
	FailsWhen string
	// Unmodelled names what the evaluator could not evaluate (the first
	// such term), when that left the result undecided.
	Unmodelled string
}

// maxEnum bounds the boolean unknowns tried in all combinations (3^n
// evaluations).
const maxEnum = 5

// Check evaluates check against the row in.
func Check(check *sqlast.Term, in Input) Result {
	if check == nil {
		return Result{Unmodelled: "the check's expression"}
	}
	e := &evaluator{in: in, params: map[string]*Unknown{}}
	for k, u := range in.Params {
		e.params[k] = u
	}
	e.typeParams(check, in)
	v := e.evalCheck(check)
	switch truth(v) {
	case tFalse:
		return Result{Outcome: Violated}
	case tTrue, tNull:
		return Result{Outcome: Satisfied}
	}
	if len(e.touched) == 0 || len(e.touched) > maxEnum {
		return Result{Unmodelled: e.unmodelled}
	}
	// Try each boolean unknown's values.
	us := append([]*Unknown(nil), e.touched...)
	var fails, passes, open int
	var firstFail map[*Unknown]value
	combos := enumerate(us)
	for _, a := range combos {
		e.assign = a
		switch truth(e.evalCheck(check)) {
		case tFalse:
			fails++
			if firstFail == nil {
				firstFail = a
			}
		case tTrue, tNull:
			passes++
		default:
			open++
		}
	}
	e.assign = nil
	switch {
	case fails == len(combos):
		return Result{Outcome: Violated}
	case passes == len(combos):
		return Result{Outcome: Satisfied}
	}
	r := Result{Unmodelled: e.unmodelled}
	if firstFail != nil {
		r.FailsWhen = e.describe(check, us, firstFail)
	}
	return r
}

// describe names the values of a failing combination that matter: an
// unknown whose every value fails with the others fixed is left out.
func (e *evaluator) describe(check *sqlast.Term, us []*Unknown, a map[*Unknown]value) string {
	var parts []string
	for _, u := range us {
		all := true
		for _, v := range domain(u) {
			b := copyAssign(a)
			b[u] = v
			e.assign = b
			if truth(e.evalCheck(check)) != tFalse {
				all = false
				break
			}
		}
		e.assign = nil
		if !all {
			parts = append(parts, u.Name+" is "+a[u].String())
		}
	}
	return strings.Join(parts, " and ")
}

func copyAssign(a map[*Unknown]value) map[*Unknown]value {
	b := make(map[*Unknown]value, len(a))
	for k, v := range a {
		b[k] = v
	}
	return b
}

func domain(u *Unknown) []value {
	d := []value{{k: kBool, b: true}, {k: kBool, b: false}}
	if !u.NotNull {
		d = append(d, value{k: kNull})
	}
	return d
}

func enumerate(us []*Unknown) []map[*Unknown]value {
	out := []map[*Unknown]value{{}}
	for _, u := range us {
		var next []map[*Unknown]value
		for _, a := range out {
			for _, v := range domain(u) {
				b := copyAssign(a)
				b[u] = v
				next = append(next, b)
			}
		}
		out = next
	}
	return out
}

type kind uint8

const (
	kUnknown kind = iota // anything, NULL included
	kNotNull             // something not NULL
	kNull
	kBool
	kNum
	kStr
)

type value struct {
	k kind
	b bool
	n float64
	s string
	// lit: a string literal of unknown type, which takes the type of what
	// it is compared with
	lit bool
	u   *Unknown // the unknown a kUnknown/kNotNull value stands for, if any
}

func (v value) String() string {
	switch v.k {
	case kNull:
		return "NULL"
	case kBool:
		return strconv.FormatBool(v.b)
	case kNum:
		return strconv.FormatFloat(v.n, 'g', -1, 64)
	case kStr:
		return "'" + v.s + "'"
	}
	return "unknown"
}

type tv int

const (
	tUnknown tv = iota
	tTrue
	tFalse
	tNull
)

func truth(v value) tv {
	switch v.k {
	case kNull:
		return tNull
	case kBool:
		if v.b {
			return tTrue
		}
		return tFalse
	case kStr:
		if b, ok := parseBool(v.s); ok {
			if b {
				return tTrue
			}
			return tFalse
		}
	}
	return tUnknown
}

func fromTruth(t tv) value {
	switch t {
	case tTrue:
		return value{k: kBool, b: true}
	case tFalse:
		return value{k: kBool, b: false}
	case tNull:
		return value{k: kNull}
	}
	return value{k: kUnknown}
}

type evaluator struct {
	in         Input
	params     map[string]*Unknown
	assign     map[*Unknown]value
	touched    []*Unknown
	unmodelled string
	depth      int
	// stored: the column references being read are the stored row's
	// (inside a written value), not the new row's
	stored bool
}

// typeParams marks the parameters cast to boolean, and those written
// alone to a boolean column, as booleans.
func (e *evaluator) typeParams(check *sqlast.Term, in Input) {
	var walk func(t *sqlast.Term)
	walk = func(t *sqlast.Term) {
		if t == nil {
			return
		}
		if t.Kind == sqlast.TermCast && t.Op == "bool" && len(t.Args) == 1 && t.Args[0] != nil && t.Args[0].Kind == sqlast.TermParam {
			e.param(t.Args[0].Value).Bool = true
		}
		for _, a := range t.Args {
			walk(a)
		}
	}
	for col, s := range in.New {
		if s.Term != nil {
			walk(s.Term)
			if s.Term.Kind == sqlast.TermParam && in.Bools[col] {
				e.param(s.Term.Value).Bool = true
			}
		}
	}
	walk(check)
}

func (e *evaluator) param(name string) *Unknown {
	u := e.params[name]
	if u == nil {
		u = &Unknown{Name: name}
		e.params[name] = u
	}
	return u
}

func (e *evaluator) note(what string) value {
	if e.unmodelled == "" {
		e.unmodelled = what
	}
	return value{k: kUnknown}
}

func (e *evaluator) unknown(u *Unknown) value {
	if u.Bool {
		if v, ok := e.assign[u]; ok {
			return v
		}
		seen := false
		for _, x := range e.touched {
			if x == u {
				seen = true
				break
			}
		}
		if !seen {
			e.touched = append(e.touched, u)
		}
	}
	if u.NotNull {
		return value{k: kNotNull, u: u}
	}
	return value{k: kUnknown, u: u}
}

func (e *evaluator) evalCheck(t *sqlast.Term) value {
	e.stored = false
	return e.eval(t)
}

func lookup(m map[string]Source, col string) (Source, bool) {
	if s, ok := m[col]; ok {
		return s, true
	}
	for k, s := range m {
		if strings.EqualFold(k, col) {
			return s, true
		}
	}
	return Source{}, false
}

func (e *evaluator) column(t *sqlast.Term) value {
	m := e.in.New
	if e.stored {
		m = e.in.Old
	}
	if t.Op != "" && e.stored {
		// excluded.col and the like in a written value: not known
		return value{k: kUnknown}
	}
	s, ok := lookup(m, t.Value)
	if !ok {
		if e.stored {
			return value{k: kUnknown}
		}
		return e.note(fmt.Sprintf("the value of %q", t.Value))
	}
	return e.source(s)
}

func (e *evaluator) source(s Source) value {
	switch {
	case s.Unknown != nil:
		return e.unknown(s.Unknown)
	case s.Term != nil:
		if e.stored {
			// a stored value that is itself an expression (a default):
			// it reads no columns
			return e.eval(s.Term)
		}
		e.stored = true
		v := e.eval(s.Term)
		e.stored = false
		return v
	}
	return value{k: kNull}
}

func (e *evaluator) eval(t *sqlast.Term) value {
	if t == nil {
		return value{k: kNull}
	}
	e.depth++
	defer func() { e.depth-- }()
	if e.depth > 200 {
		return e.note("a deeply nested expression")
	}
	switch t.Kind {
	case sqlast.TermNull:
		return value{k: kNull}
	case sqlast.TermConst:
		switch t.Type {
		case "bool":
			return value{k: kBool, b: t.Value == "true"}
		case "int", "num":
			f, err := strconv.ParseFloat(t.Value, 64)
			if err != nil {
				return e.note(t.Value)
			}
			return value{k: kNum, n: f}
		case "string":
			return value{k: kStr, s: t.Value, lit: true}
		}
		return e.note(t.Value)
	case sqlast.TermColumn:
		return e.column(t)
	case sqlast.TermParam:
		return e.unknown(e.param(t.Value))
	case sqlast.TermAnd, sqlast.TermOr:
		return e.andOr(t)
	case sqlast.TermNot:
		if len(t.Args) != 1 {
			return e.note("NOT")
		}
		switch truth(e.eval(t.Args[0])) {
		case tTrue:
			return fromTruth(tFalse)
		case tFalse:
			return fromTruth(tTrue)
		case tNull:
			return fromTruth(tNull)
		}
		return value{k: kUnknown}
	case sqlast.TermIsNull:
		if len(t.Args) != 1 {
			return e.note("IS NULL")
		}
		v := e.eval(t.Args[0])
		var r tv
		switch v.k {
		case kUnknown:
			return value{k: kUnknown}
		case kNull:
			r = tTrue
		default:
			r = tFalse
		}
		if t.Op == "not" {
			r = flip(r)
		}
		return fromTruth(r)
	case sqlast.TermBool:
		if len(t.Args) != 1 {
			return e.note("IS " + strings.ToUpper(t.Op))
		}
		return boolTest(t.Op, e.eval(t.Args[0]))
	case sqlast.TermOp:
		if len(t.Args) != 2 {
			return e.note(t.Op)
		}
		return e.op(t.Op, e.eval(t.Args[0]), e.eval(t.Args[1]))
	case sqlast.TermIn:
		if len(t.Args) < 2 {
			return e.note("IN")
		}
		x := e.eval(t.Args[0])
		acc := tFalse
		for _, a := range t.Args[1:] {
			acc = or3(acc, truth(e.op("=", x, e.eval(a))))
		}
		if t.Op == "not" {
			acc = not3(acc)
		}
		return fromTruth(acc)
	case sqlast.TermCast:
		if len(t.Args) != 1 {
			return e.note("a cast")
		}
		return e.cast(t.Op, e.eval(t.Args[0]))
	case sqlast.TermFunc:
		return e.fn(t)
	case sqlast.TermCase:
		return e.caseExpr(t)
	}
	return e.note(t.Value)
}

func flip(t tv) tv {
	switch t {
	case tTrue:
		return tFalse
	case tFalse:
		return tTrue
	}
	return t
}

func not3(t tv) tv {
	if t == tNull || t == tUnknown {
		return t
	}
	return flip(t)
}

// or3 and and3 are SQL's OR and AND, with tUnknown standing for a value
// that may be any of the three.
func or3(a, b tv) tv {
	switch {
	case a == tTrue || b == tTrue:
		return tTrue
	case a == tUnknown || b == tUnknown:
		return tUnknown
	case a == tNull || b == tNull:
		return tNull
	}
	return tFalse
}

func and3(a, b tv) tv {
	switch {
	case a == tFalse || b == tFalse:
		return tFalse
	case a == tUnknown || b == tUnknown:
		return tUnknown
	case a == tNull || b == tNull:
		return tNull
	}
	return tTrue
}

func (e *evaluator) andOr(t *sqlast.Term) value {
	and := t.Kind == sqlast.TermAnd
	acc := tTrue
	if !and {
		acc = tFalse
	}
	for _, a := range t.Args {
		v := truth(e.eval(a))
		if and {
			acc = and3(acc, v)
		} else {
			acc = or3(acc, v)
		}
	}
	return fromTruth(acc)
}

func boolTest(op string, v value) value {
	t := truth(v)
	if t == tUnknown {
		if v.k == kNotNull {
			switch op {
			case "unknown":
				return fromTruth(tFalse)
			case "not unknown":
				return fromTruth(tTrue)
			}
		}
		return value{k: kUnknown}
	}
	var r bool
	switch op {
	case "true":
		r = t == tTrue
	case "not true":
		r = t != tTrue
	case "false":
		r = t == tFalse
	case "not false":
		r = t != tFalse
	case "unknown":
		r = t == tNull
	case "not unknown":
		r = t != tNull
	default:
		return value{k: kUnknown}
	}
	return value{k: kBool, b: r}
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "t", "true", "y", "yes", "on", "1":
		return true, true
	case "f", "false", "n", "no", "off", "0":
		return false, true
	}
	return false, false
}

// coerce brings two known values to one type, as Postgres types an
// untyped literal by what it is compared with; ok false when it cannot.
func coerce(a, b value) (value, value, bool) {
	if a.k == b.k {
		return a, b, true
	}
	conv := func(lit, other value) (value, bool) {
		if lit.k != kStr || !lit.lit {
			return lit, false
		}
		switch other.k {
		case kNum:
			f, err := strconv.ParseFloat(strings.TrimSpace(lit.s), 64)
			if err != nil {
				return lit, false
			}
			return value{k: kNum, n: f}, true
		case kBool:
			x, ok := parseBool(lit.s)
			return value{k: kBool, b: x}, ok
		}
		return lit, false
	}
	if x, ok := conv(a, b); ok {
		return x, b, true
	}
	if y, ok := conv(b, a); ok {
		return a, y, true
	}
	return a, b, false
}

func (e *evaluator) op(op string, a, b value) value {
	if op == "distinct" || op == "not distinct" {
		var same tv
		switch {
		case a.k == kNull && b.k == kNull:
			same = tTrue
		case a.k == kNull && b.k != kUnknown || b.k == kNull && a.k != kUnknown:
			same = tFalse
		default:
			same = truth(e.op("=", a, b))
			if same == tNull {
				same = tUnknown
			}
		}
		if op == "distinct" {
			same = not3(same)
		}
		return fromTruth(same)
	}
	if a.k == kNull || b.k == kNull {
		return value{k: kNull}
	}
	if a.k == kUnknown || a.k == kNotNull || b.k == kUnknown || b.k == kNotNull {
		if a.k == kUnknown || b.k == kUnknown {
			return value{k: kUnknown}
		}
		return value{k: kNotNull}
	}
	a, b, ok := coerce(a, b)
	if !ok {
		return e.note(fmt.Sprintf("%s %s %s", a, op, b))
	}
	switch op {
	case "+", "-", "*":
		if a.k != kNum {
			return e.note(op + " on non-numbers")
		}
		switch op {
		case "+":
			return value{k: kNum, n: a.n + b.n}
		case "-":
			return value{k: kNum, n: a.n - b.n}
		}
		return value{k: kNum, n: a.n * b.n}
	}
	var c int
	switch a.k {
	case kNum:
		switch {
		case a.n < b.n:
			c = -1
		case a.n > b.n:
			c = 1
		}
	case kBool:
		switch {
		case a.b == b.b:
		case !a.b:
			c = -1
		default:
			c = 1
		}
	case kStr:
		if op != "=" && op != "<>" {
			return e.note("an ordering of strings (it depends on the collation)")
		}
		if a.s != b.s {
			c = 1
		}
	default:
		return value{k: kUnknown}
	}
	var r bool
	switch op {
	case "=":
		r = c == 0
	case "<>":
		r = c != 0
	case "<":
		r = c < 0
	case "<=":
		r = c <= 0
	case ">":
		r = c > 0
	case ">=":
		r = c >= 0
	default:
		return e.note(op)
	}
	return value{k: kBool, b: r}
}

// textTypes hold a string as it is written; enum labels (user types) do
// too.
var textTypes = map[string]bool{"text": true, "varchar": true, "bpchar": true, "char": true, "name": true, "citext": true}

// opaqueTypes are built-in types whose values compare otherwise than
// their text ('1 day'::interval = '24 hours'::interval).
var opaqueTypes = map[string]bool{
	"interval": true, "timestamp": true, "timestamptz": true, "date": true, "time": true, "timetz": true,
	"uuid": true, "json": true, "jsonb": true, "inet": true, "cidr": true, "bytea": true, "macaddr": true,
	"money": true, "xml": true, "tsvector": true, "oid": true, "regclass": true, "bit": true, "varbit": true,
}

var numTypes = map[string]bool{"int2": true, "int4": true, "int8": true, "numeric": true, "float4": true, "float8": true}

func (e *evaluator) cast(typ string, v value) value {
	switch v.k {
	case kNull:
		return v
	case kUnknown, kNotNull:
		return v
	}
	switch {
	case typ == "bool":
		switch v.k {
		case kBool:
			return v
		case kStr:
			if b, ok := parseBool(v.s); ok {
				return value{k: kBool, b: b}
			}
		}
		return e.note("a cast to boolean")
	case numTypes[typ]:
		var f float64
		switch v.k {
		case kNum:
			f = v.n
		case kStr:
			x, err := strconv.ParseFloat(strings.TrimSpace(v.s), 64)
			if err != nil {
				return e.note("a cast to " + typ)
			}
			f = x
		default:
			return e.note("a cast to " + typ)
		}
		if strings.HasPrefix(typ, "int") {
			f = math.RoundToEven(f)
			if f != math.Trunc(f) {
				return e.note("a cast to " + typ)
			}
		}
		return value{k: kNum, n: f}
	case textTypes[typ]:
		if v.k == kStr {
			return value{k: kStr, s: v.s}
		}
		return value{k: kNotNull}
	case opaqueTypes[typ] || strings.HasSuffix(typ, "[]"):
		return value{k: kNotNull}
	}
	// a user type (an enum: its labels compare as written) or a type
	// not listed
	if v.k == kStr {
		return value{k: kStr, s: v.s}
	}
	return value{k: kNotNull}
}

// notNullFuncs return a value, never NULL, whatever their arguments.
var notNullFuncs = map[string]bool{
	"now": true, "current_timestamp": true, "current_date": true, "current_time": true, "localtimestamp": true,
	"localtime": true, "statement_timestamp": true, "transaction_timestamp": true, "clock_timestamp": true,
	"gen_random_uuid": true, "uuid_generate_v4": true, "uuid_generate_v1": true, "uuid_generate_v1mc": true,
	"nextval": true, "random": true, "current_user": true, "session_user": true, "user": true, "current_role": true,
	"current_schema": true, "num_nulls": true, "num_nonnulls": true,
}

func (e *evaluator) fn(t *sqlast.Term) value {
	args := make([]value, len(t.Args))
	for i, a := range t.Args {
		args[i] = e.eval(a)
	}
	switch t.Op {
	case "coalesce":
		for _, a := range args {
			switch a.k {
			case kNull:
				continue
			case kUnknown:
				return value{k: kUnknown}
			}
			return a
		}
		return value{k: kNull}
	case "nullif":
		if len(args) != 2 {
			break
		}
		switch truth(e.op("=", args[0], args[1])) {
		case tTrue:
			return value{k: kNull}
		case tFalse, tNull:
			return args[0]
		}
		return value{k: kUnknown}
	case "num_nulls", "num_nonnulls":
		n := 0
		for _, a := range args {
			switch a.k {
			case kUnknown:
				return value{k: kNotNull}
			case kNull:
				n++
			}
		}
		if t.Op == "num_nonnulls" {
			n = len(args) - n
		}
		return value{k: kNum, n: float64(n)}
	case "length", "char_length", "character_length":
		if len(args) != 1 {
			break
		}
		switch args[0].k {
		case kNull:
			return args[0]
		case kStr:
			return value{k: kNum, n: float64(utf8.RuneCountInString(args[0].s))}
		case kUnknown:
			return value{k: kUnknown}
		}
		return value{k: kNotNull}
	case "lower", "upper", "btrim":
		if len(args) != 1 {
			break
		}
		switch args[0].k {
		case kNull, kUnknown:
			return args[0]
		case kStr:
			switch t.Op {
			case "lower":
				return value{k: kStr, s: strings.ToLower(args[0].s)}
			case "upper":
				return value{k: kStr, s: strings.ToUpper(args[0].s)}
			}
			return value{k: kStr, s: strings.Trim(args[0].s, " ")}
		}
		return value{k: kNotNull}
	}
	if notNullFuncs[t.Op] {
		return value{k: kNotNull}
	}
	return e.note("function " + t.Op)
}

func (e *evaluator) caseExpr(t *sqlast.Term) value {
	if len(t.Args) < 2 || len(t.Args)%2 != 0 {
		return e.note("CASE")
	}
	var subject *value
	if t.Args[0] != nil {
		v := e.eval(t.Args[0])
		subject = &v
	}
	n := len(t.Args)
	for i := 1; i+1 < n; i += 2 {
		var c tv
		if subject != nil {
			c = truth(e.op("=", *subject, e.eval(t.Args[i])))
		} else {
			c = truth(e.eval(t.Args[i]))
		}
		switch c {
		case tTrue:
			return e.eval(t.Args[i+1])
		case tUnknown:
			return value{k: kUnknown}
		}
	}
	return e.eval(t.Args[n-1])
}
