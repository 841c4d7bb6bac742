package analyzer

// Model writers: functions and methods of the project that pass one of
// their parameters as the model of an ORM write (gorm's Create, Save,
// Updates, Delete; hashicorp/go-dbw's Create, Update, Delete, which
// boundary's db.Writer wraps). A call of one with a model of a known type
// is that write on the model's table: `w.Delete(ctx, lib)` with lib a
// *CredentialLibrary whose TableName() is "credential_vault_library" is a
// DELETE of credential_vault_library. Like SQL wrappers (wrappers.go),
// model writers are found iterating until nothing changes, cross packages
// as facts (ModelWriteFact), and a method of an interface some of whose
// implementations in view are model writers is one too.

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/builder"
	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
)

// ModelWriteFact marks a function or method that passes its parameter Arg
// (receiver excluded) as the model of an ORM write: Op is "create" (an
// INSERT of every column of the model), "save" (an UPDATE of every
// column), "update" (an UPDATE of columns chosen at run time), "delete"
// (gorm's soft delete when the model has a DeletedAt) or "hard-delete"
// (gorm's Unscoped().Delete).
type ModelWriteFact struct {
	Arg int
	Op  string
	Via string // the library underneath: "gorm", "go-dbw"
}

func (*ModelWriteFact) AFact() {}

func (f *ModelWriteFact) String() string {
	return fmt.Sprintf("model %s arg %d via %s", f.Op, f.Arg, f.Via)
}

// dbwPaths: hashicorp/go-dbw, a wrapper of gorm whose RW writes the model
// it is given.
var dbwPaths = []string{"github.com/hashicorp/go-dbw"}

// modelWriteMethod is a library method that writes the model passed at arg.
type modelWriteMethod struct {
	arg int
	op  string
}

var (
	gormModelWrites = map[string]modelWriteMethod{"Create": {0, "create"}, "CreateInBatches": {0, "create"},
		"Save": {0, "save"}, "Updates": {0, "update"}, "Delete": {0, "delete"}}
	dbwModelWrites = map[string]modelWriteMethod{"Create": {1, "create"}, "CreateItems": {1, "create"},
		"Update": {1, "update"}, "Delete": {1, "delete"}, "DeleteItems": {1, "delete"}}
	// gormScopeMethods keep a gorm chain's model the one its terminal is
	// given (Model and Table name another)
	gormScopeMethods = map[string]bool{"WithContext": true, "Session": true, "Debug": true, "Unscoped": true,
		"Where": true, "Or": true, "Not": true, "Omit": true, "Select": true, "Clauses": true, "Limit": true, "Scopes": true}
)

// libModelWrite reports whether call is a write of a library (gorm,
// go-dbw) of the model at the returned argument index.
func (c *pkgCore) libModelWrite(call *ast.CallExpr) (modelWriteMethod, string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return modelWriteMethod{}, "", false
	}
	gm, isGorm := gormModelWrites[sel.Sel.Name]
	dm, isDbw := dbwModelWrites[sel.Sel.Name]
	if !isGorm && !isDbw {
		return modelWriteMethod{}, "", false
	}
	lib := c.modelLib(sel.X, 0)
	switch {
	case isGorm && libs.PathIn(lib, libs.Gorm.Paths):
		if gm.op == "delete" && unscopedChain(sel.X) {
			gm.op = "hard-delete" // no soft delete
		}
		return gm, "gorm", gm.arg < len(call.Args)
	case isDbw && libs.PathIn(lib, dbwPaths):
		return dm, "go-dbw", dm.arg < len(call.Args)
	}
	return modelWriteMethod{}, "", false
}

// modelLib returns the import path of the library x is a handle of: the
// package of its type (or declared type, when that package is not
// loaded), the package of the function whose call made it
// (`dbw.New(conn)`), or that of the gorm chain it continues
// (`db.WithContext(ctx)`); "" when not known or when the chain names its
// own model (`db.Model(&T{})`).
func (c *pkgCore) modelLib(x ast.Expr, depth int) string {
	x = ast.Unparen(x)
	if depth > 8 {
		return ""
	}
	if c.info != nil {
		if t := c.info.TypeOf(x); t != nil {
			if n, ok := astx.Deref(t).(*types.Named); ok && n.Obj().Pkg() != nil {
				p := n.Obj().Pkg().Path()
				if libs.PathIn(p, libs.Gorm.Paths) || libs.PathIn(p, dbwPaths) {
					if call, ok := x.(*ast.CallExpr); ok && c.namesModel(call) {
						return ""
					}
					return p
				}
			}
		}
	}
	if call, ok := x.(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				if p := c.importPath(id); p != "" {
					return p // dbw.New(conn)
				}
			}
			if gormScopeMethods[sel.Sel.Name] {
				if p := c.modelLib(sel.X, depth+1); libs.PathIn(p, libs.Gorm.Paths) {
					return p
				}
			}
			return ""
		}
	}
	return c.declLib(x)
}

// unscopedChain: the gorm chain x calls Unscoped() (db.Unscoped().Where(…)).
func unscopedChain(x ast.Expr) bool {
	for i := 0; i < 16; i++ {
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if sel.Sel.Name == "Unscoped" {
			return true
		}
		x = sel.X
	}
	return false
}

// namesModel: a gorm chain call that names its model or table itself
// somewhere below (db.Model(&T{}).Where(…)).
func (c *pkgCore) namesModel(call *ast.CallExpr) bool {
	for i := 0; i < 16; i++ {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if sel.Sel.Name == "Model" || sel.Sel.Name == "Table" {
			return true
		}
		next, ok := ast.Unparen(sel.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		call = next
	}
	return false
}

// modelWriter reports whether fn writes the model passed at one of its
// parameters: this package's model writers, other packages' facts, and
// methods of interfaces implemented by one.
func (c *pkgCore) modelWriter(fn *types.Func) (*ModelWriteFact, bool) {
	fn = fn.Origin()
	if f, ok := c.modelWriters[fn]; ok {
		return f, true
	}
	if c.facts != nil {
		if f, ok := c.facts.getModelWrite(fn); ok {
			return f, true
		}
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil || fn.Pkg() == nil {
		return nil, false
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return nil, false
	}
	if e, ok := c.implModelWrites[fn]; ok && (e.f != nil || e.writers == len(c.modelWriters)) {
		return e.f, e.f != nil
	}
	if c.implModelWrites == nil {
		c.implModelWrites = map[*types.Func]implModelWriteEntry{}
	}
	c.implModelWrites[fn] = implModelWriteEntry{writers: len(c.modelWriters)} // a cycle finds nothing
	var found *ModelWriteFact
	eachImpl(fn, iface, c.pkg, func(impl *types.Func) bool {
		if f, ok := c.modelWriter(impl); ok {
			found = f
			return false
		}
		return true
	})
	c.implModelWrites[fn] = implModelWriteEntry{f: found, writers: len(c.modelWriters)}
	return found, found != nil
}

type implModelWriteEntry struct {
	f       *ModelWriteFact
	writers int
}

// eachImpl calls yield with the method fn of each named non-interface type
// of fn's package and of pkg whose pointer implements iface, until yield
// returns false.
func eachImpl(fn *types.Func, iface *types.Interface, pkg *types.Package, yield func(impl *types.Func) bool) {
	pkgs := []*types.Package{fn.Pkg()}
	if pkg != nil && pkg != fn.Pkg() {
		pkgs = append(pkgs, pkg)
	}
	for _, p := range pkgs {
		sc := p.Scope()
		for _, name := range sc.Names() {
			tn, isTN := sc.Lookup(name).(*types.TypeName)
			if !isTN || tn.IsAlias() {
				continue
			}
			named, isNamed := tn.Type().(*types.Named)
			if !isNamed || types.IsInterface(named) || named.TypeParams().Len() > 0 {
				continue
			}
			ptr := types.NewPointer(named)
			if !types.Implements(ptr, iface) {
				continue
			}
			obj, _, _ := types.LookupFieldOrMethod(ptr, false, fn.Pkg(), fn.Name())
			impl, isFunc := obj.(*types.Func)
			if !isFunc || impl == fn {
				continue
			}
			if !yield(impl) {
				return
			}
		}
	}
}

// callModelWrite classifies call as a model write: a library's (gorm,
// go-dbw) or a model writer's. argIdx is the model argument.
func (c *pkgCore) callModelWrite(call *ast.CallExpr) (ModelWriteFact, string, bool) {
	if m, lib, ok := c.libModelWrite(call); ok {
		return ModelWriteFact{Arg: m.arg, Op: m.op, Via: lib}, lib, true
	}
	fn := c.calleeFunc(call)
	if fn == nil {
		return ModelWriteFact{}, "", false
	}
	mf, ok := c.modelWriter(fn)
	if !ok || mf.Arg >= len(call.Args) {
		return ModelWriteFact{}, "", false
	}
	via := "wrapper " + wrapperName(fn)
	if sig, _ := fn.Type().(*types.Signature); sig != nil && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		via = "interface " + recvTypeName(sig.Recv().Type()) + "." + fn.Name()
	}
	return *mf, via, true
}

// inferModelWriters finds this package's functions that pass one of their
// parameters (not a string) as the model of a write, iterating until
// nothing changes (writers of writers), and records them as facts.
func (c *pkgCore) inferModelWriters() {
	if c.info == nil {
		return
	}
	decls := c.paramDecls(modelParamType)
	for iter := 0; iter < 6; iter++ {
		changed := false
		for _, d := range decls {
			if _, done := c.modelWriters[d.fn]; done {
				continue
			}
			c.curFile = d.file
			c.fo.CurFile = d.file
			if found := c.forwardsModel(d.decl.Body, d.params, d.fn); found != nil {
				c.modelWriters[d.fn] = found
				if c.facts != nil {
					c.facts.setModelWrite(d.fn, found)
				}
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

// modelParamType: a parameter of interface type (`i any`), which carries
// whatever model its callers pass. A parameter of a model's own type
// (`l *Library`) is not followed: the call inside names the table itself.
func modelParamType(t types.Type) bool {
	return types.IsInterface(t)
}

// forwardsModel returns the model write of the first call in body (function
// literals included: a transaction's closure) that passes one of params as
// the model; self is the function itself.
func (c *pkgCore) forwardsModel(body *ast.BlockStmt, params map[types.Object]int, self *types.Func) *ModelWriteFact {
	var found *ModelWriteFact
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if fn := c.calleeFunc(call); fn != nil && fn.Origin() == self {
			return true
		}
		mf, _, ok := c.callModelWrite(call)
		if !ok {
			return true
		}
		id, ok := c.unwrapPass(call.Args[mf.Arg]).(*ast.Ident)
		if !ok {
			return true
		}
		if pi, ok := params[c.info.Uses[id]]; ok {
			found = &ModelWriteFact{Arg: pi, Op: mf.Op, Via: mf.Via}
			return false
		}
		return true
	})
	return found
}

// isForwardedModel: e is the model parameter the enclosing model writer
// passes on (its callers' calls are the writes).
func (c *pkgCore) isForwardedModel(e ast.Expr) bool {
	o, owner := c.paramOf(e)
	if owner == nil {
		return false
	}
	f, ok := c.modelWriters[owner]
	return ok && isParamAt(owner, f.Arg, o)
}

// modelWriteSites records the writes of f's calls of model writers and of
// go-dbw (gorm's own chains are the builder's): the statement the ORM runs
// on the table of the model argument's type. An argument whose type is no
// struct (an `any` passed on) says nothing.
func (c *pkgCore) modelWriteSites(f *ast.File) {
	if c.info == nil {
		return
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		mf, via, ok := c.callModelWrite(call)
		if !ok || via == "gorm" {
			return true
		}
		arg := call.Args[mf.Arg]
		if c.isForwardedModel(arg) {
			return true
		}
		val, args, ok := c.modelWriteSQL(f, arg, mf.Op)
		if !ok {
			return true
		}
		pos := call.Pos()
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			pos = sel.Sel.Pos()
		}
		st := site{pos: pos, via: via, lib: mf.Via, built: true, args: c.ormArgs(args, pos)}
		if val.Exact() {
			st.sql = val.Text()
		} else {
			st.val, st.partial = val, true
		}
		c.resolve(st)
		return true
	})
}

// modelWriteSQL is the statement an ORM runs for op on the model x: its
// table from the package's model (TableName's constant), TableName's
// constant through another package's facts, or gorm's naming (then glued
// to a run-time piece: a possible use, never a certain one); its columns
// from the struct's fields, with the sources of their values (args). An
// update of columns chosen at run time (a model's non-zero fields, a
// field mask) names the table only. A delete of a model with gorm's
// DeletedAt is gorm's soft delete: an UPDATE of that column.
func (c *pkgCore) modelWriteSQL(f *ast.File, x ast.Expr, op string) (fold.Value, []builder.Arg, bool) {
	t := c.info.TypeOf(x)
	if t == nil {
		return nil, nil, false
	}
	t = astx.Deref(t)
	if sl, ok := t.Underlying().(*types.Slice); ok {
		t = astx.Deref(sl.Elem())
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil, nil, false
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil, nil, false
	}
	var table string
	known := false
	for _, m := range c.allModels {
		if n.Obj().Pkg() == c.pkg && m.Type == n.Obj().Name() && m.Via == "gorm" && m.Table != "" {
			table, known = bqName(m.Schema, m.Table), m.TableKnown
			break
		}
	}
	if table == "" {
		table, known = c.tableName(n)
	}
	if !known && types.NewMethodSet(types.NewPointer(n)).Lookup(n.Obj().Pkg(), "TableName") != nil {
		return nil, nil, false // a TableName chosen at run time: which table is not known
	}
	if table == "" {
		table = libs.Gorm.Model.Table(n.Obj().Name())
	}
	if c.modelScans == nil {
		c.modelScans = map[*ast.File]*models.Scan{}
	}
	ms := c.modelScans[f]
	if ms == nil {
		ms = models.NewScan(f, c.info, c.fo.Fold)
		ms.SetPackage(c.mpkg)
		c.modelScans[f] = ms
	}
	mcols := ms.TypeColumns("gorm", st)
	var cols []string
	var args []builder.Arg
	var soft *models.Column
	for i, col := range mcols {
		if col.SoftDelete != "" && soft == nil {
			soft = &mcols[i]
		}
		if op == "create" && col.NoCreate || op == "save" && col.NoUpdate {
			continue
		}
		cols = append(cols, col.Name)
		a := builder.Arg{Column: &mcols[i], Model: x}
		if op == "create" && col.Default {
			a.Null, a.Why = builder.NullNever, "gorm's Create leaves it out when it is zero (default: tag)"
		}
		args = append(args, a)
	}
	if (op == "create" || op == "save") && len(cols) == 0 {
		return nil, nil, false // no columns known: nothing to say
	}
	var head, tail string
	switch op {
	case "delete", "hard-delete":
		head = "DELETE FROM " + quoteTable(table)
		args = nil
		if op == "delete" && soft != nil {
			// gorm's soft delete
			head = "UPDATE " + quoteTable(table)
			a := builder.Arg{Null: builder.NullNever, Why: "the time of the soft delete", Type: "time.Time"}
			if soft.SoftDelete == "plugin" {
				a.Why, a.Type = "the soft delete's flag or unix time", "uint"
			}
			tail = " SET " + soft.Name + " = $1 WHERE " + softCond(soft)
			args = []builder.Arg{a}
		}
	case "create":
		ph := make([]string, len(cols))
		for i := range ph {
			ph[i] = fmt.Sprintf("$%d", i+1)
		}
		head, tail = "INSERT INTO "+quoteTable(table), " ("+strings.Join(cols, ", ")+") VALUES ("+strings.Join(ph, ", ")+")"
	case "save", "update":
		head = "UPDATE " + quoteTable(table)
		sets := make([]string, len(cols))
		for i, col := range cols {
			sets[i] = fmt.Sprintf("%s = $%d", col, i+1)
		}
		tail = " SET " + strings.Join(sets, ", ")
	default:
		return nil, nil, false
	}
	val := fold.Value{{Text: head}}
	if !known {
		val = append(val, fold.Part{Dyn: true, Reason: "the table is named by gorm's convention from " + n.Obj().Name()})
	}
	if op == "update" {
		val = append(val, fold.Part{Text: " SET "}, fold.Part{Dyn: true, Sep: true, Reason: "the columns the update writes are chosen at run time"}, fold.Part{Text: " = $1"})
		return val, nil, true
	}
	if tail != "" {
		val = append(val, fold.Part{Text: tail})
	}
	if op == "save" && soft != nil {
		val = append(val, fold.Part{Text: " WHERE " + softCond(soft)})
	}
	return val, args, true
}

// softCond is the filter of gorm's soft delete on column sd.
func softCond(sd *models.Column) string {
	if sd.SoftDelete == "plugin" {
		return sd.Name + " = 0"
	}
	return sd.Name + " IS NULL"
}

func bqName(schema, table string) string {
	if schema == "" {
		return table
	}
	return schema + "." + table
}

// quoteTable quotes each part of a table name, as gorm does ("user" is
// a reserved word).
func quoteTable(t string) string {
	parts := strings.Split(t, ".")
	for i, p := range parts {
		parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
	}
	return strings.Join(parts, ".")
}
