package fold

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// altChoice: a several-valued piece met while folding, keyed by what
// makes its uses agree (a field, a range statement's operand, an index
// expression)
type altChoice struct {
	node any
	n    int
}

// maxVariants bounds the values one SQL argument is folded to.
const maxVariants = 256

// pick returns which of n values of node the current fold takes: the first
// outside Variants, else the one Variants asks for.
func (fo *Folder) pick(node any, n int) int {
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
// and nothing open it is that value; otherwise, outside Variants, the
// node is dynamic.
func (fo *Folder) choose(node any, alts []ast.Expr, open string, depth int) Value {
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
		return Dyn("%s", open)
	}
	return fo.foldExpr(alts[i], depth+1)
}

// Variants folds e once per combination of the values its
// several-valued pieces may take (at most maxVariants, then a dynamic
// entry says so); identical results are returned once.
func (fo *Folder) Variants(e ast.Expr) []Value {
	fo.enum = true
	defer func() { fo.enum, fo.altPick, fo.altSeen = false, nil, nil }()
	queue := []map[any]int{{}}
	var out []Value
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
		if seen[key] || (v.Exact() && strings.TrimSpace(v.Text()) == "" && (len(out) > 0 || len(queue) > 0)) {
			// the same text again, or the empty value a variable has
			// before a branch assigns it
			continue
		}
		seen[key] = true
		out = append(out, v)
	}
	if len(queue) > 0 {
		out = append(out, Dyn("more than %d possible values", maxVariants))
	}
	return out
}

func variantKey(v Value) string {
	var b strings.Builder
	for _, p := range v {
		if p.Dyn || p.Embed {
			b.WriteString("\x00" + p.Reason + "\x00")
			continue
		}
		b.WriteString(p.Text)
	}
	return b.String()
}

// foldRangeField folds p.f where p ranges over a literal of struct
// literals (`for _, p := range []pair{{"users", "email"}, …}`): each
// element's own value of f, so p.a and p.b of one element go together.
func (fo *Folder) foldRangeField(sel *ast.SelectorExpr, v *types.Var, depth int) (Value, bool) {
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
func (fo *Folder) literalOf(x ast.Expr) *ast.CompositeLit {
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

func (fo *Folder) isMapLit(cl *ast.CompositeLit) bool {
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

// localAlternatives lists the values a local variable may hold at id when
// it is reassigned in a branch or loop (`var q string; switch k { case
// "a": q = "…"; case "b": q = "…" }`): each value is a list of pieces to
// concatenate. ok is false when the variable is never reassigned that way
// or is changed in a way it does not follow.
func (fo *Folder) localAlternatives(id *ast.Ident, evs []varEvent, declBlk ast.Node) ([][]ast.Expr, bool) {
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
