package analyzer

// Calls into database libraries rbcheck knows but does not read
// (libs.Library.NotRead): ent's generated client, xorm, go-jet, goqu, …
// Their statements are not known, so the verdict must not call a release
// safe on what the old code's other SQL says. Each call is listed with its
// position; a file that imports such a library and calls nothing of it
// directly (it names its types) is listed once, at the import.

import (
	"go/ast"
	"go/types"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// notReadCalls maps a read library's import path to its package functions
// whose work is not read (libs.Library.NotReadCalls).
var notReadCalls = sync.OnceValue(func() map[string]map[string]*libs.Library {
	m := map[string]map[string]*libs.Library{}
	for _, l := range libs.All() {
		for _, p := range l.Paths {
			for _, f := range l.NotReadCalls {
				if m[p] == nil {
					m[p] = map[string]*libs.Library{}
				}
				m[p][f] = l
			}
		}
	}
	return m
})

// libUseSites lists f's calls into libraries rbcheck does not read.
func (c *pkgCore) libUseSites(f *ast.File) {
	var imported []*ast.ImportSpec // imports of not-read libraries
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err == nil && libs.NotReadLib(p) != nil {
			imported = append(imported, is)
		}
	}
	gen := ast.IsGenerated(f)
	called := map[string]bool{} // import paths called in f
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		// a package function: goqu.From(…), zdb.NewBulkInsert(…)
		if x, ok := sel.X.(*ast.Ident); ok {
			if p := c.importPath(x); p != "" {
				if l := libs.NotReadLib(p); l != nil {
					called[p] = true
					c.addLibUse(call, l, x.Name+"."+sel.Sel.Name, gen)
				} else if l := notReadCalls()[p][sel.Sel.Name]; l != nil && !c.builtAt[sel.Sel.Pos()] {
					c.addLibUse(call, l, x.Name+"."+sel.Sel.Name, gen)
				}
				return true
			}
		}
		// a method of a library type: engine.Insert(…), ds.Where(…)
		if p, recv := c.libTypeOf(sel.X); p != "" {
			if l := libs.NotReadLib(p); l != nil {
				called[p] = true
				name := sel.Sel.Name
				if recv != "" {
					name = recv + "." + name
				}
				c.addLibUse(call, l, name, gen)
			}
		}
		return true
	})
	for _, is := range imported {
		p, _ := strconv.Unquote(is.Path.Value)
		if !called[p] {
			c.addLibUse(is, libs.NotReadLib(p), "import "+p, gen)
		}
	}
}

// addLibUse records a use at n: the called name of a call (each call of
// a chain has its own), else n itself.
func (c *pkgCore) addLibUse(n ast.Node, l *libs.Library, call string, gen bool) {
	at := n.Pos()
	if ce, ok := n.(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
			at = sel.Sel.Pos()
		}
	}
	c.inv.LibUses = append(c.inv.LibUses, LibUse{Pos: c.position(at), Lib: l.Name, Call: call, Generated: gen, at: at})
}

// libTypeOf returns the import path of x's type's package (and the type's
// name), from type information, or, without it, from x's declared type in
// syntax (declLib).
func (c *pkgCore) libTypeOf(x ast.Expr) (string, string) {
	if c.info != nil {
		if t := c.info.TypeOf(x); t != nil {
			if n, ok := astx.Deref(t).(*types.Named); ok && n.Obj().Pkg() != nil {
				return n.Obj().Pkg().Path(), n.Obj().Name()
			}
		}
	}
	return c.declLib(x), ""
}

// dropLoaded drops the uses that load a statement by name (zdb's
// "load:name") from a file the code embeds and whose statement was read
// here (name, or name.sql, holds a query or a dynamic site).
func (inv *Inventory) dropLoaded() {
	read := LoadedFiles{}
	for _, q := range inv.Queries {
		read.Add(q.Pos.File)
	}
	for _, d := range inv.Dynamic {
		read.Add(d.Pos.File)
	}
	out := inv.LibUses[:0]
	for _, u := range inv.LibUses {
		if !read.Loads(u.Load) {
			out = append(out, u)
		}
	}
	inv.LibUses = out
}

// LoadedFiles is the set of embedded statement files rbcheck read, by the
// names a load by name may use (zdb's "load:name" finds name or name.sql).
type LoadedFiles map[string]bool

// Add records a site's file; Go files hold no loadable statement.
func (r LoadedFiles) Add(file string) {
	if strings.HasSuffix(file, ".go") {
		return
	}
	b := path.Base(file)
	r[b] = true
	r[strings.TrimSuffix(b, path.Ext(b))] = true
}

// Loads reports whether a use that loads the statement named load ("" for
// none) reads a file recorded here.
func (r LoadedFiles) Loads(load string) bool { return load != "" && r[load] }

// LibraryNotRead says what rbcheck does not read of the library named
// name (a LibUse's Lib), or "".
func LibraryNotRead(name string) string {
	if l := libs.ByName(name); l != nil {
		return l.NotRead
	}
	return ""
}
