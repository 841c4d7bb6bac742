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
		for _, c := range []string{"id", "created_at", "updated_at", "deleted_at"} {
			out = addColumn(out, prefix, c, f.pos)
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
	return out
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
