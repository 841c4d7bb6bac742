package gomig

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"
	"unicode"
)

// xorm's Sync (and Sync2, CreateTables) of model structs creates a missing
// table and adds the columns and indexes it lacks, from the struct's fields
// and `xorm:"…"` tags; it never drops or changes a column. modelDDL turns
// one such model into that SQL: CREATE TABLE IF NOT EXISTS, then ADD
// COLUMN IF NOT EXISTS for each column and CREATE INDEX IF NOT EXISTS for
// each index, so that replayed over a schema that has the table it adds
// only what is missing, as Sync does.

// modelType is a struct type found for a model argument, with where its
// names resolve.
type modelType struct {
	name string
	st   *ast.StructType
	at   env
}

// syncModels reads the models a Sync call is given; ok is false (with
// why) when one of them is not read.
func (s *scanner) syncModels(c *ast.CallExpr, ctx scope) ([]string, string, bool) {
	var out []string
	for _, a := range c.Args {
		args := []elem{{a, s.home()}}
		if id, ok := ast.Unparen(a).(*ast.Ident); ok {
			if x := loopOver(ctx.ranges[id.Name], id.Pos()); x != nil {
				els, ok := s.listAt(x, ctx, s.home(), 1)
				if !ok {
					return nil, fmt.Sprintf("the models it syncs (%s) are not a constant list", types.ExprString(x)), false
				}
				args = els
			}
		}
		for _, el := range args {
			mt, why := s.modelOf(el.x, c.Pos(), el.at)
			if mt == nil {
				return nil, why, false
			}
			sql, why := s.modelDDL(mt)
			if sql == nil {
				return nil, why, false
			}
			out = append(out, sql...)
		}
	}
	return out, "", len(out) > 0
}

// modelOf finds the struct type of new(T), &T{}, T{} (T local to the
// function, of the package, or of another package of the module).
func (s *scanner) modelOf(e ast.Expr, at token.Pos, where env) (*modelType, string) {
	var te ast.Expr
	switch x := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" && len(x.Args) == 1 {
			te = x.Args[0]
		}
	case *ast.UnaryExpr:
		if cl, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok && x.Op == token.AND {
			te = cl.Type
		}
	case *ast.CompositeLit:
		te = x.Type
	}
	if te == nil {
		return nil, fmt.Sprintf("its model %s is not new(T) or &T{} of a struct type rbcheck can find", short(types.ExprString(e)))
	}
	switch t := te.(type) {
	case *ast.Ident:
		if mt := s.localType(t.Name, at, where); mt != nil {
			return mt, ""
		}
	case *ast.SelectorExpr:
		if id, ok := t.X.(*ast.Ident); ok && where.f != nil {
			if dir := s.pc.importDir(where.f, id.Name); dir != "" {
				if mt := s.pkgType(dir+"/x.go", t.Sel.Name); mt != nil {
					return mt, ""
				}
			}
		}
	}
	return nil, fmt.Sprintf("its model's type %s is not a struct type rbcheck can find", types.ExprString(te))
}

// localType is the struct type name declared in the file before pos (in a
// function, the nearest such declaration), or in the file's package.
func (s *scanner) localType(name string, pos token.Pos, where env) *modelType {
	var best *ast.TypeSpec
	if where.f != nil {
		ast.Inspect(where.f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == name && (best == nil || ts.Pos() < pos && ts.Pos() > best.Pos()) {
				best = ts
			}
			return true
		})
	}
	if best != nil {
		if st, ok := best.Type.(*ast.StructType); ok {
			return &modelType{name, st, where}
		}
	}
	return s.pkgType(where.path, name)
}

// pkgType is the package-level struct type name of p's folder.
func (s *scanner) pkgType(p, name string) *modelType {
	for _, f := range s.pc.pkg(p) {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, sp := range g.Specs {
				if ts := sp.(*ast.TypeSpec); ts.Name.Name == name {
					if st, ok := ts.Type.(*ast.StructType); ok {
						return &modelType{name, st, env{s.pc.fset.Position(f.Package).Filename, f}}
					}
				}
			}
		}
	}
	return nil
}

// tableName is what TableName() of the type returns, when a constant;
// else xorm's default mapper's name (SnakeMapper).
func (s *scanner) tableName(mt *modelType) string {
	for _, f := range s.pc.pkg(mt.at.path) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != "TableName" || fd.Body == nil || len(fd.Recv.List) != 1 {
				continue
			}
			rt := fd.Recv.List[0].Type
			if st, ok := rt.(*ast.StarExpr); ok {
				rt = st.X
			}
			if id, ok := rt.(*ast.Ident); !ok || id.Name != mt.name {
				continue
			}
			if len(fd.Body.List) == 1 {
				if r, ok := fd.Body.List[0].(*ast.ReturnStmt); ok && len(r.Results) == 1 {
					if v, _, ok := s.valueAt(r.Results[0], scope{}, env{s.pc.fset.Position(f.Package).Filename, f}, 0); ok {
						return v
					}
				}
			}
		}
	}
	return snake(mt.name)
}

// snake is xorm's SnakeMapper: an underscore before each capital but the
// first, all lower case (OAuthClientID: o_auth_client_i_d).
func snake(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// column is one column of a model.
type column struct {
	name, typ       string
	pk, auto, nn    bool
	def             string
	uniques, indexs []string
}

// modelDDL is the SQL Sync runs for a model; nil (with why) when a field
// is not read.
func (s *scanner) modelDDL(mt *modelType) ([]string, string) {
	table := s.tableName(mt)
	cols, why := s.columns(mt, 0)
	if cols == nil {
		return nil, why
	}
	q := func(n string) string { return `"` + strings.ReplaceAll(n, `"`, `""`) + `"` }
	var defs, pks []string
	uniq, idx := map[string][]string{}, map[string][]string{}
	var uniqOrder, idxOrder []string
	for _, c := range cols {
		d := q(c.name) + " " + c.typ
		if c.nn || c.pk {
			d += " NOT NULL"
		}
		if c.def != "" {
			d += " DEFAULT " + c.def
		}
		defs = append(defs, d)
		if c.pk {
			pks = append(pks, q(c.name))
		}
		for _, u := range c.uniques {
			if _, ok := uniq[u]; !ok {
				uniqOrder = append(uniqOrder, u)
			}
			uniq[u] = append(uniq[u], q(c.name))
		}
		for _, u := range c.indexs {
			if _, ok := idx[u]; !ok {
				idxOrder = append(idxOrder, u)
			}
			idx[u] = append(idx[u], q(c.name))
		}
	}
	body := strings.Join(defs, ", ")
	if len(pks) > 0 {
		body += ", PRIMARY KEY (" + strings.Join(pks, ", ") + ")"
	}
	out := []string{fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (%s)", q(table), body)}
	for i, c := range cols {
		if c.pk {
			continue
		}
		out = append(out, fmt.Sprintf("ALTER TABLE %s ADD COLUMN IF NOT EXISTS %s", q(table), defs[i]))
	}
	for _, u := range uniqOrder {
		out = append(out, fmt.Sprintf("CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s)", q("UQE_"+table+"_"+u), q(table), strings.Join(uniq[u], ", ")))
	}
	for _, u := range idxOrder {
		out = append(out, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)", q("IDX_"+table+"_"+u), q(table), strings.Join(idx[u], ", ")))
	}
	return out, ""
}

// columns reads a struct's fields as xorm maps them.
func (s *scanner) columns(mt *modelType, depth int) ([]column, string) {
	if depth > 4 {
		return nil, "its model embeds too deeply"
	}
	var out []column
	for _, f := range mt.st.Fields.List {
		tag := ""
		if f.Tag != nil {
			if t, err := strconv.Unquote(f.Tag.Value); err == nil {
				tag, _ = reflect.StructTag(t).Lookup("xorm")
			}
		}
		tag = strings.TrimSpace(tag)
		if tag == "-" {
			continue
		}
		toks := tagTokens(tag)
		extends := hasTok(toks, "extends")
		if len(f.Names) == 0 || extends {
			// an embedded struct (or `extends`): its fields are the model's
			mt2, _ := s.modelOf(&ast.CompositeLit{Type: unstar(f.Type)}, f.Pos(), mt.at)
			if mt2 == nil {
				return nil, fmt.Sprintf("its model %s embeds %s, which rbcheck cannot find", mt.name, types.ExprString(f.Type))
			}
			more, why := s.columns(mt2, depth+1)
			if more == nil && why != "" {
				return nil, why
			}
			out = append(out, more...)
			continue
		}
		for _, n := range f.Names {
			if !ast.IsExported(n.Name) {
				continue
			}
			c, why := s.column(n.Name, f.Type, toks, mt.at)
			if why != "" {
				return nil, fmt.Sprintf("field %s.%s: %s", mt.name, n.Name, why)
			}
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Sprintf("its model %s has no column rbcheck can read", mt.name)
	}
	return out, ""
}

func unstar(e ast.Expr) ast.Expr {
	if st, ok := e.(*ast.StarExpr); ok {
		return st.X
	}
	return e
}

// tagTokens splits an xorm tag: words, 'quoted names', parenthesised
// arguments kept with their word (UNIQUE(s), VARCHAR(250)).
func tagTokens(tag string) []string {
	var out []string
	var b strings.Builder
	depth, quoted := 0, false
	for _, r := range tag {
		switch {
		case r == '\'' && depth == 0:
			quoted = !quoted
			b.WriteRune(r)
		case r == '(':
			depth++
			b.WriteRune(r)
		case r == ')':
			depth--
			b.WriteRune(r)
		case unicode.IsSpace(r) && depth == 0 && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

func hasTok(toks []string, w string) bool {
	for _, t := range toks {
		if strings.EqualFold(t, w) {
			return true
		}
	}
	return false
}

// sqlTypes maps xorm's type words to Postgres types.
var sqlTypes = map[string]string{
	"varchar": "varchar", "nvarchar": "varchar", "char": "char", "text": "text", "mediumtext": "text", "longtext": "text",
	"tinytext": "text", "int": "integer", "integer": "integer", "bigint": "bigint", "smallint": "smallint", "tinyint": "smallint",
	"mediumint": "integer", "bool": "boolean", "boolean": "boolean", "float": "real", "real": "real", "double": "double precision",
	"decimal": "numeric", "numeric": "numeric", "blob": "bytea", "longblob": "bytea", "mediumblob": "bytea", "bytea": "bytea",
	"binary": "bytea", "varbinary": "bytea", "datetime": "timestamp", "timestamp": "timestamp", "timestampz": "timestamptz",
	"date": "date", "time": "time", "json": "json", "jsonb": "jsonb", "uuid": "uuid", "serial": "serial", "bigserial": "bigserial",
}

// tagWords are the xorm tag words that are not a column name.
var tagWords = map[string]bool{
	"pk": true, "autoincr": true, "notnull": true, "null": true, "unique": true, "index": true, "extends": true,
	"deleted": true, "created": true, "updated": true, "version": true, "json": true, "default": true, "comment": true,
	"<-": true, "->": true, "cache": true, "nocache": true, "local": true,
}

// column reads one field.
func (s *scanner) column(field string, t ast.Expr, toks []string, at env) (column, string) {
	c := column{name: snake(field)}
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		lw := strings.ToLower(tk)
		base, arg := lw, ""
		if j := strings.IndexByte(lw, '('); j > 0 && strings.HasSuffix(lw, ")") {
			base, arg = lw[:j], tk[j+1:len(tk)-1]
		}
		switch {
		case strings.HasPrefix(tk, "'") && strings.HasSuffix(tk, "'") && len(tk) >= 2:
			c.name = tk[1 : len(tk)-1]
		case base == "pk":
			c.pk = true
		case base == "autoincr":
			c.auto = true
		case base == "notnull":
			c.nn = true
		case base == "not" && i+1 < len(toks) && strings.EqualFold(toks[i+1], "null"):
			c.nn = true // NOT NULL
			i++
		case base == "null":
			c.nn = false
		case base == "unique":
			c.uniques = append(c.uniques, orName(arg, ""))
		case base == "index":
			c.indexs = append(c.indexs, orName(arg, ""))
		case base == "default" && i+1 < len(toks):
			i++
			c.def = toks[i]
		case base == "comment":
			if arg == "" && i+1 < len(toks) {
				i++
			}
		case sqlTypes[base] != "":
			c.typ = sqlTypes[base]
			if arg != "" && (base == "varchar" || base == "char" || base == "nvarchar" || base == "decimal" || base == "numeric") {
				c.typ += "(" + arg + ")"
			}
		case tagWords[base]:
		case isIdent(tk):
			c.name = tk // a bare name (woodpecker's `forge_id`)
		}
	}
	for i := range c.uniques {
		if c.uniques[i] == "" {
			c.uniques[i] = c.name
		}
	}
	for i := range c.indexs {
		if c.indexs[i] == "" {
			c.indexs[i] = c.name
		}
	}
	if c.typ == "" {
		typ, why := s.goType(t, at, 0)
		if why != "" {
			return c, why
		}
		if hasTok(toks, "json") {
			typ = "text"
		}
		c.typ = typ
	}
	if c.auto {
		switch c.typ {
		case "bigint":
			c.typ = "bigserial"
		case "integer", "smallint":
			c.typ = "serial"
		}
	}
	return c, ""
}

func orName(arg, def string) string {
	if arg == "" {
		return def
	}
	return arg
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// goType is the column type xorm gives a Go type on Postgres.
func (s *scanner) goType(t ast.Expr, at env, depth int) (string, string) {
	if depth > 4 {
		return "", "its type is too deep to read"
	}
	switch x := t.(type) {
	case *ast.StarExpr:
		return s.goType(x.X, at, depth+1)
	case *ast.ArrayType:
		if id, ok := x.Elt.(*ast.Ident); ok && id.Name == "byte" && x.Len == nil {
			return "bytea", ""
		}
		return "text", "" // stored as JSON text
	case *ast.MapType, *ast.StructType:
		return "text", ""
	case *ast.SelectorExpr:
		if types.ExprString(x) == "time.Time" {
			return "timestamp", ""
		}
		if id, ok := x.X.(*ast.Ident); ok && at.f != nil {
			if dir := s.pc.importDir(at.f, id.Name); dir != "" {
				return s.namedType(dir+"/x.go", x.Sel.Name, depth)
			}
		}
		return "", fmt.Sprintf("its type %s is another module's, whose column type rbcheck does not know", types.ExprString(x))
	case *ast.Ident:
		switch x.Name {
		case "int64", "uint64":
			return "bigint", ""
		case "int", "int32", "uint", "uint32":
			return "integer", ""
		case "int8", "int16", "uint8", "uint16":
			return "smallint", ""
		case "bool":
			return "boolean", ""
		case "string":
			return "varchar(255)", ""
		case "float32":
			return "real", ""
		case "float64":
			return "double precision", ""
		}
		return s.namedType(at.path, x.Name, depth)
	}
	return "", fmt.Sprintf("its type %s is not one rbcheck maps to a column", types.ExprString(t))
}

// namedType is the column type of a named type of p's folder: its
// underlying type's (ForgeType string: varchar(255)).
func (s *scanner) namedType(p, name string, depth int) (string, string) {
	for _, f := range s.pc.pkg(p) {
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, sp := range g.Specs {
				if ts := sp.(*ast.TypeSpec); ts.Name.Name == name {
					return s.goType(ts.Type, env{s.pc.fset.Position(f.Package).Filename, f}, depth+1)
				}
			}
		}
	}
	return "", fmt.Sprintf("its type %s is not found", name)
}

// dropTableName is the table xorm's DropTable drops: a constant name or a
// model's table.
func (s *scanner) dropTableName(a ast.Expr, pos token.Pos, ctx scope) (string, bool) {
	if v, _, ok := s.value(a, ctx, 0); ok && v != "" {
		return v, true
	}
	if mt, _ := s.modelOf(a, pos, s.home()); mt != nil {
		return s.tableName(mt), true
	}
	return "", false
}
