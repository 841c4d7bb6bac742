package verdict

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Unknown is the verdict when rbcheck could not read everything the release
// changes: a migration that does not parse, a configured folder that selects
// nothing, a .sql file of no known format, old code it could not analyse, an
// empty range. It is never safe (exit 1); --allow-unread turns it back into
// the verdict of what was read.
const Unknown = "unknown"

// Kinds of Unread.
const (
	UnreadSyntax     = "syntax-error"      // a new migration (or its down part) does not parse
	UnreadNoMatch    = "no-migrations"     // a configured path or glob selects nothing in NEW
	UnreadUnknownFmt = "unrecognised-file" // a file in a migrations folder matches no format
	UnreadOldCode    = "old-code-error"    // the old code's analysis failed for a file
	UnreadEmptyRange = "empty-range"       // OLD and NEW are the same commit
	UnreadSubmodule  = "submodule"         // migrations in a submodule whose commit is not available
	UnreadFile       = "unreadable"        // a file or folder that could not be read
	// UnreadLibrary: the old code uses the database through a library
	// rbcheck does not read (ent's builders, xorm, goqu…), and the release
	// changes something such code could use.
	UnreadLibrary = "unread-library"
	// UnreadDecoder: the old code reads a json column a migration renames
	// a key of, and decodes it into a type rbcheck cannot resolve.
	UnreadDecoder = "json-decoder"
	// UnreadDynamicSQL: a new migration's DO block runs SQL built at run
	// time (EXECUTE format('ALTER TABLE %I …', t)) that may change the
	// schema.
	UnreadDynamicSQL = "dynamic-sql"
)

// Unread is one thing rbcheck did not read, so the verdict cannot vouch for
// it: where, why, and how to fix it.
type Unread struct {
	Kind   string `json:"kind"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Col    int    `json:"column,omitempty"`
	Reason string `json:"reason"`
	Help   string `json:"help"`
}

// unreadMigrations lists what NEW's migration set did not read: syntax
// errors in new migrations, configured entries that matched nothing, and
// files in migration folders that no format picks up.
func unreadMigrations(newFiles []*migrations.File, oldSet, newSet *migrations.Set, newLabel string) []Unread {
	var out []Unread
	for _, m := range newSet.Unmatched {
		out = append(out, Unread{
			Kind: UnreadNoMatch, File: m,
			Reason: fmt.Sprintf("the configured migrations entry %q selects nothing in %s", m, newLabel),
			Help:   "fix the path or glob in migrations (.rbcheck.yaml or --migrations), or remove it",
		})
	}
	if len(newSet.Dirs) == 0 && len(newSet.Unmatched) == 0 {
		u := Unread{
			Kind:   UnreadNoMatch,
			Reason: fmt.Sprintf("no migration folder found in %s", newLabel),
			Help:   "name the folder with --migrations DIR or migrations: in .rbcheck.yaml",
		}
		if len(newSet.GoOnly) > 0 {
			// the migrations are most likely Go code (woodpecker, spicedb)
			u.File = newSet.GoOnly[0]
			verb := "holds"
			if len(newSet.GoOnly) > 1 {
				verb = "hold"
			}
			u.Reason = fmt.Sprintf("no SQL migration folder found in %s; %s %s Go files and no SQL: Go migrations, from which rbcheck cannot build the schema", newLabel, strings.Join(newSet.GoOnly, ", "), verb)
			u.Help = "check by hand what the release's Go migrations change, then pass --allow-unread; if the SQL migrations are elsewhere, name the folder with --migrations DIR"
		}
		out = append(out, u)
	}
	for _, f := range newFiles {
		for _, pe := range fileErrors(f) {
			if strings.HasPrefix(pe.Msg, "cannot read") {
				// the file itself (or its folder) could not be read
				out = append(out, Unread{
					Kind: UnreadFile, File: pe.Pos.File,
					Reason: "not read: " + pe.Msg,
					Help:   "make it a regular, readable file inside the repository (a link may only point inside it), or add it to exclude",
				})
				continue
			}
			if strings.HasPrefix(pe.Msg, migrations.TemplateNotRendered) {
				// zdb's .gotxt that uses what rbcheck does not render
				out = append(out, Unread{
					Kind: UnreadUnknownFmt, File: pe.Pos.File, Line: pe.Pos.Line, Col: pe.Pos.Col,
					Reason: "not read: " + pe.Msg,
					Help:   "check by hand what it does for PostgreSQL, then pass --allow-unread; or " + migrations.TemplateHelp[:strings.Index(migrations.TemplateHelp, ";")],
				})
				continue
			}
			out = append(out, Unread{
				Kind: UnreadSyntax, File: pe.Pos.File, Line: pe.Pos.Line, Col: pe.Pos.Col,
				Reason: "not read: " + pe.Msg,
				Help:   "fix the statement; if the file is a Go template, set templates: in .rbcheck.yaml; if it is not a Postgres migration, add it to exclude",
			})
		}
	}
	for _, f := range newFiles {
		if f.Up == nil {
			continue
		}
		for _, st := range f.Up.Stmts {
			for _, r := range st.RunTime {
				file := r.Pos.File
				if file == "" {
					file = f.Path
				}
				out = append(out, Unread{
					Kind: UnreadDynamicSQL, File: file, Line: r.Pos.Line, Col: r.Pos.Col,
					Reason: "not read: the DO block runs SQL built at run time (EXECUTE " + shortExpr(r.Expr) + "): the schema changes it makes are not checked",
					Help:   "check by hand what it changes, then pass --allow-unread; or write each change as a constant statement (EXECUTE 'ALTER TABLE …' or plain SQL)",
				})
			}
		}
	}
	// a folder that could not be listed hides what it holds, new or not
	isNew := map[*migrations.File]bool{}
	for _, f := range newFiles {
		isNew[f] = true
	}
	for _, f := range newSet.Files {
		if isNew[f] {
			continue
		}
		for _, pe := range fileErrors(f) {
			if strings.HasPrefix(pe.Msg, "cannot read migration directory") {
				out = append(out, Unread{
					Kind: UnreadFile, File: pe.Pos.File,
					Reason: "not read: " + pe.Msg,
					Help:   "make the folder readable, or add it to exclude if it holds no migrations",
				})
			}
		}
	}
	// OLD's unread migrations by path, and by file name and engine: a
	// folder moved (soft-serve's server/db/migrate to pkg/db/migrate) keeps
	// its Go migrations, which ran before this release wherever they are
	oldSkipped := map[string]bool{}
	for _, s := range oldSet.Skipped {
		oldSkipped[s.Path] = true
		oldSkipped[movedKey(s.Path)] = true
	}
	for _, s := range newSet.Skipped {
		p := s.Path
		if strings.HasSuffix(strings.ToLower(p), ".sql") {
			out = append(out, Unread{
				Kind: UnreadUnknownFmt, File: p,
				Reason: fmt.Sprintf("%s is in a migrations folder but was not read: %s", path.Base(p), s.Reason),
				Help:   "add it to exclude in .rbcheck.yaml if it is not a migration, or rename it (or set format:) so its tool's naming applies",
			})
			continue
		}
		// A Go migration (goose) or an SQL template (zdb's .gotxt)
		// changes the schema where rbcheck cannot see; one already in OLD
		// has run before this release.
		if !oldSkipped[p] && !oldSkipped[movedKey(p)] {
			out = append(out, Unread{
				Kind: UnreadUnknownFmt, File: p,
				Reason: fmt.Sprintf("%s is a migration new in this release that rbcheck cannot read: %s", path.Base(p), s.Reason),
				Help:   "check by hand what it changes, then pass --allow-unread; or write the change as a SQL migration",
			})
		}
	}
	return out
}

// fileErrors are the problems of a migration file and of its up and down
// parts, each with the file it is in.
func fileErrors(f *migrations.File) []*sqlast.ParseError {
	var out []*sqlast.ParseError
	add := func(es []*sqlast.ParseError, file string) {
		for _, e := range es {
			c := *e
			if c.Pos.File == "" {
				c.Pos.File = file
			}
			out = append(out, &c)
		}
	}
	add(f.Errors, f.Path)
	if f.Up != nil {
		add(f.Up.Errors, f.Path)
	}
	if f.Down != nil {
		down := f.Path
		if f.DownPath != "" {
			down = f.DownPath
		}
		add(f.Down.Errors, down)
	}
	return out
}

// emptyRange reports OLD and NEW naming the same commit or directory.
func emptyRange(oldT, newT Tree) []Unread {
	same := (oldT.Commit != "" && oldT.Commit == newT.Commit) ||
		(oldT.Commit == "" && newT.Commit == "" && oldT.Root != "" && oldT.Root == newT.Root)
	if !same {
		return nil
	}
	return []Unread{{
		Kind:   UnreadEmptyRange,
		Reason: fmt.Sprintf("the range is empty: %s and %s are the same release, so there is nothing to check", oldT.Label, newT.Label),
		Help:   "name the previous release as OLD (rbcheck PREVIOUS..NEW, or rbcheck history)",
	}}
}

// submoduleUnread turns a tree's submodules that could not be read into
// unread items when migrations may lie in them (a configured migrations
// entry under the submodule, or, with no configuration, a submodule whose
// path reads like a migrations or database folder), and into warnings
// otherwise.
func submoduleUnread(t Tree, o MigrationOptions) ([]Unread, []Warning) {
	var us []Unread
	var ws []Warning
	for _, sm := range t.Submodules {
		if sm.Available {
			continue
		}
		entries := append(append([]string(nil), o.Dirs...), o.Include...)
		may := false
		for _, e := range entries {
			if underOrMatches(e, sm.Path) {
				may = true
			}
		}
		if len(entries) == 0 && migrationLikePath(sm.Path) {
			may = true
		}
		reason := fmt.Sprintf("the git submodule %s of %s (commit %s) was not read: %s", sm.Path, t.Label, short(sm.Commit), sm.Reason)
		if may {
			us = append(us, Unread{
				Kind: UnreadSubmodule, File: sm.Path,
				Reason: reason + "; migrations in it are not known",
				Help:   "fetch the submodule at the commit the release records (git submodule update --init --recursive), or, if it holds no migrations, name the migrations folders with --migrations",
			})
			continue
		}
		ws = append(ws, Warning{Message: reason + "; if it holds migrations, they were not read", File: sm.Path})
	}
	return us, ws
}

func short(c string) string {
	if len(c) > 12 {
		return c[:12]
	}
	return c
}

// underOrMatches reports whether a migrations entry (a path or a glob) may
// select something inside dir.
func underOrMatches(entry, dir string) bool {
	es := strings.Split(strings.Trim(path.Clean("/" + entry)[1:], "/"), "/")
	ds := strings.Split(dir, "/")
	for i, d := range ds {
		if i >= len(es) {
			return false // the entry names a folder above the submodule: only its own files
		}
		if es[i] == "**" {
			return true
		}
		if ok, _ := path.Match(es[i], d); !ok {
			return false
		}
	}
	return true
}

// migrationLikePath reports a path with a segment that reads like a
// migrations or database folder.
func migrationLikePath(p string) bool {
	for _, seg := range strings.Split(strings.ToLower(p), "/") {
		switch {
		case strings.Contains(seg, "migrat"), strings.Contains(seg, "schema"), strings.Contains(seg, "sql"),
			seg == "db", seg == "database", seg == "ddl", seg == "changesets":
			return true
		}
	}
	return false
}

// unreadableFolders lists the folders of t that could not be listed while
// migrations were being discovered (no migrations configured): one of them
// may hold migrations. Hidden, vendor, node_modules and testdata folders
// are not searched, as discovery does not search them.
func unreadableFolders(t Tree) []Unread {
	fsys, err := treeFS(t)
	if err != nil {
		return nil
	}
	var out []Unread
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != "." {
				out = append(out, Unread{
					Kind: UnreadFile, File: p,
					Reason: "the folder could not be read while looking for migrations: " + errText(err),
					Help:   "make it readable, or name the migrations folders with --migrations (or migrations: in .rbcheck.yaml)",
				})
			}
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() && p != "." {
			switch n := d.Name(); {
			case strings.HasPrefix(n, "."), n == "vendor", n == "node_modules", n == "testdata":
				return fs.SkipDir
			}
		}
		return nil
	})
	return out
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// shortExpr is an EXECUTE's expression on one line, cut after 80 bytes.
func shortExpr(e string) string {
	e = strings.Join(strings.Fields(e), " ")
	if len(e) > 80 {
		cut := 80
		for cut > 0 && !utf8.RuneStart(e[cut]) {
			cut--
		}
		e = e[:cut] + "…"
	}
	return e
}

// movedKey is what a migration file keeps when its folder moves: its name
// and the engine its path names (so mysql/0001_init.go is not taken for
// postgres/0001_init.go).
func movedKey(p string) string {
	return "moved:" + migrations.PathEngine(path.Dir(p)) + "/" + path.Base(p)
}
