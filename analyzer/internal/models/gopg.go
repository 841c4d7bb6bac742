package models

// go-pg: a `tableName struct{}` field's `pg:"t,alias:a"` (or `sql:`) tag,
// `pg:"col"` tags, bun's underscore naming.

import (
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// gopgModel: a struct with a `pg` tag or a tableName field.
func (ms *Scan) gopgModel(d *structDecl) Model {
	m := d.base
	m.Via = "go-pg"
	if d.pgTableField != nil {
		tag, ok := astx.TagOf(d.pgTableField, "pg")
		if !ok {
			tag, _ = astx.TagOf(d.pgTableField, "sql")
		}
		parts := strings.Split(tag, ",")
		if parts[0] != "" && !strings.Contains(parts[0], ":") {
			m.Schema, m.Table = astx.SplitSchema(parts[0])
			m.TableKnown = true
		}
		for _, p := range parts[1:] {
			if v, ok := strings.CutPrefix(p, "alias:"); ok {
				m.Alias = strings.Trim(v, `"`)
			}
		}
	}
	if m.Table == "" {
		m.Table = libs.GoPg.Model.Table(m.Type)
	}
	m.Columns = ms.columns("pg", d.st, "", 0)
	return m
}

func (ms *Scan) gopgColumns(f modelField, exported bool, prefix string, depth int) []Column {
	var out []Column
	if f.name == "tableName" {
		return out
	}
	tag, ok := f.tag.Lookup("pg")
	if !ok {
		tag, _ = f.tag.Lookup("sql")
	}
	parts := strings.Split(tag, ",")
	if parts[0] == "-" {
		return out
	}
	rel := false
	for _, p := range parts {
		if strings.HasPrefix(p, "rel:") || strings.HasPrefix(p, "many2many:") || strings.HasPrefix(p, "fk:") || strings.HasPrefix(p, "join_fk:") {
			rel = true
		}
	}
	if rel {
		return out
	}
	if f.embedded {
		if sub, ok := ms.embeddedFields(f); ok {
			out = append(out, ms.fieldColumns("pg", sub, prefix, depth+1)...)
		}
		return out
	}
	if !exported || ms.isRelation(f) {
		return out
	}
	name := parts[0]
	if strings.Contains(name, ":") {
		name = ""
	}
	if name == "" {
		name = libs.BunUnderscore(f.name)
	}
	out = ms.addField(out, prefix, strings.Trim(name, `"`), f)
	return out
}
