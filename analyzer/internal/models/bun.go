package models

// bun: bun.BaseModel's `bun:"table:t,alias:a"`, `bun:"col"` tags, bun's
// underscore naming.

import (
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// bunModel: a struct embedding bun.BaseModel or with a `bun` tag.
func (ms *Scan) bunModel(d *structDecl) Model {
	m := d.base
	m.Via = "bun"
	m.Alias = libs.BunUnderscore(m.Type)
	if d.bunBaseField != nil {
		if tag, ok := astx.TagOf(d.bunBaseField, "bun"); ok {
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
		m.Table = libs.Bun.Model.Table(m.Type)
	} else {
		m.Schema, m.Table = astx.SplitSchema(m.Table)
	}
	m.Columns = ms.columns("bun", d.st, "", 0)
	return m
}

func (ms *Scan) bunColumns(f modelField, exported bool, prefix string, depth int) []Column {
	var out []Column
	tag, _ := f.tag.Lookup("bun")
	parts := strings.Split(tag, ",")
	if parts[0] == "-" {
		return out
	}
	if f.embedded && ms.isPkgSel(f.typ, libs.Bun.Paths, "BaseModel") || f.ttyp != nil && astx.IsNamedIn(f.ttyp, libs.Bun.Paths, "BaseModel") {
		return out
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
		return out
	}
	if f.embedded || embed {
		if sub, ok := ms.embeddedFields(f); ok {
			out = append(out, ms.fieldColumns("bun", sub, prefix+embedPrefix, depth+1)...)
		}
		return out
	}
	if !exported {
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
