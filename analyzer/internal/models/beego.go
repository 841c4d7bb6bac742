package models

// beego ORM: `orm:"column(c)"` tags, TableName(), beego's snakeString.

import (
	"go/ast"
	"go/token"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// beegoModel: a struct with an `orm` tag (or a TableName() method in a
// file importing beego's orm).
func (ms *Scan) beegoModel(d *structDecl) Model {
	m := d.base
	m.Via = "beego"
	if d.explicitTable(&m) {
		m.Table = libs.Beego.Model.Table(m.Type)
	}
	m.Columns = ms.columns("orm", d.st, "", 0)
	return m
}

func (ms *Scan) beegoColumns(f modelField, exported bool, prefix string, depth int) []Column {
	var out []Column
	tag := f.tag.Get("orm")
	if tag == "-" {
		return out
	}
	if f.embedded {
		if sub, ok := ms.embeddedFields(f); ok {
			out = append(out, ms.fieldColumns("orm", sub, prefix, depth+1)...)
		}
		return out
	}
	if !exported {
		return out
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
		return out
	}
	if column == "" {
		column = libs.BeegoSnake(f.name)
		if rel == "fk" || rel == "one" {
			column += "_id"
		}
	}
	if rel != "" {
		return addColumn(out, prefix, column, f.pos) // the field is the related model, not the key's type
	}
	return ms.addField(out, prefix, column, f)
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

// beegoIsModel: a struct with beego `orm` tags is a table only when the
// package registers it (orm.RegisterModel(new(T)), …WithPrefix,
// …WithSuffix), uses it with the ORM's table APIs (o.QueryTable(new(T)),
// o.Read(&t), o.Insert(&t)…), or gives it a TableName method; otherwise
// it is a raw query's result holder (o.Raw(…).QueryRows(&rows)).
func (ms *Scan) beegoIsModel(d *structDecl) bool {
	if d.hasTableName || d.methodElsewhere {
		return true
	}
	reg := map[string]bool{}
	if ms.pkg != nil {
		reg = ms.pkg.beego
	} else {
		beegoRegistered(ms.f, reg)
	}
	return reg[d.base.Type]
}

// beegoTableAPIs are the Ormer methods whose argument is a model
// (QueryTable also takes a table name).
var beegoTableAPIs = map[string]int{
	"QueryTable": 0, "QueryTableWithCtx": 1, "Read": 0, "ReadWithCtx": 1, "ReadForUpdate": 0, "ReadForUpdateWithCtx": 1,
	"ReadOrCreate": 0, "ReadOrCreateWithCtx": 1, "Insert": 0, "InsertWithCtx": 1, "InsertOrUpdate": 0, "InsertOrUpdateWithCtx": 1,
	"InsertMulti": 1, "InsertMultiWithCtx": 2, "Update": 0, "UpdateWithCtx": 1, "Delete": 0, "DeleteWithCtx": 1,
	"LoadRelated": 0, "LoadRelatedWithCtx": 1, "QueryM2M": 0, "QueryM2MWithCtx": 1,
}

// beegoRegistered adds to reg the type names f registers with beego's ORM
// or passes to its table APIs (only in a file importing beego's orm).
func beegoRegistered(f *ast.File, reg map[string]bool) {
	imps := astx.Imports(f)
	ormNames := map[string]bool{}
	for name, p := range imps {
		if libs.Beego.Has(p) {
			ormNames[name] = true
		}
	}
	if len(ormNames) == 0 {
		return
	}
	typeOf := func(x ast.Expr) string {
		x = ast.Unparen(x)
		switch v := x.(type) {
		case *ast.UnaryExpr:
			if cl, ok := v.X.(*ast.CompositeLit); ok {
				return astx.TypeName(cl.Type)
			}
		case *ast.CompositeLit:
			if at, ok := v.Type.(*ast.ArrayType); ok {
				return astx.TypeName(at.Elt)
			}
			return astx.TypeName(v.Type)
		case *ast.CallExpr:
			if id, ok := v.Fun.(*ast.Ident); ok && id.Name == "new" && len(v.Args) == 1 {
				return astx.TypeName(v.Args[0])
			}
			if p, ok := v.Fun.(*ast.ParenExpr); ok {
				return astx.TypeName(p.X) // (*T)(nil)
			}
		}
		return ""
	}
	// local variables' declared or composite types, for o.Read(&u)
	vars := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch v := n.(type) {
		case *ast.ValueSpec:
			for i, id := range v.Names {
				if v.Type != nil {
					t := v.Type
					if at, ok := t.(*ast.ArrayType); ok {
						t = at.Elt
					}
					vars[id.Name] = astx.TypeName(t)
				} else if i < len(v.Values) {
					vars[id.Name] = typeOf(v.Values[i])
				}
			}
		case *ast.AssignStmt:
			if v.Tok == token.DEFINE && len(v.Lhs) == len(v.Rhs) {
				for i, l := range v.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						vars[id.Name] = typeOf(v.Rhs[i])
					}
				}
			}
		}
		return true
	})
	argType := func(x ast.Expr) string {
		if t := typeOf(x); t != "" {
			return t
		}
		x = ast.Unparen(x)
		if u, ok := x.(*ast.UnaryExpr); ok {
			x = u.X
		}
		if id, ok := x.(*ast.Ident); ok {
			return vars[id.Name]
		}
		return ""
	}
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && ormNames[id.Name] {
			models, ok := registeredModels(sel.Sel.Name, c.Args)
			if !ok {
				return true
			}
			for _, a := range models {
				if t := argType(a); t != "" {
					reg[t] = true
				}
			}
			return true
		}
		if i, ok := beegoTableAPIs[sel.Sel.Name]; ok && i < len(c.Args) {
			if t := argType(c.Args[i]); t != "" {
				reg[t] = true
			}
		}
		return true
	})
}

// BeegoRegistration is a struct type a file registers with beego's ORM:
// Pkg is the import path of the type's package ("" for the file's own).
type BeegoRegistration struct {
	Pkg, Name string
}

// BeegoRegistrations lists the struct types f registers with beego's ORM
// (RegisterModel(new(T)), RegisterModel(&pkg.T{}), …WithPrefix,
// …WithSuffix), through beego's package or a package's function of the
// same name that forwards to it (goharbor/harbor's lib/orm.RegisterModel),
// so that a model registered by another package (harbor's member/dao
// registering models.Member) is a table where it is declared.
func BeegoRegistrations(f *ast.File) []BeegoRegistration {
	imps := astx.Imports(f)
	var out []BeegoRegistration
	typeOf := func(x ast.Expr) ast.Expr {
		x = ast.Unparen(x)
		switch v := x.(type) {
		case *ast.UnaryExpr:
			if cl, ok := v.X.(*ast.CompositeLit); ok {
				return cl.Type
			}
		case *ast.CompositeLit:
			return v.Type
		case *ast.CallExpr:
			if id, ok := v.Fun.(*ast.Ident); ok && id.Name == "new" && len(v.Args) == 1 {
				return v.Args[0]
			}
			if p, ok := v.Fun.(*ast.ParenExpr); ok {
				return p.X // (*T)(nil)
			}
		}
		return nil
	}
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || imps[id.Name] == "" {
			return true
		}
		models, ok := registeredModels(sel.Sel.Name, c.Args)
		if !ok {
			return true
		}
		for _, a := range models {
			t := typeOf(a)
			for {
				st, ok := t.(*ast.StarExpr)
				if !ok {
					break
				}
				t = st.X
			}
			if r, ok := beegoReg(t, imps); ok {
				out = append(out, r)
			}
		}
		return true
	})
	return out
}

// AddBeegoModels marks struct types of the package as registered with
// beego's ORM by code elsewhere (see BeegoRegistrations).
func (p *Package) AddBeegoModels(names []string) {
	for _, n := range names {
		p.beego[n] = true
	}
}

// registeredModels returns the model arguments of a beego orm registration
// call named fn (RegisterModel, or RegisterModelWithPrefix/WithSuffix after
// their prefix); false when fn registers no models.
func registeredModels(fn string, args []ast.Expr) ([]ast.Expr, bool) {
	skip := 0
	switch fn {
	case "RegisterModel":
	case "RegisterModelWithPrefix", "RegisterModelWithSuffix":
		skip = 1
	default:
		return nil, false
	}
	return args[min(skip, len(args)):], true
}

// beegoReg names the model type t (T, or pkg.T of an import in imps).
func beegoReg(t ast.Expr, imps map[string]string) (BeegoRegistration, bool) {
	switch v := t.(type) {
	case *ast.Ident:
		return BeegoRegistration{Name: v.Name}, true
	case *ast.SelectorExpr:
		if pid, ok := v.X.(*ast.Ident); ok && imps[pid.Name] != "" {
			return BeegoRegistration{Pkg: imps[pid.Name], Name: v.Sel.Name}, true
		}
	}
	return BeegoRegistration{}, false
}
