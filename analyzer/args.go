package analyzer

// The Go arguments a statement's placeholders are bound to, and what each
// one's static type says about NULL. The release verdict uses them for a
// column that becomes NOT NULL (rules.UseNullWrite): `INSERT … VALUES ($1)`
// bound to a uuid.UUID, a string or a time.Time never writes NULL; one
// bound to a *string, a []byte, a sql.NullString, an interface or a type
// whose Value method may return nil may; the untyped nil always does.
//
// Only calls that bind their arguments by position are read: database/sql,
// pgx, sqlx, scany, and the methods of the same names and shapes (sqlc's
// DBTX), with the arguments written out after the SQL (`args...` is not
// read, nor a pgx option such as QueryExecMode or NamedArgs among them);
// and sqlx's Named… calls with a struct, whose db-tagged fields the
// `:name` placeholders are bound to. Wrappers are not followed: what a
// wrapper does with its arguments before the call is not read.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/fold"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
	"github.com/rbcheck/rbcheck/internal/pgparse"
)

// What an argument's Go type says about NULL (Arg.Null).
const (
	// ArgNeverNull: a string, number or bool (or a named type of one
	// without a Value method), time.Time, an array (uuid.UUID), a type
	// whose Value method has a value receiver and returns no nil (read in
	// the package, or a known library's: gofrs, google and satori uuid).
	ArgNeverNull = "never"
	// ArgMayNull: a pointer, an interface, a slice ([]byte: nil is NULL),
	// a map, sql.Null*, pgtype.*, a type whose Value method has a pointer
	// receiver, or whose body is not read or may return nil.
	ArgMayNull = "may"
	// ArgNull: the untyped nil, which is NULL.
	ArgNull = "always"
)

// Arg is the Go argument one placeholder is bound to: QuerySite.Args[0]
// is $1 (or the first ?).
type Arg struct {
	// Expr is the argument's source text, shortened ("sub.userID").
	Expr string `json:"expr"`
	// Type is its Go type with package names ("uuid.UUID", "*string",
	// "nil"); "" when not known.
	Type string `json:"type,omitempty"`
	// Null is ArgNeverNull, ArgMayNull, ArgNull, or "" when not known.
	Null string `json:"null,omitempty"`
	Pos  Pos    `json:"pos"`

	at token.Pos // the argument (Analyzer diagnostics)
}

// String describes the argument: "sub.userID uuid.UUID, never NULL".
func (a Arg) String() string {
	typ := a.Type
	if typ == "" {
		typ = "(type not known)"
	}
	null := "NULL not known"
	switch a.Null {
	case ArgNeverNull:
		null = "never NULL"
	case ArgMayNull:
		null = "may be NULL"
	case ArgNull:
		null = "NULL"
	}
	return a.Expr + " " + typ + ", " + null
}

// positionalMethods are the sink methods whose arguments after the SQL are
// its placeholders' values, in order.
var positionalMethods = map[string]bool{
	"Query": true, "QueryRow": true, "Exec": true, "QueryContext": true, "QueryRowContext": true, "ExecContext": true,
	"Queryx": true, "QueryRowx": true, "QueryxContext": true, "QueryRowxContext": true, "MustExec": true, "MustExecContext": true,
	"Get": true, "Select": true, "GetContext": true, "SelectContext": true, "Queue": true,
}

// positionalVia: the libraries (or shapes of them) whose calls bind by
// position.
func positionalVia(via string) bool {
	switch via {
	case "database/sql", "pgx", "sqlx", "scany", "sqlc", "lib/pq":
		return true
	}
	return strings.HasPrefix(via, "interface ")
}

// placeholderArgs returns the arguments the placeholders of the SQL at
// call.Args[sqlArg] are bound to; nil when the call does not bind them
// by position in a way read here.
func (c *pkgCore) placeholderArgs(call *ast.CallExpr, sqlArg int, via, text string) []Arg {
	if call == nil || sqlArg < 0 || sqlArg >= len(call.Args) || call.Ellipsis.IsValid() {
		return nil
	}
	if via == "sqlx" && namedMethods[calleeName(call)] {
		return c.namedArgs(call, sqlArg, text)
	}
	if !positionalVia(via) {
		return nil
	}
	if !positionalMethods[calleeName(call)] {
		return nil
	}
	rest := call.Args[sqlArg+1:]
	if len(rest) == 0 {
		return nil
	}
	out := make([]Arg, 0, len(rest))
	for _, a := range rest {
		if c.pgxOption(a) {
			// QueryExecMode, QueryResultFormats, NamedArgs: the values
			// are not bound by position
			return nil
		}
		arg := Arg{Expr: fold.ExprString(a), Pos: c.position(a.Pos()), at: a.Pos()}
		arg.Type, arg.Null = c.argNull(a)
		out = append(out, arg)
	}
	return out
}

// namedMethods are sqlx's calls that bind `:name` placeholders to the
// fields of a struct (by their db tags) or the keys of a map.
var namedMethods = map[string]bool{"NamedExec": true, "NamedExecContext": true, "NamedQuery": true, "NamedQueryContext": true}

// namedArgs: the fields of the struct (or pointer to one) passed after the
// SQL to a sqlx Named call, in the order AnalyzeQuery numbers the `:name`
// placeholders ($1 is the first name); a name no field's db tag gives is
// not known. nil for a map, or a statement with `?` placeholders too.
func (c *pkgCore) namedArgs(call *ast.CallExpr, sqlArg int, text string) []Arg {
	if c.info == nil || sqlArg+2 != len(call.Args) {
		return nil
	}
	a := call.Args[sqlArg+1]
	tv, ok := c.info.Types[a]
	if !ok || tv.Type == nil {
		return nil
	}
	t := types.Unalias(tv.Type)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	_, st := namedStruct(t)
	if st == nil {
		return nil
	}
	names := pgparse.Placeholders(text)
	if len(names) == 0 {
		return nil
	}
	cols := map[string]models.Column{}
	for _, col := range models.NewScan(&ast.File{Name: ast.NewIdent("_")}, c.info, nil).TypeColumns("db", st) {
		if col.Field != "" {
			cols[col.Name] = col
		}
	}
	x := strings.TrimPrefix(fold.ExprString(a), "&")
	out := make([]Arg, 0, len(names))
	for _, nm := range names {
		if !strings.HasPrefix(nm, ":") {
			return nil
		}
		arg := Arg{Expr: x + " " + nm, Pos: c.position(a.Pos()), at: a.Pos()}
		if col, ok := cols[nm[1:]]; ok {
			arg.Expr = x + "." + col.Field
			if col.Type != nil && col.Type != types.Typ[types.Invalid] {
				arg.Type, arg.Null = typeString(col.Type), c.argNullOfType(col.Type, 0)
			} else if col.TypeName != "" {
				arg.Type, arg.Null = shortType(col.TypeName), argNullOfName(col.TypeName)
			}
		}
		out = append(out, arg)
	}
	return out
}

// pgxOption: a is a value of a pgx package (pgx.QueryExecModeSimpleProtocol,
// pgx.NamedArgs{…}), by type or, without it, by syntax.
func (c *pkgCore) pgxOption(a ast.Expr) bool {
	if c.info != nil {
		if tv, ok := c.info.Types[a]; ok && tv.Type != nil {
			if n, ok := types.Unalias(tv.Type).(*types.Named); ok && n.Obj().Pkg() != nil && libs.IsPgx(n.Obj().Pkg().Path()) {
				return true
			}
		}
	}
	x := ast.Unparen(a)
	if cl, ok := x.(*ast.CompositeLit); ok {
		x = cl.Type
	}
	if sel, ok := x.(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok && c.curFile != nil {
			if p, ok := c.fo.FileImports(c.curFile)[id.Name]; ok && libs.IsPgx(p) {
				return true
			}
		}
	}
	return false
}

// argNull names a's Go type and says whether it can be NULL: from type
// information, or, when its type's package is not loaded (the fast
// driver without dependencies), from the declared type of the variable,
// parameter or field it names.
func (c *pkgCore) argNull(a ast.Expr) (typ, null string) {
	if c.info != nil {
		if tv, ok := c.info.Types[a]; ok {
			if tv.IsNil() {
				return "nil", ArgNull
			}
			if tv.Type != nil && tv.Type != types.Typ[types.Invalid] {
				return typeString(tv.Type), c.argNullOfType(tv.Type, 0)
			}
		}
	}
	if id, ok := ast.Unparen(a).(*ast.Ident); ok && id.Name == "nil" && (c.info == nil || c.info.Uses[id] == nil || c.info.Uses[id] == types.Universe.Lookup("nil")) {
		return "nil", ArgNull
	}
	name := c.declName(a)
	if name == "" {
		name = c.knownCallType(a)
	}
	if name == "" {
		return "", ""
	}
	return shortType(name), argNullOfName(name)
}

// knownCallType names the result type of a call of a standard function
// whose package may not be loaded: time.Now() is a time.Time.
func (c *pkgCore) knownCallType(a ast.Expr) string {
	call, ok := ast.Unparen(a).(*ast.CallExpr)
	if !ok || c.info == nil {
		return ""
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	if id, ok := sel.X.(*ast.Ident); ok {
		if pn, ok := c.info.Uses[id].(*types.PkgName); ok && pn.Imported().Path() == "time" && sel.Sel.Name == "Now" {
			return "time.Time"
		}
	}
	return ""
}

// argNullOfType: what a value of type t can be as a database value.
func (c *pkgCore) argNullOfType(t types.Type, depth int) string {
	if depth > 4 {
		return ""
	}
	switch u := t.(type) {
	case *types.Alias:
		return c.argNullOfType(types.Unalias(u), depth+1)
	case *types.Basic:
		switch {
		case u.Kind() == types.UntypedNil:
			return ArgNull
		case u.Kind() == types.Invalid || u.Kind() == types.UnsafePointer:
			return ""
		}
		return ArgNeverNull
	case *types.Pointer, *types.Interface, *types.Slice, *types.Map:
		return ArgMayNull
	case *types.Array:
		return ArgNeverNull
	case *types.Named:
		obj := u.Obj()
		if obj.Pkg() != nil {
			if n := argNullOfName(obj.Pkg().Path() + "." + obj.Name()); n != "" {
				return n
			}
		}
		if sel := types.NewMethodSet(u).Lookup(obj.Pkg(), "Value"); sel != nil {
			// a Value method on the value: what its body returns
			if fn, ok := sel.Obj().(*types.Func); ok && c.valueNeverNil(fn) {
				return ArgNeverNull
			}
			return ArgMayNull
		}
		if sel := types.NewMethodSet(types.NewPointer(u)).Lookup(obj.Pkg(), "Value"); sel != nil {
			// only *T has it: a driver may call it through a pointer it
			// makes, or not at all; not proven either way
			return ArgMayNull
		}
		switch uu := u.Underlying().(type) {
		case *types.Basic, *types.Array, *types.Pointer, *types.Slice, *types.Map, *types.Interface:
			return c.argNullOfType(uu, depth+1)
		}
		return "" // a struct without a Value method: how a driver encodes it is not known
	}
	return ""
}

// argNullOfName says what a type named with import paths ("*string",
// "github.com/gofrs/uuid.UUID") can be as a database value; "" when not
// known.
func argNullOfName(name string) string {
	if strings.HasPrefix(name, "*") || strings.HasPrefix(name, "[]") || strings.HasPrefix(name, "map") || name == "interface{}" || name == "any" {
		return ArgMayNull
	}
	switch {
	case plainTypeName(name) || gofrsUUID(name) || name == "github.com/google/uuid.UUID":
		// google's UUID too is a [16]byte whose Value returns its text
		return ArgNeverNull
	case nullableLibType(name) || name == "encoding/json.RawMessage":
		return ArgMayNull
	}
	return ""
}

// valueNeverNil: fn is a Value method declared in this package whose every
// return gives, as its first result, a value whose type can never be nil
// (a string, number, bool, time.Time or array: `return u.String(), nil`).
// A bare return, a result of interface or pointer type, a call that
// returns both results, or a body not in this package prove nothing.
func (c *pkgCore) valueNeverNil(fn *types.Func) bool {
	if c.valueNN == nil {
		c.indexValueMethods()
	}
	return c.valueNN[fn.Pos()]
}

// indexValueMethods records the package's Value methods that never return
// nil (valueNeverNil).
func (c *pkgCore) indexValueMethods() {
	c.valueNN = map[token.Pos]bool{}
	if c.info == nil {
		return
	}
	for _, f := range c.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != "Value" || fd.Body == nil || fd.Type.Results == nil || fd.Type.Results.NumFields() != 2 {
				continue
			}
			if c.returnsNoNil(fd.Body) {
				c.valueNN[fd.Name.Pos()] = true
			}
		}
	}
}

func (c *pkgCore) returnsNoNil(body *ast.BlockStmt) bool {
	ok, any := true, false
	ast.Inspect(body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			any = true
			if len(x.Results) != 2 {
				ok = false
				return false
			}
			tv, has := c.info.Types[x.Results[0]]
			if !has || tv.IsNil() || tv.Type == nil || c.argNullOfType(tv.Type, 0) != ArgNeverNull {
				ok = false
			}
		}
		return true
	})
	return ok && any
}

// declName is the declared type, with import paths, of the variable,
// parameter or field a names ("github.com/gofrs/uuid.UUID"); "" when not
// known.
func (c *pkgCore) declName(a ast.Expr) string {
	if c.info == nil {
		return ""
	}
	var obj types.Object
	switch x := ast.Unparen(a).(type) {
	case *ast.Ident:
		obj = c.info.Uses[x]
	case *ast.SelectorExpr:
		if s, ok := c.info.Selections[x]; ok {
			obj = s.Obj()
		} else {
			obj = c.info.Uses[x.Sel]
		}
	}
	if _, ok := obj.(*types.Var); !ok {
		return ""
	}
	if c.declNames == nil {
		c.indexDeclNames()
	}
	return c.declNames[obj]
}

// indexDeclNames records the declared types (syntax, with import paths) of
// the package's fields, parameters and typed variables.
func (c *pkgCore) indexDeclNames() {
	c.declNames = map[types.Object]string{}
	for _, f := range c.files {
		imps := c.fo.FileImports(f)
		record := func(t ast.Expr, names []*ast.Ident) {
			n := syntaxTypeName(t, imps)
			if n == "" {
				return
			}
			for _, id := range names {
				if o := c.info.Defs[id]; o != nil {
					c.declNames[o] = n
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.Field:
				record(x.Type, x.Names)
			case *ast.ValueSpec:
				if x.Type != nil {
					record(x.Type, x.Names)
				}
			}
			return true
		})
	}
}

// syntaxTypeName names a type expression with import paths: "*string",
// "[]byte", "github.com/gofrs/uuid.UUID"; "" for what it does not name.
func syntaxTypeName(e ast.Expr, imps map[string]string) string {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return syntaxTypeName(x.X, imps)
	case *ast.StarExpr:
		if n := syntaxTypeName(x.X, imps); n != "" {
			return "*" + n
		}
		return "*"
	case *ast.Ident:
		if types.Universe.Lookup(x.Name) != nil {
			return x.Name
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && imps[id.Name] != "" {
			return imps[id.Name] + "." + x.Sel.Name
		}
	case *ast.ArrayType:
		if x.Len == nil {
			return "[]" + syntaxTypeName(x.Elt, imps)
		}
	case *ast.MapType:
		return "map"
	case *ast.InterfaceType:
		return "interface{}"
	}
	return ""
}
