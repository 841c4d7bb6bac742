// Package astx holds the small syntax helpers the analyzer's extractors share:
// a file's import names, type names in declarations, struct tags,
// //go:embed patterns and a constant-string folder for code without type
// information.
package astx

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/libs"
)

// TypeName is the type name in a receiver or field type: T, *T, T[P], pkg.T.
func TypeName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return TypeName(x.X)
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return TypeName(x.X)
	case *ast.IndexListExpr:
		return TypeName(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.ParenExpr:
		return TypeName(x.X)
	}
	return ""
}

// Deref strips pointers.
func Deref(t types.Type) types.Type {
	for {
		p, ok := t.(*types.Pointer)
		if !ok {
			return t
		}
		t = p.Elem()
	}
}

// TagOf returns the value of key in a field's tag literal.
func TagOf(fl *ast.Field, key string) (string, bool) {
	if fl == nil || fl.Tag == nil {
		return "", false
	}
	s, err := strconv.Unquote(fl.Tag.Value)
	if err != nil {
		return "", false
	}
	return reflect.StructTag(s).Lookup(key)
}

// SplitSchema splits "schema.table" (each part possibly double-quoted).
func SplitSchema(s string) (schema, table string) {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, `"."`); i >= 0 {
		return strings.Trim(s[:i+1], `"`), strings.Trim(s[i+2:], `"`)
	}
	if strings.HasPrefix(s, `"`) {
		return "", strings.Trim(s, `"`)
	}
	if i := strings.Index(s, "."); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
}

// IsNamedIn reports whether t (through pointers) is the named type name of
// a package in paths.
func IsNamedIn(t types.Type, paths []string, name string) bool {
	n, ok := Deref(t).(*types.Named)
	return ok && n.Obj() != nil && n.Obj().Pkg() != nil && n.Obj().Name() == name && libs.PathIn(n.Obj().Pkg().Path(), paths)
}

// Imports maps each import's local name to its path. An unnamed import
// takes the last path element, skipping a /vN suffix; dot and blank imports
// are dropped.
func Imports(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := ""
		if is.Name != nil {
			name = is.Name.Name
			if name == "_" || name == "." {
				continue
			}
		} else {
			parts := strings.Split(p, "/")
			name = parts[len(parts)-1]
			if len(parts) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
				name = parts[len(parts)-2]
			}
			name = strings.TrimPrefix(name, "go-")
			if i := strings.IndexAny(name, ".-"); i > 0 {
				name = name[:i]
			}
		}
		out[name] = p
	}
	return out
}

// EachPkgVar calls fn, in declaration order, for each package-level
// variable of f declared with one value per name (var a, b = x, y); a
// declaration without values, or with a multi-value call, is skipped.
func EachPkgVar(f *ast.File, fn func(name string, val ast.Expr)) {
	eachPkgValue(f, token.VAR, fn)
}

// EachPkgConst is EachPkgVar for the file's constants (`const high = 2`;
// a constant without a value of its own, after iota, is skipped).
func EachPkgConst(f *ast.File, fn func(name string, val ast.Expr)) {
	eachPkgValue(f, token.CONST, fn)
}

func eachPkgValue(f *ast.File, tok token.Token, fn func(name string, val ast.Expr)) {
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != tok {
			continue
		}
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok || len(vs.Names) != len(vs.Values) {
				continue
			}
			for i, n := range vs.Names {
				fn(n.Name, vs.Values[i])
			}
		}
	}
}

// ConstFolder returns a constant-string folder: fold first (the core's), then
// type information, then literals, + concatenation and constants declared in
// the file.
func ConstFolder(f *ast.File, info *types.Info, fold func(ast.Expr) (string, bool)) func(ast.Expr) (string, bool) {
	consts := map[string]ast.Expr{}
	if f != nil {
		EachPkgConst(f, func(name string, val ast.Expr) { consts[name] = val })
	}
	var self func(e ast.Expr, depth int) (string, bool)
	self = func(e ast.Expr, depth int) (string, bool) {
		if e == nil || depth > 20 {
			return "", false
		}
		if fold != nil {
			if s, ok := fold(e); ok {
				return s, true
			}
		}
		if info != nil {
			if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				return constant.StringVal(tv.Value), true
			}
		}
		switch x := e.(type) {
		case *ast.BasicLit:
			if x.Kind == token.STRING {
				s, err := strconv.Unquote(x.Value)
				return s, err == nil
			}
		case *ast.ParenExpr:
			return self(x.X, depth+1)
		case *ast.BinaryExpr:
			if x.Op == token.ADD {
				a, ok1 := self(x.X, depth+1)
				b, ok2 := self(x.Y, depth+1)
				if ok1 && ok2 {
					return a + b, true
				}
			}
		case *ast.Ident:
			if v, ok := consts[x.Name]; ok {
				if info != nil {
					if obj := info.Uses[x]; obj != nil {
						if _, isConst := obj.(*types.Const); !isConst {
							return "", false
						}
					}
				}
				return self(v, depth+1)
			}
		}
		return "", false
	}
	return func(e ast.Expr) (string, bool) { return self(e, 0) }
}

// ImportNames maps the names a file uses for its imports to their paths.
func ImportNames(f *ast.File) map[string]string {
	m := map[string]string{}
	for _, is := range f.Imports {
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		name := GuessPkgName(p)
		if is.Name != nil {
			name = is.Name.Name
		}
		m[name] = p
	}
	return m
}

// GuessPkgName guesses the package name of an import path without loading
// it: the last element, skipping a major-version suffix, without a
// "go-" prefix or ".vN" / "-go" suffix.
func GuessPkgName(p string) string {
	elems := strings.Split(p, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) >= 2 && name[0] == 'v' && isDigits(name[1:]) {
		name = elems[len(elems)-2]
	}
	if i := strings.Index(name, ".v"); i > 0 && isDigits(name[i+2:]) {
		name = name[:i]
	}
	name = strings.TrimPrefix(name, "go-")
	name = strings.TrimSuffix(name, "-go")
	name = strings.TrimSuffix(name, ".go")
	name = strings.ReplaceAll(name, "-", "")
	name = strings.ReplaceAll(name, ".", "")
	return name
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// HasEmbedDirective reports whether cg holds a //go:embed line.
func HasEmbedDirective(cg *ast.CommentGroup) bool {
	return len(EmbedPatterns(cg)) > 0
}

// EmbedPatterns returns the patterns of //go:embed lines in cg.
func EmbedPatterns(cg *ast.CommentGroup) []string {
	if cg == nil {
		return nil
	}
	var out []string
	for _, c := range cg.List {
		t := c.Text
		if !strings.HasPrefix(t, "//go:embed") {
			continue
		}
		rest := strings.TrimSpace(strings.TrimPrefix(t, "//go:embed"))
		for rest != "" {
			var tok string
			if rest[0] == '"' || rest[0] == '`' {
				end := strings.IndexByte(rest[1:], rest[0])
				if end < 0 {
					break
				}
				q := rest[:end+2]
				if u, err := strconv.Unquote(q); err == nil {
					tok = u
				}
				rest = strings.TrimSpace(rest[end+2:])
			} else {
				i := strings.IndexAny(rest, " \t")
				if i < 0 {
					tok, rest = rest, ""
				} else {
					tok, rest = rest[:i], strings.TrimSpace(rest[i:])
				}
			}
			if tok != "" {
				out = append(out, tok)
			}
		}
	}
	return out
}

// IsNamed reports whether t is the named type pkg.name.
func IsNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// IsIdentChar reports whether b may appear in a SQL identifier.
func IsIdentChar(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// Rethrow makes the extractors re-panic instead of recovering (tests).
var Rethrow bool

// Guard runs fn, turning a panic into an error about what was being done
// (re-panicking when Rethrow is set).
func Guard(what string, fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if Rethrow {
				panic(r)
			}
			err = fmt.Errorf("internal error in %s: %v", what, r)
		}
	}()
	fn()
	return nil
}

// DynMarker stands for a piece of SQL known only at run time in text that
// must parse (a builder's column list); the analysis drops its uses.
const DynMarker = "rbcheck_dynamic_"
