package models

// beego ORM: `orm:"column(c)"` tags, TableName(), beego's snakeString.

import (
	"strings"

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
	out = addColumn(out, prefix, column, f.pos)
	return out
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
