// Package fold turns a Go expression into the SQL text it evaluates to,
// when that text is (wholly or partly) known before the program runs:
// constants, concatenation, fmt.Sprintf, strings.Join and Builder writes,
// local and package variables, struct fields, range variables and helper
// functions' results (calls.go, variants.go), and the few library calls
// that build SQL text (libcalls.go). A piece known only at run time is a
// dynamic Part with the reason; an expression with several possible values
// is folded once per value by Variants.
package fold

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
)

// Folder folds expressions of one package.
type Folder struct {
	info    *types.Info
	pkg     *types.Package
	fset    *token.FileSet
	assign  map[types.Object][]varEvent // assignments (and declarations) of variables
	writes  map[types.Object][]varEvent // strings.Builder / bytes.Buffer writes
	declBlk map[types.Object]ast.Node
	embeds  map[types.Object]bool
	// Used: constants and variables whose value reached a sink
	Used   map[types.Object]bool
	params map[types.Object]bool // function parameters
	// paramOwner: the declared function a parameter belongs to (none for
	// function literals)
	paramOwner map[types.Object]*types.Func
	// DeclPkg: the import path of the package a variable's (or field's)
	// declared type comes from, from syntax (`rdb *redis.Client`), for
	// receivers whose type is unknown to the fast driver; for a function,
	// method or field of function type, that of its single result
	// (`func GetConnection(…) *pop.Connection`)
	DeclPkg map[types.Object]string
	// DeclType: "import/path.Name" of a field's declared type from another
	// package (embedded, or named with a plain pkg.Name), from syntax
	DeclType map[types.Object]string
	// Facts holds the values of other packages' variables and fields
	Facts Facts
	// funcs are this package's function declarations, for folding calls of
	// functions that return a constant (`func table() string { return "users" }`)
	funcs map[*types.Func]*ast.FuncDecl
	// imports per file, local name → path, for when type information lacks a PkgName
	fileImports map[*ast.File]map[string]string
	// CurFile is the file being analysed (for its imports)
	CurFile *ast.File

	// struct fields of this package's types: the values written to them
	// (composite literals, `x.f = …`), and why a field may hold a value
	// written elsewhere (an exported field of an exported type, a tagged
	// field a decoder fills, its address taken)
	fieldVals map[*types.Var][]ast.Expr
	fieldOpen map[*types.Var]string
	// rangeOf: variables declared by `for k, v := range X`
	rangeOf map[types.Object]rangeVar
	// alternatives: an expression with several possible constant values (a
	// field written in several places, a range variable, m[k] with a
	// run-time key) is folded once per value when enum is set (see
	// Variants); otherwise it is dynamic
	enum    bool
	altPick map[any]int
	altSeen []altChoice
	// WholeField: the field the SQL argument being folded is, whole; its
	// values that are parameters a wrapper (a constructor) forwards are
	// analysed at that wrapper's call sites (Forwarded tells them apart)
	WholeField *types.Var
	Forwarded  func(ast.Expr) bool

	// bound: the parameters of the function whose result is being folded
	// for a call, and the call's arguments; inlining guards recursion;
	// summary: while Returns summarises a function, its parameters' indexes
	bound map[types.Object]ast.Expr
	// calls of function values kept in variables
	calls    map[types.Object][]*ast.CallExpr
	inlining map[*types.Func]bool
	summary  map[types.Object]int
	// fragment builders (fragments.go): what each function does, and the
	// calls that name a builder variable (its methods, or passing it on)
	fragSpecs map[*types.Func]FragmentSpec
	bcalls    map[types.Object][]*ast.CallExpr
	// bcallBlk: the innermost block of each call in bcalls; branchOf: the
	// if statement whose then or else block a block is (when it has both)
	bcallBlk map[*ast.CallExpr]ast.Node
	branchOf map[ast.Node]branch
}

// branch is one of the two blocks of an if statement with an else block.
type branch struct {
	ifs *ast.IfStmt
	els bool
}

// Facts gives the values other packages' analyses recorded: an exported
// package variable assigned once, and the constant texts written to an
// exported struct field (open says why it may hold others).
type Facts interface {
	VarValue(v *types.Var) (string, bool)
	FieldValues(v *types.Var) (values []string, open string, ok bool)
	// Returns gives the results of another package's function, with
	// parameter pieces (Part.Param) for its arguments.
	Returns(fn *types.Func) ([]Value, bool)
}

// New indexes the assignments, builder writes, parameters and struct
// field values of a package's files for folding.
func New(fset *token.FileSet, info *types.Info, pkg *types.Package, files []*ast.File) *Folder {
	fo := &Folder{
		info: info, pkg: pkg, fset: fset,
		assign:      map[types.Object][]varEvent{},
		writes:      map[types.Object][]varEvent{},
		declBlk:     map[types.Object]ast.Node{},
		embeds:      map[types.Object]bool{},
		Used:        map[types.Object]bool{},
		params:      map[types.Object]bool{},
		DeclPkg:     map[types.Object]string{},
		DeclType:    map[types.Object]string{},
		funcs:       map[*types.Func]*ast.FuncDecl{},
		paramOwner:  map[types.Object]*types.Func{},
		fileImports: map[*ast.File]map[string]string{},
		fieldVals:   map[*types.Var][]ast.Expr{},
		fieldOpen:   map[*types.Var]string{},
		rangeOf:     map[types.Object]rangeVar{},
		bound:       map[types.Object]ast.Expr{},
		calls:       map[types.Object][]*ast.CallExpr{},
		inlining:    map[*types.Func]bool{},
		fragSpecs:   map[*types.Func]FragmentSpec{},
		bcalls:      map[types.Object][]*ast.CallExpr{},
		bcallBlk:    map[*ast.CallExpr]ast.Node{},
		branchOf:    map[ast.Node]branch{},
	}
	for _, f := range files {
		fo.fileImports[f] = astx.ImportNames(f)
		fo.index(f)
	}
	return fo
}

// Fold returns the folded text of e when it is fully known.
// This is the fold function given to the builder extractors.
func (fo *Folder) Fold(e ast.Expr) (string, bool) {
	f := fo.foldExpr(e, 0)
	if !f.Exact() {
		return "", false
	}
	return f.Text(), true
}

const maxFoldDepth = 24

func (fo *Folder) markUsed(e ast.Expr) {
	if fo.info == nil {
		return
	}
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if o := fo.info.Uses[id]; o != nil {
				switch o.(type) {
				case *types.Const, *types.Var:
					fo.Used[o] = true
				}
			}
		}
		return true
	})
}

func (fo *Folder) constValue(e ast.Expr) (constant.Value, bool) {
	if fo.info == nil {
		return nil, false
	}
	tv, ok := fo.info.Types[e]
	if !ok || tv.Value == nil {
		return nil, false
	}
	return tv.Value, true
}

// foldExpr folds e into parts.
func (fo *Folder) foldExpr(e ast.Expr, depth int) Value {
	if depth > maxFoldDepth {
		return Dyn("expression too deeply nested")
	}
	e = ast.Unparen(e)
	if v, ok := fo.constValue(e); ok {
		if v.Kind() == constant.String {
			fo.markUsed(e)
			return Const(constant.StringVal(v))
		}
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			if s, err := strconv.Unquote(e.Value); err == nil {
				return Const(s)
			}
		}
		return Dyn("literal %s is not a string", e.Value)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			l := fo.foldExpr(e.X, depth+1)
			r := fo.foldExpr(e.Y, depth+1)
			return append(append(Value{}, l...), r...)
		}
		return Dyn("%s expression", e.Op)
	case *ast.Ident:
		return fo.foldIdent(e, depth)
	case *ast.SelectorExpr:
		if fo.info != nil {
			if o := fo.info.Uses[e.Sel]; o != nil {
				if v, ok := o.(*types.Var); ok {
					if v.IsField() {
						if f, ok := fo.foldRangeField(e, v, depth); ok {
							return f
						}
						if v.Pkg() == fo.pkg {
							alts := fo.fieldVals[v]
							if v == fo.WholeField && fo.Forwarded != nil {
								var kept []ast.Expr
								for _, a := range alts {
									if !fo.Forwarded(a) {
										kept = append(kept, a)
									}
								}
								if len(kept) == 0 && len(alts) > 0 && fo.fieldOpen[v] == "" {
									return Value{{Embed: true}} // analysed at the constructor's callers
								}
								alts = kept
							}
							if f := fo.choose(v, alts, fo.fieldOpen[v], depth); f != nil {
								return f
							}
						}
						if v.Pkg() != nil && v.Pkg() != fo.pkg && fo.Facts != nil {
							// a field of another package's type: the values
							// that package writes (its FieldFact)
							if vals, open, ok := fo.Facts.FieldValues(v); ok {
								alts := make([]ast.Expr, len(vals))
								for i, t := range vals {
									alts[i] = &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(t)}
								}
								if f := fo.choose(v, alts, open, depth); f != nil {
									return f
								}
							}
						}
						return Dyn("field %s", e.Sel.Name)
					}
					if v.Pkg() != nil && v.Pkg() != fo.pkg {
						if fo.Facts != nil {
							if text, ok := fo.Facts.VarValue(v); ok {
								return Const(text)
							}
						}
						return Dyn("variable %s.%s of another package", v.Pkg().Name(), v.Name())
					}
				}
			}
		}
		return Dyn("value of %s", exprString(e))
	case *ast.CallExpr:
		return fo.foldCall(e, depth)
	case *ast.IndexExpr:
		if v, ok := fo.foldMapIndex(e, depth); ok {
			return v
		}
	}
	return Dyn("%s is computed at run time", exprString(e))
}

func (fo *Folder) foldIdent(id *ast.Ident, depth int) Value {
	o := fo.objOf(id)
	if o == nil {
		return Dyn("identifier %s of unknown value", id.Name)
	}
	v, ok := o.(*types.Var)
	if !ok {
		return Dyn("%s is not a string constant", id.Name)
	}
	if fo.embeds[v] {
		fo.Used[v] = true
		return Value{{Embed: true}}
	}
	if fo.params[v] {
		if arg, ok := fo.bound[v]; ok && len(fo.assign[v]) == 0 {
			// a parameter of a function whose result is being folded for a
			// call: the call's argument
			return fo.foldExpr(arg, depth+1)
		}
		if i, ok := fo.summary[v]; ok && len(fo.assign[v]) == 0 {
			return Value{{Dyn: true, Param: i + 1, Reason: "parameter " + id.Name}}
		}
		return Dyn("parameter %s", id.Name)
	}
	evs := fo.assign[v]
	if len(evs) == 0 {
		if rv, ok := fo.rangeOf[v]; ok {
			// for _, q := range queries: each element in turn
			if cl := fo.literalOf(rv.x); cl != nil {
				if rv.key && !fo.isMapLit(cl) {
					return Dyn("%s is an index", id.Name)
				}
				if f := fo.choose(rv.x, elements(cl, rv.key), "", depth); f != nil {
					return f
				}
			}
		}
		return Dyn("variable %s of unknown value", id.Name)
	}
	pkgLevel := v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
	if pkgLevel {
		if len(evs) != 1 || evs[0].rhs == nil {
			return Dyn("package variable %s is assigned more than once", id.Name)
		}
		fo.Used[v] = true
		return fo.foldExpr(evs[0].rhs, depth+1)
	}
	declBlk := fo.declBlk[v]
	if fo.enum {
		if alts, ok := fo.localAlternatives(id, evs, declBlk); ok {
			var out Value
			for _, e := range alts[fo.pick(id, len(alts))] {
				out = append(out, fo.foldExpr(e, depth+1)...)
			}
			return out
		}
	}
	var out Value
	seen := false
	for _, ev := range evs {
		if ev.pos >= id.Pos() {
			continue
		}
		cond := ev.block != declBlk
		var val Value
		switch {
		case ev.op == token.AND:
			return Dyn("the address of %s is taken", id.Name)
		case ev.rhs == nil && fo.readsEmbed(ev.multi):
			// b, err := queries.ReadFile("q.sql"): analysed from the file
			val = Value{{Embed: true}}
		case ev.rhs == nil && ev.idx == 0 && fo.isSqlxFunc(ev.multi, "Named"):
			// query, args, err := sqlx.Named("… :id", arg): sqlx.Named is
			// itself a sink, where the statement is analysed
			val = Value{{Embed: true}}
		case ev.rhs == nil && ev.idx == 0 && fo.isSqlxFunc(ev.multi, "In"):
			// query, args, err := sqlx.In("… IN (?)", ids): the statement
			// keeps its text, with the `?` repeated per element
			val = fo.foldExpr(ev.multi.(*ast.CallExpr).Args[0], depth+1)
		case ev.rhs == nil && ev.idx == 0 && isToSQL(ev.multi):
			// query, args, err := q.ToSQL(): a fragment builder's
			// fragments, or (a library's builder) the builder chain is
			// analysed by the query-builder extractors
			if v, ok := fo.builderSQL(ev.multi.(*ast.CallExpr), depth); ok {
				val = v
			} else {
				val = Value{{Embed: true}}
			}
		case ev.rhs == nil && ev.multi == nil && ev.decl:
			val = Const("") // var q string
		case ev.rhs == nil:
			val = Dyn("%s is assigned from a multi-value expression", id.Name)
		default:
			val = fo.foldExpr(ev.rhs, depth+1)
		}
		switch ev.op {
		case token.ADD_ASSIGN:
			if cond {
				out = append(out, Part{Dyn: true, Sep: true, Reason: id.Name + " is appended to conditionally"})
				out = append(out, val...)
				out = append(out, Part{Dyn: true, Sep: true, Reason: id.Name + " is appended to conditionally"})
			} else {
				out = append(out, val...)
			}
		case token.ASSIGN, token.DEFINE:
			if cond && seen {
				out = append(out, Part{Dyn: true, Sep: true, Reason: id.Name + " is reassigned conditionally"})
				out = append(out, val...)
				out = append(out, Part{Dyn: true, Sep: true, Reason: id.Name + " is reassigned conditionally"})
			} else {
				out = append(Value{}, val...)
			}
		default:
			return Dyn("%s is modified with %s", id.Name, ev.op)
		}
		seen = true
	}
	if !seen {
		return Dyn("variable %s of unknown value", id.Name)
	}
	return out
}

func exprString(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
