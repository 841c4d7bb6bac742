package models

// gorm: `gorm:"column:c"` tags, gorm.Model, TableName(), and gorm's naming
// strategy for everything else.

import (
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// gormModel: a struct with a `gorm` tag, an embedded gorm.Model, or a
// TableName() method no other ORM claims.
func (ms *Scan) gormModel(d *structDecl) Model {
	m := d.base
	m.Via = "gorm"
	if d.explicitTable(&m) {
		m.Table = libs.Gorm.Model.Table(m.Type)
	}
	m.Columns = ms.columns("gorm", d.st, "", 0)
	return m
}

func (ms *Scan) gormColumns(f modelField, exported bool, prefix string, depth int) []Column {
	var out []Column
	settings := GormSettings(f.tag.Get("gorm"))
	if v, ok := settings["-"]; ok && (v == "" || strings.EqualFold(v, "all")) {
		return out
	}
	if f.embedded && ms.isPkgSel(f.typ, libs.Gorm.Paths, "Model") || f.ttyp != nil && astx.IsNamedIn(f.ttyp, libs.Gorm.Paths, "Model") || isDeclType(f.declType, libs.Gorm.Paths, "Model") {
		// gorm.Model: ID uint (auto-increment), CreatedAt, UpdatedAt
		// time.Time, DeletedAt gorm.DeletedAt (the soft delete)
		for _, c := range gormModelColumns {
			col := Column{Name: prefix + c.Name, Pos: f.pos, TypeName: c.TypeName, Default: c.Default, SoftDelete: c.SoftDelete}
			out = append(out, col)
		}
		return out
	}
	if _, ok := settings["EMBEDDED"]; f.embedded || ok {
		if !f.embedded && !exported {
			return out
		}
		if sub, ok := ms.embeddedFields(f); ok {
			p := prefix + settings["EMBEDDEDPREFIX"]
			out = append(out, ms.fieldColumns("gorm", sub, p, depth+1)...)
		}
		return out
	}
	if !exported {
		return out
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
		return out
	}
	name := settings["COLUMN"]
	if name == "" {
		name = libs.GormColumn(f.name)
	}
	out = ms.addField(out, prefix, name, f)
	if n := len(out); n > 0 && out[n-1].Field == f.name {
		c := &out[n-1]
		_, c.Default = settings["DEFAULT"]
		c.NoCreate, c.NoUpdate = gormNoWrite(settings)
		c.SoftDelete = ms.gormSoftDelete(f)
	}
	return out
}

var gormModelColumns = []Column{
	{Name: "id", TypeName: "uint", Default: true},
	{Name: "created_at", TypeName: "time.Time"},
	{Name: "updated_at", TypeName: "time.Time"},
	{Name: "deleted_at", TypeName: "gorm.io/gorm.DeletedAt", SoftDelete: "null"},
}

// gormNoWrite reads a field's write permission as gorm's schema does:
// `->` (read only) and `<-:false` keep it out of every write, `<-:create`
// out of updates, `<-:update` out of creates; `-:migration` and the like
// are not about writes.
func gormNoWrite(settings map[string]string) (noCreate, noUpdate bool) {
	if v, ok := settings["->"]; ok && (v == "->" || strings.EqualFold(v, "true")) {
		noCreate, noUpdate = true, true
	}
	if v, ok := settings["<-"]; ok {
		noCreate, noUpdate = false, false
		switch strings.ToLower(v) {
		case "<-", "", "true":
		case "create":
			noUpdate = true
		case "update":
			noCreate = true
		case "false":
			noCreate, noUpdate = true, true
		}
	}
	if v, ok := settings["-"]; ok && strings.EqualFold(v, "all") {
		noCreate, noUpdate = true, true
	}
	return noCreate, noUpdate
}

// gormSoftDelete: the field is the column of a soft delete, gorm's
// DeletedAt ("null") or the soft_delete plugin's ("plugin").
func (ms *Scan) gormSoftDelete(f modelField) string {
	const plugin = "gorm.io/plugin/soft_delete"
	switch {
	case f.ttyp != nil && astx.IsNamedIn(f.ttyp, []string{"gorm.io/gorm"}, "DeletedAt"):
		return "null"
	case f.ttyp != nil && astx.IsNamedIn(f.ttyp, []string{plugin}, "DeletedAt"):
		return "plugin"
	case f.typ != nil && ms.isPkgSel(f.typ, []string{"gorm.io/gorm"}, "DeletedAt"), isDeclType(f.declType, []string{"gorm.io/gorm"}, "DeletedAt"):
		return "null"
	case f.typ != nil && ms.isPkgSel(f.typ, []string{plugin}, "DeletedAt"), isDeclType(f.declType, []string{plugin}, "DeletedAt"):
		return "plugin"
	}
	return ""
}

// GormSettings parses a gorm tag like gorm's schema.ParseTagSetting: `;`
// separated, keys upper-cased, `\;` escapes.
func GormSettings(tag string) map[string]string {
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

// isDeclType: decl ("import/path.Name") is name of a package in paths.
func isDeclType(decl string, paths []string, name string) bool {
	i := strings.LastIndexByte(decl, '.')
	return i > 0 && decl[i+1:] == name && libs.PathIn(decl[:i], paths)
}
