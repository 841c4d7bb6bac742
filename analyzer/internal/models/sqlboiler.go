package models

import (
	"go/ast"
	"go/token"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
)

// sqlboiler: generated models.

// boilModels recognises sqlboiler's generated `XTableColumns` variables.
func (ms *Scan) boilModels() []Model {
	var out []Model
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
			m := Model{Via: "sqlboiler", Type: typ, Pos: vs.Names[0].Pos(), TableKnown: true}
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
				schema, table := astx.SplitSchema(v[:i])
				if m.Table == "" {
					m.Schema, m.Table = schema, table
				} else if m.Table != table || m.Schema != schema {
					continue
				}
				m.Columns = append(m.Columns, Column{Name: strings.Trim(v[i+1:], `"`), Pos: kv.Key.Pos()})
			}
			if m.Table != "" {
				out = append(out, m)
			}
		}
	}
	return out
}
