package migrations

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

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
	// Root is put in front of every path in the result, for a file system
	// that is a sub-directory of the repository ("" for none).
	Root string
	// MissingOK: an entry of Dirs or Include that selects nothing (a
	// folder the release does not have yet) is listed in Set.Unmatched
	// instead of being an error.
	MissingOK bool
	// SkipHash leaves File.Hash empty. Only the release verdict compares
	// hashes (to recognise a moved or edited migration); lint does not read
	// them and skips the cost.
	SkipHash bool
}

// Load reads the migrations under the directory root on disk.
func Load(root string, opts Options) (*Set, error) {
	if st, err := os.Stat(root); err != nil {
		return nil, fmt.Errorf("cannot read migrations root %q: %w", root, err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("migrations root %q is not a directory", root)
	}
	return LoadFS(os.DirFS(root), opts.Dirs, opts)
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
		if err := sel.add(e); err != nil {
			return nil, err
		}
	}
	if len(entries) == 0 {
		for _, d := range Discover(fsys) {
			sel.addDir(d)
		}
	}
	set := &Set{}
	for _, u := range sel.unmatched {
		set.Unmatched = append(set.Unmatched, joinRoot(opts.Root, u))
	}
	if len(sel.unmatched) > 0 && !opts.MissingOK {
		return nil, unmatchedError(fsys, set.Unmatched, sel.unmatched)
	}
	for _, s := range sel.order {
		if s.whole && excluded(opts.Exclude, s.dir) {
			set.Excluded = append(set.Excluded, Skip{Path: joinRoot(opts.Root, s.dir), Reason: "excluded by " + excludedBy(opts.Exclude, s.dir)})
			continue
		}
		var r loadResult
		if s.whole {
			r = loadDir(fsys, s.dir, opts)
		} else {
			r = loadEntries(fsys, s.dir, s.files, s.named, opts)
		}
		set.Dirs = append(set.Dirs, joinRoot(opts.Root, s.dir))
		set.Files = append(set.Files, r.files...)
		set.Skipped = append(set.Skipped, r.skipped...)
		set.Excluded = append(set.Excluded, r.excluded...)
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
	set := &Set{}
	for _, s := range sel.order {
		r := loadEntries(fsys, s.dir, s.files, s.named, opts)
		set.Dirs = append(set.Dirs, joinRoot(opts.Root, s.dir))
		set.Files = append(set.Files, r.files...)
		set.Skipped = append(set.Skipped, r.skipped...)
		set.Excluded = append(set.Excluded, r.excluded...)
	}
	return set
}

// withSiblings adds to the named files of a directory the other half of
// each golang-migrate pair and Flyway versioned/undo pair, so a file given
// alone still gets its down part.
func withSiblings(listing []string, names []string) []string {
	want := map[string]bool{}
	have := map[string]bool{}
	for _, b := range names {
		have[b] = true
		if nf, ok := classifyName(b); ok && (nf.format == FormatGolangMigrate || (nf.format == FormatFlyway && nf.kind != Repeatable)) {
			want[string(nf.format)+" "+versionKey(nf.format, nf.version)+" "+nf.dialect] = true
		}
	}
	if len(want) == 0 {
		return names
	}
	out := append([]string(nil), names...)
	for _, b := range listing {
		if have[b] {
			continue
		}
		if nf, ok := classifyName(b); ok && want[string(nf.format)+" "+versionKey(nf.format, nf.version)+" "+nf.dialect] {
			out = append(out, b)
		}
	}
	return out
}

// versionKey is the identity of a version for pairing: Flyway's 1 and 1.0
// are the same version, 001 and 1 are the same number.
func versionKey(f Format, v string) string {
	parts := strings.Split(v, ".")
	for i := range parts {
		parts[i] = strings.TrimLeft(parts[i], "0")
	}
	if f == FormatFlyway {
		for len(parts) > 1 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
	}
	return strings.Join(parts, ".")
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

// loadResult is what loading one directory's selection gives.
type loadResult struct {
	files    []*File
	skipped  []Skip
	excluded []Skip
}

// dirListing lists the files (regular files and symlinks) of a directory.
func dirListing(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 {
			names = append(names, e.Name())
		}
	}
	return names, err
}

// loadDir reads every migration file of one directory.
func loadDir(fsys fs.FS, dir string, opts Options) loadResult {
	names, err := dirListing(fsys, dir)
	if err != nil && len(names) == 0 {
		f := &File{Path: joinRoot(opts.Root, dir), Dir: joinRoot(opts.Root, dir), Up: &Section{Empty: true}}
		f.Errors = append(f.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: f.Path, Line: 1, Col: 1}, Msg: "cannot read migration directory: " + err.Error()})
		return loadResult{files: []*File{f}}
	}
	return loadNames(fsys, dir, names, names, nil, nil, opts)
}

// candidate is one file being loaded.
type candidate struct {
	base     string
	rel      string // relative to the fsys root
	nf       nameFormat
	selected bool // named by a selection: read whatever its name
	named    bool // named literally: read whatever its dialect too
	src      string
	err      error
}

// readCandidates reads the files of cands, on every core: with many small
// files, opening and reading them one by one shows in the wall time.
func readCandidates(fsys fs.FS, cands []*candidate) {
	read := func(c *candidate) {
		data, err := fs.ReadFile(fsys, c.rel)
		c.src, c.err = string(data), err
	}
	n := min(runtime.GOMAXPROCS(0), len(cands)/16)
	if n <= 1 {
		for _, c := range cands {
			read(c)
		}
		return
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(cands) {
					return
				}
				read(cands[i])
			}
		}()
	}
	wg.Wait()
}

// loadEntries reads the selected files of a directory (base names), with
// the other half of golang-migrate and Flyway pairs. named marks the files
// given literally: they are read as migrations whatever their name.
func loadEntries(fsys fs.FS, dir string, names []string, named map[string]bool, opts Options) loadResult {
	listing, _ := dirListing(fsys, dir)
	selected := map[string]bool{}
	for _, b := range names {
		selected[b] = true
	}
	return loadNames(fsys, dir, withSiblings(listing, names), listing, selected, named, opts)
}

// loadNames reads the files names of dir; listing is every file of the
// directory (for its format markers and dialect variants). selected marks
// the files a selection names (through a glob or literally), named those
// named literally.
func loadNames(fsys fs.FS, dir string, names, listing []string, selected, named map[string]bool, opts Options) loadResult {
	var r loadResult
	var cands []*candidate
	hasTernConf := false
	for _, b := range listing {
		if b == "tern.conf" {
			hasTernConf = true
		}
	}
	for _, b := range names {
		rel := path.Join(dir, b)
		if pat := excludedBy(opts.Exclude, rel); pat != "" {
			if isSQLName(b) {
				r.excluded = append(r.excluded, Skip{Path: joinRoot(opts.Root, rel), Reason: "excluded by " + pat})
			}
			continue
		}
		if !isSQLName(b) && !named[b] {
			// goose Go migrations change the schema where rbcheck cannot
			// see: list them so the caller can say so.
			if reGoMigration.MatchString(b) && !strings.HasSuffix(b, "_test.go") {
				r.skipped = append(r.skipped, Skip{Path: joinRoot(opts.Root, rel), Reason: "Go migration: rbcheck does not run Go code, so the schema changes it makes are not checked"})
			}
			continue
		}
		nf, ok := classifyName(b)
		if !ok {
			if !selected[b] {
				r.skipped = append(r.skipped, Skip{Path: joinRoot(opts.Root, rel), Reason: "no version in the name, so no migration tool runs it"})
				continue
			}
			nf = unversioned(b)
		}
		cands = append(cands, &candidate{base: b, rel: rel, nf: nf, selected: selected[b], named: named[b]})
	}
	cands, variants := filterDialects(cands, listing, opts)
	r.excluded = append(r.excluded, variants...)
	readCandidates(fsys, cands)
	format := normFormat(opts.Formats[dir])
	if format == "" {
		format = normFormat(opts.Format)
	}
	if format == "" {
		format = detectFormat(cands, hasTernConf)
	}
	files, more := buildFiles(fsys, dir, format, cands, opts)
	r.files = files
	r.skipped = append(r.skipped, more...)
	return r
}

// unversioned is the name class of a .sql file read as a migration although
// its name has no version: it is ordered by name.
func unversioned(base string) nameFormat {
	name := base
	if isSQLName(base) {
		name = base[:len(base)-len(".sql")]
	}
	return nameFormat{format: FormatPlain, name: name, kind: Versioned, unversioned: true}
}

// filterDialects leaves out the variants of a migration written for another
// engine (`….mysql.up.sql`) when the folder holds Postgres variants or a
// variant for every engine of the same migration, and an every-engine file
// when a Postgres variant of the same migration and direction replaces it.
// Files named literally are always kept.
func filterDialects(cands []*candidate, listing []string, opts Options) ([]*candidate, []Skip) {
	pgFolder := false
	generic := map[string]bool{} // version key of untagged / all files
	pgVariant := map[string]string{}
	idOf := func(nf nameFormat) string {
		dir := "up"
		if nf.down || nf.kind == Undo {
			dir = "down"
		}
		return versionKey(nf.format, nf.version) + "\x00" + dir
	}
	for _, b := range listing {
		nf, ok := classifyName(b)
		if !ok {
			continue
		}
		switch {
		case nf.dialect == dialectPostgres:
			pgFolder = true
			pgVariant[idOf(nf)] = b
		case !otherEngine(nf.dialect):
			generic[versionKey(nf.format, nf.version)] = true
		}
	}
	var keep []*candidate
	var skipped []Skip
	for _, c := range cands {
		nf := c.nf
		switch {
		case c.named || nf.unversioned:
		case otherEngine(nf.dialect) && (pgFolder || generic[versionKey(nf.format, nf.version)]):
			skipped = append(skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: nf.dialect + " variant of a migration: only the Postgres variants are read"})
			continue
		case !otherEngine(nf.dialect) && nf.dialect != dialectPostgres && pgVariant[idOf(nf)] != "":
			skipped = append(skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: "replaced by its Postgres variant " + pgVariant[idOf(nf)]})
			continue
		}
		keep = append(keep, c)
	}
	return keep, skipped
}

// detectFormat picks the directory's format: content markers (goose,
// sql-migrate, dbmate, tern) first, then the file names (golang-migrate,
// Flyway), then a tern.conf, else plain numbered files.
func detectFormat(cands []*candidate, ternConf bool) Format {
	count := map[Format]int{}
	for _, c := range cands {
		if cf := contentFormat(c.src); cf != "" {
			count[cf]++
		}
	}
	best, bestN := Format(""), 0
	for _, f := range []Format{FormatGoose, FormatSQLMigrate, FormatDbmate, FormatTern} {
		if count[f] > bestN {
			best, bestN = f, count[f]
		}
	}
	if best != "" {
		return best
	}
	for _, c := range cands {
		count[c.nf.format]++
	}
	if count[FormatGolangMigrate] > 0 && count[FormatGolangMigrate] >= count[FormatFlyway] {
		return FormatGolangMigrate
	}
	if count[FormatFlyway] > 0 {
		return FormatFlyway
	}
	if ternConf {
		return FormatTern
	}
	return FormatPlain
}

// formatPattern describes the file names of a format, for messages.
func formatPattern(f Format) string {
	switch f {
	case FormatGolangMigrate:
		return "{version}_{title}.up.sql and .down.sql"
	case FormatFlyway:
		return "V{version}__{description}.sql, U{version}__…, R__…"
	}
	return "{version}_{name}.sql"
}

// accepts reports whether a file named as nf belongs to a directory of
// format f.
func accepts(f Format, nf nameFormat) bool {
	switch f {
	case FormatGolangMigrate, FormatFlyway:
		return nf.format == f
	default:
		return nf.format == FormatPlain
	}
}

// fillJob is a file whose parts fillFile still has to split and parse.
type fillJob struct {
	f        *File
	up, down *candidate
}

// fillFiles runs the jobs on every core. Each job writes only its own File
// (whose place in the result is already fixed), and pgparse.Parse is safe
// for concurrent use, so the result does not depend on the scheduling.
func fillFiles(fsys fs.FS, format Format, jobs []fillJob, opts Options) {
	n := min(runtime.GOMAXPROCS(0), len(jobs))
	if n <= 1 {
		for _, j := range jobs {
			fillFile(fsys, j.f, format, j.up, j.down, opts)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan fillJob)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				fillFile(fsys, j.f, format, j.up, j.down, opts)
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

func buildFiles(fsys fs.FS, dir string, format Format, cands []*candidate, opts Options) ([]*File, []Skip) {
	var jobs []fillJob
	var files []*File
	var skipped []Skip
	type pair struct{ up, down *candidate }
	pairs := map[string]*pair{} // golang-migrate by version, Flyway by normalised version
	var order []string
	key := func(v string) string { return versionKey(format, v) }
	for _, c := range cands {
		if !c.selected && !accepts(format, c.nf) {
			skipped = append(skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: "the name does not follow the folder's format (" + string(format) + ": " + formatPattern(format) + "), so the tool does not run it"})
			continue
		}
		switch {
		case c.nf.unversioned || !accepts(format, c.nf):
			f := newFile(dir, format, c, opts)
			jobs = append(jobs, fillJob{f, c, nil})
			files = append(files, f)
		case format == FormatGolangMigrate || (format == FormatFlyway && c.nf.kind != Repeatable):
			k := key(c.nf.version)
			p := pairs[k]
			if p == nil {
				p = &pair{}
				pairs[k] = p
				order = append(order, k)
			}
			isDown := c.nf.down || c.nf.kind == Undo
			slot := &p.up
			if isDown {
				slot = &p.down
			}
			if *slot != nil {
				// The tool refuses to run a directory with two files of one
				// version; the file is still checked.
				f := newFile(dir, format, c, opts)
				if isDown {
					f.Kind = Undo
					f.DownPath = joinRoot(opts.Root, c.rel)
					f.Path = f.DownPath
					f.Up = &Section{Empty: true}
					f.Down = loadSection(f.DownPath, c.src, part{present: true, lines: allLines(c.src), mode: modeOf(format)}, format)
					hashFile(f, opts)
					if format == FormatGolangMigrate {
						f.Kind = Versioned
					}
				} else {
					fillFile(fsys, f, format, c, nil, opts)
				}
				f.Errors = append(f.Errors, fileErr(f.Path, fmt.Sprintf("duplicate migration version %s (also %s): the migration tool refuses to run the directory", c.nf.version, joinRoot(opts.Root, (*slot).rel))))
				files = append(files, f)
				continue
			}
			*slot = c
		default:
			f := newFile(dir, format, c, opts)
			jobs = append(jobs, fillJob{f, c, nil})
			files = append(files, f)
		}
	}
	for _, k := range order {
		p := pairs[k]
		if p.up == nil {
			f := newFile(dir, format, p.down, opts)
			f.Kind = Versioned
			if p.down.nf.kind == Undo {
				f.Kind = Undo // a Flyway undo file without its versioned file
			}
			f.DownPath = joinRoot(opts.Root, p.down.rel)
			f.Path = f.DownPath
			f.Up = &Section{Empty: true}
			f.Errors = append(f.Errors, fileErr(f.DownPath, "down migration "+p.down.base+" has no up migration with version "+p.down.nf.version))
			if p.down.err != nil {
				f.Errors = append(f.Errors, fileErr(f.DownPath, "cannot read migration file: "+errMsg(p.down.err)))
			}
			f.Down = loadSection(f.DownPath, p.down.src, part{present: true, lines: allLines(p.down.src), mode: modeOf(format)}, format)
			addDirectives(f, f.DownPath, p.down.src, f.Down.Stmts)
			hashFile(f, opts)
			files = append(files, f)
			continue
		}
		f := newFile(dir, format, p.up, opts)
		jobs = append(jobs, fillJob{f, p.up, p.down})
		files = append(files, f)
	}
	fillFiles(fsys, format, jobs, opts)
	sortFiles(format, files)
	return files, skipped
}

func allLines(src string) []bool {
	l := make([]bool, strings.Count(src, "\n")+1)
	for i := range l {
		l[i] = true
	}
	return l
}

func modeOf(f Format) txMode {
	switch f {
	case FormatGolangMigrate:
		return txImplicit
	case FormatFlyway:
		return txFlyway
	case FormatPlain:
		return txNone
	}
	return txWrapped
}

func newFile(dir string, format Format, c *candidate, opts Options) *File {
	return &File{
		Path:    joinRoot(opts.Root, c.rel),
		Dir:     joinRoot(opts.Root, dir),
		Version: c.nf.version,
		Name:    c.nf.name,
		Format:  format,
		Kind:    kindOf(c.nf),
	}
}

func kindOf(nf nameFormat) Kind {
	if nf.kind == Undo {
		return Versioned
	}
	if nf.kind == "" {
		return Versioned
	}
	return nf.kind
}

func fileErr(file, msg string) *sqlast.ParseError {
	return &sqlast.ParseError{Pos: sqlast.Pos{File: file, Line: 1, Col: 1}, Msg: msg}
}

// fillFile splits and parses a file (and its separate down file).
func fillFile(fsys fs.FS, f *File, format Format, up, down *candidate, opts Options) {
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
	noTx := false
	if format == FormatFlyway {
		noTx = flywayConfNoTx(fsys, up.rel+".conf")
	}
	sp := splitSections(format, up.src)
	for _, p := range sp.problems {
		f.Errors = append(f.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: f.Path, Line: p.line, Col: 1, Offset: lineOffset(up.src, p.line)}, Msg: p.msg})
	}
	if noTx {
		sp.up.mode = txNone
	}
	f.Up = loadSection(f.Path, up.src, sp.up, format)
	switch {
	case down != nil:
		f.DownPath = joinRoot(opts.Root, down.rel)
		if down.err != nil {
			f.Errors = append(f.Errors, fileErr(f.DownPath, "cannot read migration file: "+errMsg(down.err)))
			f.Down = &Section{Empty: true}
			break
		}
		mode := modeOf(format)
		if format == FormatFlyway && flywayConfNoTx(fsys, down.rel+".conf") {
			mode = txNone
		}
		f.Down = loadSection(f.DownPath, down.src, part{present: true, lines: allLines(down.src), mode: mode}, format)
		addDirectives(f, f.DownPath, down.src, f.Down.Stmts)
	case sp.down.present:
		f.Down = loadSection(f.Path, up.src, sp.down, format)
	}
	stmts := f.Up.Stmts
	if f.Down != nil && f.DownPath == "" {
		stmts = append(append([]*sqlast.Stmt(nil), stmts...), f.Down.Stmts...)
	}
	addDirectives(f, f.Path, up.src, stmts)
	sortDirectives(f)
	hashFile(f, opts)
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

// flywayConfNoTx reads a Flyway per-script configuration file.
func flywayConfNoTx(fsys fs.FS, name string) bool {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(l, "=")
		if ok && strings.TrimSpace(k) == "executeInTransaction" && strings.EqualFold(strings.TrimSpace(v), "false") {
			return true
		}
	}
	return false
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
func sortFiles(format Format, files []*File) {
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

// normFormat accepts a Format built from a raw configuration string.
func normFormat(f Format) Format {
	if f == "" {
		return ""
	}
	return ParseFormat(string(f))
}
