package analyzer

// .sql files embedded with //go:embed are read and analysed statement by
// statement.

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/analyzer/internal/astx"
	"github.com/rbcheck/rbcheck/internal/pgparse"
)

// embedSites reads .sql (and other text) files embedded with //go:embed
// into package variables and analyses their statements.
func (c *pkgCore) embedSites(f *ast.File) {
	if c.dir == "" {
		return
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		pats := astx.EmbedPatterns(gd.Doc)
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			ps := append(append([]string{}, pats...), astx.EmbedPatterns(vs.Doc)...)
			if len(ps) == 0 {
				continue
			}
			for _, file := range embedFiles(c.dir, ps) {
				c.embeddedFile(file, vs.Pos())
			}
		}
	}
}

// embedFiles expands //go:embed patterns relative to dir into .sql files
// (directories are walked; hidden and _ files skipped as go:embed does).
func embedFiles(dir string, pats []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] && strings.EqualFold(filepath.Ext(p), ".sql") {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, pat := range pats {
		pat = strings.TrimPrefix(pat, "all:")
		if strings.Contains(pat, "..") {
			continue
		}
		matches, _ := filepath.Glob(filepath.Join(dir, filepath.FromSlash(pat)))
		for _, m := range matches {
			st, err := os.Stat(m)
			if err != nil {
				continue
			}
			if !st.IsDir() {
				add(m)
				continue
			}
			_ = filepath.WalkDir(m, func(p string, de os.DirEntry, err error) error {
				if err != nil {
					return nil
				}
				base := de.Name()
				if p != m && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
					if de.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if !de.IsDir() {
					add(p)
				}
				return nil
			})
		}
	}
	sort.Strings(out)
	return out
}

const maxEmbedSize = 4 << 20

func (c *pkgCore) embeddedFile(file string, at token.Pos) {
	st, err := os.Stat(file)
	if err != nil || st.Size() > maxEmbedSize {
		return
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return
	}
	rel := c.rel(file)
	stmts, errs := pgparse.Parse(rel, string(b))
	for _, e := range errs {
		c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: Pos{File: rel, Line: e.Pos.Line, Col: e.Pos.Col}, Reason: "the embedded statement does not parse: " + e.Msg, Via: "embed", at: at})
	}
	for _, s := range stmts {
		fp := Pos{File: rel, Line: s.Pos.Line, Col: s.Pos.Col}
		via := "embed"
		if strings.Contains(s.Comment, "name:") {
			via = "embed sqlc"
		}
		c.resolve(site{pos: at, filePos: &fp, sql: s.Text, via: via})
	}
}
