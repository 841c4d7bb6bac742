package analyzer

// Which JSON keys the code reads from a column it scans: a positional
// destination (rows.Scan(&name, &value)) that the same function then
// decodes with encoding/json (json.Unmarshal, json.NewDecoder(…).Decode)
// or protojson (protojson.Unmarshal, protojson.UnmarshalOptions{…}.Unmarshal,
// or a variable of that type) into a Go type rbcheck can name. The keys are
// the type's fields: for encoding/json their `json:"…"` names (or the field
// names), matched case-insensitively, embedded structs promoted; for
// protojson the `protobuf:"…,json=fooBar,…"` name and the proto name, which
// protojson accepts both, oneof wrappers included; nested message and
// struct fields as dotted paths, a few levels deep.
//
// The type may be chosen at run time among several the code shows: a
// function of the package returning different messages (a switch over a
// setting's name), or a package map of them. Each then carries the case
// (or map key) values that select it (DecodeType.When), so that the verdict
// can link a migration that pins the row (WHERE name = 'X') to the type the
// old code decodes that row into. A target rbcheck cannot follow is said
// (Decode.Unresolved), never taken for "reads no key".

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
)

// Decoders of Decode.Decoder.
const (
	DecoderJSON      = "encoding/json"
	DecoderProtojson = "protojson"
)

const protojsonPath = "google.golang.org/protobuf/encoding/protojson"

// jsonPkgs are the packages whose Unmarshal and NewDecoder(…).Decode decode
// like encoding/json (struct tags, case-insensitive keys).
var jsonPkgs = map[string]bool{
	"encoding/json": true, "github.com/goccy/go-json": true, "github.com/segmentio/encoding/json": true,
	"github.com/json-iterator/go": true, "github.com/bytedance/sonic": true,
}

// Decode is one positional destination of a scan that the code decodes as
// JSON.
type Decode struct {
	// Dest is the index of the destination (0 for the first result column).
	Dest int `json:"dest"`
	// Decoder is DecoderJSON or DecoderProtojson.
	Decoder string `json:"decoder"`
	// Pos is the decoding call.
	Pos Pos `json:"pos"`
	// Types are the types it decodes into; several when the code chooses
	// one at run time.
	Types []DecodeType `json:"types,omitempty"`
	// Elsewhere: the scanned value is also used outside its decoding calls
	// (returned, passed on, a field of a struct), so other code may read
	// other keys from it.
	Elsewhere bool `json:"elsewhere,omitempty"`
	// Unresolved says why (some of) the types are not known, as "into
	// `msg` (file:line:col), which comes from where rbcheck does not
	// follow"; "" when Types are all.
	Unresolved string `json:"unresolved,omitempty"`
}

// DecodeType is one Go type a column is decoded into.
type DecodeType struct {
	// Name is the type with its package name ("storepb.WorkspaceProfileSetting").
	Name string `json:"name"`
	Pos  Pos    `json:"pos"`
	// When are the values that select this type when the code chooses it
	// at run time: the case values of the switch whose branch returns it,
	// or its keys in a map (a string constant's value, or a protobuf enum
	// constant's value name: SettingName_WORKSPACE_PROFILE is
	// "WORKSPACE_PROFILE"); nil when it is not chosen by such a value.
	When []string `json:"when,omitempty"`
	// Fields are the keys the decoder reads into the type's fields.
	Fields []JSONField `json:"fields,omitempty"`
}

// JSONField is one key (or dotted path of keys) a decoder reads.
type JSONField struct {
	// Key is the dotted path of names ("maximumRoleExpiration",
	// "announcement.level"): the JSON names for protojson, the tag names
	// (or field names) for encoding/json.
	Key string `json:"key"`
	// Alt is, for protojson, the same path in proto names
	// ("maximum_role_expiration"), which protojson accepts too; "" when
	// the same as Key.
	Alt string `json:"alt,omitempty"`
	// Field is the Go field ("WorkspaceProfileSetting.MaximumRoleExpiration").
	Field string `json:"field"`
	Pos   Pos    `json:"pos"`
}

// String describes the decoding: "column 1 with protojson into
// storepb.A when WORKSPACE_PROFILE {externalUrl|external_url}, storepb.B …;
// not known: …".
func (d Decode) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "column %d with %s", d.Dest, d.Decoder)
	for i, t := range d.Types {
		if i == 0 {
			b.WriteString(" into ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(t.Name)
		if len(t.When) > 0 {
			b.WriteString(" when " + strings.Join(t.When, "|"))
		}
		var ks []string
		for _, f := range t.Fields {
			k := f.Key
			if f.Alt != "" {
				k += "|" + f.Alt
			}
			ks = append(ks, k)
		}
		b.WriteString(" {" + strings.Join(ks, " ") + "}")
	}
	if d.Unresolved != "" {
		b.WriteString("; not known: " + d.Unresolved)
	}
	if d.Elsewhere {
		b.WriteString("; the value is also used elsewhere")
	}
	return b.String()
}

// Reads reports whether the decoder reads key (a dotted path) into field
// f: each name equal to the JSON name or the proto name (protojson), or
// equal ignoring case (encoding/json).
func (d *Decode) Reads(f JSONField, key string) bool {
	ks, as, want := strings.Split(f.Key, "."), strings.Split(f.Alt, "."), strings.Split(key, ".")
	if len(ks) != len(want) {
		return false
	}
	for i, w := range want {
		switch {
		case ks[i] == w:
		case f.Alt != "" && len(as) == len(ks) && as[i] == w:
		case d.Decoder == DecoderJSON && strings.EqualFold(ks[i], w):
		default:
			return false
		}
	}
	return true
}

// maxDecodeDepth bounds how deep nested fields and run-time choices are
// followed.
const maxDecodeDepth = 4

// jsonDecodes reads, for a positional scan call, which destinations the
// enclosing function decodes as JSON after the scan.
func (c *pkgCore) jsonDecodes(scan *ast.CallExpr) []Decode {
	if c.info == nil {
		return nil
	}
	body := c.enclosingBody(scan)
	if body == nil {
		return nil
	}
	var out []Decode
	for i, a := range scan.Args {
		u, ok := ast.Unparen(a).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		dst := ast.Unparen(u.X)
		if c.destObj(dst) == nil {
			continue
		}
		first := len(out)
		var srcs []ast.Expr
		ast.Inspect(body, func(n ast.Node) bool {
			ce, ok := n.(*ast.CallExpr)
			if !ok || ce.Pos() < scan.End() {
				return true
			}
			dec, src, target := c.decodeCall(ce)
			if dec == "" || !c.mentions(src, dst) {
				return true
			}
			srcs = append(srcs, src)
			d := Decode{Dest: i, Decoder: dec, Pos: c.position(ce.Pos())}
			d.Types, d.Unresolved = c.decodeTargets(dec, target, body, 0)
			out = append(out, d)
			return false
		})
		if len(out) > first && c.usedElsewhere(dst, scan, body, srcs) {
			for j := first; j < len(out); j++ {
				out[j].Elsewhere = true
			}
		}
	}
	return out
}

// usedElsewhere reports whether the scanned value dst may reach code that
// is not one of its decoding calls (srcs): a field (the struct goes where
// the code sends it), or a local variable used after the scan outside
// those calls (returned, passed on, stored).
func (c *pkgCore) usedElsewhere(dst ast.Expr, scan *ast.CallExpr, body *ast.BlockStmt, srcs []ast.Expr) bool {
	id, ok := dst.(*ast.Ident)
	if !ok {
		return true
	}
	v := c.info.ObjectOf(id)
	if v == nil {
		return true
	}
	in := func(p token.Pos) bool {
		for _, s := range srcs {
			if p >= s.Pos() && p < s.End() {
				return true
			}
		}
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		x, ok := n.(*ast.Ident)
		if ok && x.Pos() >= scan.End() && c.info.ObjectOf(x) == v && !in(x.Pos()) {
			found = true
		}
		return true
	})
	return found
}

// destObj is the variable or field a scan destination names.
func (c *pkgCore) destObj(e ast.Expr) types.Object {
	switch x := e.(type) {
	case *ast.Ident:
		return c.info.ObjectOf(x)
	case *ast.SelectorExpr:
		return c.info.ObjectOf(x.Sel)
	}
	return nil
}

// mentions reports whether e contains dst (the same variable, or the same
// field of the same expression).
func (c *pkgCore) mentions(e, dst ast.Expr) bool {
	if e == nil {
		return false
	}
	want := c.destObj(dst)
	ds := types.ExprString(dst)
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if found {
			return false
		}
		x, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		switch x.(type) {
		case *ast.Ident, *ast.SelectorExpr:
			if c.destObj(x) == want && types.ExprString(x) == ds {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// decodeCall recognises a JSON decoding call: its decoder, the expression
// holding the data and the target.
func (c *pkgCore) decodeCall(ce *ast.CallExpr) (dec string, src, target ast.Expr) {
	sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr)
	if !ok || len(ce.Args) == 0 {
		return "", nil, nil
	}
	switch sel.Sel.Name {
	case "Unmarshal":
		if len(ce.Args) != 2 {
			return "", nil, nil
		}
		p := c.calleePath(ce)
		switch {
		case jsonPkgs[p]:
			return DecoderJSON, ce.Args[0], ce.Args[1]
		case p == protojsonPath || c.protojsonValue(sel.X):
			return DecoderProtojson, ce.Args[0], ce.Args[1]
		}
	case "Decode":
		// json.NewDecoder(r).Decode(&v)
		if len(ce.Args) != 1 {
			return "", nil, nil
		}
		nd, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if ok && calleeName(nd) == "NewDecoder" && jsonPkgs[c.calleePath(nd)] && len(nd.Args) == 1 {
			return DecoderJSON, nd.Args[0], ce.Args[0]
		}
	}
	return "", nil, nil
}

// protojsonValue reports whether x is a protojson.UnmarshalOptions value:
// a composite literal of it, or a variable or field declared (or
// initialised) as one.
func (c *pkgCore) protojsonValue(x ast.Expr) bool {
	x = ast.Unparen(x)
	if cl, ok := x.(*ast.CompositeLit); ok {
		if s, ok := cl.Type.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok {
				return c.importPath(id) == protojsonPath
			}
		}
	}
	if t := c.info.TypeOf(x); t != nil {
		if n, ok := astx.Deref(t).(*types.Named); ok && n.Obj().Pkg() != nil {
			return n.Obj().Pkg().Path() == protojsonPath
		}
	}
	return c.receiverPkg(x) == protojsonPath
}

// decodeTargets resolves the types target (the decoder's second argument)
// may hold.
func (c *pkgCore) decodeTargets(dec string, target ast.Expr, body *ast.BlockStmt, depth int) ([]DecodeType, string) {
	var out []DecodeType
	var why []string
	c.targetTypes(target, body, nil, depth, map[ast.Node]bool{}, func(t types.Type, when []string) {
		if dt, ok := c.decodeType(dec, t, when); ok {
			out = append(out, dt)
		}
	}, func(reason string) { why = append(why, reason) })
	return out, strings.Join(uniqStrings(why), "; ")
}

// targetTypes calls found with each type e may hold (the case values that
// choose it, when), and unresolved with why a value cannot be followed.
func (c *pkgCore) targetTypes(e ast.Expr, body *ast.BlockStmt, when []string, depth int, seen map[ast.Node]bool, found func(types.Type, []string), unresolved func(string)) {
	e = ast.Unparen(e)
	at := func() string {
		p := c.position(e.Pos())
		return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
	}
	if depth > maxDecodeDepth || seen[e] {
		unresolved("into `" + types.ExprString(e) + "` (" + at() + "), chosen too deep for rbcheck to follow")
		return
	}
	seen[e] = true
	if t := c.info.TypeOf(e); t != nil {
		if _, ok := astx.Deref(t).Underlying().(*types.Struct); ok {
			found(astx.Deref(t), when)
			return
		}
		if sl, ok := astx.Deref(t).Underlying().(*types.Slice); ok {
			if _, ok := astx.Deref(sl.Elem()).Underlying().(*types.Struct); ok {
				found(astx.Deref(sl.Elem()), when)
				return
			}
		}
		if m, ok := astx.Deref(t).Underlying().(*types.Map); ok {
			unresolved("into a " + types.TypeString(m, shortQualifier) + " (" + at() + "), whose keys the code reads by names rbcheck does not follow")
			return
		}
	}
	switch x := e.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			c.targetTypes(x.X, body, when, depth, seen, found, unresolved)
			return
		}
	case *ast.CompositeLit:
		if t := c.info.TypeOf(x); t != nil {
			found(t, when)
			return
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
			if t := c.info.TypeOf(x.Args[0]); t != nil {
				found(t, when)
				return
			}
		}
		if fn := c.calleeFunc(x); fn != nil {
			if rs, ok := c.returnedCases(fn); ok {
				for _, r := range rs {
					c.targetTypes(r.e, body, append(when[:len(when):len(when)], r.when...), depth+1, seen, found, unresolved)
				}
				return
			}
		}
		// m[k]() of a map of constructors
		if ix, ok := ast.Unparen(x.Fun).(*ast.IndexExpr); ok {
			if c.mapValues(ix, when, func(v ast.Expr, w []string) {
				if fl, ok := ast.Unparen(v).(*ast.FuncLit); ok {
					for _, r := range funcLitReturns(fl) {
						c.targetTypes(r, body, w, depth+1, seen, found, unresolved)
					}
					return
				}
				if fn := c.funcOf(v); fn != nil {
					if rs, ok := c.returnedCases(fn); ok {
						for _, r := range rs {
							c.targetTypes(r.e, body, append(w[:len(w):len(w)], r.when...), depth+1, seen, found, unresolved)
						}
						return
					}
				}
				unresolved("into what `" + types.ExprString(v) + "` makes, which rbcheck does not follow")
			}) {
				return
			}
		}
	case *ast.IndexExpr:
		if c.mapValues(x, when, func(v ast.Expr, w []string) { c.targetTypes(v, body, w, depth+1, seen, found, unresolved) }) {
			return
		}
	case *ast.TypeAssertExpr:
		if x.Type != nil {
			if t := c.info.TypeOf(x.Type); t != nil {
				found(t, when)
				return
			}
		}
	case *ast.Ident:
		o, ok := c.info.ObjectOf(x).(*types.Var)
		if ok && o.Parent() != nil && o.Parent() != o.Pkg().Scope() {
			vals := c.localValues(o, body)
			if len(vals) > 0 {
				for _, v := range vals {
					c.targetTypes(v, body, when, depth+1, seen, found, unresolved)
				}
				return
			}
		}
	}
	unresolved("into `" + types.ExprString(e) + "` (" + at() + "), which comes from where rbcheck does not follow")
}

func shortQualifier(p *types.Package) string { return p.Name() }

// localValues are the expressions assigned to the local variable v in body
// (`v := f()`, `v, err := f()`, `var v = …`, `v = …`); nil when one is
// not a plain assignment (a multi-value call's other result, a range).
func (c *pkgCore) localValues(v *types.Var, body *ast.BlockStmt) []ast.Expr {
	var out []ast.Expr
	bad := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || c.info.ObjectOf(id) != v {
					continue
				}
				switch {
				case len(n.Rhs) == len(n.Lhs):
					out = append(out, n.Rhs[i])
				case len(n.Rhs) == 1 && i == 0:
					// v, err := f(…): the function's first result
					out = append(out, n.Rhs[0])
				default:
					bad = true
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if c.info.ObjectOf(id) != v {
					continue
				}
				switch {
				case len(n.Values) == len(n.Names):
					out = append(out, n.Values[i])
				case len(n.Values) == 1 && i == 0:
					out = append(out, n.Values[0])
				default:
					bad = true
				}
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if id, ok := e.(*ast.Ident); ok && c.info.ObjectOf(id) == v {
					bad = true
				}
			}
		}
		return true
	})
	if bad {
		return nil
	}
	return out
}

// caseReturn is one value a function returns, with the case values of
// the switch branch that returns it.
type caseReturn struct {
	e    ast.Expr
	when []string
}

// returnedCases lists the first result of each return statement of the
// package's function fn, with the values of the enclosing switch case;
// false when fn is not declared here.
func (c *pkgCore) returnedCases(fn *types.Func) ([]caseReturn, bool) {
	for _, fd := range c.fo.FuncDecls() {
		if fd.Body == nil || c.info.Defs[fd.Name] != fn {
			continue
		}
		var out []caseReturn
		var stack []ast.Node
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			stack = append(stack, n)
			r, ok := n.(*ast.ReturnStmt)
			if !ok || len(r.Results) == 0 {
				return true
			}
			if id, ok := ast.Unparen(r.Results[0]).(*ast.Ident); ok && id.Name == "nil" {
				return true
			}
			var when []string
			for i := len(stack) - 1; i >= 0; i-- {
				if cc, ok := stack[i].(*ast.CaseClause); ok {
					for _, e := range cc.List {
						if v, ok := c.selector(e); ok {
							when = append(when, v)
						}
					}
					break
				}
			}
			out = append(out, caseReturn{e: r.Results[0], when: when})
			return true
		})
		return out, true
	}
	return nil, false
}

// funcLitReturns are the first results of a function literal's returns.
func funcLitReturns(fl *ast.FuncLit) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(fl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return n == fl
		case *ast.ReturnStmt:
			if len(n.Results) > 0 {
				out = append(out, n.Results[0])
			}
		}
		return true
	})
	return out
}

// funcOf is the function a value names (f, pkg.F).
func (c *pkgCore) funcOf(e ast.Expr) *types.Func {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		fn, _ := c.info.ObjectOf(x).(*types.Func)
		return fn
	case *ast.SelectorExpr:
		fn, _ := c.info.ObjectOf(x.Sel).(*types.Func)
		return fn
	}
	return nil
}

// mapValues calls visit with each value of the package map variable ix
// indexes (a composite literal), and the key that selects it; false when
// ix is not such a map.
func (c *pkgCore) mapValues(ix *ast.IndexExpr, when []string, visit func(ast.Expr, []string)) bool {
	id, ok := ast.Unparen(ix.X).(*ast.Ident)
	if !ok {
		if s, ok := ast.Unparen(ix.X).(*ast.SelectorExpr); ok {
			id = s.Sel
		} else {
			return false
		}
	}
	v, ok := c.info.ObjectOf(id).(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return false
	}
	lit := c.varInit(v)
	if lit == nil {
		return false
	}
	if _, ok := c.info.TypeOf(lit).Underlying().(*types.Map); !ok {
		return false
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		w := when[:len(when):len(when)]
		if k, ok := c.selector(kv.Key); ok {
			w = append(w, k)
		}
		visit(kv.Value, w)
	}
	return true
}

// varInit is the composite literal a package variable of this package is
// initialised with; nil when it is not one.
func (c *pkgCore) varInit(v *types.Var) *ast.CompositeLit {
	for _, f := range c.files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, sp := range gd.Specs {
				vs, ok := sp.(*ast.ValueSpec)
				if !ok || len(vs.Values) != len(vs.Names) {
					continue
				}
				for i, n := range vs.Names {
					if c.info.Defs[n] == v {
						cl, _ := ast.Unparen(vs.Values[i]).(*ast.CompositeLit)
						return cl
					}
				}
			}
		}
	}
	return nil
}

// selector is the value a case or map key stands for: a string constant's
// value, or a protobuf enum constant's value name (SettingName_WORKSPACE_PROFILE
// of type SettingName is "WORKSPACE_PROFILE"), or an integer constant's
// name.
func (c *pkgCore) selector(e ast.Expr) (string, bool) {
	tv, ok := c.info.Types[e]
	if ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value), true
	}
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return "", false
	}
	k, ok := c.info.ObjectOf(id).(*types.Const)
	if !ok {
		return "", false
	}
	if n, ok := k.Type().(*types.Named); ok && strings.HasPrefix(k.Name(), n.Obj().Name()+"_") {
		return strings.TrimPrefix(k.Name(), n.Obj().Name()+"_"), true
	}
	return k.Name(), true
}

// decodeType is t (a struct, or a pointer to one) as a decoder reads it.
func (c *pkgCore) decodeType(dec string, t types.Type, when []string) (DecodeType, bool) {
	t = astx.Deref(t)
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return DecodeType{}, false
	}
	dt := DecodeType{Name: types.TypeString(t, shortQualifier), When: when}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		dt.Pos = c.position(n.Obj().Pos())
	}
	c.structKeys(dec, t, st, "", "", 0, map[types.Type]bool{}, &dt.Fields)
	return dt, true
}

// structKeys appends the keys the decoder reads into st's fields, under
// the dotted prefixes key and alt.
func (c *pkgCore) structKeys(dec string, t types.Type, st *types.Struct, key, alt string, depth int, seen map[types.Type]bool, out *[]JSONField) {
	if depth > maxDecodeDepth || seen[t] {
		return
	}
	seen[t] = true
	defer delete(seen, t)
	owner := types.TypeString(t, shortQualifier)
	if i := strings.LastIndexByte(owner, '.'); i >= 0 {
		owner = owner[i+1:]
	}
	join := func(p, n string) string {
		if p == "" {
			return n
		}
		return p + "." + n
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		tag := reflect.StructTag(st.Tag(i))
		var name, pname string
		switch dec {
		case DecoderProtojson:
			if oneof := tag.Get("protobuf_oneof"); oneof != "" {
				c.oneofKeys(f, key, alt, depth, seen, out)
				continue
			}
			pb := tag.Get("protobuf")
			if pb == "" {
				continue
			}
			for _, part := range strings.Split(pb, ",") {
				switch {
				case strings.HasPrefix(part, "name="):
					pname = strings.TrimPrefix(part, "name=")
				case strings.HasPrefix(part, "json="):
					name = strings.TrimPrefix(part, "json=")
				}
			}
			if name == "" {
				name = pname
			}
			if name == "" {
				continue
			}
		default:
			if !f.Exported() && !f.Embedded() {
				continue
			}
			jt := tag.Get("json")
			if jt == "-" {
				continue
			}
			name, _, _ = strings.Cut(jt, ",")
			if name == "" && f.Embedded() {
				// promoted fields
				ft := astx.Deref(f.Type())
				if est, ok := ft.Underlying().(*types.Struct); ok {
					c.structKeys(dec, ft, est, key, alt, depth, seen, out)
				}
				continue
			}
			if !f.Exported() {
				continue
			}
			if name == "" {
				name = f.Name()
			}
		}
		k := join(key, name)
		a := ""
		if pname != "" && pname != name || alt != "" {
			if pname == "" {
				pname = name
			}
			a = join(altOr(alt, key), pname)
		}
		*out = append(*out, JSONField{Key: k, Alt: a, Field: owner + "." + f.Name(), Pos: c.position(f.Pos())})
		ft := astx.Deref(f.Type())
		if fst, ok := ft.Underlying().(*types.Struct); ok {
			if _, named := types.Unalias(ft).(*types.Named); named {
				c.structKeys(dec, ft, fst, k, a, depth+1, seen, out)
			}
		}
	}
}

func altOr(alt, key string) string {
	if alt != "" {
		return alt
	}
	return key
}

// oneofKeys appends the keys of a protobuf oneof field: the single field
// of each wrapper type of the message's package that implements the
// field's interface.
func (c *pkgCore) oneofKeys(f *types.Var, key, alt string, depth int, seen map[types.Type]bool, out *[]JSONField) {
	iface, ok := f.Type().Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 || f.Pkg() == nil {
		return
	}
	sc := f.Pkg().Scope()
	names := sc.Names()
	sort.Strings(names)
	for _, n := range names {
		tn, ok := sc.Lookup(n).(*types.TypeName)
		if !ok {
			continue
		}
		wst, ok := tn.Type().Underlying().(*types.Struct)
		if !ok || wst.NumFields() != 1 || !types.Implements(types.NewPointer(tn.Type()), iface) {
			continue
		}
		c.structKeys(DecoderProtojson, tn.Type(), wst, key, alt, depth, seen, out)
	}
}

func uniqStrings(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
