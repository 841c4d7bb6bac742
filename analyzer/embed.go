package analyzer

// .sql files embedded with //go:embed are read and analysed statement by
// statement.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

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
			for _, file := range embedFiles(c.tree, c.dir, ps) {
				c.embeddedFile(file, vs.Pos())
			}
		}
	}
}

// embedFiles expands //go:embed patterns relative to dir into .sql files
// (directories are walked; hidden and _ files skipped as go:embed does).
func embedFiles(t tree, dir string, pats []string) []string {
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
		matches, _ := t.glob(filepath.Join(dir, filepath.FromSlash(pat)))
		for _, m := range matches {
			st, err := t.stat(m)
			if err != nil {
				continue
			}
			if !st.IsDir() {
				add(m)
				continue
			}
			_ = t.walkDir(m, func(p string, de fs.DirEntry, err error) error {
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
	rel := c.rel(file)
	st, err := c.tree.stat(file)
	if err == nil && st.Size() > maxEmbedSize {
		err = fmt.Errorf("it is larger than %d MiB", maxEmbedSize>>20)
	}
	var b []byte
	if err == nil {
		b, err = c.tree.readFile(file)
	}
	if err != nil {
		c.posError(Pos{File: rel}, at, ErrUnreadable, "the embedded file was not read: "+errText(err))
		return
	}
	mig := isMigrationFile(rel)
	stmts, errs := pgparse.Parse(rel, string(b))
	if len(errs) > 0 && len(stmts) == 0 {
		// one query file (zdb's db/query/name.sql): its placeholders
		// (:name, ?) and zdb conditionals ({{:name …}}) are read as at a
		// call site
		if text, line, col, ok := oneStatement(string(b)); ok {
			fp := Pos{File: rel, Line: line, Col: col}
			c.resolve(site{pos: at, filePos: &fp, sql: blankZdbConditionals(text), via: "embed", migration: mig})
			return
		}
	}
	for _, e := range errs {
		c.inv.Dynamic = append(c.inv.Dynamic, Dynamic{Pos: Pos{File: rel, Line: e.Pos.Line, Col: e.Pos.Col}, Reason: "the embedded statement does not parse: " + e.Msg, Via: "embed", Migration: mig, at: at})
	}
	for _, s := range stmts {
		fp := Pos{File: rel, Line: s.Pos.Line, Col: s.Pos.Col}
		via := "embed"
		if strings.Contains(s.Comment, "name:") {
			via = "embed sqlc"
		}
		c.resolve(site{pos: at, filePos: &fp, sql: s.Text, via: via, migration: mig})
	}
}

// errText is an error's message without the path os errors repeat.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// isMigrationFile: an embedded .sql file that is a migration, the input of
// the code's migration runner rather than a statement it runs for its own
// use: a file under a directory whose name says migrations (migrations,
// migration, migrate, db_migrations…), or named like a versioned
// migration (0001_init.sql, 20210410175418_users.up.sql, V2__users.sql,
// x.up.sql / x.down.sql).
func isMigrationFile(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, d := range parts[:len(parts)-1] {
		if strings.Contains(strings.ToLower(d), "migrat") {
			return true
		}
	}
	name := strings.ToLower(parts[len(parts)-1])
	if strings.HasSuffix(name, ".up.sql") || strings.HasSuffix(name, ".down.sql") {
		return true
	}
	return migrationName().MatchString(name)
}

// migrationName: a leading version (digits, possibly dotted, then a
// separator) or Flyway's V<version>__.
var migrationName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\d+([._]\d+)*[_\-.]|v\d+(\.\d+)*__)`) })

// oneStatement returns the text of a file that holds one statement (no
// semicolon but a last one, outside quotes and comments), with the line
// and column it starts at.
func oneStatement(src string) (string, int, int, bool) {
	start := -1
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return "", 0, 0, false
			}
			i += j + 3
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		}
		if start < 0 {
			start = i
		}
		switch c {
		case '\'', '"':
			j := strings.IndexByte(src[i+1:], c)
			if j < 0 {
				return "", 0, 0, false
			}
			i += j + 1
		case ';':
			if strings.TrimSpace(src[i+1:]) != "" {
				return "", 0, 0, false
			}
		}
	}
	if start < 0 {
		return "", 0, 0, false
	}
	line := 1 + strings.Count(src[:start], "\n")
	col := start - strings.LastIndexByte(src[:start], '\n')
	return src, line, col, true
}

// blankZdbConditionals turns zdb's conditionals `{{:name text}}` (and
// `{{:name! text}}`) into their text, as when the condition holds,
// keeping every other byte where it is (the markers become spaces).
func blankZdbConditionals(q string) string {
	if !strings.Contains(q, "{{:") {
		return q
	}
	b := []byte(q)
	for i := 0; i+3 <= len(b); i++ {
		if string(b[i:i+3]) != "{{:" {
			continue
		}
		end := strings.Index(string(b[i:]), "}}")
		sp := strings.IndexAny(string(b[i:]), " \t\n")
		if end < 0 || sp < 0 || sp > end {
			break
		}
		for j := i; j < i+sp; j++ {
			b[j] = ' '
		}
		b[i+end], b[i+end+1] = ' ', ' '
		i += end + 1
	}
	return string(b)
}
