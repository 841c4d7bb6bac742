package models

import (
	"go/ast"
	"go/token"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
)

// ent: generated entity packages.

// entModels recognises an ent-generated entity package file.
func (ms *Scan) entModels() []Model {
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
	listCols := func(name string) []Column {
		vs := vars[name]
		if vs == nil || len(vs.Values) == 0 {
			return nil
		}
		cl, ok := vs.Values[0].(*ast.CompositeLit)
		if !ok {
			return nil
		}
		var out []Column
		for _, el := range cl.Elts {
			if id, ok := el.(*ast.Ident); ok {
				if s, pos, ok := constVal(id.Name); ok {
					out = append(out, Column{Name: s, Pos: pos})
					continue
				}
			}
			if s, ok := ms.fold(el); ok {
				out = append(out, Column{Name: s, Pos: el.Pos()})
			}
		}
		return out
	}
	table, pos, ok := constVal("Table")
	if !ok {
		return nil
	}
	_ = tspec
	m := Model{Via: "ent", TableKnown: true, Pos: pos}
	m.Schema, m.Table = astx.SplitSchema(table)
	m.Columns = append(listCols("Columns"), listCols("ForeignKeys")...)
	out := []Model{m}
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
		var cols []Column
		if c, cpos, ok := constVal(edge + "Column"); ok {
			cols = append(cols, Column{Name: c, Pos: cpos})
		}
		cols = append(cols, listCols(edge+"PrimaryKey")...)
		if len(cols) == 0 {
			continue
		}
		em := Model{Via: "ent", TableKnown: true, Pos: epos, Columns: cols}
		em.Schema, em.Table = astx.SplitSchema(et)
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
