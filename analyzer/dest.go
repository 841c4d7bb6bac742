package analyzer

// The Go destination of one result column, where the code shows it: the
// field of an ORM model (pop, sqlx `db` tags, gorm, bun, go-pg, beego) that
// maps the column, and the fields of the struct a by-name mapper fills
// (sqlx Get/Select/StructScan, pgx RowToStructByName[T], scany, pop
// RawQuery(…).First/All). The release verdict uses it for a column that
// loses NOT NULL (rules.UseNullScan): a NULL written by the new release
// fails a scan into string, int64, bool or time.Time, never one into a
// pointer, sql.NullString, pgtype.Text or a type whose Scan method
// accepts nil.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/models"
)

// What a scan destination does with NULL (Dest.Null).
const (
	// NullAccepts: a pointer, sql.Null*, pgtype.*, a Scan method that
	// tests its argument against nil.
	NullAccepts = "accepts"
	// NullRejects: string, numbers, bool, time.Time and named types of
	// them without a Scan method: database/sql ("converting NULL to string
	// is unsupported") and pgx ("cannot scan NULL into *string") fail.
	NullRejects = "rejects"
)

// Dest is the Go field one result column is scanned into.
type Dest struct {
	Column string `json:"column"`
	// Field is "Flow.Subject" (the struct type's name and the field's).
	Field string `json:"field,omitempty"`
	// Type is the field's Go type with package names ("string",
	// "*time.Time", "sqlxx.NullString").
	Type string `json:"type"`
	Pos  Pos    `json:"pos"`
	// Null is NullAccepts, NullRejects, or "" when not known (a type of a
	// package that is not read, a Scan method that does not test for nil).
	Null string `json:"null,omitempty"`

	at token.Pos // the field (Analyzer diagnostics)
}

// String describes the destination: "subject → Flow.Subject string,
// rejects NULL".
func (d Dest) String() string {
	null := "NULL not known"
	switch d.Null {
	case NullAccepts:
		null = "accepts NULL"
	case NullRejects:
		null = "rejects NULL"
	}
	return d.Column + " → " + d.Field + " " + d.Type + ", " + null
}

// modelDests are the destinations of a model's columns, by column.
func (c *pkgCore) modelDests(m models.Model) map[string]*Dest {
	out := map[string]*Dest{}
	for _, col := range m.Columns {
		if col.Field == "" {
			continue
		}
		d := &Dest{Column: col.Name, Field: col.Field, Pos: c.position(col.Pos), at: col.Pos}
		if m.Type != "" {
			d.Field = m.Type + "." + col.Field
		}
		d.Type, d.Null = c.nullOf(col.Type, col.TypeName)
		if d.Type == "" {
			continue
		}
		out[strings.ToLower(col.Name)] = d
	}
	return out
}

// structDests are the destinations of the struct type t (a pointer, a
// slice or a pointer to a slice of it) that a `db`-tag mapper fills; nil
// when t is not such a struct.
func (c *pkgCore) structDests(t types.Type) []Dest {
	for i := 0; i < 4 && t != nil; i++ {
		switch u := t.(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		}
		break
	}
	n, st := namedStruct(t)
	if st == nil {
		return nil
	}
	ms := models.NewScan(&ast.File{Name: ast.NewIdent("_")}, c.info, nil)
	var out []Dest
	for _, col := range ms.TypeColumns("db", st) {
		if col.Field == "" {
			continue
		}
		d := Dest{Column: col.Name, Field: n.Obj().Name() + "." + col.Field, Pos: c.position(col.Pos), at: col.Pos}
		d.Type, d.Null = c.nullOf(col.Type, col.TypeName)
		if d.Type != "" {
			out = append(out, d)
		}
	}
	return out
}

// namedStruct is t as a named struct type; nil, nil when it is not one.
func namedStruct(t types.Type) (*types.Named, *types.Struct) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil, nil
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil, nil
	}
	return n, st
}

// nullOf names a field's type and says what it does with NULL, from type
// information (t, nil when not known) or else from its syntax (name, with
// import paths: models.Column.TypeName).
func (c *pkgCore) nullOf(t types.Type, name string) (typ, null string) {
	if t != nil {
		if b, ok := t.(*types.Basic); !ok || b.Kind() != types.Invalid {
			return typeString(t), c.nullOfType(t, 0)
		}
	}
	if name == "" {
		return "", ""
	}
	return shortType(name), nullOfName(name)
}

func (c *pkgCore) nullOfType(t types.Type, depth int) string {
	if depth > 4 {
		return ""
	}
	switch u := t.(type) {
	case *types.Pointer, *types.Interface:
		return NullAccepts
	case *types.Basic:
		if u.Kind() == types.Invalid || u.Kind() == types.UnsafePointer || u.Kind() == types.UntypedNil {
			return ""
		}
		return NullRejects
	case *types.Slice:
		if b, ok := u.Elem().(*types.Basic); ok && b.Kind() == types.Byte {
			return NullAccepts // database/sql stores nil; pgx too
		}
		return ""
	case *types.Alias:
		return c.nullOfType(types.Unalias(u), depth+1)
	case *types.Named:
		obj := u.Obj()
		if obj.Pkg() != nil {
			if n := nullOfName(obj.Pkg().Path() + "." + obj.Name()); n != "" {
				return n
			}
		}
		if sel := types.NewMethodSet(types.NewPointer(u)).Lookup(obj.Pkg(), "Scan"); sel != nil {
			if fn, ok := sel.Obj().(*types.Func); ok {
				return c.scanMethodNull(fn)
			}
			return ""
		}
		// no Scan method: a named string, number or bool is set by
		// reflection, which refuses NULL; a struct, slice or map is not
		// scanned by database/sql at all (a driver's own types are known
		// by name above)
		if b, ok := u.Underlying().(*types.Basic); ok && b.Kind() != types.Invalid {
			return NullRejects
		}
		return ""
	}
	return ""
}

// scanMethodNull reads a Scan method declared in the code: it accepts NULL
// when its body compares its argument with nil (`if value == nil`,
// `case nil:`); "" when it does not or the body is not here.
func (c *pkgCore) scanMethodNull(fn *types.Func) string {
	if c.scanNil != nil {
		if v, ok := c.scanNil[fn.Pos()]; ok {
			return v
		}
	}
	return ""
}

// indexScanMethods records, for each Scan method the package declares,
// whether its body tests its argument against nil (scanMethodNull).
func (c *pkgCore) indexScanMethods() {
	if c.scanNil == nil {
		c.scanNil = map[token.Pos]string{}
	}
	for _, f := range c.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != "Scan" || fd.Body == nil || fd.Type.Params == nil || len(fd.Type.Params.List) != 1 || len(fd.Type.Params.List[0].Names) != 1 {
				continue
			}
			param := fd.Type.Params.List[0].Names[0].Name
			if testsNil(fd.Body, param) {
				c.scanNil[fd.Name.Pos()] = NullAccepts
			}
		}
	}
}

// testsNil: body compares param with nil, or type-switches on it with a
// nil case.
func testsNil(body *ast.BlockStmt, param string) bool {
	isParam := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && id.Name == param
	}
	isNil := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && id.Name == "nil"
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.BinaryExpr:
			if (x.Op == token.EQL || x.Op == token.NEQ) && (isParam(x.X) && isNil(x.Y) || isNil(x.X) && isParam(x.Y)) {
				found = true
			}
		case *ast.TypeSwitchStmt:
			var subj ast.Expr
			switch a := x.Assign.(type) {
			case *ast.AssignStmt:
				if len(a.Rhs) == 1 {
					subj = a.Rhs[0]
				}
			case *ast.ExprStmt:
				subj = a.X
			}
			ta, ok := ast.Unparen(subj).(*ast.TypeAssertExpr)
			if !ok || !isParam(ta.X) {
				return true
			}
			for _, s := range x.Body.List {
				if cc, ok := s.(*ast.CaseClause); ok {
					for _, e := range cc.List {
						if isNil(e) {
							found = true
						}
					}
				}
			}
		}
		return true
	})
	return found
}

// nullOfName says what a type named with its import path does with NULL,
// for the builtin types and the libraries' types rbcheck knows (read in
// their sources: database/sql stores NULL only into pointers, *any,
// *[]byte, *RawBytes and Scanners; pgx v5 pgtype and v4 jackc/pgtype types
// have Valid/Status; google/uuid's UUID.Scan returns nil for nil,
// gofrs/uuid's fails).
func nullOfName(name string) string {
	if strings.HasPrefix(name, "*") || name == "interface{}" || name == "any" || name == "[]byte" {
		return NullAccepts
	}
	switch {
	case plainTypeName(name) || gofrsUUID(name):
		return NullRejects
	case name == "github.com/google/uuid.UUID" || nullableLibType(name):
		return NullAccepts
	}
	return ""
}

// plainTypeName: a builtin string, number or bool type, time.Time or
// time.Duration: never NULL as a value, and no Scan destination for it.
func plainTypeName(name string) bool {
	switch name {
	case "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
		"float32", "float64", "byte", "rune", "time.Time", "time.Duration":
		return true
	}
	return false
}

// gofrsUUID: gofrs' (or satori's) uuid.UUID, a [16]byte whose Value has a
// value receiver and returns its text, and whose Scan refuses NULL.
func gofrsUUID(name string) bool {
	switch name {
	case "github.com/gofrs/uuid.UUID", "github.com/gofrs/uuid/v5.UUID", "github.com/satori/go.uuid.UUID":
		return true
	}
	return false
}

// nullableLibType: a library type made to hold NULL (sql.Null*, RawBytes,
// pgtype, the uuid packages' NullUUID, gorm's DeletedAt): its Scan takes
// NULL and its Value may give it.
func nullableLibType(name string) bool {
	switch name {
	case "github.com/google/uuid.NullUUID", "github.com/gofrs/uuid.NullUUID", "github.com/gofrs/uuid/v5.NullUUID", "github.com/satori/go.uuid.NullUUID",
		"database/sql.RawBytes":
		return true
	}
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return false
	}
	pkg, typ := name[:dot], name[dot+1:]
	switch {
	case pkg == "database/sql" && strings.HasPrefix(typ, "Null"):
		return true
	case pkg == "github.com/jackc/pgx/v5/pgtype" || pkg == "github.com/jackc/pgtype":
		return true
	case pkg == "gorm.io/gorm" && typ == "DeletedAt":
		return true
	}
	return false
}

// shortType turns a type named with import paths into one with package
// names: "*github.com/google/uuid.UUID" → "*uuid.UUID".
func shortType(name string) string {
	prefix := ""
	for strings.HasPrefix(name, "*") || strings.HasPrefix(name, "[]") {
		if name[0] == '*' {
			prefix, name = prefix+"*", name[1:]
		} else {
			prefix, name = prefix+"[]", name[2:]
		}
	}
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return prefix + name
	}
	return prefix + astx.GuessPkgName(name[:dot]) + name[dot:]
}

// destinations finds the struct a by-name mapper fills with the result of
// the sink call, and lists its columns' destinations: a pointer argument
// of the sink (sqlx Get(&dst, q), scany Select(ctx, db, &dst, q)), or of a
// call on its result or on the rows variable (StructScan(&dst),
// RawQuery(…).First(&dst), All(&dsts)), or the type argument of pgx
// RowToStructByName[T]. nil when none is seen.
func (c *pkgCore) destinations(call *ast.CallExpr) []Dest {
	if call == nil || c.info == nil {
		return nil
	}
	if d := c.argDests(call.Args); d != nil {
		return d
	}
	var out []Dest
	c.resultCalls(call, func(ce *ast.CallExpr, _ string, arg int) bool {
		if arg < 0 {
			out = c.argDests(ce.Args)
			return out != nil
		}
		switch calleeName(ce) {
		case "CollectRows", "CollectOneRow", "CollectExactlyOneRow", "AppendRows":
			fn := ast.Unparen(ce.Args[len(ce.Args)-1])
			if ix, ok := fn.(*ast.IndexExpr); ok {
				switch calleeName(&ast.CallExpr{Fun: ix.X}) {
				case "RowToStructByName", "RowToAddrOfStructByName", "RowToStructByNameLax", "RowToAddrOfStructByNameLax":
					out = c.structDests(c.info.TypeOf(ix.Index))
				}
			}
		default:
			out = c.argDests(ce.Args)
		}
		return out != nil
	})
	return out
}

// argDests: the destinations of the first argument that points to a
// struct (or a slice of them) with `db`-mapped fields.
func (c *pkgCore) argDests(args []ast.Expr) []Dest {
	for _, a := range args {
		t := c.info.TypeOf(a)
		if _, ok := t.(*types.Pointer); !ok {
			continue
		}
		if d := c.structDests(t); len(d) > 0 {
			return d
		}
	}
	return nil
}
