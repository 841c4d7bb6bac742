package analyzer

// Facts: what one package's analysis tells the next. A wrapper function
// (SinkFact), an exported string variable assigned once (ValueFact) and the
// constant texts of an exported struct field (FieldFact) cross packages as
// analysis facts (the Analyzer) or in maps (the fast driver).

import (
	"fmt"
	"go/types"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
)

// SinkFact marks a function or method that passes one of its string
// parameters to a SQL sink, so calls to it are SQL sinks too.
type SinkFact struct {
	Arg int    // index of the SQL parameter (receiver excluded)
	Via string // the underlying sink family, e.g. "database/sql"
	// Weak: the underlying call was matched by method name only (its
	// receiver's type was unknown), so a string passed here counts only if
	// it parses as SQL.
	Weak bool
}

func (*SinkFact) AFact() {}

func (f *SinkFact) String() string {
	w := ""
	if f.Weak {
		w = " weak"
	}
	return fmt.Sprintf("sql sink arg %d via %s%s", f.Arg, f.Via, w)
}

// factStore looks up and records wrapper facts: analysis facts for the
// Analyzer, a map for the fast driver.
type factStore interface {
	get(fn *types.Func) (*SinkFact, bool)
	set(fn *types.Func, f *SinkFact)
	getVar(v *types.Var) (string, bool)
	setVar(v *types.Var, value string)
	getField(v *types.Var) (*FieldFact, bool)
	setField(v *types.Var, f *FieldFact)
	getReturns(fn *types.Func) (*ReturnFact, bool)
	setReturns(fn *types.Func, f *ReturnFact)
	getTolerant(v *types.Var) (*TolerantFact, bool)
	setTolerant(v *types.Var, f *TolerantFact)
	getFragment(fn *types.Func) (*FragmentFact, bool)
	setFragment(fn *types.Func, f *FragmentFact)
	getModelWrite(fn *types.Func) (*ModelWriteFact, bool)
	setModelWrite(fn *types.Func, f *ModelWriteFact)
}

// FragmentFact records what an exported function or method does to a
// query builder of the module whose statement is the concatenation of the
// fragments its methods append (bytebase's qb; see
// analyzer/internal/fold/fragments.go): a constructor, an append method
// with its separator, or the terminal returning the statement.
type FragmentFact struct{ Spec fold.FragmentSpec }

func (*FragmentFact) AFact() {}

func (f *FragmentFact) String() string {
	s := f.Spec
	switch s.Kind {
	case fold.FragNew:
		return "fragment builder: new"
	case fold.FragAppend:
		sep := strconv.Quote(s.Sep)
		if s.SepArg >= 0 {
			sep = fmt.Sprintf("arg %d", s.SepArg)
		}
		first := ""
		if s.First {
			first = ", not before the first"
		}
		return fmt.Sprintf("fragment builder: appends arg %d after separator %s%s", s.Text, sep, first)
	case fold.FragTerminal:
		if s.Unescape {
			return "fragment builder: statement (?? is ?)"
		}
		return "fragment builder: statement"
	}
	return "fragment builder: none"
}

// TolerantFact marks a package-level variable or a struct field holding a
// database handle whose result mapper skips columns it has no field for:
// every value the package assigns to it is configured so (bun's
// WithDiscardUnknownColumns, sqlx's Unsafe, scany's
// WithAllowUnknownColumns(true)). Code in other packages that queries
// through it reads SELECT * the same way (see consume.go).
type TolerantFact struct {
	Lib string // "bun", "sqlx", "scany"
	How string // what configures it: "bun.WithDiscardUnknownColumns()"
}

func (*TolerantFact) AFact() {}

func (f *TolerantFact) String() string { return "tolerant mapper: " + f.How }

// ReturnFact records what an exported function or method returning one
// string returns: each return statement's folded value, with a parameter
// piece where a parameter appears (`func (User) TableName() string {
// return "users" }`, `func Paginate(q string, n int) string { return q +
// " LIMIT …" }`), so that other packages fold calls of it.
type ReturnFact struct{ Results []fold.Value }

func (*ReturnFact) AFact() {}

func (f *ReturnFact) String() string {
	var parts []string
	for _, r := range f.Results {
		var b strings.Builder
		for _, p := range r {
			switch {
			case p.Param > 0:
				fmt.Fprintf(&b, "{arg %d}", p.Param-1)
			case p.Dyn || p.Embed:
				b.WriteString("…")
			default:
				b.WriteString(p.Text)
			}
		}
		parts = append(parts, strconv.Quote(b.String()))
	}
	return "returns " + strings.Join(parts, " | ")
}

// foldFacts gives the folder the values other packages' facts record.
type foldFacts struct{ f factStore }

func (ff foldFacts) VarValue(v *types.Var) (string, bool) { return ff.f.getVar(v) }

func (ff foldFacts) Returns(fn *types.Func) ([]fold.Value, bool) {
	f, ok := ff.f.getReturns(fn)
	if !ok {
		return nil, false
	}
	return f.Results, true
}

func (ff foldFacts) Fragment(fn *types.Func) (fold.FragmentSpec, bool) {
	f, ok := ff.f.getFragment(fn)
	if !ok {
		return fold.FragmentSpec{}, false
	}
	return f.Spec, true
}

func (ff foldFacts) FieldValues(v *types.Var) ([]string, string, bool) {
	f, ok := ff.f.getField(v)
	if !ok {
		return nil, "", false
	}
	return f.Values, f.Open, true
}

// FieldFact records the constant texts written to an exported string field
// of the package's types (`var Orders = Set{List: "SELECT …"}`), so that
// other packages fold `queries.Orders.List` to each of them. Open says why
// the field may also hold a value not listed ("" when it may not).
type FieldFact struct {
	Values []string
	Open   string
}

func (*FieldFact) AFact() {}

func (f *FieldFact) String() string {
	s := fmt.Sprintf("field values %q", f.Values)
	if f.Open != "" {
		s += "; " + f.Open
	}
	return s
}

// ValueFact records the constant text of an exported package-level string
// variable that is assigned once (`var GetUser = "SELECT …"`), so that
// other packages fold it like a constant.
type ValueFact struct{ Value string }

func (*ValueFact) AFact() {}

func (f *ValueFact) String() string { return fmt.Sprintf("value %q", f.Value) }

// exportVarValues records the folded text of exported package-level
// string variables assigned only at their declaration.
func (c *pkgCore) exportVarValues() {
	if c.info == nil || c.facts == nil || c.pkg == nil {
		return
	}
	for v, text := range c.fo.ExportedConstVars() {
		c.facts.setVar(v, text)
	}
	// what exported functions and methods returning a string return
	for _, fd := range c.fo.FuncDecls() {
		fn, _ := c.info.Defs[fd.Name].(*types.Func)
		if fn == nil || !fn.Exported() {
			continue
		}
		if rs, ok := c.fo.Returns(fd); ok {
			c.facts.setReturns(fn, &ReturnFact{Results: rs})
		}
		if s, ok := c.fo.Fragment(fn); ok {
			c.facts.setFragment(fn, &FragmentFact{Spec: s})
		}
	}
	// exported string fields other packages can reach, whose every written
	// value is constant and one of which is a statement
	reach := map[*types.Var]bool{}
	for _, name := range c.pkg.Scope().Names() {
		o := c.pkg.Scope().Lookup(name)
		if !o.Exported() {
			continue
		}
		var st *types.Struct
		switch o := o.(type) {
		case *types.TypeName:
			st, _ = o.Type().Underlying().(*types.Struct)
		case *types.Var:
			if _, named := types.Unalias(o.Type()).(*types.Named); !named {
				st, _ = o.Type().Underlying().(*types.Struct)
			}
		}
		for i := 0; st != nil && i < st.NumFields(); i++ {
			reach[st.Field(i)] = true
		}
	}
	for _, v := range c.fo.Fields() {
		vals := c.fo.FieldValues(v)
		if !v.Exported() || !reach[v] || len(vals) == 0 {
			continue
		}
		if b, ok := v.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.String {
			continue
		}
		f := &FieldFact{Open: c.fo.FieldOpen(v)}
		seen := map[string]bool{}
		for _, e := range vals {
			val := c.fo.Expr(e)
			if !val.Exact() {
				f = nil
				break
			}
			if t := val.Text(); !seen[t] {
				seen[t] = true
				f.Values = append(f.Values, t)
			}
		}
		if f == nil {
			continue
		}
		for _, t := range f.Values {
			if startsLikeSQL(t) && looksLikeStatement(t) {
				c.facts.setField(v, f)
				break
			}
		}
	}
}
