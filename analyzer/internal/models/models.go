// Package models finds ORM models: Go structs whose tags (or naming conventions) map a table and
// its columns.
//
// Only these tags name columns: sqlx `db`, gorm `gorm`, bun `bun`, go-pg `pg`
// and beego `orm`. `json`, `yaml`, `protobuf` and every other tag are ignored,
// and a struct carrying none of the ORM signals yields no model.
//
// What each flavour produces:
//
//   - sqlx (Via "tag db"): a struct with at least one `db` tag. Untagged
//     exported fields map to strings.ToLower(FieldName), `db:"-"` skips,
//     untagged embedded structs are flattened (a tagged embedded struct is a
//     nested prefix in sqlx and is skipped). The table is not part of an sqlx
//     model (it comes from the SQL the struct is scanned from), so Table is ""
//     unless the struct also has a constant TableName() method in the file.
//   - gorm: a struct with a `gorm` tag, an embedded gorm.Model, or a
//     TableName() method (when no other ORM claims it). Columns follow gorm's
//     NamingStrategy.ToDBName exactly (initialisms kept whole: UserID →
//     user_id); `column:` overrides (keys case-insensitive); `-` and `-:all`
//     skip; relations (foreignKey/references/many2many/polymorphic tags, slices
//     of structs, fields whose type is a struct model of the same file, or with
//     type information a struct type that is not a sql.Scanner nor time.Time)
//     are not columns; anonymous and `embedded` structs are flattened (with
//     `embeddedPrefix`). gorm.Model contributes id, created_at, updated_at,
//     deleted_at. The table is TableName()'s constant result, else the plural
//     snake_case of the type name (jinzhu/inflection rules: user → users,
//     category → categories, person → people, address → addresses).
//   - bun: a struct embedding bun.BaseModel or with a `bun` tag. Columns are
//     bun's underscore form of the field name unless the tag names one; `-`,
//     `rel:` and `m2m:` skip; `embed:prefix` flattens with a prefix. Table from
//     `bun:"table:name,alias:a"` on the BaseModel field, else plural underscore.
//   - go-pg: a struct with a `pg` tag or a `tableName struct{}` field; table
//     from that field's tag (`pg:"users,alias:u"`), else plural underscore.
//   - beego: a struct with an `orm` tag (or a TableName() method in a file
//     importing beego's orm). `column(x)` overrides, `rel(fk)`/`rel(one)` name
//     the `<field>_id` column, `reverse(…)` and `rel(m2m)` skip. Table from
//     TableName(), else beego's snakeString of the type name (not pluralised).
//   - sqlboiler (Via "sqlboiler"): the generated `var UserTableColumns =
//     struct{…}{ID: "users.id", …}` names the table and every column.
//   - ent: a generated entity package file holding `Table = "users"` and
//     `Columns = []string{FieldID, …}` (plus ForeignKeys); edge constants
//     `XTable`/`XColumn` produce a model of the edge table.
//
// A TableName() method declared in another file of the package is invisible
// to this per-file pass: the table is then derived from the naming convention
// (TableKnown false) unless type information shows a TableName method exists,
// in which case Table is left "".
//
// models.go decides which libraries claim a struct; each library's table
// and column rules live in its own file (sqlx.go, gorm.go, bun.go, gopg.go,
// beego.go, ent.go, sqlboiler.go), with the naming conventions of
// analyzer/internal/libs.
package models

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// Model: a Go struct that maps a table (ORM model).
type Model struct {
	Table   string
	Schema  string
	Columns []Column
	Pos     token.Pos
	// Via is "tag db", "gorm", "bun", "go-pg", "beego", "sqlboiler" or "ent".
	Via string
	// TableKnown: the table is named explicitly (TableName(), bun table:,
	// go-pg tableName, ent Table) rather than derived by naming convention.
	TableKnown bool
	// Type is the Go type name of the struct ("" for ent).
	Type string
	// Alias is the table alias the ORM uses in generated SQL (bun, go-pg), if
	// any; bun's default alias is the singular underscore type name.
	Alias string
}

// Column is one column a model maps.
type Column struct {
	Name string
	Pos  token.Pos // the field
	// Field is the Go field that holds the column ("Subject"); "" when the
	// column has no field of its own (ent, sqlboiler, gorm.Model).
	Field string
	// Type is the field's type when type information knows it (nil
	// otherwise); TypeName names its syntax with import paths when the
	// type is not known ("*time.Time" → "*time.Time", "uuid.UUID" →
	// "github.com/google/uuid.UUID", "string"; "" when neither).
	Type     types.Type
	TypeName string
	// gorm only: Default says the field has a `default:` tag, with which
	// gorm's Create leaves the column out (or writes the tag's value) when
	// the field is zero, so it never writes NULL there; NoCreate and
	// NoUpdate are the `<-`/`->` permissions that keep the field out of
	// Create or out of Save and Updates; SoftDelete marks the column of
	// gorm's soft delete: "null" for gorm.DeletedAt (gorm.Model's
	// deleted_at), whose Delete sets it and whose queries filter `IS
	// NULL`, "plugin" for gorm.io/plugin/soft_delete's DeletedAt (`= 0`).
	Default            bool
	NoCreate, NoUpdate bool
	SoftDelete         string
}

// FromFile returns the ORM models declared in f. info may be nil or
// partial; it is only used to flatten embedded structs declared elsewhere, to
// fold constants and to tell relations from value types. A failure (a
// panic) loses the file's models and is returned as err.
func FromFile(fset *token.FileSet, f *ast.File, info *types.Info, pkg *Package) (out []Model, err error) {
	if f == nil {
		return nil, nil
	}
	err = astx.Guard("the ORM model extractor", func() {
		ms := NewScan(f, info, nil)
		ms.pkg = pkg
		out = append(out, ms.entModels()...)
		out = append(out, ms.boilModels()...)
		for _, ts := range ms.specs {
			out = append(out, ms.structModels(ts, ts.Type.(*ast.StructType))...)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

type Scan struct {
	f       *ast.File
	info    *types.Info
	imports map[string]string // local name → import path
	structs map[string]*ast.StructType
	specs   []*ast.TypeSpec // struct type declarations, in source order
	// TableName() result expressions by receiver type name
	tableNames map[string]ast.Expr
	pkg        *Package // may be nil
	fold       func(ast.Expr) (string, bool)
}

func NewScan(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) *Scan {
	ms := &Scan{
		f:          f,
		info:       info,
		imports:    astx.Imports(f),
		structs:    map[string]*ast.StructType{},
		tableNames: map[string]ast.Expr{},
	}
	ms.fold = astx.ConstFolder(f, info, fold)
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.TypeSpec:
			if st, ok := n.Type.(*ast.StructType); ok {
				ms.structs[n.Name.Name] = st
				ms.specs = append(ms.specs, n)
			}
			return false
		case *ast.FuncLit:
			return true
		case ast.Expr:
			return false // type declarations live in statements only
		}
		return true
	})
	tableNameDecls(f, ms.tableNames)
	return ms
}

// isPkgSel reports whether e (after * and parens) is pkg.Name with pkg imported
// from one of paths; with type information the named type decides.
func (ms *Scan) isPkgSel(e ast.Expr, paths []string, name string) bool {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
			continue
		case *ast.ParenExpr:
			e = x.X
			continue
		}
		break
	}
	if ms.info != nil {
		if t := ms.info.TypeOf(e); t != nil {
			if n, ok := astx.Deref(t).(*types.Named); ok && n.Obj() != nil && n.Obj().Pkg() != nil {
				return n.Obj().Name() == name && libs.PathIn(n.Obj().Pkg().Path(), paths)
			}
		}
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	return libs.PathIn(ms.imports[id.Name], paths)
}

func (ms *Scan) fileImports(paths []string) bool {
	for _, p := range ms.imports {
		if libs.PathIn(p, paths) {
			return true
		}
	}
	return false
}

func structHasTag(st *ast.StructType, key string) bool {
	if st.Fields == nil {
		return false
	}
	for _, fl := range st.Fields.List {
		if _, ok := astx.TagOf(fl, key); ok {
			return true
		}
	}
	return false
}

// structDecl is what the flavours share about one struct declaration.
type structDecl struct {
	ts   *ast.TypeSpec
	st   *ast.StructType
	base Model
	// TableName(): declared in this file (hasTableName), with a constant
	// result (tnKnown, tnTable), or only known from type information to be
	// declared elsewhere (methodElsewhere)
	hasTableName, tnKnown, methodElsewhere bool
	tnTable                                string
	bunBaseField, pgTableField             *ast.Field // bun.BaseModel, go-pg's tableName
}

// explicitTable sets m's table from a constant TableName() result and
// reports whether the table is left to the naming convention (no
// TableName method anywhere).
func (d *structDecl) explicitTable(m *Model) (convention bool) {
	switch {
	case d.tnKnown:
		m.Schema, m.Table = astx.SplitSchema(d.tnTable)
		m.TableKnown = true
	case d.hasTableName || d.methodElsewhere:
		// a TableName method whose result is not constant
	default:
		return true
	}
	return false
}

// structModels returns the models one struct declares (normally zero or one;
// a struct tagged for two libraries yields one model per library).
func (ms *Scan) structModels(ts *ast.TypeSpec, st *ast.StructType) []Model {
	if st.Fields == nil {
		return nil
	}
	name := ts.Name.Name
	d := &structDecl{ts: ts, st: st, base: Model{Pos: ts.Name.Pos(), Type: name}}
	var gormModel, bunBase, pgTableName bool
	for _, fl := range st.Fields.List {
		if len(fl.Names) == 0 {
			if ms.isPkgSel(fl.Type, libs.Gorm.Paths, "Model") {
				gormModel = true
			}
			if ms.isPkgSel(fl.Type, libs.Bun.Paths, "BaseModel") {
				bunBase = true
				d.bunBaseField = fl
			}
		}
		for _, n := range fl.Names {
			if n.Name == "tableName" {
				if _, ok := astx.TagOf(fl, "pg"); ok {
					pgTableName = true
					d.pgTableField = fl
				} else if _, ok := astx.TagOf(fl, "sql"); ok {
					pgTableName = true
					d.pgTableField = fl
				}
			}
		}
	}
	tnExpr, hasTableName := ms.tableNames[name]
	if !hasTableName && ms.pkg != nil {
		// TableName declared in another file of the package
		tnExpr, hasTableName = ms.pkg.tableNames[name]
	}
	hasDB := structHasTag(st, "db")
	hasGorm := structHasTag(st, "gorm")
	hasBun := structHasTag(st, "bun") || bunBase
	hasPg := structHasTag(st, "pg") || pgTableName
	hasOrm := structHasTag(st, "orm")
	beegoFile := ms.fileImports(libs.Beego.Paths)
	if hasTableName && !hasDB && !hasGorm && !hasBun && !hasPg && !hasOrm && !gormModel {
		if beegoFile && !ms.fileImports(libs.Gorm.Paths) {
			hasOrm = true
		} else {
			hasGorm = true
		}
	}
	if hasTableName && !hasOrm && beegoFile && !hasGorm && !gormModel && !hasBun && !hasPg {
		hasOrm = true
	}
	d.hasTableName = hasTableName
	if hasTableName && tnExpr != nil {
		d.tnTable, d.tnKnown = ms.fold(tnExpr)
	}
	d.methodElsewhere = !hasTableName && ms.hasTableNameMethod(ts)
	var out []Model
	if hasDB {
		if ms.fileImports(libs.Pop.Paths) {
			out = append(out, ms.popModel(d))
		} else {
			out = append(out, ms.sqlxModel(d))
		}
	}
	if (hasGorm || gormModel) && !(ms.pkg != nil && ms.pkg.parts[name] && !hasTableName && !d.methodElsewhere) {
		out = append(out, ms.gormModel(d))
	}
	if hasBun {
		out = append(out, ms.bunModel(d))
	}
	if hasPg {
		out = append(out, ms.gopgModel(d))
	}
	if hasOrm && ms.beegoIsModel(d) {
		out = append(out, ms.beegoModel(d))
	}
	return out
}

// hasTableNameMethod: with type information, whether the type has a
// TableName method (possibly declared in another file).
func (ms *Scan) hasTableNameMethod(ts *ast.TypeSpec) bool {
	if ms.info == nil {
		return false
	}
	obj, ok := ms.info.Defs[ts.Name].(*types.TypeName)
	if !ok || obj == nil {
		return false
	}
	ms2 := types.NewMethodSet(types.NewPointer(obj.Type()))
	return ms2.Lookup(obj.Pkg(), "TableName") != nil
}

// modelField is one struct field, from syntax or from type information.
type modelField struct {
	name     string // "" for an embedded field
	embedded bool
	tag      reflect.StructTag
	hasTag   bool
	pos      token.Pos
	typ      ast.Expr   // nil when from types
	ttyp     types.Type // nil when unknown
	// declType: "import/path.Name" of a field's type when its package is
	// not loaded (ttyp nil)
	declType string
}

func (ms *Scan) astFields(st *ast.StructType) []modelField {
	var out []modelField
	if st == nil || st.Fields == nil {
		return nil
	}
	for _, fl := range st.Fields.List {
		var tag reflect.StructTag
		has := false
		if fl.Tag != nil {
			if s, err := strconv.Unquote(fl.Tag.Value); err == nil {
				tag, has = reflect.StructTag(s), true
			}
		}
		var tt types.Type
		if ms.info != nil {
			tt = ms.info.TypeOf(fl.Type)
			if tt != nil {
				if b, ok := tt.(*types.Basic); ok && b.Kind() == types.Invalid {
					tt = nil
				}
			}
		}
		if len(fl.Names) == 0 {
			out = append(out, modelField{name: astx.TypeName(fl.Type), embedded: true, tag: tag, hasTag: has, pos: fl.Type.Pos(), typ: fl.Type, ttyp: tt})
			continue
		}
		for _, n := range fl.Names {
			out = append(out, modelField{name: n.Name, tag: tag, hasTag: has, pos: n.Pos(), typ: fl.Type, ttyp: tt})
		}
	}
	return out
}

func (ms *Scan) typesFields(s *types.Struct) []modelField {
	var out []modelField
	for i := 0; i < s.NumFields(); i++ {
		v := s.Field(i)
		tag := reflect.StructTag(s.Tag(i))
		f := modelField{name: v.Name(), embedded: v.Embedded(), tag: tag, hasTag: s.Tag(i) != "", pos: v.Pos(), ttyp: v.Type()}
		if b, ok := f.ttyp.(*types.Basic); ok && b.Kind() == types.Invalid {
			// a type of a package that is not loaded
			f.ttyp = nil
			if ms.pkg != nil && ms.pkg.DeclType != nil {
				f.declType = ms.pkg.DeclType(v)
			}
		}
		out = append(out, f)
	}
	return out
}

// embeddedFields lists the fields of an embedded (or `embedded`) struct type:
// from this file's syntax when declared here, else from type information.
func (ms *Scan) embeddedFields(f modelField) ([]modelField, bool) {
	if f.typ != nil {
		e := f.typ
		if s, ok := e.(*ast.StarExpr); ok {
			e = s.X
		}
		if id, ok := e.(*ast.Ident); ok {
			if st, ok := ms.structs[id.Name]; ok {
				return ms.astFields(st), true
			}
		}
		if st, ok := e.(*ast.StructType); ok {
			return ms.astFields(st), true
		}
	}
	if f.ttyp != nil {
		if s, ok := astx.Deref(f.ttyp).Underlying().(*types.Struct); ok {
			return ms.typesFields(s), true
		}
	}
	return nil, false
}

// isRelation guesses whether a field without a relation tag is a relation
// (association) rather than a column, for gorm and go-pg.
func (ms *Scan) isRelation(f modelField) bool {
	if f.ttyp != nil {
		t := f.ttyp
		if sl, ok := t.Underlying().(*types.Slice); ok {
			if _, named := t.(*types.Named); named {
				return false // a named slice type (pq.StringArray) is a value
			}
			t = sl.Elem()
		}
		t = astx.Deref(t)
		n, ok := t.(*types.Named)
		if !ok {
			return false
		}
		if _, ok := n.Underlying().(*types.Struct); !ok {
			return false
		}
		if n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" {
			return false
		}
		msx := types.NewMethodSet(types.NewPointer(n))
		if msx.Lookup(n.Obj().Pkg(), "Scan") != nil || msx.Lookup(n.Obj().Pkg(), "Value") != nil {
			return false
		}
		if n.Obj().Pkg() != nil && (n.Obj().Pkg().Path() == "database/sql" || strings.HasPrefix(n.Obj().Pkg().Path(), "gorm.io/")) {
			return false
		}
		// an empty fake package (fast driver) gives no methods: only trust a
		// struct with fields
		if s := n.Underlying().(*types.Struct); s.NumFields() == 0 {
			return false
		}
		return true
	}
	e := f.typ
	slice := false
	if at, ok := e.(*ast.ArrayType); ok && at.Len == nil {
		slice = true
		e = at.Elt
	}
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	switch x := e.(type) {
	case *ast.Ident:
		if _, ok := ms.structs[x.Name]; ok {
			return true
		}
		if slice {
			return x.Name != "" && x.Name[0] >= 'A' && x.Name[0] <= 'Z'
		}
	case *ast.SelectorExpr:
		return slice
	}
	return false
}

// columns lists the columns of a struct for one tag flavour.
func (ms *Scan) columns(flavour string, st *ast.StructType, prefix string, depth int) []Column {
	return ms.fieldColumns(flavour, ms.astFields(st), prefix, depth)
}

func (ms *Scan) fieldColumns(flavour string, fields []modelField, prefix string, depth int) []Column {
	if depth > 6 {
		return nil
	}
	var out []Column
	for _, f := range fields {
		exported := f.name != "" && f.name[0] >= 'A' && f.name[0] <= 'Z'
		switch flavour {
		case "db":
			out = append(out, ms.sqlxColumns(f, exported, prefix, depth)...)
		case "gorm":
			out = append(out, ms.gormColumns(f, exported, prefix, depth)...)
		case "bun":
			out = append(out, ms.bunColumns(f, exported, prefix, depth)...)
		case "pg":
			out = append(out, ms.gopgColumns(f, exported, prefix, depth)...)
		case "orm":
			out = append(out, ms.beegoColumns(f, exported, prefix, depth)...)
		}
	}
	return out
}

// addColumn appends prefix+name (unless name is empty).
func addColumn(out []Column, prefix, name string, pos token.Pos) []Column {
	if name == "" {
		return out
	}
	return append(out, Column{Name: prefix + name, Pos: pos})
}

// addField adds the column a field holds, with the field's Go type.
func (ms *Scan) addField(out []Column, prefix, name string, f modelField) []Column {
	if name == "" {
		return out
	}
	tn := ms.typeName(f.typ)
	if f.typ == nil && f.ttyp == nil {
		tn = f.declType
	}
	return append(out, Column{Name: prefix + name, Pos: f.pos, Field: f.name, Type: f.ttyp, TypeName: tn})
}

// typeName names a field's type syntax with import paths (see
// Column.TypeName); "" for what it does not name.
func (ms *Scan) typeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return ms.typeName(x.X)
	case *ast.StarExpr:
		if n := ms.typeName(x.X); n != "" {
			return "*" + n
		}
		return "*"
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && ms.imports[id.Name] != "" {
			return ms.imports[id.Name] + "." + x.Sel.Name
		}
	case *ast.ArrayType:
		if x.Len == nil {
			if n := ms.typeName(x.Elt); n != "" {
				return "[]" + n
			}
		}
	case *ast.MapType:
		return "map"
	case *ast.InterfaceType:
		return "interface{}"
	}
	return ""
}

// Struct returns the struct type declared in the file under name, or nil.
func (ms *Scan) Struct(name string) *ast.StructType { return ms.structs[name] }

// Columns lists the columns a struct of the file maps for a tag flavour
// ("db", "gorm", "bun", "pg", "orm").
func (ms *Scan) Columns(flavour string, st *ast.StructType) []Column {
	return ms.columns(flavour, st, "", 0)
}

// SetPackage gives the scan what the package knows (TableName methods of
// other files, declared types of embedded fields).
func (ms *Scan) SetPackage(p *Package) { ms.pkg = p }

// TypeColumns lists the columns a struct type known only from type
// information maps for a tag flavour.
func (ms *Scan) TypeColumns(flavour string, st *types.Struct) []Column {
	return ms.fieldColumns(flavour, ms.typesFields(st), "", 0)
}

// tableNameDecls records the TableName() methods of f by receiver type
// name: the expression of their single return, or nil when the result is
// not one expression.
func tableNameDecls(f *ast.File, into map[string]ast.Expr) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != "TableName" || fd.Body == nil {
			continue
		}
		if fd.Type.Params != nil && fd.Type.Params.NumFields() > 1 {
			continue // TableName() (gorm, beego, pop) or TableName(ctx) (pop)
		}
		recv := astx.TypeName(fd.Recv.List[0].Type)
		if recv == "" {
			continue
		}
		// the single return statement of the body; a return of a field of
		// the receiver (`if r.tableName != "" { return r.tableName }`, an
		// override set at run time, hashicorp/boundary's models) is left
		// aside when one other return remains: the table is that one
		recvName := ""
		if ns := fd.Recv.List[0].Names; len(ns) == 1 {
			recvName = ns[0].Name
		}
		var ret ast.Expr
		n := 0
		ast.Inspect(fd.Body, func(x ast.Node) bool {
			if _, ok := x.(*ast.FuncLit); ok {
				return false
			}
			if rs, ok := x.(*ast.ReturnStmt); ok {
				if len(rs.Results) == 1 && isRecvField(rs.Results[0], recvName) {
					return true
				}
				n++
				if len(rs.Results) == 1 {
					ret = rs.Results[0]
				}
			}
			return true
		})
		if n == 1 && ret != nil {
			into[recv] = ret
		} else {
			into[recv] = nil // present but not constant
		}
	}
}

// isRecvField: e is recv.field (a field or method value of the receiver
// named recv, not a call).
func isRecvField(e ast.Expr, recv string) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || recv == "" || recv == "_" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == recv
}

// Package is what the model extractor knows of a whole package: the
// TableName methods of all its files (a model's TableName is often in
// another file than its struct), and the declared types of embedded fields
// whose package is not loaded.
type Package struct {
	tableNames map[string]ast.Expr
	// beego: the struct types registered with orm.RegisterModel… or used
	// with the ORM's table APIs (QueryTable, Read, Insert…) in the package
	beego map[string]bool
	// parts: struct types embedded in a model that names its table
	// (TableName): without a TableName of their own they are that model's
	// columns, not a table (hashicorp/boundary's protobuf store.Role in
	// iam.Role); set by AddEmbeddedParts
	parts map[string]bool
	// DeclType returns "import/path.Name" for an embedded field whose
	// type comes from a package that is not loaded ("" when unknown).
	DeclType func(v *types.Var) string
}

// NewPackage scans the files of a package for its TableName methods.
func NewPackage(files []*ast.File) *Package {
	p := &Package{tableNames: map[string]ast.Expr{}, beego: map[string]bool{}, parts: map[string]bool{}}
	for _, f := range files {
		tableNameDecls(f, p.tableNames)
		beegoRegistered(f, p.beego)
	}
	for _, r := range EmbeddedInNamedModels(files) {
		if r.Pkg == "" {
			p.parts[r.Name] = true
		}
	}
	return p
}

// AddEmbeddedParts marks struct types of the package that a model
// elsewhere embeds (see EmbeddedInNamedModels): without a TableName of
// their own, they name no gorm table.
func (p *Package) AddEmbeddedParts(names []string) {
	for _, n := range names {
		p.parts[n] = true
	}
}

// EmbeddedInNamedModels lists the struct types that files (one package's)
// embed in a struct with a TableName() method declared in any of them
// (`type Role struct { *store.Role; … }` with `func (r *Role)
// TableName() string`): the embedded type's import path ("" for the
// package's own) and name.
func EmbeddedInNamedModels(files []*ast.File) []BeegoRegistration {
	named := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil && len(fd.Recv.List) == 1 && fd.Name.Name == "TableName" {
				if n := astx.TypeName(fd.Recv.List[0].Type); n != "" {
					named[n] = true
				}
			}
		}
	}
	var out []BeegoRegistration
	for _, f := range files {
		imps := astx.Imports(f)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, sp := range gd.Specs {
				ts, ok := sp.(*ast.TypeSpec)
				if !ok || !named[ts.Name.Name] {
					continue
				}
				st, ok := ts.Type.(*ast.StructType)
				if !ok || st.Fields == nil {
					continue
				}
				for _, fl := range st.Fields.List {
					if len(fl.Names) != 0 {
						continue
					}
					t := fl.Type
					if se, ok := t.(*ast.StarExpr); ok {
						t = se.X
					}
					if r, ok := beegoReg(t, imps); ok {
						out = append(out, r)
					}
				}
			}
		}
	}
	return out
}
