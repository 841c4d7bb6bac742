package models

import (
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// sqlx (and every other `db`-tag mapper): columns from `db` tags, no table
// of its own.

// popModel: a struct with `db` tags in a file importing pop: sqlx's
// columns, and a table from TableName() / TableName(ctx) or pop's
// convention (plural snake_case).
func (ms *Scan) popModel(d *structDecl) Model {
	m := ms.sqlxModel(d)
	m.Via = "pop"
	if !m.TableKnown && !d.hasTableName && !d.methodElsewhere {
		m.Table = libs.Pop.Model.Table(m.Type)
	}
	return m
}

// sqlxModel: a struct with a `db` tag. Untagged exported fields map to
// strings.ToLower(FieldName); the table comes from the SQL the struct is
// scanned from, unless the struct has a constant TableName() method.
func (ms *Scan) sqlxModel(d *structDecl) Model {
	m := d.base
	m.Via = "tag db"
	if d.tnKnown {
		d.explicitTable(&m)
	}
	m.Columns = ms.columns("db", d.st, "", 0)
	return m
}

func (ms *Scan) sqlxColumns(f modelField, exported bool, prefix string, depth int) []Column {
	var out []Column
	tag, ok := f.tag.Lookup("db")
	name := strings.Split(tag, ",")[0]
	if name == "-" {
		return out
	}
	// pop's associations are no columns
	for _, k := range []string{"belongs_to", "has_many", "has_one", "many_to_many"} {
		if _, rel := f.tag.Lookup(k); rel {
			return out
		}
	}
	if f.embedded {
		if ok && name != "" {
			return out // sqlx nests a tagged embedded struct under a prefix
		}
		if sub, ok := ms.embeddedFields(f); ok {
			out = append(out, ms.fieldColumns("db", sub, prefix, depth+1)...)
		}
		return out
	}
	if !exported {
		return out
	}
	if name == "" {
		name = strings.ToLower(f.name)
	}
	out = ms.addField(out, prefix, name, f)
	return out
}
