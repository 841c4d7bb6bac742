package analyzer

// Folding: turning a Go expression into the SQL text it evaluates to, when
// that text is (wholly or partly) known before the program runs.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// part is a piece of a folded string: constant text, or a dynamic piece
// (with the reason it is not known).
type part struct {
	text   string
	dyn    bool
	reason string
	embed  bool // the value of a //go:embed variable (analysed from its file)
	// sep: a dynamic piece that is a separate stretch of text (a
	// conditional clause, the rest of a builder chain), never glued to the
	// identifier next to it the way "events_" + month is
	sep bool
}

type folded []part

func (f folded) exact() bool {
	for _, p := range f {
		if p.dyn || p.embed {
			return false
		}
	}
	return true
}

func (f folded) embedded() bool {
	for _, p := range f {
		if p.embed {
			return true
		}
	}
	return false
}

func (f folded) text() string {
	var b strings.Builder
	for _, p := range f {
		b.WriteString(p.text)
	}
	return b.String()
}

// fragments returns the maximal runs of constant text.
func (f folded) fragments() []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if strings.TrimSpace(cur.String()) != "" {
			out = append(out, cur.String())
		}
		cur.Reset()
	}
	for _, p := range f {
		if p.dyn || p.embed {
			flush()
			continue
		}
		cur.WriteString(p.text)
	}
	flush()
	return out
}

func (f folded) reason() string {
	for _, p := range f {
		if p.dyn {
			return p.reason
		}
	}
	return ""
}

func constPart(s string) folded { return folded{{text: s}} }

func dynPart(format string, args ...any) folded {
	return folded{{dyn: true, reason: fmt.Sprintf(format, args...)}}
}

// block-structured facts about local variables, built once per package.
type varEvent struct {
	// pos: where the event takes effect, the end of its statement (the
	// right-hand side of `q = q + "…"` still reads the previous value)
	pos   token.Pos
	block ast.Node // innermost enclosing block
	op    token.Token
	rhs   ast.Expr // nil for a declaration without value
	call  *ast.CallExpr
	decl  bool
	multi ast.Expr // the single right-hand side of a multi-value assignment
	idx   int      // the variable's position on the left of a multi-value assignment
}

// folder folds expressions of one package.
type folder struct {
	info    *types.Info
	pkg     *types.Package
	fset    *token.FileSet
	assign  map[types.Object][]varEvent // assignments (and declarations) of variables
	writes  map[types.Object][]varEvent // strings.Builder / bytes.Buffer writes
	declBlk map[types.Object]ast.Node
	embeds  map[types.Object]bool
	used    map[types.Object]bool // constants and variables whose value reached a sink
	params  map[types.Object]bool // function parameters
	// paramOwner: the declared function a parameter belongs to (none for
	// function literals)
	paramOwner map[types.Object]*types.Func
	// declPkg: the import path of the package a variable's (or field's)
	// declared type comes from, from syntax (`rdb *redis.Client`), for
	// receivers whose type is unknown to the fast driver
	declPkg map[types.Object]string
	// varFacts holds the values of other packages' variables
	varFacts factStore
	// funcs are this package's function declarations, for folding calls of
	// functions that return a constant (`func table() string { return "users" }`)
	funcs map[*types.Func]*ast.FuncDecl
	// imports per file, local name → path, for when type information lacks a PkgName
	fileImports map[*ast.File]map[string]string
	curFile     *ast.File

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
	// foldVariants); otherwise it is dynamic
	enum    bool
	altPick map[any]int
	altSeen []altChoice
	// wholeField: the field the SQL argument being folded is, whole; its
	// values that are parameters a wrapper (a constructor) forwards are
	// analysed at that wrapper's call sites (forwarded tells them apart)
	wholeField *types.Var
	forwarded  func(ast.Expr) bool
}

type rangeVar struct {
	x   ast.Expr
	key bool
}

// altChoice: a several-valued piece met while folding, keyed by what
// makes its uses agree (a field, a range statement's operand, an index
// expression)
type altChoice struct {
	node any
	n    int
}

// maxVariants bounds the values one SQL argument is folded to.
const maxVariants = 256

func newFolder(fset *token.FileSet, info *types.Info, pkg *types.Package, files []*ast.File) *folder {
	fo := &folder{
		info: info, pkg: pkg, fset: fset,
		assign:      map[types.Object][]varEvent{},
		writes:      map[types.Object][]varEvent{},
		declBlk:     map[types.Object]ast.Node{},
		embeds:      map[types.Object]bool{},
		used:        map[types.Object]bool{},
		params:      map[types.Object]bool{},
		declPkg:     map[types.Object]string{},
		funcs:       map[*types.Func]*ast.FuncDecl{},
		paramOwner:  map[types.Object]*types.Func{},
		fileImports: map[*ast.File]map[string]string{},
		fieldVals:   map[*types.Var][]ast.Expr{},
		fieldOpen:   map[*types.Var]string{},
		rangeOf:     map[types.Object]rangeVar{},
	}
	for _, f := range files {
		fo.fileImports[f] = fileImportNames(f)
		fo.index(f)
	}
	return fo
}

// fileImportNames maps the names a file uses for its imports to their paths.
func fileImportNames(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := guessPkgName(p)
		if is.Name != nil {
			name = is.Name.Name
		}
		m[name] = p
	}
	return m
}

// guessPkgName guesses the package name of an import path without loading
// it: the last element, skipping a major-version suffix, without a
// "go-" prefix or ".vN" / "-go" suffix.
func guessPkgName(p string) string {
	elems := strings.Split(p, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) >= 2 && name[0] == 'v' && isDigits(name[1:]) {
		name = elems[len(elems)-2]
	}
	if i := strings.Index(name, ".v"); i > 0 && isDigits(name[i+2:]) {
		name = name[:i]
	}
	name = strings.TrimPrefix(name, "go-")
	name = strings.TrimSuffix(name, "-go")
	name = strings.TrimSuffix(name, ".go")
	name = strings.ReplaceAll(name, "-", "")
	name = strings.ReplaceAll(name, ".", "")
	return name
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (fo *folder) objOf(id *ast.Ident) types.Object {
	if fo.info == nil {
		return nil
	}
	if o := fo.info.Defs[id]; o != nil {
		return o
	}
	return fo.info.Uses[id]
}

// index records, for every function body, the assignments to variables,
// the writes to builders, and the function parameters.
func (fo *folder) index(f *ast.File) {
	var stack []ast.Node
	cur := func() ast.Node {
		for i := len(stack) - 1; i >= 0; i-- {
			switch stack[i].(type) {
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				return stack[i]
			case *ast.FuncLit, *ast.FuncDecl:
				return stack[i]
			}
		}
		return nil
	}
	addParams := func(ft *ast.FuncType, owner *types.Func) {
		if ft == nil || ft.Params == nil {
			return
		}
		for _, fl := range ft.Params.List {
			for _, n := range fl.Names {
				if o := fo.objOf(n); o != nil {
					fo.params[o] = true
					if owner != nil {
						fo.paramOwner[o] = owner
					}
				}
			}
		}
	}
	imps := fo.fileImports[f]
	typePkg := func(t ast.Expr, names []*ast.Ident) {
		for {
			switch x := t.(type) {
			case *ast.StarExpr:
				t = x.X
				continue
			case *ast.SelectorExpr:
				if id, ok := x.X.(*ast.Ident); ok {
					if p, ok := imps[id.Name]; ok {
						for _, n := range names {
							if o := fo.objOf(n); o != nil {
								fo.declPkg[o] = p
							}
						}
					}
				}
			}
			return
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.TypeSpec:
			fo.indexTypeSpec(n)
		case *ast.CompositeLit:
			fo.indexCompositeLit(n)
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for i, x := range []ast.Expr{n.Key, n.Value} {
					if id, ok := x.(*ast.Ident); ok {
						if o := fo.objOf(id); o != nil {
							fo.rangeOf[o] = rangeVar{x: n.X, key: i == 0}
						}
					}
				}
			}
		case *ast.Field:
			typePkg(n.Type, n.Names)
		case *ast.ValueSpec:
			if n.Type != nil {
				typePkg(n.Type, n.Names)
			}
		case *ast.FuncDecl:
			var owner *types.Func
			if fo.info != nil {
				if fn, ok := fo.info.Defs[n.Name].(*types.Func); ok {
					fo.funcs[fn] = n
					owner = fn
				}
			}
			addParams(n.Type, owner)
			if n.Recv != nil {
				for _, fl := range n.Recv.List {
					for _, nm := range fl.Names {
						if o := fo.objOf(nm); o != nil {
							fo.params[o] = true
						}
					}
				}
			}
		case *ast.FuncLit:
			addParams(n.Type, nil)
		case *ast.GenDecl:
			if n.Tok == token.VAR {
				embed := hasEmbedDirective(n.Doc)
				for _, sp := range n.Specs {
					vs := sp.(*ast.ValueSpec)
					specEmbed := embed || hasEmbedDirective(vs.Doc)
					for i, nm := range vs.Names {
						o := fo.objOf(nm)
						if o == nil {
							continue
						}
						if specEmbed {
							fo.embeds[o] = true
						}
						var rhs ast.Expr
						if len(vs.Values) == len(vs.Names) {
							rhs = vs.Values[i]
						}
						fo.declBlk[o] = cur()
						fo.assign[o] = append(fo.assign[o], varEvent{pos: vs.End(), block: cur(), op: token.DEFINE, rhs: rhs, decl: true})
					}
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if fv := fo.fieldOf(l); fv != nil {
					switch {
					case n.Tok == token.ASSIGN && len(n.Rhs) == len(n.Lhs):
						fo.fieldVals[fv] = append(fo.fieldVals[fv], n.Rhs[i])
					case n.Tok == token.ASSIGN:
						fo.fieldOpen[fv] = "field " + fv.Name() + " is assigned from a multi-value expression"
					default:
						fo.fieldOpen[fv] = "field " + fv.Name() + " is modified with " + n.Tok.String()
					}
					continue
				}
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				o := fo.objOf(id)
				if o == nil {
					continue
				}
				var rhs ast.Expr
				if len(n.Rhs) == len(n.Lhs) {
					rhs = n.Rhs[i]
				}
				ev := varEvent{pos: n.End(), block: cur(), op: n.Tok, rhs: rhs}
				if len(n.Rhs) == 1 && len(n.Lhs) > 1 {
					ev.multi = n.Rhs[0]
					ev.idx = i
				}
				if n.Tok == token.DEFINE && fo.info != nil && fo.info.Defs[id] != nil {
					ev.decl = true
					fo.declBlk[o] = cur()
				}
				fo.assign[o] = append(fo.assign[o], ev)
			}
		case *ast.IncDecStmt:
		case *ast.UnaryExpr:
			// &v: the variable may change behind our back
			if n.Op == token.AND {
				if fv := fo.fieldOf(n.X); fv != nil {
					fo.fieldOpen[fv] = "the address of field " + fv.Name() + " is taken"
				}
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if o := fo.objOf(id); o != nil {
						if p, ok := parentCall(stack); ok && isFprintf(fo, p) {
							fo.writes[o] = append(fo.writes[o], varEvent{pos: p.Pos(), block: cur(), call: p})
						} else {
							fo.assign[o] = append(fo.assign[o], varEvent{pos: n.Pos(), block: cur(), op: token.AND})
						}
					}
				}
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					switch sel.Sel.Name {
					case "WriteString", "WriteByte", "WriteRune", "Write", "Reset":
						if o := fo.objOf(id); o != nil {
							if _, isVar := o.(*types.Var); isVar {
								fo.writes[o] = append(fo.writes[o], varEvent{pos: n.Pos(), block: cur(), call: n})
							}
						}
					}
				}
			}
		}
		return true
	})
}

// fieldOf returns the struct field of this package that e selects, if any.
func (fo *folder) fieldOf(e ast.Expr) *types.Var {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || fo.info == nil {
		return nil
	}
	v, ok := fo.info.Uses[sel.Sel].(*types.Var)
	if !ok || !v.IsField() || v.Pkg() == nil || v.Pkg() != fo.pkg {
		return nil
	}
	return v
}

// indexTypeSpec marks the string fields of a named struct type that code
// outside this package's syntax may write: exported fields of an exported
// type, and fields with a struct tag (filled by a decoder).
func (fo *folder) indexTypeSpec(ts *ast.TypeSpec) {
	st, ok := ts.Type.(*ast.StructType)
	if !ok || st.Fields == nil {
		return
	}
	for _, fl := range st.Fields.List {
		for _, nm := range fl.Names {
			v, ok := fo.objOf(nm).(*types.Var)
			if !ok {
				continue
			}
			switch {
			case fl.Tag != nil:
				fo.fieldOpen[v] = "field " + v.Name() + " has a struct tag (a decoder may set it)"
			case nm.IsExported() && ts.Name.IsExported():
				fo.fieldOpen[v] = "field " + v.Name() + " may be set by another package"
			}
		}
	}
}

// indexCompositeLit records the values a struct literal gives its fields.
func (fo *folder) indexCompositeLit(cl *ast.CompositeLit) {
	if fo.info == nil {
		return
	}
	tv, ok := fo.info.Types[cl]
	if !ok || tv.Type == nil {
		return
	}
	t := tv.Type
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if v, ok := fo.info.Uses[id].(*types.Var); ok && v.IsField() && v.Pkg() == fo.pkg {
					fo.fieldVals[v] = append(fo.fieldVals[v], kv.Value)
				}
			}
			continue
		}
		if i < st.NumFields() && st.Field(i).Pkg() == fo.pkg {
			fo.fieldVals[st.Field(i)] = append(fo.fieldVals[st.Field(i)], el)
		}
	}
}

// pick returns which of n values of node the current fold takes: the first
// outside foldVariants, else the one foldVariants asks for.
func (fo *folder) pick(node any, n int) int {
	for _, a := range fo.altSeen {
		if a.node == node {
			return fo.altPick[node]
		}
	}
	fo.altSeen = append(fo.altSeen, altChoice{node, n})
	return fo.altPick[node]
}

// choose folds node as one of its possible values: alts (and, when open is
// not empty, a value unknown for that reason). With a single known value
// and nothing open it is that value; otherwise, outside foldVariants, the
// node is dynamic.
func (fo *folder) choose(node any, alts []ast.Expr, open string, depth int) folded {
	n := len(alts)
	if open != "" {
		n++
	}
	if n == 1 && open == "" {
		return fo.foldExpr(alts[0], depth+1)
	}
	if !fo.enum || n == 0 {
		return nil
	}
	i := fo.pick(node, n)
	if i >= len(alts) {
		return dynPart("%s", open)
	}
	return fo.foldExpr(alts[i], depth+1)
}

// foldVariants folds e once per combination of the values its
// several-valued pieces may take (at most maxVariants, then a dynamic
// entry says so); identical results are returned once.
func (fo *folder) foldVariants(e ast.Expr) []folded {
	fo.enum = true
	defer func() { fo.enum, fo.altPick, fo.altSeen = false, nil, nil }()
	queue := []map[any]int{{}}
	var out []folded
	seen := map[string]bool{}
	for len(queue) > 0 && len(out) < maxVariants {
		p := queue[0]
		queue = queue[1:]
		fo.altPick, fo.altSeen = p, nil
		v := fo.foldExpr(e, 0)
		fixed := map[any]int{}
		for k, x := range p {
			fixed[k] = x
		}
		for _, a := range fo.altSeen {
			if _, set := p[a.node]; set {
				continue
			}
			for k := 1; k < a.n; k++ {
				np := map[any]int{a.node: k}
				for fk, fx := range fixed {
					np[fk] = fx
				}
				queue = append(queue, np)
			}
			fixed[a.node] = 0
		}
		key := variantKey(v)
		if seen[key] || (v.exact() && strings.TrimSpace(v.text()) == "" && (len(out) > 0 || len(queue) > 0)) {
			// the same text again, or the empty value a variable has
			// before a branch assigns it
			continue
		}
		seen[key] = true
		out = append(out, v)
	}
	if len(queue) > 0 {
		out = append(out, dynPart("more than %d possible values", maxVariants))
	}
	return out
}

func variantKey(v folded) string {
	var b strings.Builder
	for _, p := range v {
		if p.dyn || p.embed {
			b.WriteString("\x00" + p.reason + "\x00")
			continue
		}
		b.WriteString(p.text)
	}
	return b.String()
}

// foldRangeField folds p.f where p ranges over a literal of struct
// literals (`for _, p := range []pair{{"users", "email"}, …}`): each
// element's own value of f, so p.a and p.b of one element go together.
func (fo *folder) foldRangeField(sel *ast.SelectorExpr, v *types.Var, depth int) (folded, bool) {
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok || !fo.enum {
		return nil, false
	}
	o := fo.objOf(id)
	rv, ok := fo.rangeOf[o]
	if !ok || rv.key || len(fo.assign[o]) > 0 {
		return nil, false
	}
	cl := fo.literalOf(rv.x)
	if cl == nil || fo.info == nil {
		return nil, false
	}
	elems := elements(cl, false)
	var vals []ast.Expr
	for _, el := range elems {
		el = ast.Unparen(el)
		if u, ok := el.(*ast.UnaryExpr); ok && u.Op == token.AND {
			el = ast.Unparen(u.X)
		}
		ecl, ok := el.(*ast.CompositeLit)
		if !ok {
			return nil, false
		}
		tv, ok := fo.info.Types[ecl]
		if !ok || tv.Type == nil {
			return nil, false
		}
		t := tv.Type
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return nil, false
		}
		var val ast.Expr = &ast.BasicLit{Kind: token.STRING, Value: `""`} // the zero value
		for i, f := range ecl.Elts {
			if kv, ok := f.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && fo.info.Uses[k] == v {
					val = kv.Value
				}
			} else if i < st.NumFields() && st.Field(i) == v {
				val = f
			}
		}
		vals = append(vals, val)
	}
	if len(vals) == 0 {
		return nil, false
	}
	return fo.choose(rv.x, vals, "", depth), true
}

// literalOf returns the composite literal x is, or the one the variable x
// is assigned once (at its declaration), if any.
func (fo *folder) literalOf(x ast.Expr) *ast.CompositeLit {
	x = ast.Unparen(x)
	if cl, ok := x.(*ast.CompositeLit); ok {
		return cl
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil
	}
	o := fo.objOf(id)
	if _, ok := o.(*types.Var); !ok || fo.params[o] {
		return nil
	}
	evs := fo.assign[o]
	if len(evs) != 1 || evs[0].rhs == nil || !evs[0].decl {
		return nil
	}
	cl, _ := ast.Unparen(evs[0].rhs).(*ast.CompositeLit)
	return cl
}

func (fo *folder) isMapLit(cl *ast.CompositeLit) bool {
	if fo.info == nil {
		return false
	}
	tv, ok := fo.info.Types[cl]
	if !ok || tv.Type == nil {
		return false
	}
	_, isMap := tv.Type.Underlying().(*types.Map)
	return isMap
}

// elements returns a slice, array or map literal's values (or its keys).
func elements(cl *ast.CompositeLit, keys bool) []ast.Expr {
	var out []ast.Expr
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if keys {
				out = append(out, kv.Key)
			} else {
				out = append(out, kv.Value)
			}
			continue
		}
		if !keys {
			out = append(out, el)
		}
	}
	return out
}

// readsEmbed: a call that reads a //go:embed file system
// (queries.ReadFile(…), fs.ReadFile(queries, …)).
func (fo *folder) readsEmbed(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	isEmbed := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		if !ok {
			return false
		}
		o := fo.objOf(id)
		return o != nil && fo.embeds[o]
	}
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "ReadFile" {
		if isEmbed(sel.X) {
			return true
		}
		for _, a := range c.Args {
			if isEmbed(a) {
				return true
			}
		}
	}
	return false
}

// isSqlxFunc: a call of the package function sqlx.<fn> (In: its first
// result is its query with each `?` bound to a slice repeated per element;
// Named: its query with `:name` turned into `?`).
func (fo *folder) isSqlxFunc(e ast.Expr, fn string) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) < 1 {
		return false
	}
	p, name := fo.calleePkgFunc(c)
	return p == "github.com/jmoiron/sqlx" && name == fn
}

// isToSQL: a call of a query builder's ToSql / ToSQL / MustSql method.
func isToSQL(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "ToSql", "ToSQL", "MustSql", "Build":
		return true
	}
	return false
}

func parentCall(stack []ast.Node) (*ast.CallExpr, bool) {
	if len(stack) < 2 {
		return nil, false
	}
	c, ok := stack[len(stack)-2].(*ast.CallExpr)
	return c, ok
}

func isFprintf(fo *folder, c *ast.CallExpr) bool {
	p, name := fo.calleePkgFunc(c)
	return p == "fmt" && (name == "Fprintf" || name == "Fprint")
}

func hasEmbedDirective(cg *ast.CommentGroup) bool {
	return len(embedPatterns(cg)) > 0
}

// embedPatterns returns the patterns of //go:embed lines in cg.
func embedPatterns(cg *ast.CommentGroup) []string {
	if cg == nil {
		return nil
	}
	var out []string
	for _, c := range cg.List {
		t := c.Text
		if !strings.HasPrefix(t, "//go:embed") {
			continue
		}
		rest := strings.TrimSpace(strings.TrimPrefix(t, "//go:embed"))
		for rest != "" {
			var tok string
			if rest[0] == '"' || rest[0] == '`' {
				end := strings.IndexByte(rest[1:], rest[0])
				if end < 0 {
					break
				}
				q := rest[:end+2]
				if u, err := strconv.Unquote(q); err == nil {
					tok = u
				}
				rest = strings.TrimSpace(rest[end+2:])
			} else {
				i := strings.IndexAny(rest, " \t")
				if i < 0 {
					tok, rest = rest, ""
				} else {
					tok, rest = rest[:i], strings.TrimSpace(rest[i:])
				}
			}
			if tok != "" {
				out = append(out, tok)
			}
		}
	}
	return out
}

// calleePkgFunc returns the package path and name of a package-level
// function call (fmt.Sprintf), from type information or, when that is
// missing, from the file's imports.
func (fo *folder) calleePkgFunc(c *ast.CallExpr) (string, string) {
	switch fn := ast.Unparen(c.Fun).(type) {
	case *ast.SelectorExpr:
		x, ok := fn.X.(*ast.Ident)
		if !ok {
			return "", ""
		}
		if fo.info != nil {
			if pn, ok := fo.info.Uses[x].(*types.PkgName); ok {
				return pn.Imported().Path(), fn.Sel.Name
			}
			if o := fo.info.Uses[x]; o != nil {
				return "", ""
			}
		}
		if fo.curFile != nil {
			if p, ok := fo.fileImports[fo.curFile][x.Name]; ok {
				return p, fn.Sel.Name
			}
		}
	case *ast.Ident:
		if fo.info != nil {
			if f, ok := fo.info.Uses[fn].(*types.Func); ok && f.Pkg() != nil {
				return f.Pkg().Path(), f.Name()
			}
		}
	}
	return "", ""
}

// fold returns the folded text of e: constant text when fully known.
// This is the fold function given to the builder extractors.
func (fo *folder) fold(e ast.Expr) (string, bool) {
	f := fo.foldExpr(e, 0)
	if !f.exact() {
		return "", false
	}
	return f.text(), true
}

const maxFoldDepth = 24

func (fo *folder) markUsed(e ast.Expr) {
	if fo.info == nil {
		return
	}
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if o := fo.info.Uses[id]; o != nil {
				switch o.(type) {
				case *types.Const, *types.Var:
					fo.used[o] = true
				}
			}
		}
		return true
	})
}

func (fo *folder) constValue(e ast.Expr) (constant.Value, bool) {
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
func (fo *folder) foldExpr(e ast.Expr, depth int) folded {
	if depth > maxFoldDepth {
		return dynPart("expression too deeply nested")
	}
	e = ast.Unparen(e)
	if v, ok := fo.constValue(e); ok {
		if v.Kind() == constant.String {
			fo.markUsed(e)
			return constPart(constant.StringVal(v))
		}
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			if s, err := strconv.Unquote(e.Value); err == nil {
				return constPart(s)
			}
		}
		return dynPart("literal %s is not a string", e.Value)
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			l := fo.foldExpr(e.X, depth+1)
			r := fo.foldExpr(e.Y, depth+1)
			return append(append(folded{}, l...), r...)
		}
		return dynPart("%s expression", e.Op)
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
							if v == fo.wholeField && fo.forwarded != nil {
								var kept []ast.Expr
								for _, a := range alts {
									if !fo.forwarded(a) {
										kept = append(kept, a)
									}
								}
								if len(kept) == 0 && len(alts) > 0 && fo.fieldOpen[v] == "" {
									return folded{{embed: true}} // analysed at the constructor's callers
								}
								alts = kept
							}
							if f := fo.choose(v, alts, fo.fieldOpen[v], depth); f != nil {
								return f
							}
						}
						if v.Pkg() != nil && v.Pkg() != fo.pkg && fo.varFacts != nil {
							// a field of another package's type: the values
							// that package writes (its FieldFact)
							if ff, ok := fo.varFacts.getField(v); ok {
								alts := make([]ast.Expr, len(ff.Values))
								for i, t := range ff.Values {
									alts[i] = &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(t)}
								}
								if f := fo.choose(v, alts, ff.Open, depth); f != nil {
									return f
								}
							}
						}
						return dynPart("field %s", e.Sel.Name)
					}
					if v.Pkg() != nil && v.Pkg() != fo.pkg {
						if fo.varFacts != nil {
							if text, ok := fo.varFacts.getVar(v); ok {
								return constPart(text)
							}
						}
						return dynPart("variable %s.%s of another package", v.Pkg().Name(), v.Name())
					}
				}
			}
		}
		return dynPart("value of %s", exprString(e))
	case *ast.CallExpr:
		return fo.foldCall(e, depth)
	case *ast.IndexExpr:
		if v, ok := fo.foldMapIndex(e, depth); ok {
			return v
		}
	}
	return dynPart("%s is computed at run time", exprString(e))
}

func (fo *folder) foldIdent(id *ast.Ident, depth int) folded {
	o := fo.objOf(id)
	if o == nil {
		return dynPart("identifier %s of unknown value", id.Name)
	}
	v, ok := o.(*types.Var)
	if !ok {
		return dynPart("%s is not a string constant", id.Name)
	}
	if fo.embeds[v] {
		fo.used[v] = true
		return folded{{embed: true}}
	}
	if fo.params[v] {
		return dynPart("parameter %s", id.Name)
	}
	evs := fo.assign[v]
	if len(evs) == 0 {
		if rv, ok := fo.rangeOf[v]; ok {
			// for _, q := range queries: each element in turn
			if cl := fo.literalOf(rv.x); cl != nil {
				if rv.key && !fo.isMapLit(cl) {
					return dynPart("%s is an index", id.Name)
				}
				if f := fo.choose(rv.x, elements(cl, rv.key), "", depth); f != nil {
					return f
				}
			}
		}
		return dynPart("variable %s of unknown value", id.Name)
	}
	pkgLevel := v.Parent() != nil && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
	if pkgLevel {
		if len(evs) != 1 || evs[0].rhs == nil {
			return dynPart("package variable %s is assigned more than once", id.Name)
		}
		fo.used[v] = true
		return fo.foldExpr(evs[0].rhs, depth+1)
	}
	declBlk := fo.declBlk[v]
	if fo.enum {
		if alts, ok := fo.localAlternatives(id, evs, declBlk); ok {
			var out folded
			for _, e := range alts[fo.pick(id, len(alts))] {
				out = append(out, fo.foldExpr(e, depth+1)...)
			}
			return out
		}
	}
	var out folded
	seen := false
	for _, ev := range evs {
		if ev.pos >= id.Pos() {
			continue
		}
		cond := ev.block != declBlk
		var val folded
		switch {
		case ev.op == token.AND:
			return dynPart("the address of %s is taken", id.Name)
		case ev.rhs == nil && fo.readsEmbed(ev.multi):
			// b, err := queries.ReadFile("q.sql"): analysed from the file
			val = folded{{embed: true}}
		case ev.rhs == nil && ev.idx == 0 && fo.isSqlxFunc(ev.multi, "Named"):
			// query, args, err := sqlx.Named("… :id", arg): sqlx.Named is
			// itself a sink, where the statement is analysed
			val = folded{{embed: true}}
		case ev.rhs == nil && ev.idx == 0 && fo.isSqlxFunc(ev.multi, "In"):
			// query, args, err := sqlx.In("… IN (?)", ids): the statement
			// keeps its text, with the `?` repeated per element
			val = fo.foldExpr(ev.multi.(*ast.CallExpr).Args[0], depth+1)
		case ev.rhs == nil && isToSQL(ev.multi):
			// query, args, err := builder.ToSql(): the builder chain is
			// analysed by the query-builder extractors
			val = folded{{embed: true}}
		case ev.rhs == nil && ev.multi == nil && ev.decl:
			val = constPart("") // var q string
		case ev.rhs == nil:
			val = dynPart("%s is assigned from a multi-value expression", id.Name)
		default:
			val = fo.foldExpr(ev.rhs, depth+1)
		}
		switch ev.op {
		case token.ADD_ASSIGN:
			if cond {
				out = append(out, part{dyn: true, sep: true, reason: id.Name + " is appended to conditionally"})
				out = append(out, val...)
				out = append(out, part{dyn: true, sep: true, reason: id.Name + " is appended to conditionally"})
			} else {
				out = append(out, val...)
			}
		case token.ASSIGN, token.DEFINE:
			if cond && seen {
				out = append(out, part{dyn: true, sep: true, reason: id.Name + " is reassigned conditionally"})
				out = append(out, val...)
				out = append(out, part{dyn: true, sep: true, reason: id.Name + " is reassigned conditionally"})
			} else {
				out = append(folded{}, val...)
			}
		default:
			return dynPart("%s is modified with %s", id.Name, ev.op)
		}
		seen = true
	}
	if !seen {
		return dynPart("variable %s of unknown value", id.Name)
	}
	return out
}

// localAlternatives lists the values a local variable may hold at id when
// it is reassigned in a branch or loop (`var q string; switch k { case
// "a": q = "…"; case "b": q = "…" }`): each value is a list of pieces to
// concatenate. ok is false when the variable is never reassigned that way
// or is changed in a way it does not follow.
func (fo *folder) localAlternatives(id *ast.Ident, evs []varEvent, declBlk ast.Node) ([][]ast.Expr, bool) {
	var cands [][]ast.Expr
	branched := false
	for _, ev := range evs {
		if ev.pos >= id.Pos() {
			continue
		}
		cond := ev.block != declBlk
		switch {
		case ev.op == token.AND || (ev.rhs == nil && !(ev.decl && ev.multi == nil)):
			return nil, false
		case ev.op == token.ASSIGN || ev.op == token.DEFINE:
			var val []ast.Expr
			if ev.rhs != nil {
				val = []ast.Expr{ev.rhs}
			}
			if cond && len(cands) > 0 {
				cands = append(cands, val)
				branched = true
			} else {
				cands = [][]ast.Expr{val}
			}
		case ev.op == token.ADD_ASSIGN && !cond:
			for i := range cands {
				cands[i] = append(append([]ast.Expr(nil), cands[i]...), ev.rhs)
			}
		default:
			return nil, false
		}
	}
	if !branched || len(cands) < 2 {
		return nil, false
	}
	return cands, true
}

func (fo *folder) foldCall(c *ast.CallExpr, depth int) folded {
	// conversions: string(b), []byte(s)
	if fo.info != nil && len(c.Args) == 1 {
		if tv, ok := fo.info.Types[c.Fun]; ok && tv.IsType() {
			return fo.foldExpr(c.Args[0], depth+1)
		}
	}
	if len(c.Args) == 1 {
		if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "string" {
			return fo.foldExpr(c.Args[0], depth+1)
		}
		if at, ok := c.Fun.(*ast.ArrayType); ok && at.Len == nil {
			return fo.foldExpr(c.Args[0], depth+1)
		}
	}
	pkg, name := fo.calleePkgFunc(c)
	switch {
	case pkg == "fmt" && name == "Sprintf" && len(c.Args) >= 1:
		return fo.foldSprintf(c.Args[0], c.Args[1:], depth)
	case pkg == "fmt" && name == "Sprint":
		var out folded
		for _, a := range c.Args {
			out = append(out, fo.foldExpr(a, depth+1)...)
		}
		return out
	case pkg == "strings" && name == "Join" && len(c.Args) == 2:
		return fo.foldJoin(c.Args[0], c.Args[1], depth)
	case pkg == "strings" && len(c.Args) == 1 && (name == "TrimSpace" || name == "ToLower" || name == "ToUpper"):
		in := fo.foldExpr(c.Args[0], depth+1)
		if !in.exact() {
			return in
		}
		s := in.text()
		switch name {
		case "TrimSpace":
			s = strings.TrimSpace(s)
		case "ToLower":
			s = strings.ToLower(s)
		case "ToUpper":
			s = strings.ToUpper(s)
		}
		return constPart(s)
	case pkg == "strings" && (name == "ReplaceAll" && len(c.Args) == 3 || name == "Replace" && len(c.Args) == 4):
		in := fo.foldExpr(c.Args[0], depth+1)
		o, ok1 := fo.fold(c.Args[1])
		n, ok2 := fo.fold(c.Args[2])
		if !in.exact() || !ok1 || !ok2 {
			return in
		}
		return constPart(strings.ReplaceAll(in.text(), o, n))
	case pkg == "github.com/lib/pq" && name == "QuoteIdentifier" && len(c.Args) == 1:
		return fo.foldQuoted([]ast.Expr{c.Args[0]}, ".", depth)
	case pkg == "github.com/lib/pq" && (name == "CopyIn" && len(c.Args) >= 1 || name == "CopyInSchema" && len(c.Args) >= 2):
		// pq.CopyIn("users", "id", "email"): COPY "users" ("id", "email") FROM STDIN
		n := 1
		if name == "CopyInSchema" {
			n = 2
		}
		if c.Ellipsis.IsValid() {
			return dynPart("pq.%s with a spread column list", name)
		}
		out := append(constPart("COPY "), fo.foldQuoted(c.Args[:n], ".", depth)...)
		out = append(out, part{text: " ("})
		out = append(out, fo.foldQuoted(c.Args[n:], ", ", depth)...)
		return append(out, part{text: ") FROM STDIN"})
	case pkg == "github.com/jmoiron/sqlx" && name == "Rebind" && len(c.Args) == 2:
		return fo.foldExpr(c.Args[1], depth+1)
	}
	if v, ok := fo.foldReturn(c, depth); ok {
		return v
	}
	if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
		switch sel.Sel.Name {
		case "Rebind":
			if len(c.Args) == 1 {
				return fo.foldExpr(c.Args[0], depth+1)
			}
		case "Sanitize":
			if len(c.Args) == 0 {
				if v, ok := fo.foldPgxIdent(sel.X, depth); ok {
					return v
				}
			}
		case "String":
			if len(c.Args) == 0 {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					if o := fo.objOf(id); o != nil && len(fo.writes[o]) > 0 {
						return fo.foldBuilder(o, id, c, depth)
					}
				}
			}
		}
	}
	return dynPart("result of calling %s", exprString(c.Fun))
}

// foldPgxIdent folds pgx.Identifier{"schema", "table"}.Sanitize(): the
// parts quoted and joined with dots, as pgx does.
func (fo *folder) foldPgxIdent(x ast.Expr, depth int) (folded, bool) {
	cl := fo.literalOf(x)
	if cl == nil || len(cl.Elts) == 0 {
		return nil, false
	}
	typed := false
	if fo.info != nil {
		if t := fo.info.TypeOf(cl); t != nil {
			if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
				if n.Obj().Name() != "Identifier" || !bqPathIn(n.Obj().Pkg().Path(), modelPgxPaths) {
					return nil, false
				}
				typed = true
			}
		}
	}
	if !typed {
		s, ok := cl.Type.(*ast.SelectorExpr)
		if !ok || s.Sel.Name != "Identifier" {
			return nil, false
		}
		id, ok := s.X.(*ast.Ident)
		if !ok || fo.curFile == nil || !bqPathIn(fo.fileImports[fo.curFile][id.Name], modelPgxPaths) {
			return nil, false
		}
	}
	var out folded
	for i, el := range cl.Elts {
		if i > 0 {
			out = append(out, part{text: "."})
		}
		v := fo.foldExpr(el, depth+1)
		if !v.exact() {
			out = append(out, part{dyn: true, reason: "a part of the pgx.Identifier is computed at run time"})
			continue
		}
		out = append(out, part{text: pgQuoteIdent(v.text())})
	}
	return out, true
}

// foldQuoted folds each of args, quoted as an identifier the way pgx and
// lib/pq quote, joined by sep.
func (fo *folder) foldQuoted(args []ast.Expr, sep string, depth int) folded {
	var out folded
	for i, a := range args {
		if i > 0 {
			out = append(out, part{text: sep})
		}
		v := fo.foldExpr(a, depth+1)
		if !v.exact() {
			out = append(out, part{dyn: true, reason: "a quoted identifier is computed at run time"})
			continue
		}
		out = append(out, part{text: pgQuoteIdent(v.text())})
	}
	return out
}

// foldReturn folds a call of a function or method of this package whose
// body is a single `return <constant text>` (a TableName()-style helper).
func (fo *folder) foldReturn(c *ast.CallExpr, depth int) (folded, bool) {
	if fo.info == nil {
		return nil, false
	}
	var id *ast.Ident
	switch f := ast.Unparen(c.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	}
	if id == nil {
		return nil, false
	}
	fn, ok := fo.info.Uses[id].(*types.Func)
	if !ok {
		return nil, false
	}
	fd := fo.funcs[fn]
	if fd == nil || fd.Body == nil {
		return nil, false
	}
	if len(fd.Body.List) != 1 {
		// func queryFor(kind string) string { if …{ return qA }; return qB }:
		// one of its results
		if !fo.enum {
			return nil, false
		}
		rets := returnedExprs(fd)
		if len(rets) < 2 {
			return nil, false
		}
		return fo.choose(c, rets, "", depth), true
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, false
	}
	v := fo.foldExpr(ret.Results[0], depth+1)
	if !v.exact() {
		return nil, false
	}
	return v, true
}

// returnedExprs returns the results of fd's return statements (outside
// function literals) when fd returns a single string and every return
// names it; nil otherwise.
func returnedExprs(fd *ast.FuncDecl) []ast.Expr {
	if fd.Type.Results == nil || len(fd.Type.Results.List) != 1 || len(fd.Type.Results.List[0].Names) > 1 {
		return nil
	}
	if id, ok := fd.Type.Results.List[0].Type.(*ast.Ident); !ok || id.Name != "string" {
		return nil
	}
	var out []ast.Expr
	ok := true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				ok = false
				return false
			}
			out = append(out, n.Results[0])
		}
		return ok
	})
	if !ok {
		return nil
	}
	return out
}

// foldMapIndex folds m["key"] for a package-level map variable assigned
// once from a literal with constant keys and values.
func (fo *folder) foldMapIndex(e *ast.IndexExpr, depth int) (folded, bool) {
	id, ok := ast.Unparen(e.X).(*ast.Ident)
	if !ok {
		return nil, false
	}
	o := fo.objOf(id)
	v, ok := o.(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return nil, false
	}
	evs := fo.assign[o]
	if len(evs) != 1 || evs[0].rhs == nil {
		return nil, false
	}
	lit, ok := ast.Unparen(evs[0].rhs).(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	key, ok := fo.fold(e.Index)
	if !ok {
		// m[k] with a run-time key: any of the values
		if f := fo.choose(e, elements(lit, false), "", depth); f != nil {
			return f, true
		}
		return nil, false
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if k, ok := fo.fold(kv.Key); ok && k == key {
			val := fo.foldExpr(kv.Value, depth+1)
			return val, true
		}
	}
	return nil, false
}

func (fo *folder) foldBuilder(o types.Object, id *ast.Ident, at *ast.CallExpr, depth int) folded {
	declBlk := fo.declBlk[o]
	var out folded
	for _, ev := range fo.writes[o] {
		if ev.pos >= at.Pos() {
			break
		}
		c := ev.call
		var val folded
		name := ""
		if sel, ok := c.Fun.(*ast.SelectorExpr); ok {
			name = sel.Sel.Name
		}
		switch {
		case isFprintf(fo, c) && len(c.Args) >= 2:
			_, fn := fo.calleePkgFunc(c)
			if fn == "Fprintf" {
				val = fo.foldSprintf(c.Args[1], c.Args[2:], depth)
			} else {
				for _, a := range c.Args[1:] {
					val = append(val, fo.foldExpr(a, depth+1)...)
				}
			}
		case name == "Reset":
			out = nil
			continue
		case name == "WriteByte" || name == "WriteRune":
			if len(c.Args) == 1 {
				if v, ok := fo.constValue(c.Args[0]); ok {
					if i, ok := constant.Int64Val(constant.ToInt(v)); ok {
						val = constPart(string(rune(i)))
						break
					}
				}
			}
			val = dynPart("%s.%s of a computed value", id.Name, name)
		default:
			if len(c.Args) == 1 {
				val = fo.foldExpr(c.Args[0], depth+1)
			} else {
				val = dynPart("%s.%s", id.Name, name)
			}
		}
		if ev.block != declBlk {
			out = append(out, part{dyn: true, sep: true, reason: id.Name + " is written to conditionally or in a loop"})
			out = append(out, val...)
			out = append(out, part{dyn: true, sep: true, reason: id.Name + " is written to conditionally or in a loop"})
		} else {
			out = append(out, val...)
		}
	}
	return out
}

func (fo *folder) foldJoin(elems, sep ast.Expr, depth int) folded {
	s, ok := fo.fold(sep)
	if !ok {
		return dynPart("strings.Join with a computed separator")
	}
	lit, ok := ast.Unparen(elems).(*ast.CompositeLit)
	if !ok {
		if id, isID := ast.Unparen(elems).(*ast.Ident); isID {
			if o := fo.objOf(id); o != nil {
				evs := fo.assign[o]
				if len(evs) == 1 && evs[0].rhs != nil {
					lit, ok = ast.Unparen(evs[0].rhs).(*ast.CompositeLit)
				}
			}
		}
	}
	if !ok {
		return dynPart("strings.Join of a computed slice")
	}
	var out folded
	for i, el := range lit.Elts {
		if i > 0 {
			out = append(out, part{text: s})
		}
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		out = append(out, fo.foldExpr(el, depth+1)...)
	}
	return out
}

// foldSprintf folds fmt.Sprintf(format, args…).
func (fo *folder) foldSprintf(format ast.Expr, args []ast.Expr, depth int) folded {
	ff := fo.foldExpr(format, depth+1)
	if !ff.exact() {
		return ff
	}
	fs := ff.text()
	vals := make([]any, len(args))
	argParts := make([]folded, len(args))
	all := true
	for i, a := range args {
		if v, ok := fo.constValue(a); ok {
			fo.markUsed(a)
			switch v.Kind() {
			case constant.String:
				vals[i] = constant.StringVal(v)
			case constant.Int:
				if n, ok := constant.Int64Val(v); ok {
					vals[i] = n
				} else {
					vals[i] = v.ExactString()
				}
			case constant.Float:
				f, _ := constant.Float64Val(v)
				vals[i] = f
			case constant.Bool:
				vals[i] = constant.BoolVal(v)
			default:
				all = false
			}
			continue
		}
		p := fo.foldExpr(a, depth+1)
		argParts[i] = p
		if p.exact() {
			vals[i] = p.text()
		} else {
			all = false
		}
	}
	if all {
		return constPart(fmt.Sprintf(fs, vals...))
	}
	// split the format at its verbs; substitute what is known
	var out folded
	var lit strings.Builder
	ai := 0
	for i := 0; i < len(fs); i++ {
		if fs[i] != '%' {
			lit.WriteByte(fs[i])
			continue
		}
		j := i + 1
		for j < len(fs) && strings.IndexByte("+-# 0123456789.*[]", fs[j]) >= 0 {
			j++
		}
		if j >= len(fs) {
			break
		}
		if fs[j] == '%' {
			lit.WriteByte('%')
			i = j
			continue
		}
		spec := fs[i : j+1]
		i = j
		if strings.ContainsAny(spec, "[*") || ai >= len(args) {
			out = append(out, part{text: lit.String()})
			lit.Reset()
			out = append(out, part{dyn: true, reason: "fmt.Sprintf verb " + spec + " with an unknown argument"})
			ai++
			continue
		}
		if vals[ai] != nil {
			lit.WriteString(fmt.Sprintf(spec, vals[ai]))
		} else {
			out = append(out, part{text: lit.String()})
			lit.Reset()
			if argParts[ai] != nil {
				// keep the constant pieces of the argument itself
				out = append(out, part{dyn: true, reason: argParts[ai].reason()})
				out = append(out, argParts[ai]...)
				out = append(out, part{dyn: true, reason: argParts[ai].reason()})
			} else {
				out = append(out, part{dyn: true, reason: "fmt.Sprintf argument " + exprString(args[ai])})
			}
		}
		ai++
	}
	out = append(out, part{text: lit.String()})
	return out
}

func exprString(e ast.Expr) string {
	s := types.ExprString(e)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
