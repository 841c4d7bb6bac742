package fold

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

func isFprintf(fo *Folder, c *ast.CallExpr) bool {
	p, name := fo.calleePkgFunc(c)
	return p == "fmt" && (name == "Fprintf" || name == "Fprint")
}

// calleePkgFunc returns the package path and name of a package-level
// function call (fmt.Sprintf), from type information or, when that is
// missing, from the file's imports.
func (fo *Folder) calleePkgFunc(c *ast.CallExpr) (string, string) {
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
		if fo.CurFile != nil {
			if p, ok := fo.fileImports[fo.CurFile][x.Name]; ok {
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

func (fo *Folder) foldCall(c *ast.CallExpr, depth int) Value {
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
		var out Value
		for _, a := range c.Args {
			out = append(out, fo.foldExpr(a, depth+1)...)
		}
		return out
	case pkg == "strings" && name == "Join" && len(c.Args) == 2:
		return fo.foldJoin(c.Args[0], c.Args[1], depth)
	case pkg == "strings" && len(c.Args) == 1 && (name == "TrimSpace" || name == "ToLower" || name == "ToUpper"):
		in := fo.foldExpr(c.Args[0], depth+1)
		if !in.Exact() {
			return in
		}
		s := in.Text()
		switch name {
		case "TrimSpace":
			s = strings.TrimSpace(s)
		case "ToLower":
			s = strings.ToLower(s)
		case "ToUpper":
			s = strings.ToUpper(s)
		}
		return Const(s)
	case pkg == "strings" && (name == "ReplaceAll" && len(c.Args) == 3 || name == "Replace" && len(c.Args) == 4):
		in := fo.foldExpr(c.Args[0], depth+1)
		o, ok1 := fo.Fold(c.Args[1])
		n, ok2 := fo.Fold(c.Args[2])
		if !in.Exact() || !ok1 || !ok2 {
			return in
		}
		return Const(strings.ReplaceAll(in.Text(), o, n))
	}
	if pkg == "strconv" && (name == "Itoa" && len(c.Args) == 1 || name == "FormatInt" && len(c.Args) == 2) {
		if n, ok := fo.intConst(c.Args[0], depth); ok {
			base := int64(10)
			if name == "FormatInt" {
				if b, ok := fo.intConst(c.Args[1], depth); ok && b >= 2 && b <= 36 {
					base = b
				} else {
					return Dyn("strconv.FormatInt with a computed base")
				}
			}
			return Const(strconv.FormatInt(n, int(base)))
		}
	}
	if v, ok := fo.foldLibCall(pkg, name, c, depth); ok {
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
	if v, ok := fo.foldReturn(c, depth); ok {
		return v
	}
	return Dyn("result of calling %s", exprString(c.Fun))
}

// foldReturn folds a call of a function or method of this package whose
// body is a single `return <constant text>` (a TableName()-style helper).
func (fo *Folder) foldReturn(c *ast.CallExpr, depth int) (Value, bool) {
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
	fn = fn.Origin()
	fd := fo.funcs[fn]
	if fd == nil || fd.Body == nil {
		// a function of another package: the results its analysis recorded
		if fo.Facts != nil && fn.Pkg() != nil && fn.Pkg() != fo.pkg {
			if tmpls, ok := fo.Facts.Returns(fn); ok {
				return fo.instantiate(c, tmpls, depth), true
			}
		}
		return nil, false
	}
	if fo.inlining[fn] {
		return nil, false // recursion
	}
	rets := returnedExprs(fd)
	if len(rets) == 0 {
		return nil, false
	}
	if len(rets) > 1 && !fo.enum {
		return nil, false
	}
	// the parameters stand for the call's arguments while the results fold
	restore := fo.bind(fd, c)
	defer restore()
	fo.inlining[fn] = true
	defer delete(fo.inlining, fn)
	if len(rets) == 1 {
		v := fo.foldExpr(rets[0], depth+1)
		if !v.hasText() {
			return nil, false // nothing known: "result of calling f" says more
		}
		return v, true
	}
	// func queryFor(kind string) string { if …{ return qA }; return qB }:
	// one of its results
	return fo.choose(c, rets, "", depth), true
}

// bind makes fd's parameters stand for call c's arguments (see foldIdent)
// and returns what undoes it.
func (fo *Folder) bind(fd *ast.FuncDecl, c *ast.CallExpr) func() {
	if c.Ellipsis.IsValid() || fd.Type.Params == nil {
		return func() {}
	}
	type saved struct {
		o   types.Object
		old ast.Expr
		had bool
	}
	var undo []saved
	i := 0
	for _, fl := range fd.Type.Params.List {
		if _, variadic := fl.Type.(*ast.Ellipsis); variadic {
			break
		}
		names := fl.Names
		if len(names) == 0 {
			i++
			continue
		}
		for _, n := range names {
			if i >= len(c.Args) {
				break
			}
			if o := fo.info.Defs[n]; o != nil {
				old, had := fo.bound[o]
				undo = append(undo, saved{o, old, had})
				fo.bound[o] = c.Args[i]
			}
			i++
		}
	}
	return func() {
		for _, u := range undo {
			if u.had {
				fo.bound[u.o] = u.old
			} else {
				delete(fo.bound, u.o)
			}
		}
	}
}

// instantiate folds a call of another package's function from the results
// its analysis recorded, each parameter piece replaced by the call's
// argument.
func (fo *Folder) instantiate(c *ast.CallExpr, tmpls []Value, depth int) Value {
	one := func(t Value) Value {
		var out Value
		for _, p := range t {
			if p.Param == 0 {
				out = append(out, p)
				continue
			}
			if i := p.Param - 1; i < len(c.Args) && !c.Ellipsis.IsValid() {
				out = append(out, fo.foldExpr(c.Args[i], depth+1)...)
				continue
			}
			out = append(out, Part{Dyn: true, Reason: "an argument of " + exprString(c.Fun)})
		}
		return out
	}
	if len(tmpls) == 1 {
		return one(tmpls[0])
	}
	if !fo.enum {
		return Dyn("result of calling %s", exprString(c.Fun))
	}
	return one(tmpls[fo.pick(c, len(tmpls))])
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
func (fo *Folder) foldMapIndex(e *ast.IndexExpr, depth int) (Value, bool) {
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
	key, ok := fo.Fold(e.Index)
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
		if k, ok := fo.Fold(kv.Key); ok && k == key {
			val := fo.foldExpr(kv.Value, depth+1)
			return val, true
		}
	}
	return nil, false
}

func (fo *Folder) foldBuilder(o types.Object, id *ast.Ident, at *ast.CallExpr, depth int) Value {
	declBlk := fo.declBlk[o]
	var out Value
	for _, ev := range fo.writes[o] {
		if ev.pos >= at.Pos() {
			break
		}
		c := ev.call
		var val Value
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
						val = Const(string(rune(i)))
						break
					}
				}
			}
			val = Dyn("%s.%s of a computed value", id.Name, name)
		default:
			if len(c.Args) == 1 {
				val = fo.foldExpr(c.Args[0], depth+1)
			} else {
				val = Dyn("%s.%s", id.Name, name)
			}
		}
		if ev.block != declBlk {
			out = append(out, Part{Dyn: true, Sep: true, Reason: id.Name + " is written to conditionally or in a loop"})
			out = append(out, val...)
			out = append(out, Part{Dyn: true, Sep: true, Reason: id.Name + " is written to conditionally or in a loop"})
		} else {
			out = append(out, val...)
		}
	}
	return out
}

func (fo *Folder) foldJoin(elems, sep ast.Expr, depth int) Value {
	s, ok := fo.Fold(sep)
	if !ok {
		return Dyn("strings.Join with a computed separator")
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
		if id, isID := ast.Unparen(elems).(*ast.Ident); isID {
			if els, ok := fo.sliceElems(id, depth); ok {
				var out Value
				for i, el := range els {
					if i > 0 {
						out = append(out, Part{Text: s})
					}
					out = append(out, el...)
				}
				return out
			}
		}
		return Dyn("strings.Join of a computed slice")
	}
	var out Value
	for i, el := range lit.Elts {
		if i > 0 {
			out = append(out, Part{Text: s})
		}
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		out = append(out, fo.foldExpr(el, depth+1)...)
	}
	return out
}

// foldSprintf folds fmt.Sprintf(format, args…).
func (fo *Folder) foldSprintf(format ast.Expr, args []ast.Expr, depth int) Value {
	ff := fo.foldExpr(format, depth+1)
	if !ff.Exact() {
		return ff
	}
	fs := ff.Text()
	vals := make([]any, len(args))
	argParts := make([]Value, len(args))
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
		if p.Exact() {
			vals[i] = p.Text()
		} else {
			all = false
		}
	}
	if all {
		return Const(fmt.Sprintf(fs, vals...))
	}
	// split the format at its verbs; substitute what is known
	var out Value
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
			out = append(out, Part{Text: lit.String()})
			lit.Reset()
			out = append(out, Part{Dyn: true, Reason: "fmt.Sprintf verb " + spec + " with an unknown argument"})
			ai++
			continue
		}
		if vals[ai] != nil {
			lit.WriteString(fmt.Sprintf(spec, vals[ai]))
		} else {
			out = append(out, Part{Text: lit.String()})
			lit.Reset()
			if len(argParts[ai]) == 1 && argParts[ai][0].Param > 0 && (spec == "%s" || spec == "%v") {
				// a parameter of a function being summarised: its argument
				// goes here as it is
				out = append(out, argParts[ai]...)
			} else if argParts[ai] != nil {
				// keep the constant pieces of the argument itself
				out = append(out, Part{Dyn: true, Reason: argParts[ai].Reason()})
				out = append(out, argParts[ai]...)
				out = append(out, Part{Dyn: true, Reason: argParts[ai].Reason()})
			} else {
				out = append(out, Part{Dyn: true, Reason: "fmt.Sprintf argument " + exprString(args[ai])})
			}
		}
		ai++
	}
	out = append(out, Part{Text: lit.String()})
	return out
}

// intConst returns the integer constant e is (through the arguments a
// folded call binds to its parameters).
func (fo *Folder) intConst(e ast.Expr, depth int) (int64, bool) {
	if depth > maxFoldDepth {
		return 0, false
	}
	e = ast.Unparen(e)
	if v, ok := fo.constValue(e); ok {
		if n, ok := constant.Int64Val(constant.ToInt(v)); ok {
			return n, true
		}
		return 0, false
	}
	if id, ok := e.(*ast.Ident); ok {
		if o := fo.objOf(id); o != nil && fo.params[o] && len(fo.assign[o]) == 0 {
			if arg, ok := fo.bound[o]; ok {
				return fo.intConst(arg, depth+1)
			}
		}
	}
	return 0, false
}

// sliceElems folds the elements a local slice variable may hold at id: the
// union of its literal's elements and of every value appended to it before
// id (`fields = append(fields, "c")`, also conditionally, in a loop, or in
// a closure of the function called with the column: `add("c", v)`), each
// element once. A column list built this way names every column some run
// writes. ok is false when the slice is changed in any other way.
func (fo *Folder) sliceElems(id *ast.Ident, depth int) ([]Value, bool) {
	o, ok := fo.objOf(id).(*types.Var)
	if !ok || fo.params[o] || o.Parent() == nil || o.Pkg() == nil || o.Parent() == o.Pkg().Scope() {
		return nil, false
	}
	if _, isSlice := o.Type().Underlying().(*types.Slice); !isSlice {
		return nil, false
	}
	var out []Value
	seen := map[string]bool{}
	add := func(v Value) {
		k := variantKey(v)
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	addArgs := func(args []ast.Expr, spread bool) bool {
		if spread {
			last := args[len(args)-1]
			cl := fo.literalOf(last)
			if cl == nil {
				return false
			}
			args = append(append([]ast.Expr(nil), args[:len(args)-1]...), elements(cl, false)...)
		}
		for _, a := range args {
			add(fo.foldExpr(a, depth+1))
		}
		return true
	}
	evs := fo.assign[o]
	if len(evs) == 0 {
		return nil, false
	}
	for _, ev := range evs {
		if ev.op == token.AND {
			return nil, false
		}
		if ev.rhs == nil {
			if ev.decl && ev.multi == nil {
				continue // var fields []string
			}
			return nil, false
		}
		rhs := ast.Unparen(ev.rhs)
		switch r := rhs.(type) {
		case *ast.CompositeLit:
			for _, el := range elements(r, false) {
				add(fo.foldExpr(el, depth+1))
			}
			continue
		case *ast.Ident:
			if r.Name == "nil" {
				continue
			}
			return nil, false
		case *ast.CallExpr:
			if fn, ok := r.Fun.(*ast.Ident); ok && fn.Name == "make" {
				continue
			}
			fn, ok := r.Fun.(*ast.Ident)
			if !ok || fn.Name != "append" || len(r.Args) == 0 {
				return nil, false
			}
			if first, ok := ast.Unparen(r.Args[0]).(*ast.Ident); !ok || fo.objOf(first) != o {
				return nil, false
			}
			if len(r.Args) == 1 {
				continue
			}
			if lit, ok := ev.fn.(*ast.FuncLit); ok && fo.closureOf(lit) != nil {
				// appended in a closure: once per call of it, its
				// parameters standing for the call's arguments
				for _, call := range fo.calls[fo.closureOf(lit)] {
					if call.Pos() >= id.Pos() {
						continue
					}
					restore := fo.bindLit(lit, call)
					ok := addArgs(r.Args[1:], r.Ellipsis.IsValid())
					restore()
					if !ok {
						return nil, false
					}
				}
				continue
			}
			if ev.pos >= id.Pos() {
				continue
			}
			if !addArgs(r.Args[1:], r.Ellipsis.IsValid()) {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return out, len(out) > 0
}

// closureOf returns the variable a function literal is assigned to, once.
func (fo *Folder) closureOf(lit *ast.FuncLit) types.Object {
	for o, evs := range fo.assign {
		if len(evs) == 1 && evs[0].rhs != nil && ast.Unparen(evs[0].rhs) == lit {
			return o
		}
	}
	return nil
}

// bindLit makes a function literal's parameters stand for a call's
// arguments and returns what undoes it.
func (fo *Folder) bindLit(lit *ast.FuncLit, c *ast.CallExpr) func() {
	return fo.bind(&ast.FuncDecl{Type: lit.Type}, c)
}
