package migrations

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/safefs"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Options controls Load and LoadFS.
type Options struct {
	// Dirs select migrations, relative to the root, slash-separated: a
	// directory, a file, or a glob (`*`, `?`, `[…]`, `**` for any number of
	// directories). A glob that matches .sql files selects those files; one
	// that matches none selects every matching directory that holds
	// migration files. Empty: Discover finds them.
	Dirs []string
	// Include holds more globs, treated like glob entries of Dirs.
	Include []string
	// Exclude holds globs of files or directories to leave out, matched
	// against the path relative to the root (`**` allowed); a pattern
	// without a slash also matches a base name.
	Exclude []string
	// Format forces one format for every directory ("" detects it).
	Format Format
	// Formats forces a format per directory (key: the directory relative
	// to the root); it wins over Format.
	Formats map[string]Format
	// Transactions sets how the runner applies each file of a directory
	// (key: as for Formats), whatever its format's default: TxPerFile,
	// TxNone or TxSingleQuery. A file's own setting (Flyway's .conf,
	// Sourcegraph's metadata.yaml, goose's or sql-migrate's annotations)
	// still wins.
	Transactions map[string]string
	// Root is put in front of every path in the result, for a file system
	// that is a sub-directory of the repository ("" for none).
	Root string
	// MissingOK: an entry of Dirs or Include that selects nothing (a
	// folder the release does not have yet) is listed in Set.Unmatched
	// instead of being an error.
	MissingOK bool
	// Templates are the values of the Go-template actions (`{{ index
	// .Options "Namespace" }}`, by name: "Namespace") and of ${name}
	// placeholders in migration text; templates.go says how they are
	// replaced. A template action without a value is replaced by "".
	Templates map[string]string
	// SkipHash leaves File.Hash empty. Only the release verdict compares
	// hashes (to recognise a moved or edited migration); lint does not read
	// them and skips the cost.
	SkipHash bool
	// Defer leaves the files unread until File.Load (the lint engine
	// loads each just before it checks it and releases it after, so
	// memory follows the files in hand, not the whole set). The folder's
	// tool is still detected from every file's content first.
	Defer bool
}

// Load reads the migrations under the directory root on disk, through
// internal/safefs: only regular files inside the repository, links that
// leave it refused, a size limit (each refusal is the file's error).
func Load(root string, opts Options) (*Set, error) {
	if st, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("cannot read migrations root %q: %w", root, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("migrations root %q is not a directory", root)
	}
	fsys, err := safefs.New(root, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read migrations root %q: %w", root, err)
	}
	return LoadFS(fsys, opts.Dirs, opts)
}

// LoadFS reads the migrations that dirs (or opts.Dirs when dirs is empty,
// plus opts.Include) select in fsys; with neither, Discover finds them. An
// entry is a directory, a file, a directory glob or a file glob (`*`, `?`,
// `[…]`, `**` for any number of directories). A glob that matches .sql files
// selects exactly those files, which are still read and ordered as their
// directory's tool does; a glob that matches no .sql file selects the
// matching directories that hold migrations. Directories are kept in the
// order first selected (globs' matches sorted by path), and the files of
// each directory are in the order its tool applies them.
//
// A malformed glob is an error (a *PatternError). An entry that selects
// nothing is an error unless opts.MissingOK, which lists it in
// Set.Unmatched instead. A file that cannot be read or parsed is not an
// error: its problems are in File.Errors and Section.Errors.
func LoadFS(fsys fs.FS, dirs []string, opts Options) (*Set, error) {
	if len(dirs) == 0 {
		dirs = opts.Dirs
	}
	for _, p := range opts.Exclude {
		if err := ValidatePattern(p); err != nil {
			return nil, err
		}
	}
	sel := &selector{fsys: fsys, exclude: opts.Exclude, byDir: map[string]*selection{}}
	entries := append(append([]string(nil), dirs...), opts.Include...)
	for _, e := range entries {
		f := normFormat(opts.Formats[e])
		if f == "" {
			f = normFormat(opts.Formats[cleanRel(e)])
		}
		tx := opts.Transactions[e]
		if tx == "" {
			tx = opts.Transactions[cleanRel(e)]
		}
		if err := sel.addWithFormat(e, f, tx); err != nil {
			return nil, err
		}
	}
	var goOnly []string
	if len(entries) == 0 {
		found := Discover(fsys)
		for _, d := range found {
			sel.addDir(d)
		}
		if len(found) == 0 {
			goOnly = goMigrationDirs(fsys)
		}
	}
	sel.regroup()
	set := &Set{}
	for _, d := range goOnly {
		set.GoOnly = append(set.GoOnly, joinRoot(opts.Root, d))
	}
	for _, u := range sel.unmatched {
		set.Unmatched = append(set.Unmatched, joinRoot(opts.Root, u))
	}
	if len(sel.unmatched) > 0 && !opts.MissingOK {
		return nil, unmatchedError(fsys, set.Unmatched, sel.unmatched)
	}
	var nested []Skip
	for _, s := range sel.order {
		if s.whole && excluded(opts.Exclude, s.dir) {
			set.Excluded = append(set.Excluded, Skip{Path: joinRoot(opts.Root, s.dir), Reason: "excluded by " + excludedBy(opts.Exclude, s.dir)})
			continue
		}
		var r loadResult
		if s.whole {
			r = loadDir(fsys, s.dir, s, opts)
		} else {
			r = loadEntries(fsys, s.dir, s, opts)
		}
		set.Dirs = append(set.Dirs, joinRoot(opts.Root, s.dir))
		set.Files = append(set.Files, r.files...)
		set.Skipped = append(set.Skipped, r.skipped...)
		set.Excluded = append(set.Excluded, r.excluded...)
		nested = append(nested, r.nested...)
	}
	// a sub-folder that is read as a migrations folder of its own is not
	// skipped by its parent's
	loaded := map[string]bool{}
	for _, d := range set.Dirs {
		loaded[d] = true
	}
	for _, sk := range nested {
		if !loaded[path.Dir(sk.Path)] {
			set.Skipped = append(set.Skipped, sk)
		}
	}
	return set, nil
}

// unmatchedError says which entries selected nothing.
func unmatchedError(fsys fs.FS, shown, entries []string) error {
	var parts []string
	for i, e := range entries {
		switch {
		case hasMeta(e):
			parts = append(parts, fmt.Sprintf("no migration directory or .sql file matches %s", shown[i]))
		default:
			if _, err := fs.Stat(fsys, e); err != nil {
				parts = append(parts, fmt.Sprintf("migration directory %q not found", shown[i]))
			} else {
				parts = append(parts, fmt.Sprintf("%s holds no migrations", shown[i]))
			}
		}
	}
	return errors.New(strings.Join(parts, "; "))
}

// LoadFiles reads single migration files of fsys (paths relative to its
// root) in the order given, each in the format its directory is detected
// as (or opts.Format). Every file is read as a migration whatever its name
// (one without a version is ordered by name). golang-migrate .down.sql and
// Flyway undo files given alongside their up file are paired with it.
func LoadFiles(fsys fs.FS, paths []string, opts Options) *Set {
	sel := &selector{fsys: fsys, byDir: map[string]*selection{}}
	for _, p := range paths {
		sel.addFile(cleanRel(p), literal)
	}
	sel.regroup()
	set := &Set{}
	for _, s := range sel.order {
		r := loadEntries(fsys, s.dir, s, opts)
		set.Dirs = append(set.Dirs, joinRoot(opts.Root, s.dir))
		set.Files = append(set.Files, r.files...)
		set.Skipped = append(set.Skipped, r.skipped...)
		set.Excluded = append(set.Excluded, r.excluded...)
	}
	return set
}

func cleanRel(p string) string {
	p = strings.ReplaceAll(p, "\\", "/")
	p = path.Clean("/" + p)[1:]
	if p == "" {
		return "."
	}
	return p
}

func joinRoot(root, p string) string {
	if root == "" || root == "." {
		return p
	}
	if p == "." {
		return cleanRel(root)
	}
	return cleanRel(root + "/" + p)
}

func fileErr(file, msg string) *sqlast.ParseError {
	return &sqlast.ParseError{Pos: sqlast.Pos{File: file, Line: 1, Col: 1}, Msg: msg}
}

// fillFile splits and parses a file (and its separate down file).
func fillFile(fsys fs.FS, f *File, t *Tool, up, down *candidate, opts Options) {
	defer func() {
		if r := recover(); r != nil {
			f.Errors = append(f.Errors, fileErr(f.Path, fmt.Sprintf("internal error reading the migration: %v", r)))
			if f.Up == nil {
				f.Up = &Section{Empty: true}
			}
		}
	}()
	if up.err != nil {
		f.Errors = append(f.Errors, fileErr(f.Path, "cannot read migration file: "+errMsg(up.err)))
		f.Up = &Section{Empty: true}
		return
	}
	raw := up.source(fsys)
	var src string
	rendered := false
	if t.Render != nil {
		var terr *templateError
		src, rendered, terr = t.Render(path.Base(up.name), raw)
		if terr != nil {
			// not read: an error at the action, nothing parsed
			line, col := posAt(lineStarts(raw), terr.off)
			f.Errors = append(f.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: f.Path, Line: line, Col: col, Offset: terr.off}, Msg: TemplateNotRendered + terr.msg})
			f.Up = &Section{Empty: true}
			hashFile(f, opts)
			return
		}
	}
	if !rendered {
		src, _ = renderTemplates(raw, opts.Templates)
	}
	sp := splitSections(t, src)
	sp.up.values, sp.down.values = opts.Templates, opts.Templates
	for _, p := range sp.problems {
		f.Errors = append(f.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: f.Path, Line: p.line, Col: 1, Offset: lineOffset(src, p.line)}, Msg: p.msg})
	}
	if t.txForced {
		sp.up.mode, sp.down.mode = t.Tx, t.Tx
	}
	if t.NoTx != nil && t.NoTx(fsys, up.rel) {
		sp.up.mode = txNone
	}
	f.Up = loadSection(f.Path, src, sp.up)
	switch {
	case down != nil:
		f.DownPath = joinRoot(opts.Root, down.rel)
		if down.err != nil {
			f.Errors = append(f.Errors, fileErr(f.DownPath, "cannot read migration file: "+errMsg(down.err)))
			f.Down = &Section{Empty: true}
			break
		}
		raw := down.source(fsys)
		dsrc, _ := renderTemplates(raw, opts.Templates)
		f.Down = loadSection(f.DownPath, dsrc, wholePart(fsys, t, down, raw, opts))
		addDirectives(f, f.DownPath, dsrc, f.Down.Stmts)
	case sp.down.present:
		f.Down = loadSection(f.Path, src, sp.down)
	}
	stmts := f.Up.Stmts
	if f.Down != nil && f.DownPath == "" {
		stmts = append(append([]*sqlast.Stmt(nil), stmts...), f.Down.Stmts...)
	}
	addDirectives(f, f.Path, src, stmts)
	sortDirectives(f)
	hashFile(f, opts)
}

// wholePart is a separate down (or undo) file read whole, run as the tool
// runs such a file.
func wholePart(fsys fs.FS, t *Tool, c *candidate, raw string, opts Options) part {
	p := part{present: true, lines: allLines(raw), mode: t.Tx, subst: t.Subst, values: opts.Templates}
	if t.NoTx != nil && t.NoTx(fsys, c.rel) {
		p.mode = txNone
	}
	return p
}

func allLines(src string) []bool {
	l := make([]bool, strings.Count(src, "\n")+1)
	for i := range l {
		l[i] = true
	}
	return l
}

func errMsg(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func lineOffset(src string, line int) int {
	st := lineStarts(src)
	if line-1 < len(st) && line > 0 {
		return st[line-1]
	}
	return 0
}

func addDirectives(f *File, file, src string, stmts []*sqlast.Stmt) {
	ds, errs := parseDirectives(file, src, stmts)
	f.Directives = append(f.Directives, ds...)
	f.Errors = append(f.Errors, errs...)
}

// sortDirectives puts the directives and errors of the up file first, each
// in file order.
func sortDirectives(f *File) {
	sort.SliceStable(f.Directives, func(i, j int) bool {
		a, b := f.Directives[i].Pos, f.Directives[j].Pos
		if a.File != b.File {
			return a.File == f.Path
		}
		return a.Offset < b.Offset
	})
	sort.SliceStable(f.Errors, func(i, j int) bool {
		a, b := f.Errors[i].Pos, f.Errors[j].Pos
		if a.File != b.File {
			return a.File == f.Path
		}
		return a.Line < b.Line
	})
}

// hashFile sets File.Hash from the up part's normalised statements, unless
// opts.SkipHash.
func hashFile(f *File, opts Options) {
	if opts.SkipHash {
		return
	}
	h := sha256.New()
	if f.Up != nil && len(f.Up.Stmts) > 0 {
		var buf []byte
		for _, s := range f.Up.Stmts {
			buf = appendNormalized(buf[:0], s.Text)
			buf = append(buf, ';', '\n')
			h.Write(buf)
		}
	} else if f.Up != nil {
		h.Write(appendNormalized(nil, f.Up.src))
	}
	f.Hash = hex.EncodeToString(h.Sum(nil))
}

// sortFiles orders files as the tool applies them: by version numerically,
// Flyway repeatable migrations last (by description, as Flyway does).
func sortFiles(files []*File) {
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i], files[j]
		ra, rb := a.Kind == Repeatable, b.Kind == Repeatable
		if ra != rb {
			return rb
		}
		if ra {
			return a.Name < b.Name
		}
		// files without a version (named literally) after the others, by name
		ua, ub := a.Version == "", b.Version == ""
		if ua != ub {
			return ub
		}
		if ua {
			return a.Path < b.Path
		}
		if c := CompareVersions(a.Version, b.Version); c != 0 {
			return c < 0
		}
		return a.Path < b.Path
	})
}
