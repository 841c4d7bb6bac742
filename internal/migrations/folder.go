package migrations

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// folder lists what a migrations folder holds.
type folder struct {
	files  []string // its own files (regular, symlinks, special: reading says why one is refused), any extension
	nested []string // .sql files one folder down ("0.24/00__memo.sql"), in sub-folders named by a version
	// nestedOther are the other files of those sub-folders
	// ("v1.16/manifest.json"), for the tools' claims
	nestedOther []string
	// unreadable are the version sub-folders that could not be listed
	unreadable []unreadableDir
}

type unreadableDir struct {
	dir string
	err error
}

// readFolder lists a folder. Only sub-folders whose name starts with a
// digit (or v and a digit) are looked into: the nested layouts name their
// folders by version.
func readFolder(fsys fs.FS, dir string) (folder, error) {
	entries, err := fs.ReadDir(fsys, dir)
	var fo folder
	for _, e := range entries {
		switch {
		case !e.IsDir():
			fo.files = append(fo.files, e.Name())
		case versionedDirName(e.Name()):
			sub, serr := fs.ReadDir(fsys, path.Join(dir, e.Name()))
			if serr != nil {
				fo.unreadable = append(fo.unreadable, unreadableDir{path.Join(dir, e.Name()), serr})
			}
			for _, f := range sub {
				switch {
				case f.IsDir():
				case isSQLName(f.Name()):
					fo.nested = append(fo.nested, e.Name()+"/"+f.Name())
				default:
					fo.nestedOther = append(fo.nestedOther, e.Name()+"/"+f.Name())
				}
			}
		}
	}
	return fo, err
}

// listing is every file name of the folder and of its version sub-folders
// ("sub/file"), for the tools' claims.
func (fo folder) listing() []string {
	if len(fo.nested) == 0 && len(fo.nestedOther) == 0 {
		return fo.files
	}
	out := append([]string(nil), fo.files...)
	out = append(out, fo.nested...)
	return append(out, fo.nestedOther...)
}

// versionedDirName reports a folder name that starts with a version.
func versionedDirName(n string) bool {
	return n != "" && (isDigit(n[0]) || (len(n) > 1 && (n[0] == 'v' || n[0] == 'V') && isDigit(n[1])))
}

// loadResult is what loading one folder's selection gives.
type loadResult struct {
	files    []*File
	skipped  []Skip
	excluded []Skip
	// nested are the .sql files of version sub-folders that the folder's
	// flat layout does not run: skipped unless a sub-folder is read as a
	// migrations folder of its own (LoadFS decides)
	nested []Skip
}

// candidate is one file being loaded.
type candidate struct {
	name     string // relative to the folder: a base name, or "sub/file"
	rel      string // relative to the fsys root
	n        Name
	selected bool // named by a selection: read whatever its name
	named    bool // named literally: read whatever its dialect too
	src      string
	err      error
	// What tool detection needs of the content (detectTool, popClaims):
	// the tools whose markers it holds and whether it holds a template.
	marks    []*Tool
	template bool
	dropped  bool // src was let go (Options.Defer): read it again
}

// source is the file's content, read again when it was let go.
func (c *candidate) source(fsys fs.FS) string {
	if !c.dropped {
		return c.src
	}
	data, err := fs.ReadFile(fsys, c.rel)
	if err != nil && c.err == nil {
		c.err = err
	}
	return ownedString(data)
}

// ownedString is b as a string without a copy. b must be the caller's
// own and never written again: fs.ReadFile's result is (its contract lets
// the caller modify it, so no file system keeps it). A copy of every
// source touched as many fresh pages again as the sources themselves:
// a fifth of lint's page faults on the regression corpus.
func ownedString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// deferKeep is how much of a folder's sources Options.Defer keeps between
// reading them for tool detection and loading them: reading a file twice
// costs a few system calls, keeping all of a big corpus would make memory
// follow it.
var deferKeep int64 = 4 << 20

// readCandidates reads the files of cands, on every core: with many small
// files, opening and reading them one by one shows in the wall time. With
// opts.Defer it keeps only what tool detection needs of each, and the
// sources up to deferKeep bytes.
func readCandidates(fsys fs.FS, cands []*candidate, opts Options) {
	var kept atomic.Int64
	read := func(c *candidate) {
		data, err := fs.ReadFile(fsys, c.rel)
		c.src, c.err = ownedString(data), err
		c.marks = markedBy(c.src)
		c.template = hasTemplate(c.src)
		if opts.Defer && kept.Add(int64(len(c.src))) > deferKeep {
			c.src, c.dropped = "", true
		}
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

// loadDir reads every migration of one folder (sel, when not nil, is the
// whole-folder selection that named it).
func loadDir(fsys fs.FS, dir string, sel *selection, opts Options) loadResult {
	fo, err := readFolder(fsys, dir)
	if err != nil && len(fo.files) == 0 {
		f := &File{Path: joinRoot(opts.Root, dir), Dir: joinRoot(opts.Root, dir), Up: &Section{Empty: true}}
		f.Errors = append(f.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: f.Path, Line: 1, Col: 1}, Msg: "cannot read migration directory: " + err.Error()})
		return loadResult{files: []*File{f}}
	}
	if sel == nil {
		sel = &selection{dir: dir, whole: true}
	}
	res := loadFolder(fsys, dir, fo, sel, opts)
	// what could not be listed is an error, not a silent skip
	if err != nil {
		fo.unreadable = append(fo.unreadable, unreadableDir{dir, err})
	}
	for _, u := range fo.unreadable {
		f := &File{Path: joinRoot(opts.Root, u.dir), Dir: joinRoot(opts.Root, dir), Up: &Section{Empty: true}}
		f.Errors = append(f.Errors, &sqlast.ParseError{Pos: sqlast.Pos{File: f.Path, Line: 1, Col: 1}, Msg: "cannot read migration directory: " + u.err.Error()})
		res.files = append(res.files, f)
	}
	return res
}

// loadEntries reads the files a selection names in one folder (names
// relative to it; "sub/file" for a file of a version sub-folder).
func loadEntries(fsys fs.FS, dir string, sel *selection, opts Options) loadResult {
	fo, _ := readFolder(fsys, dir)
	return loadFolder(fsys, dir, fo, sel, opts)
}

// loadFolder reads a folder's migrations: all of them (sel.whole) or the
// files sel names. It picks the folder's tool (forced by opts, or
// detected), reads each file the tool runs, records each .sql file it does
// not run (Set.Skipped) or that is left out on purpose (Set.Excluded), pairs
// separate up and down files and orders the result as the tool does.
func loadFolder(fsys fs.FS, dir string, fo folder, sel *selection, opts Options) loadResult {
	var r loadResult
	flat, nested := fo.files, fo.nested
	part := !sel.whole
	if part {
		flat, nested = nil, nil
		for _, n := range sel.files {
			if strings.Contains(n, "/") {
				nested = append(nested, n)
			} else {
				flat = append(flat, n)
			}
		}
	}
	newCand := func(name string) *candidate {
		c := &candidate{name: name, rel: path.Join(dir, name)}
		if part {
			c.selected, c.named = true, sel.named[name]
		}
		return c
	}
	excl := func(c *candidate) bool {
		if pat := excludedBy(opts.Exclude, c.rel); pat != "" {
			r.excluded = append(r.excluded, Skip{Path: joinRoot(opts.Root, c.rel), Reason: "excluded by " + pat})
			return true
		}
		return false
	}
	var flatCands, nestedCands []*candidate
	var flatSQL, others []string
	for _, b := range flat {
		c := newCand(b)
		if !isSQLName(b) && !c.named {
			others = append(others, b) // once the tool is known
			continue
		}
		if excl(c) {
			continue
		}
		flatCands = append(flatCands, c)
		flatSQL = append(flatSQL, b)
	}
	var nestedSQL []string
	for _, n := range nested {
		nestedSQL = append(nestedSQL, n)
	}
	readCandidates(fsys, flatCands, opts)

	t := ToolOf(normFormat(opts.Formats[dir]))
	if t == nil {
		t = ToolOf(sel.format)
	}
	if t == nil {
		t = ToolOf(normFormat(globEntry(opts.Formats, dir, flatCands)))
	}
	if t == nil {
		t = ToolOf(normFormat(opts.Format))
	}
	if t == nil {
		t = detectTool(flatSQL, nestedSQL, fo.listing(), flatCands)
	}
	tx := opts.Transactions[dir]
	if tx == "" {
		tx = sel.tx
	}
	if tx == "" {
		tx = globEntry(opts.Transactions, dir, flatCands)
	}
	if m, ok := txModes[tx]; ok && t.Marker == nil {
		// the configured way replaces the format's; annotated formats
		// say it in each file, and their annotations decide
		tt := *t
		tt.Tx, tt.txForced = m, true
		t = &tt
	}

	// files the tool runs besides .sql ones (zdb's .gotxt templates);
	// any other file a migration tool runs (a goose Go migration, a .fizz
	// file) is recorded as not read
	var extra []*candidate
	for _, b := range others {
		c := newCand(b)
		if _, ok := t.accepts(b); ok && t.runsExt(b) && !t.Nested {
			if !excl(c) {
				extra = append(extra, c)
			}
			continue
		}
		if excludedBy(opts.Exclude, c.rel) == "" {
			if why := unreadable(b); why != "" {
				r.skipped = append(r.skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: why})
			}
		}
	}
	readCandidates(fsys, extra, opts)
	flatCands = append(flatCands, extra...)

	pool := flatCands
	if t.Nested {
		for _, n := range nested {
			if c := newCand(n); !excl(c) {
				nestedCands = append(nestedCands, c)
			}
		}
		readCandidates(fsys, nestedCands, opts)
		// files beside the version folders: not the tool's
		pool = nestedCands
		for _, c := range flatCands {
			if c.selected {
				c.n = fallbackName(c.name)
				pool = append(pool, c)
				continue
			}
			r.skipped = append(r.skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: fmt.Sprintf("not in a version folder of the %s layout (%s), so the tool does not run it", t.Format, t.Names)})
		}
	} else {
		// .sql files in version sub-folders that a flat layout does not
		// run: said, never dropped without a word (temporal's
		// versioned/v1.16/*.sql read as "0 new migrations")
		for _, n := range nested {
			c := newCand(n)
			if excl(c) {
				continue
			}
			if c.selected {
				readCandidates(fsys, []*candidate{c}, opts)
				c.n = fallbackName(path.Base(c.name))
				pool = append(pool, c)
				continue
			}
			r.nested = append(r.nested, Skip{Path: joinRoot(opts.Root, c.rel), Reason: fmt.Sprintf("in the sub-folder %s, which the folder's format (%s: %s) does not look into, so the tool does not run it", path.Dir(n), t.Format, t.Names)})
		}
	}
	var cands []*candidate
	for _, c := range pool {
		if c.n.Version != "" || c.n.unversioned {
			cands = append(cands, c) // named already
			continue
		}
		n, ok := t.accepts(c.name)
		if !ok {
			if !c.selected {
				r.skipped = append(r.skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: mismatch(t, c.name)})
				continue
			}
			n = fallbackName(path.Base(c.name))
		}
		c.n = n
		cands = append(cands, c)
	}
	if part && t.Pairs {
		cands = withSiblings(fsys, dir, t, fo, cands, excl, opts)
	}
	if t.Arrange != nil {
		why := t.Arrange(fsys, dir, cands)
		keep := cands[:0]
		for i, c := range cands {
			if why[i] != "" {
				r.skipped = append(r.skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: why[i]})
				continue
			}
			keep = append(keep, c)
		}
		cands = keep
	}
	cands, variants := filterDialects(t, cands, fo, opts)
	r.excluded = append(r.excluded, variants...)
	files, replaced := buildFiles(fsys, dir, t, cands, opts)
	r.files = files
	r.excluded = append(r.excluded, replaced...)
	return r
}

// globEntry is the value of a glob key of m (a configured migrations entry
// such as `db/*.sql` or `services/*/migrations`) that matches dir or one of
// the files: a folder or file selected otherwise (named on lint's command
// line, a pre-commit hook's staged files) still gets its configured format
// and transaction.
func globEntry[T ~string](m map[string]T, dir string, cands []*candidate) T {
	var zero T
	keys := make([]string, 0, len(m))
	for k := range m {
		if hasMeta(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys) // the same answer every run
	for _, k := range keys {
		v := m[k]
		k = cleanRel(k)
		if matchGlob(k, dir) {
			return v
		}
		for _, c := range cands {
			if matchGlob(k, c.rel) {
				return v
			}
		}
	}
	return zero
}

// unreadable says why a file that is not SQL is a migration rbcheck cannot
// read (a goose Go migration, a pop .fizz file), "" for any other file.
func unreadable(b string) string {
	for _, t := range tools {
		if t.Unreadable != nil {
			if why := t.Unreadable(b); why != "" {
				return why
			}
		}
	}
	return ""
}

// mismatch says why a .sql file of a folder is not the folder's tool's.
func mismatch(t *Tool, name string) string {
	if _, ok := parsePlain(path.Base(name)); !ok {
		return "no version in the name, so no migration tool runs it"
	}
	return fmt.Sprintf("the name does not follow the folder's format (%s: %s), so the tool does not run it", t.Format, t.Names)
}

// fallbackName is the name class of a file a selection named although the
// folder's tool would not run it: its version if its name starts with one,
// else none (ordered by name, after the versioned files).
func fallbackName(base string) Name {
	if n, ok := parsePlain(base); ok {
		n.Title, n.Dialect = splitDialect(n.Title)
		return n
	}
	name := base
	if s, ok := trimSQL(base); ok {
		name = s
	}
	return Name{Title: name, unversioned: true}
}

// withSiblings adds the other half of each up/down pair whose one half a
// selection names, so a file given alone still gets its down part.
func withSiblings(fsys fs.FS, dir string, t *Tool, fo folder, cands []*candidate, excl func(*candidate) bool, opts Options) []*candidate {
	type key struct {
		version, dialect string
		down             bool
	}
	have := map[string]bool{}
	want := map[key]bool{}
	for _, c := range cands {
		have[c.name] = true
		if c.n.Version != "" && c.n.Kind != Repeatable {
			want[key{versionKey(c.n.Version), c.n.Dialect, !c.n.Down}] = true
		}
	}
	listing := fo.files
	if t.Nested {
		listing = fo.nested
	}
	var more []*candidate
	for _, b := range listing {
		if have[b] {
			continue
		}
		n, ok := t.accepts(b)
		if !ok || !want[key{versionKey(n.Version), n.Dialect, n.Down}] {
			continue
		}
		c := &candidate{name: b, rel: path.Join(dir, b), n: n}
		if !excl(c) {
			more = append(more, c)
		}
	}
	readCandidates(fsys, more, opts)
	return append(cands, more...)
}

// filterDialects leaves out the variants of a migration written for another
// engine (`….mysql.up.sql`) when the folder holds Postgres variants or a
// variant for every engine of the same migration, and an every-engine file
// when a Postgres variant of the same migration and direction replaces it.
// Files named literally are always kept.
func filterDialects(t *Tool, cands []*candidate, fo folder, opts Options) ([]*candidate, []Skip) {
	listing := fo.files
	if t.Nested {
		listing = fo.nested
	}
	pgFolder := false
	generic := map[string]bool{} // version key of untagged / all files
	pgVariant := map[string]string{}
	idOf := func(n Name) string {
		d := "up"
		if n.Down {
			d = "down"
		}
		return versionKey(n.Version) + "\x00" + d
	}
	suffixed := suffixVariants(t, listing)
	for _, b := range listing {
		n, ok := t.accepts(b)
		if !ok {
			continue
		}
		if d, ok := suffixed[b]; ok {
			n.Dialect = d
		}
		switch {
		case n.Dialect == dialectPostgres:
			pgFolder = true
			pgVariant[idOf(n)] = path.Base(b)
		case !otherEngine(n.Dialect):
			generic[versionKey(n.Version)] = true
		}
	}
	// a file named literally is read whatever its dialect, unless the
	// Postgres (or every-engine) variant of the same migration is named
	// with it: a pre-commit hook names every staged variant
	namedPG := map[string]bool{}
	for _, c := range cands {
		if c.named && !otherEngine(c.n.Dialect) && c.n.Version != "" {
			namedPG[idOf(c.n)] = true
		}
	}
	var keep []*candidate
	var skipped []Skip
	for _, c := range cands {
		if d, ok := suffixed[c.name]; ok && c.n.Dialect == dialectNone {
			c.n.Dialect = d
		}
		n := c.n
		switch {
		case c.named && otherEngine(n.Dialect) && namedPG[idOf(n)]:
			skipped = append(skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: n.Dialect + " variant of a migration whose Postgres variant is named with it: only the Postgres variants are read"})
			continue
		case c.named || n.unversioned:
		case otherEngine(n.Dialect) && (pgFolder || generic[versionKey(n.Version)]):
			skipped = append(skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: n.Dialect + " variant of a migration: only the Postgres variants are read"})
			continue
		case !otherEngine(n.Dialect) && n.Dialect != dialectPostgres && pgVariant[idOf(n)] != "":
			skipped = append(skipped, Skip{Path: joinRoot(opts.Root, c.rel), Reason: "replaced by its Postgres variant " + pgVariant[idOf(n)]})
			continue
		}
		keep = append(keep, c)
	}
	return keep, skipped
}

// suffixVariants finds the dialect variants whose engine word ends the
// name after a dash or an underscore (zdb's, arp242/goatcounter:
// `2021-12-02-2-language-enable-postgres.sql` beside
// `2021-12-02-2-language-enable-sqlite.sql`): file → dialect class. Such a
// word is an engine only when the folder holds a pair of them, the same
// version and name for two engines; then every name of the folder ending
// that way with the same separator is a variant. A lone
// `003_import_from_mysql.sql` is a migration for every engine.
func suffixVariants(t *Tool, listing []string) map[string]string {
	type split struct {
		file, id, engine string
		sep              byte
	}
	var all []split
	engines := map[string]map[string]bool{} // sep+id → engine words
	for _, b := range listing {
		n, ok := t.accepts(b)
		if !ok || n.Dialect != dialectNone {
			continue
		}
		i := strings.LastIndexAny(n.Title, "-_")
		if i <= 0 {
			continue
		}
		c, ok := dialectClass(n.Title[i+1:])
		if !ok || c == dialectAll {
			continue
		}
		d := "up"
		if n.Down {
			d = "down"
		}
		sp := split{file: b, id: versionKey(n.Version) + "\x00" + n.Title[:i] + "\x00" + d, engine: c, sep: n.Title[i]}
		all = append(all, sp)
		k := string(sp.sep) + sp.id
		if engines[k] == nil {
			engines[k] = map[string]bool{}
		}
		engines[k][c] = true
	}
	paired := map[byte]bool{}
	for k, es := range engines {
		if len(es) > 1 {
			paired[k[0]] = true
		}
	}
	if len(paired) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, sp := range all {
		if paired[sp.sep] {
			out[sp.file] = sp.engine
		}
	}
	return out
}

// fillJob is a file whose parts fillFile still has to split and parse.
type fillJob struct {
	f        *File
	up, down *candidate
}

// fillFiles runs the jobs on every core. Each job writes only its own File
// (whose place in the result is already fixed), and pgparse.Parse is safe
// for concurrent use, so the result does not depend on the scheduling.
func fillFiles(fsys fs.FS, t *Tool, jobs []fillJob, opts Options) {
	n := min(runtime.GOMAXPROCS(0), len(jobs))
	if n <= 1 {
		for _, j := range jobs {
			fillFile(fsys, j.f, t, j.up, j.down, opts)
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
				fillFile(fsys, j.f, t, j.up, j.down, opts)
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

// sharedVersions are the version keys (as buildFiles makes them) of which a
// SameVersion tool's folder has several up files: each is a migration of
// its own, paired with its down file by title.
func sharedVersions(t *Tool, cands []*candidate) map[string]bool {
	if !t.SameVersion || !t.Pairs {
		return nil
	}
	ups := map[string]int{}
	for _, c := range cands {
		if c.n.Down || c.n.Kind == Repeatable || c.n.Version == "" {
			continue
		}
		k := versionKey(c.n.Version)
		if otherEngine(c.n.Dialect) {
			k += "\x00" + c.n.Dialect
		}
		ups[k]++
	}
	shared := map[string]bool{}
	for k, n := range ups {
		if n > 1 {
			shared[k] = true
		}
	}
	return shared
}

// buildFiles turns the candidates into Files: separate up and down files of
// one version are one File (for tools with Pairs), in the tool's order.
// Variants of one version for other engines are files of their own (a
// pre-commit hook names `x.mysql.up.sql` and `x.postgres.up.sql` together:
// not a duplicate version), and of a Postgres variant and a file for every
// engine named together the Postgres one runs; the other is returned as
// replaced.
func buildFiles(fsys fs.FS, dir string, t *Tool, cands []*candidate, opts Options) ([]*File, []Skip) {
	var replaced []Skip
	var jobs []fillJob
	var files []*File
	type pair struct{ up, down *candidate }
	pairs := map[string]*pair{}
	var order []string
	shared := sharedVersions(t, cands)
	for _, c := range cands {
		if !t.Pairs || c.n.Kind == Repeatable || c.n.Version == "" {
			f := newFile(dir, t, c, opts)
			jobs = append(jobs, fillJob{f, c, nil})
			files = append(files, f)
			continue
		}
		k := versionKey(c.n.Version)
		if otherEngine(c.n.Dialect) {
			k += "\x00" + c.n.Dialect
		}
		if shared[k] {
			// several migrations of one version (concourse): each
			// up file goes with the down file of its title
			k += "\x00\x00" + c.n.Title
		}
		p := pairs[k]
		if p == nil {
			p = &pair{}
			pairs[k] = p
			order = append(order, k)
		}
		slot := &p.up
		if c.n.Down {
			slot = &p.down
		}
		if o := *slot; o != nil && (o.n.Dialect == dialectPostgres) != (c.n.Dialect == dialectPostgres) {
			// a Postgres variant and the file for every engine
			pg, other := c, o
			if o.n.Dialect == dialectPostgres {
				pg, other = o, c
			}
			*slot = pg
			replaced = append(replaced, Skip{Path: joinRoot(opts.Root, other.rel), Reason: "replaced by its Postgres variant " + path.Base(pg.name)})
			continue
		}
		if *slot != nil {
			// The tool refuses to run a folder with two files of one
			// version; the file is still checked.
			f := newFile(dir, t, c, opts)
			if c.n.Down {
				f.DownPath = joinRoot(opts.Root, c.rel)
				f.Path = f.DownPath
				f.Up = &Section{Empty: true}
				raw := c.source(fsys)
				src, _ := renderTemplates(raw, opts.Templates)
				f.Down = loadSection(f.DownPath, src, wholePart(fsys, t, c, raw, opts))
				hashFile(f, opts)
				if c.n.Kind == Undo {
					f.Kind = Undo
				}
			} else {
				fillFile(fsys, f, t, c, nil, opts)
			}
			f.Errors = append(f.Errors, fileErr(f.Path, fmt.Sprintf("duplicate migration version %s (also %s): the migration tool refuses to run the directory", c.n.Version, joinRoot(opts.Root, (*slot).rel))))
			files = append(files, f)
			continue
		}
		*slot = c
	}
	for _, k := range order {
		p := pairs[k]
		if p.up == nil {
			d := p.down
			f := newFile(dir, t, d, opts)
			if d.n.Kind == Undo {
				f.Kind = Undo // a Flyway undo file without its versioned file
			}
			f.DownPath = joinRoot(opts.Root, d.rel)
			f.Path = f.DownPath
			f.Up = &Section{Empty: true}
			f.Errors = append(f.Errors, fileErr(f.DownPath, "down migration "+path.Base(d.name)+" has no up migration with version "+d.n.Version))
			if d.err != nil {
				f.Errors = append(f.Errors, fileErr(f.DownPath, "cannot read migration file: "+errMsg(d.err)))
			}
			raw := d.source(fsys)
			src, _ := renderTemplates(raw, opts.Templates)
			f.Down = loadSection(f.DownPath, src, wholePart(fsys, t, d, raw, opts))
			addDirectives(f, f.DownPath, src, f.Down.Stmts)
			hashFile(f, opts)
			files = append(files, f)
			continue
		}
		f := newFile(dir, t, p.up, opts)
		jobs = append(jobs, fillJob{f, p.up, p.down})
		files = append(files, f)
	}
	if opts.Defer {
		for _, j := range jobs {
			j := j
			j.f.load = func() { fillFile(fsys, j.f, t, j.up, j.down, opts) }
		}
	} else {
		fillFiles(fsys, t, jobs, opts)
	}
	sortFiles(files)
	return files, replaced
}

func newFile(dir string, t *Tool, c *candidate, opts Options) *File {
	k := c.n.kind()
	if k == Undo {
		k = Versioned // the File of a versioned/undo pair
	}
	return &File{
		Path:    joinRoot(opts.Root, c.rel),
		Dir:     joinRoot(opts.Root, dir),
		Version: c.n.Version,
		Name:    c.n.Title,
		Format:  t.Format,
		Kind:    k,
	}
}
