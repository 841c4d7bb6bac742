package analyzer

// ORM models: Go structs whose tags (or naming conventions) map a table and
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

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// bqRethrow makes the extractors re-panic instead of recovering (tests).
var bqRethrow bool

// ModelRef: a Go struct that maps a table (ORM model).
type ModelRef struct {
	Table   string
	Schema  string
	Columns []ModelColumn
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

// ModelColumn is one column a model maps.
type ModelColumn struct {
	Name string
	Pos  token.Pos // the field
}

// import paths of the ORMs, by flavour
var (
	modelGormPaths   = []string{"gorm.io/gorm", "github.com/jinzhu/gorm"}
	modelBunPaths    = []string{"github.com/uptrace/bun"}
	modelGoPgPaths   = []string{"github.com/go-pg/pg/v10", "github.com/go-pg/pg/v10/orm", "github.com/go-pg/pg/v9", "github.com/go-pg/pg/v9/orm", "github.com/go-pg/pg", "github.com/go-pg/pg/orm"}
	modelBeegoPaths  = []string{"github.com/beego/beego/v2/client/orm", "github.com/astaxie/beego/orm"}
	modelSquirrelPth = []string{"github.com/Masterminds/squirrel", "gopkg.in/Masterminds/squirrel.v1", "github.com/lann/squirrel"}
	modelPgxPaths    = []string{"github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4", "github.com/jackc/pgx"}
)

// modelsFromFile returns the ORM models declared in f. info may be nil or
// partial; it is only used to flatten embedded structs declared elsewhere, to
// fold constants and to tell relations from value types.
func modelsFromFile(fset *token.FileSet, f *ast.File, info *types.Info) (out []ModelRef) {
	if f == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			if bqRethrow {
				panic(r)
			}
			out = nil
		}
	}()
	ms := newModelScan(f, info, nil)
	out = append(out, ms.entModels()...)
	out = append(out, ms.boilModels()...)
	for _, ts := range ms.specs {
		out = append(out, ms.structModels(ts, ts.Type.(*ast.StructType))...)
	}
	return out
}

type modelScan struct {
	f       *ast.File
	info    *types.Info
	imports map[string]string // local name → import path
	structs map[string]*ast.StructType
	specs   []*ast.TypeSpec // struct type declarations, in source order
	// TableName() result expressions by receiver type name
	tableNames map[string]ast.Expr
	fold       func(ast.Expr) (string, bool)
}

func newModelScan(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) *modelScan {
	ms := &modelScan{
		f:          f,
		info:       info,
		imports:    bqFileImports(f),
		structs:    map[string]*ast.StructType{},
		tableNames: map[string]ast.Expr{},
	}
	ms.fold = bqFolder(f, info, fold)
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
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name != "TableName" || fd.Body == nil {
			continue
		}
		if fd.Type.Params != nil && len(fd.Type.Params.List) > 0 {
			continue
		}
		recv := bqTypeName(fd.Recv.List[0].Type)
		if recv == "" {
			continue
		}
		// the single return statement at the top level of the body
		var ret ast.Expr
		n := 0
		ast.Inspect(fd.Body, func(x ast.Node) bool {
			if _, ok := x.(*ast.FuncLit); ok {
				return false
			}
			if rs, ok := x.(*ast.ReturnStmt); ok {
				n++
				if len(rs.Results) == 1 {
					ret = rs.Results[0]
				}
			}
			return true
		})
		if n == 1 && ret != nil {
			ms.tableNames[recv] = ret
		} else {
			ms.tableNames[recv] = nil // present but not constant
		}
	}
	return ms
}

// bqTypeName is the type name in a receiver or field type: T, *T, T[P], pkg.T.
func bqTypeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return bqTypeName(x.X)
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return bqTypeName(x.X)
	case *ast.IndexListExpr:
		return bqTypeName(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.ParenExpr:
		return bqTypeName(x.X)
	}
	return ""
}

// isPkgSel reports whether e (after * and parens) is pkg.Name with pkg imported
// from one of paths; with type information the named type decides.
func (ms *modelScan) isPkgSel(e ast.Expr, paths []string, name string) bool {
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
			if n, ok := bqDeref(t).(*types.Named); ok && n.Obj() != nil && n.Obj().Pkg() != nil {
				return n.Obj().Name() == name && bqPathIn(n.Obj().Pkg().Path(), paths)
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
	return bqPathIn(ms.imports[id.Name], paths)
}

func (ms *modelScan) fileImports(paths []string) bool {
	for _, p := range ms.imports {
		if bqPathIn(p, paths) {
			return true
		}
	}
	return false
}

func bqPathIn(p string, paths []string) bool {
	if p == "" {
		return false
	}
	for _, q := range paths {
		if p == q {
			return true
		}
	}
	return false
}

func bqDeref(t types.Type) types.Type {
	for {
		p, ok := t.(*types.Pointer)
		if !ok {
			return t
		}
		t = p.Elem()
	}
}

// tagOf returns the value of key in a field's tag literal.
func tagOf(fl *ast.Field, key string) (string, bool) {
	if fl == nil || fl.Tag == nil {
		return "", false
	}
	s, err := strconv.Unquote(fl.Tag.Value)
	if err != nil {
		return "", false
	}
	return reflect.StructTag(s).Lookup(key)
}

func structHasTag(st *ast.StructType, key string) bool {
	if st.Fields == nil {
		return false
	}
	for _, fl := range st.Fields.List {
		if _, ok := tagOf(fl, key); ok {
			return true
		}
	}
	return false
}

// structModels returns the models one struct declares (normally zero or one;
// a struct tagged for two libraries yields one model per library).
func (ms *modelScan) structModels(ts *ast.TypeSpec, st *ast.StructType) []ModelRef {
	if st.Fields == nil {
		return nil
	}
	name := ts.Name.Name
	var gormModel, bunBase, pgTableName bool
	var bunBaseField, pgTableField *ast.Field
	for _, fl := range st.Fields.List {
		if len(fl.Names) == 0 {
			if ms.isPkgSel(fl.Type, modelGormPaths, "Model") {
				gormModel = true
			}
			if ms.isPkgSel(fl.Type, modelBunPaths, "BaseModel") {
				bunBase = true
				bunBaseField = fl
			}
		}
		for _, n := range fl.Names {
			if n.Name == "tableName" {
				if _, ok := tagOf(fl, "pg"); ok {
					pgTableName = true
					pgTableField = fl
				} else if _, ok := tagOf(fl, "sql"); ok {
					pgTableName = true
					pgTableField = fl
				}
			}
		}
	}
	tnExpr, hasTableName := ms.tableNames[name]
	hasDB := structHasTag(st, "db")
	hasGorm := structHasTag(st, "gorm")
	hasBun := structHasTag(st, "bun") || bunBase
	hasPg := structHasTag(st, "pg") || pgTableName
	hasOrm := structHasTag(st, "orm")
	beegoFile := ms.fileImports(modelBeegoPaths)
	if hasTableName && !hasDB && !hasGorm && !hasBun && !hasPg && !hasOrm && !gormModel {
		if beegoFile && !ms.fileImports(modelGormPaths) {
			hasOrm = true
		} else {
			hasGorm = true
		}
	}
	if hasTableName && !hasOrm && beegoFile && !hasGorm && !gormModel && !hasBun && !hasPg {
		hasOrm = true
	}
	base := ModelRef{Pos: ts.Name.Pos(), Type: name}
	// TableName() result
	var tnTable string
	var tnKnown bool
	if hasTableName && tnExpr != nil {
		tnTable, tnKnown = ms.fold(tnExpr)
	}
	methodElsewhere := !hasTableName && ms.hasTableNameMethod(ts)
	var out []ModelRef
	if hasDB {
		m := base
		m.Via = "tag db"
		if tnKnown {
			m.Schema, m.Table = bqSplitSchema(tnTable)
			m.TableKnown = true
		}
		m.Columns = ms.columns("db", st, "", 0)
		out = append(out, m)
	}
	if hasGorm || gormModel {
		m := base
		m.Via = "gorm"
		switch {
		case tnKnown:
			m.Schema, m.Table = bqSplitSchema(tnTable)
			m.TableKnown = true
		case hasTableName || methodElsewhere:
			// a TableName method whose result is not constant
		default:
			m.Table = inflectPlural(gormDBName(name))
		}
		m.Columns = ms.columns("gorm", st, "", 0)
		out = append(out, m)
	}
	if hasBun {
		m := base
		m.Via = "bun"
		m.Alias = bunUnderscore(name)
		if bunBaseField != nil {
			if tag, ok := tagOf(bunBaseField, "bun"); ok {
				parts := strings.Split(tag, ",")
				if parts[0] != "" && !strings.Contains(parts[0], ":") {
					m.Table, m.TableKnown = parts[0], true
				}
				for _, p := range parts {
					if v, ok := strings.CutPrefix(p, "table:"); ok && v != "" {
						m.Table, m.TableKnown = v, true
					}
					if v, ok := strings.CutPrefix(p, "alias:"); ok && v != "" {
						m.Alias = v
					}
				}
			}
		}
		if m.Table == "" {
			m.Table = inflectPlural(bunUnderscore(name))
		} else {
			m.Schema, m.Table = bqSplitSchema(m.Table)
		}
		m.Columns = ms.columns("bun", st, "", 0)
		out = append(out, m)
	}
	if hasPg {
		m := base
		m.Via = "go-pg"
		if pgTableField != nil {
			tag, ok := tagOf(pgTableField, "pg")
			if !ok {
				tag, _ = tagOf(pgTableField, "sql")
			}
			parts := strings.Split(tag, ",")
			if parts[0] != "" && !strings.Contains(parts[0], ":") {
				m.Schema, m.Table = bqSplitSchema(parts[0])
				m.TableKnown = true
			}
			for _, p := range parts[1:] {
				if v, ok := strings.CutPrefix(p, "alias:"); ok {
					m.Alias = strings.Trim(v, `"`)
				}
			}
		}
		if m.Table == "" {
			m.Table = inflectPlural(bunUnderscore(name))
		}
		m.Columns = ms.columns("pg", st, "", 0)
		out = append(out, m)
	}
	if hasOrm {
		m := base
		m.Via = "beego"
		switch {
		case tnKnown:
			m.Schema, m.Table = bqSplitSchema(tnTable)
			m.TableKnown = true
		case hasTableName || methodElsewhere:
		default:
			m.Table = beegoSnake(name)
		}
		m.Columns = ms.columns("orm", st, "", 0)
		out = append(out, m)
	}
	return out
}

// hasTableNameMethod: with type information, whether the type has a
// TableName method (possibly declared in another file).
func (ms *modelScan) hasTableNameMethod(ts *ast.TypeSpec) bool {
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

// bqSplitSchema splits "schema.table" (each part possibly double-quoted).
func bqSplitSchema(s string) (schema, table string) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, `"."`); i >= 0 {
		return strings.Trim(s[:i+1], `"`), strings.Trim(s[i+2:], `"`)
	}
	if strings.HasPrefix(s, `"`) {
		return "", strings.Trim(s, `"`)
	}
	if i := strings.Index(s, "."); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
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
}

func (ms *modelScan) astFields(st *ast.StructType) []modelField {
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
			out = append(out, modelField{name: bqTypeName(fl.Type), embedded: true, tag: tag, hasTag: has, pos: fl.Type.Pos(), typ: fl.Type, ttyp: tt})
			continue
		}
		for _, n := range fl.Names {
			out = append(out, modelField{name: n.Name, tag: tag, hasTag: has, pos: n.Pos(), typ: fl.Type, ttyp: tt})
		}
	}
	return out
}

func typesFields(s *types.Struct) []modelField {
	var out []modelField
	for i := 0; i < s.NumFields(); i++ {
		v := s.Field(i)
		tag := reflect.StructTag(s.Tag(i))
		out = append(out, modelField{name: v.Name(), embedded: v.Embedded(), tag: tag, hasTag: s.Tag(i) != "", pos: v.Pos(), ttyp: v.Type()})
	}
	return out
}

// embeddedFields lists the fields of an embedded (or `embedded`) struct type:
// from this file's syntax when declared here, else from type information.
func (ms *modelScan) embeddedFields(f modelField) ([]modelField, bool) {
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
		if s, ok := bqDeref(f.ttyp).Underlying().(*types.Struct); ok {
			return typesFields(s), true
		}
	}
	return nil, false
}

// isRelation guesses whether a field without a relation tag is a relation
// (association) rather than a column, for gorm and go-pg.
func (ms *modelScan) isRelation(f modelField) bool {
	if f.ttyp != nil {
		t := f.ttyp
		if sl, ok := t.Underlying().(*types.Slice); ok {
			if _, named := t.(*types.Named); named {
				return false // a named slice type (pq.StringArray) is a value
			}
			t = sl.Elem()
		}
		t = bqDeref(t)
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
func (ms *modelScan) columns(flavour string, st *ast.StructType, prefix string, depth int) []ModelColumn {
	return ms.fieldColumns(flavour, ms.astFields(st), prefix, depth)
}

func (ms *modelScan) fieldColumns(flavour string, fields []modelField, prefix string, depth int) []ModelColumn {
	if depth > 6 {
		return nil
	}
	var out []ModelColumn
	add := func(name string, pos token.Pos) {
		if name != "" {
			out = append(out, ModelColumn{Name: prefix + name, Pos: pos})
		}
	}
	for _, f := range fields {
		exported := f.name != "" && f.name[0] >= 'A' && f.name[0] <= 'Z'
		switch flavour {
		case "db":
			tag, ok := f.tag.Lookup("db")
			name := strings.Split(tag, ",")[0]
			if name == "-" {
				continue
			}
			if f.embedded {
				if ok && name != "" {
					continue // sqlx nests a tagged embedded struct under a prefix
				}
				if sub, ok := ms.embeddedFields(f); ok {
					out = append(out, ms.fieldColumns(flavour, sub, prefix, depth+1)...)
				}
				continue
			}
			if !exported {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.name)
			}
			add(name, f.pos)
		case "gorm":
			settings := gormSettings(f.tag.Get("gorm"))
			if v, ok := settings["-"]; ok && (v == "" || strings.EqualFold(v, "all")) {
				continue
			}
			if f.embedded && ms.isPkgSel(f.typ, modelGormPaths, "Model") || f.ttyp != nil && bqIsNamed(f.ttyp, modelGormPaths, "Model") {
				for _, c := range []string{"id", "created_at", "updated_at", "deleted_at"} {
					add(c, f.pos)
				}
				continue
			}
			if _, ok := settings["EMBEDDED"]; f.embedded || ok {
				if !f.embedded && !exported {
					continue
				}
				if sub, ok := ms.embeddedFields(f); ok {
					p := prefix + settings["EMBEDDEDPREFIX"]
					out = append(out, ms.fieldColumns(flavour, sub, p, depth+1)...)
				}
				continue
			}
			if !exported {
				continue
			}
			rel := false
			for _, k := range []string{"FOREIGNKEY", "REFERENCES", "MANY2MANY", "POLYMORPHIC", "JOINFOREIGNKEY", "JOINREFERENCES"} {
				if _, ok := settings[k]; ok {
					rel = true
				}
			}
			_, typed := settings["TYPE"]
			_, serialized := settings["SERIALIZER"]
			if rel || !typed && !serialized && ms.isRelation(f) {
				continue
			}
			name := settings["COLUMN"]
			if name == "" {
				name = gormDBName(f.name)
			}
			add(name, f.pos)
		case "bun":
			tag, _ := f.tag.Lookup("bun")
			parts := strings.Split(tag, ",")
			if parts[0] == "-" {
				continue
			}
			if f.embedded && ms.isPkgSel(f.typ, modelBunPaths, "BaseModel") || f.ttyp != nil && bqIsNamed(f.ttyp, modelBunPaths, "BaseModel") {
				continue
			}
			skip := false
			embedPrefix, embed := "", false
			for _, p := range parts {
				if strings.HasPrefix(p, "rel:") || strings.HasPrefix(p, "m2m:") {
					skip = true
				}
				if v, ok := strings.CutPrefix(p, "embed:"); ok {
					embedPrefix, embed = v, true
				}
			}
			if skip {
				continue
			}
			if f.embedded || embed {
				if sub, ok := ms.embeddedFields(f); ok {
					out = append(out, ms.fieldColumns(flavour, sub, prefix+embedPrefix, depth+1)...)
				}
				continue
			}
			if !exported {
				continue
			}
			name := parts[0]
			if strings.Contains(name, ":") {
				name = ""
			}
			if name == "" {
				name = bunUnderscore(f.name)
			}
			add(strings.Trim(name, `"`), f.pos)
		case "pg":
			if f.name == "tableName" {
				continue
			}
			tag, ok := f.tag.Lookup("pg")
			if !ok {
				tag, _ = f.tag.Lookup("sql")
			}
			parts := strings.Split(tag, ",")
			if parts[0] == "-" {
				continue
			}
			rel := false
			for _, p := range parts {
				if strings.HasPrefix(p, "rel:") || strings.HasPrefix(p, "many2many:") || strings.HasPrefix(p, "fk:") || strings.HasPrefix(p, "join_fk:") {
					rel = true
				}
			}
			if rel {
				continue
			}
			if f.embedded {
				if sub, ok := ms.embeddedFields(f); ok {
					out = append(out, ms.fieldColumns(flavour, sub, prefix, depth+1)...)
				}
				continue
			}
			if !exported || ms.isRelation(f) {
				continue
			}
			name := parts[0]
			if strings.Contains(name, ":") {
				name = ""
			}
			if name == "" {
				name = bunUnderscore(f.name)
			}
			add(strings.Trim(name, `"`), f.pos)
		case "orm":
			tag := f.tag.Get("orm")
			if tag == "-" {
				continue
			}
			if f.embedded {
				if sub, ok := ms.embeddedFields(f); ok {
					out = append(out, ms.fieldColumns(flavour, sub, prefix, depth+1)...)
				}
				continue
			}
			if !exported {
				continue
			}
			var column, rel string
			reverse := false
			for _, p := range strings.Split(tag, ";") {
				p = strings.TrimSpace(p)
				if v, ok := beegoArg(p, "column"); ok {
					column = v
				}
				if v, ok := beegoArg(p, "rel"); ok {
					rel = v
				}
				if _, ok := beegoArg(p, "reverse"); ok {
					reverse = true
				}
			}
			if reverse || rel == "m2m" {
				continue
			}
			if column == "" {
				column = beegoSnake(f.name)
				if rel == "fk" || rel == "one" {
					column += "_id"
				}
			}
			add(column, f.pos)
		}
	}
	return out
}

func bqIsNamed(t types.Type, paths []string, name string) bool {
	n, ok := bqDeref(t).(*types.Named)
	return ok && n.Obj() != nil && n.Obj().Pkg() != nil && n.Obj().Name() == name && bqPathIn(n.Obj().Pkg().Path(), paths)
}

// beegoArg parses "column(name)".
func beegoArg(p, key string) (string, bool) {
	rest, ok := strings.CutPrefix(p, key)
	if !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") {
		return "", false
	}
	return strings.TrimSpace(rest[1 : len(rest)-1]), true
}

// gormSettings parses a gorm tag like gorm's schema.ParseTagSetting: `;`
// separated, keys upper-cased, `\;` escapes.
func gormSettings(tag string) map[string]string {
	out := map[string]string{}
	names := strings.Split(tag, ";")
	for i := 0; i < len(names); i++ {
		j := i
		if len(names[j]) > 0 {
			for strings.HasSuffix(names[j], "\\") {
				i++
				if i >= len(names) {
					break
				}
				names[j] = names[j][0:len(names[j])-1] + ";" + names[i]
				names[i] = ""
			}
		}
		values := strings.Split(names[j], ":")
		k := strings.TrimSpace(strings.ToUpper(values[0]))
		if k == "" {
			continue
		}
		if len(values) >= 2 {
			out[k] = strings.Join(values[1:], ":")
		} else {
			out[k] = k
		}
	}
	// "-" is case-insensitive and has no upper case: keep the raw value
	if v, ok := out["-"]; ok && v == "-" {
		out["-"] = ""
	}
	return out
}

var gormInitialisms = []string{"API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL", "UID", "UI", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XSRF", "XSS"}

var gormInitialismReplacer = func() *strings.Replacer {
	var pairs []string
	for _, s := range gormInitialisms {
		pairs = append(pairs, s, s[:1]+strings.ToLower(s[1:]))
	}
	return strings.NewReplacer(pairs...)
}()

// gormDBName is gorm's NamingStrategy.toDBName (schema/naming.go).
func gormDBName(name string) string {
	if name == "" {
		return ""
	}
	value := gormInitialismReplacer.Replace(name)
	var buf strings.Builder
	var lastCase, nextCase, nextNumber bool
	curCase := value[0] <= 'Z' && value[0] >= 'A'
	for i, v := range value[:len(value)-1] {
		nextCase = value[i+1] <= 'Z' && value[i+1] >= 'A'
		nextNumber = value[i+1] >= '0' && value[i+1] <= '9'
		if curCase {
			if lastCase && (nextCase || nextNumber) {
				buf.WriteRune(v + 32)
			} else {
				if i > 0 && value[i-1] != '_' && value[i+1] != '_' {
					buf.WriteByte('_')
				}
				buf.WriteRune(v + 32)
			}
		} else {
			buf.WriteRune(v)
		}
		lastCase = curCase
		curCase = nextCase
	}
	if curCase {
		if !lastCase && len(value) > 1 {
			buf.WriteByte('_')
		}
		buf.WriteByte(value[len(value)-1] + 32)
	} else {
		buf.WriteByte(value[len(value)-1])
	}
	return buf.String()
}

// bunUnderscore is bun's (and go-pg's) internal.Underscore.
func bunUnderscore(s string) string {
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	r := make([]byte, 0, len(s)+5)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			if i > 0 && i+1 < len(s) && (isLower(s[i-1]) || isLower(s[i+1])) {
				r = append(r, '_', c+32)
			} else {
				r = append(r, c+32)
			}
		} else {
			r = append(r, c)
		}
	}
	return string(r)
}

// beegoSnake is beego orm's snakeString: an underscore before every upper
// case letter but the first (UserID → user_i_d).
func beegoSnake(s string) string {
	data := make([]byte, 0, len(s)*2)
	for i := 0; i < len(s); i++ {
		d := s[i]
		if i > 0 && d >= 'A' && d <= 'Z' {
			data = append(data, '_')
		}
		data = append(data, d)
	}
	return strings.ToLower(string(data))
}

type inflectRule struct {
	re   *regexp.Regexp
	repl string
}

// The plural rules of github.com/jinzhu/inflection (used by gorm, bun and
// go-pg), applied in its order: uncountables, irregulars, then the regular
// rules from the last defined to the first.
var (
	inflectUncountable = []string{"equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police"}
	inflectIrregular   = [][2]string{{"person", "people"}, {"man", "men"}, {"child", "children"}, {"sex", "sexes"}, {"move", "moves"}, {"mombie", "mombies"}}
	inflectPlurals     = [][2]string{
		{"([a-z])$", "${1}s"},
		{"s$", "s"},
		{"^(ax|test)is$", "${1}es"},
		{"(octop|vir)us$", "${1}i"},
		{"(octop|vir)i$", "${1}i"},
		{"(alias|status|campus)$", "${1}es"},
		{"(bu)s$", "${1}ses"},
		{"(buffal|tomat)o$", "${1}oes"},
		{"([ti])um$", "${1}a"},
		{"([ti])a$", "${1}a"},
		{"sis$", "ses"},
		{"(?:([^f])fe|([lr])f)$", "${1}${2}ves"},
		{"(hive)$", "${1}s"},
		{"([^aeiouy]|qu)y$", "${1}ies"},
		{"(x|ch|ss|sh)$", "${1}es"},
		{"(matr|vert|ind)(?:ix|ex)$", "${1}ices"},
		{"^(m|l)ouse$", "${1}ice"},
		{"^(ox)$", "${1}en"},
		{"^(oxen)$", "${1}"},
		{"(quiz)$", "${1}zes"},
	}
	inflectRules = func() []inflectRule {
		var rs []inflectRule
		for _, u := range inflectUncountable {
			rs = append(rs, inflectRule{regexp.MustCompile("^(?i)(" + u + ")$"), "${1}"})
		}
		for _, ir := range inflectIrregular {
			rs = append(rs, inflectRule{regexp.MustCompile("(?i)" + ir[0] + "$"), ir[1]})
		}
		for i := len(inflectPlurals) - 1; i >= 0; i-- {
			rs = append(rs, inflectRule{regexp.MustCompile("(?i)" + inflectPlurals[i][0]), inflectPlurals[i][1]})
		}
		return rs
	}()
)

// inflectPlural pluralises a snake_case name the way jinzhu/inflection does
// (only the last word changes: order_item → order_items).
func inflectPlural(s string) string {
	if s == "" {
		return s
	}
	for _, r := range inflectRules {
		if r.re.MatchString(s) {
			return r.re.ReplaceAllString(s, r.repl)
		}
	}
	return s
}

// entModels recognises an ent-generated entity package file.
func (ms *modelScan) entModels() []ModelRef {
	consts := map[string]*ast.ValueSpec{}
	vars := map[string]*ast.ValueSpec{}
	for _, d := range ms.f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok {
				continue
			}
			for _, n := range vs.Names {
				if gd.Tok == token.CONST {
					consts[n.Name] = vs
				} else if gd.Tok == token.VAR {
					vars[n.Name] = vs
				}
			}
		}
	}
	tspec, ok := consts["Table"]
	if !ok || vars["Columns"] == nil {
		return nil
	}
	constVal := func(name string) (string, token.Pos, bool) {
		vs, ok := consts[name]
		if !ok {
			return "", token.NoPos, false
		}
		for i, n := range vs.Names {
			if n.Name == name && i < len(vs.Values) {
				if s, ok := ms.fold(vs.Values[i]); ok {
					return s, n.Pos(), true
				}
			}
		}
		return "", token.NoPos, false
	}
	listCols := func(name string) []ModelColumn {
		vs := vars[name]
		if vs == nil || len(vs.Values) == 0 {
			return nil
		}
		cl, ok := vs.Values[0].(*ast.CompositeLit)
		if !ok {
			return nil
		}
		var out []ModelColumn
		for _, el := range cl.Elts {
			if id, ok := el.(*ast.Ident); ok {
				if s, pos, ok := constVal(id.Name); ok {
					out = append(out, ModelColumn{Name: s, Pos: pos})
					continue
				}
			}
			if s, ok := ms.fold(el); ok {
				out = append(out, ModelColumn{Name: s, Pos: el.Pos()})
			}
		}
		return out
	}
	table, pos, ok := constVal("Table")
	if !ok {
		return nil
	}
	_ = tspec
	m := ModelRef{Via: "ent", TableKnown: true, Pos: pos}
	m.Schema, m.Table = bqSplitSchema(table)
	m.Columns = append(listCols("Columns"), listCols("ForeignKeys")...)
	out := []ModelRef{m}
	// edges: XTable + XColumn (O2M/O2O: the column lives in XTable) and
	// XTable + XPrimaryKey (M2M join table)
	for name := range consts {
		edge, ok := strings.CutSuffix(name, "Table")
		if !ok || edge == "" || edge == "Inverse" {
			continue
		}
		et, epos, ok := constVal(name)
		if !ok {
			continue
		}
		var cols []ModelColumn
		if c, cpos, ok := constVal(edge + "Column"); ok {
			cols = append(cols, ModelColumn{Name: c, Pos: cpos})
		}
		cols = append(cols, listCols(edge+"PrimaryKey")...)
		if len(cols) == 0 {
			continue
		}
		em := ModelRef{Via: "ent", TableKnown: true, Pos: epos, Columns: cols}
		em.Schema, em.Table = bqSplitSchema(et)
		out = append(out, em)
	}
	// deterministic order for the edge models
	for i := 1; i < len(out); i++ {
		for j := i; j > 1 && out[j].Pos < out[j-1].Pos; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// bqFileImports maps each import's local name to its path. An unnamed import
// takes the last path element, skipping a /vN suffix; dot and blank imports
// are dropped.
func bqFileImports(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := ""
		if is.Name != nil {
			name = is.Name.Name
			if name == "_" || name == "." {
				continue
			}
		} else {
			parts := strings.Split(p, "/")
			name = parts[len(parts)-1]
			if len(parts) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
				name = parts[len(parts)-2]
			}
			name = strings.TrimPrefix(name, "go-")
			if i := strings.IndexAny(name, ".-"); i > 0 {
				name = name[:i]
			}
		}
		out[name] = p
	}
	return out
}

// bqFolder returns a constant-string folder: fold first (the core's), then
// type information, then literals, + concatenation and constants declared in
// the file.
func bqFolder(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) func(ast.Expr) (string, bool) {
	consts := map[string]ast.Expr{}
	if f != nil {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, sp := range gd.Specs {
				vs, ok := sp.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, n := range vs.Names {
					if i < len(vs.Values) {
						consts[n.Name] = vs.Values[i]
					}
				}
			}
		}
	}
	var self func(e ast.Expr, depth int) (string, bool)
	self = func(e ast.Expr, depth int) (string, bool) {
		if e == nil || depth > 20 {
			return "", false
		}
		if fold != nil {
			if s, ok := fold(e); ok {
				return s, true
			}
		}
		if info != nil {
			if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				return constant.StringVal(tv.Value), true
			}
		}
		switch x := e.(type) {
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				s, err := strconv.Unquote(x.Value)
				return s, err == nil
			}
		case *ast.ParenExpr:
			return self(x.X, depth+1)
		case *ast.BinaryExpr:
			if x.Op == token.ADD {
				a, ok1 := self(x.X, depth+1)
				b, ok2 := self(x.Y, depth+1)
				if ok1 && ok2 {
					return a + b, true
				}
			}
		case *ast.Ident:
			if v, ok := consts[x.Name]; ok {
				if info != nil {
					if obj := info.Uses[x]; obj != nil {
						if _, isConst := obj.(*types.Const); !isConst {
							return "", false
						}
					}
				}
				return self(v, depth+1)
			}
		}
		return "", false
	}
	return func(e ast.Expr) (string, bool) { return self(e, 0) }
}

// boilModels recognises sqlboiler's generated `XTableColumns` variables.
func (ms *modelScan) boilModels() []ModelRef {
	var out []ModelRef
	for _, d := range ms.f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok || len(vs.Names) != 1 || len(vs.Values) != 1 {
				continue
			}
			name := vs.Names[0].Name
			typ, ok := strings.CutSuffix(name, "TableColumns")
			if !ok || typ == "" {
				continue
			}
			cl, ok := vs.Values[0].(*ast.CompositeLit)
			if !ok {
				continue
			}
			if _, ok := cl.Type.(*ast.StructType); !ok {
				continue
			}
			m := ModelRef{Via: "sqlboiler", Type: typ, Pos: vs.Names[0].Pos(), TableKnown: true}
			for _, ts := range ms.specs {
				if ts.Name.Name == typ {
					m.Pos = ts.Name.Pos() // the model struct, when generated in this file
				}
			}
			for _, el := range cl.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				v, ok := ms.fold(kv.Value)
				if !ok {
					continue
				}
				i := strings.LastIndex(v, ".")
				if i <= 0 {
					continue
				}
				schema, table := bqSplitSchema(v[:i])
				if m.Table == "" {
					m.Schema, m.Table = schema, table
				} else if m.Table != table || m.Schema != schema {
					continue
				}
				m.Columns = append(m.Columns, ModelColumn{Name: strings.Trim(v[i+1:], `"`), Pos: kv.Key.Pos()})
			}
			if m.Table != "" {
				out = append(out, m)
			}
		}
	}
	return out
}
