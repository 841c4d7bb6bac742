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
	// Dirs are migration directories relative to the root, slash-separated.
	// An entry with glob characters (`*`, `?`, `[`, or `**` for any number
	// of directories) selects every matching directory that holds
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
	// SkipHash leaves File.Hash empty. Only the release verdict compares
	// hashes (to recognise a moved or edited migration); lint does not read
	// them and skips the cost.
	SkipHash bool
	// MissingOK records a directory that does not exist and a glob that
	// matches nothing in Set.Unmatched instead of failing: the release
	// verdict counts them as empty in the old release and as not read in
	// the new one.
	MissingOK bool
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

// LoadFS reads the migrations in the given directories of fsys (dirs
// overrides opts.Dirs when non-empty; both empty: Discover). Directories are
// kept in the order given (discovered ones sorted by path), and the files of
// each directory are in the order its tool applies them. A directory that
// does not exist is an error; a file that cannot be read or parsed is not:
// its problems are in File.Errors and Section.Errors.
func LoadFS(fsys fs.FS, dirs []string, opts Options) (*Set, error) {
	if len(dirs) == 0 {
		dirs = opts.Dirs
	}
	var resolved []string
	seen := map[string]bool{}
	add := func(d string) {
		if !seen[d] {
			seen[d] = true
			resolved = append(resolved, d)
		}
	}
	var globs, unmatched []string
	for _, d := range dirs {
		d = cleanRel(d)
		if hasMeta(d) {
			globs = append(globs, d)
			continue
		}
		st, err := fs.Stat(fsys, d)
		if err != nil {
			if opts.MissingOK && errors.Is(err, fs.ErrNotExist) {
				unmatched = append(unmatched, joinRoot(opts.Root, d))
				continue
			}
			return nil, fmt.Errorf("migration directory %q not found: %w", joinRoot(opts.Root, d), err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("migration directory %q is not a directory", joinRoot(opts.Root, d))
		}
		add(d)
	}
	for _, g := range opts.Include {
		globs = append(globs, cleanRel(g))
	}
	if len(globs) > 0 {
		matched := make([]bool, len(globs))
		for _, d := range Discover(fsys) {
			for i, g := range globs {
				if matchGlob(g, d) {
					add(d)
					matched[i] = true
				}
			}
		}
		if opts.MissingOK {
			for i, g := range globs {
				if !matched[i] {
					unmatched = append(unmatched, joinRoot(opts.Root, g))
				}
			}
		} else if len(resolved) == 0 && len(dirs) > 0 {
			return nil, fmt.Errorf("no migration directory matches %s", strings.Join(globs, ", "))
		}
	}
	if len(dirs) == 0 && len(opts.Include) == 0 {
		for _, d := range Discover(fsys) {
			add(d)
		}
	}
	set := &Set{Unmatched: unmatched}
	for _, d := range resolved {
		if excluded(opts.Exclude, d) {
			continue
		}
		files, skipped := loadDir(fsys, d, opts)
		set.Dirs = append(set.Dirs, joinRoot(opts.Root, d))
		set.Files = append(set.Files, files...)
		set.Skipped = append(set.Skipped, skipped...)
	}
	return set, nil
}

// LoadFiles reads single migration files of fsys (paths relative to its
// root) in the order given, each in the format its directory is detected
// as (or opts.Format). golang-migrate .down.sql and Flyway undo files given
// alongside their up file are paired with it.
func LoadFiles(fsys fs.FS, paths []string, opts Options) *Set {
	byDir := map[string][]string{}
	var order []string
	for _, p := range paths {
		p = cleanRel(p)
		d := path.Dir(p)
		if _, ok := byDir[d]; !ok {
			order = append(order, d)
		}
		byDir[d] = append(byDir[d], path.Base(p))
	}
	set := &Set{}
	for _, d := range order {
		names := withSiblings(fsys, d, byDir[d])
		files, skipped := loadEntries(fsys, d, names, opts)
		set.Dirs = append(set.Dirs, joinRoot(opts.Root, d))
		set.Files = append(set.Files, files...)
		set.Skipped = append(set.Skipped, skipped...)
	}
	return set
}

// withSiblings adds to the named files of a directory the other half of
// each golang-migrate pair and Flyway versioned/undo pair, so a file given
// alone still gets its down part.
func withSiblings(fsys fs.FS, dir string, names []string) []string {
	want := map[string]bool{}
	have := map[string]bool{}
	for _, b := range names {
		have[b] = true
		if nf, ok := classifyName(b); ok && (nf.format == FormatGolangMigrate || (nf.format == FormatFlyway && nf.kind != Repeatable)) {
			want[string(nf.format)+" "+versionKey(nf.format, nf.version)] = true
		}
	}
	if len(want) == 0 {
		return names
	}
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return names
	}
	out := append([]string(nil), names...)
	for _, e := range entries {
		b := e.Name()
		if have[b] || e.IsDir() {
			continue
		}
		if nf, ok := classifyName(b); ok && want[string(nf.format)+" "+versionKey(nf.format, nf.version)] {
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

func hasMeta(p string) bool { return strings.ContainsAny(p, "*?[") }

// matchGlob matches a slash path against a pattern in which `**` stands for
// any number of directories and other segments follow path.Match.
func matchGlob(pattern, name string) bool {
	return matchSegs(strings.Split(pattern, "/"), strings.Split(name, "/"))
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegs(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, err := path.Match(pat[0], segs[0]); err != nil || !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

func excluded(patterns []string, p string) bool {
	for _, pat := range patterns {
		pat = cleanRel(pat)
		if matchGlob(pat, p) || (!strings.Contains(pat, "/") && matchGlob(pat, path.Base(p))) {
			return true
		}
		// A pattern naming a directory excludes what is under it.
		if matchGlob(pat+"/**", p) {
			return true
		}
	}
	return false
}

// loadDir reads every migration file of one directory.
func loadDir(fsys fs.FS, dir string, opts Options) ([]*File, []string) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		f := &File{Path: joinRoot(opts.Root, dir), Dir: joinRoot(opts.Root, dir), Up: &Section{Empty: true}}
		f.Errors = append(f.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: f.Path, Line: 1, Col: 1}, Msg: "cannot read migration directory: " + err.Error()})
		return []*File{f}, nil
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 {
			names = append(names, e.Name())
		}
	}
	return loadEntries(fsys, dir, names, opts)
}

// candidate is one file being loaded.
type candidate struct {
	base string
	rel  string // relative to the fsys root
	nf   nameFormat
	src  string
	err  error
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

func loadEntries(fsys fs.FS, dir string, names []string, opts Options) ([]*File, []string) {
	var cands []*candidate
	var skipped []string
	hasTernConf := false
	for _, b := range names {
		rel := path.Join(dir, b)
		if excluded(opts.Exclude, rel) {
			continue
		}
		if b == "tern.conf" {
			hasTernConf = true
		}
		if !strings.HasSuffix(strings.ToLower(b), ".sql") {
			// goose Go migrations change the schema where rbcheck cannot
			// see: list them so the caller can say so.
			if reGoMigration.MatchString(b) && !strings.HasSuffix(b, "_test.go") {
				skipped = append(skipped, joinRoot(opts.Root, rel))
			}
			continue
		}
		nf, ok := classifyName(b)
		if !ok {
			skipped = append(skipped, joinRoot(opts.Root, rel))
			continue
		}
		cands = append(cands, &candidate{base: b, rel: rel, nf: nf})
	}
	readCandidates(fsys, cands)
	format := normFormat(opts.Formats[dir])
	if format == "" {
		format = normFormat(opts.Format)
	}
	if format == "" {
		format = detectFormat(cands, hasTernConf)
	}
	files, more := buildFiles(fsys, dir, format, cands, opts)
	return files, append(skipped, more...)
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

func buildFiles(fsys fs.FS, dir string, format Format, cands []*candidate, opts Options) ([]*File, []string) {
	var jobs []fillJob
	var files []*File
	var skipped []string
	type pair struct{ up, down *candidate }
	pairs := map[string]*pair{} // golang-migrate by version, Flyway by normalised version
	var order []string
	key := func(v string) string { return versionKey(format, v) }
	for _, c := range cands {
		if !accepts(format, c.nf) {
			skipped = append(skipped, joinRoot(opts.Root, c.rel))
			continue
		}
		switch {
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
