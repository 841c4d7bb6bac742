package catalog

import (
	"regexp"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// LoadSchema builds a catalog from a baseline schema file (pg_dump
// --schema-only output, an sqlc schema.sql, a Rails structure.sql, …);
// every object it describes is Existing. Statements that do not parse are
// returned as errors and skipped; the rest is still loaded.
//
// psql meta-commands (a line starting with a backslash, such as the
// `\restrict` / `\unrestrict` lines pg_dump writes since August 2025) are
// skipped as psql skips them.
func LoadSchema(file, src string) (*Catalog, []*sqlast.ParseError) {
	c := NewCatalog()
	errs := c.ApplySQL(file, BlankMetaCommands(src), Existing)
	return c, errs
}

// reMeta matches a psql meta-command line.
var reMeta = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^\\[a-zA-Z!?].*$`) })

// BlankMetaCommands replaces every psql meta-command line (`\restrict key`,
// `\connect db`, `\set …`) with spaces, so offsets and lines stay those of
// the original text.
func BlankMetaCommands(src string) string {
	return reMeta().ReplaceAllStringFunc(src, func(m string) string {
		return strings.Repeat(" ", len(m))
	})
}

// ApplySQL parses a SQL text and replays every statement with origin.
func (c *Catalog) ApplySQL(file, src string, origin Origin) []*sqlast.ParseError {
	stmts, errs := pgparse.Parse(file, src)
	for _, st := range stmts {
		c.Apply(st, origin)
	}
	// A dump's `SET search_path` must not leak into what is replayed next.
	c.searchPath = ""
	return errs
}

// ApplySet replays the up part of every file of a migration set, in order,
// with origin. Files and statements with errors are replayed as far as they
// parsed.
func (c *Catalog) ApplySet(set *migrations.Set, origin Origin) {
	if set == nil {
		return
	}
	for _, f := range set.Files {
		c.ApplyFile(f, origin)
	}
}

// ApplyFile replays the up part of one migration file with origin.
func (c *Catalog) ApplyFile(f *migrations.File, origin Origin) {
	if f == nil || f.Up == nil {
		return
	}
	for _, st := range f.Up.Stmts {
		c.Apply(st, origin)
	}
}
