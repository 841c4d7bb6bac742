package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Skip is a file that was found where migrations live but is not read as a
// migration, with the reason. Paths are relative to the repository.
type Skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// PatternError is a malformed glob in a migrations or exclude setting
// (`db/[abc`): a usage or configuration error, never "matches nothing".
type PatternError struct {
	Pattern string
	Err     error
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("malformed glob %q: %v (`*`, `?`, `[…]` and `**` are special; a `[` needs its `]`)", e.Pattern, e.Err)
}

func (e *PatternError) Unwrap() error { return e.Err }

// ValidatePattern reports a malformed glob: an unclosed `[`, a trailing
// backslash. Patterns without glob characters are always valid.
func ValidatePattern(p string) error {
	for _, seg := range strings.Split(strings.ReplaceAll(p, "\\", "/"), "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return &PatternError{Pattern: p, Err: err}
		}
	}
	return nil
}

// IsPatternError reports whether err is (or wraps) a malformed glob.
func IsPatternError(err error) bool {
	var pe *PatternError
	return errors.As(err, &pe)
}

// selection is what one or more entries of Options.Dirs select in one
// directory: the whole directory, or some of its files.
type selection struct {
	dir    string
	format Format // forced by the entry that selected it (Options.Formats), "" to detect
	tx     string // set by the entry that selected it (Options.Transactions), "" for the format's
	whole  bool
	files  []string        // base names, in the order first selected (when !whole)
	named  map[string]bool // base names given literally, not through a glob
}

// A file a selection names (literally or through a file glob) is read as a
// migration even when its name has no version or does not follow the
// folder's format; one named literally is also read whatever its dialect.
const (
	byGlob  = false
	literal = true
)

// selector collects selections in the order the entries name them.
type selector struct {
	fsys      fs.FS
	exclude   []string
	order     []*selection
	byDir     map[string]*selection
	unmatched []string
	format    Format // of the entry being added
	tx        string // of the entry being added
}

func (s *selector) get(dir string) *selection {
	if sel := s.byDir[dir]; sel != nil {
		return sel
	}
	sel := &selection{dir: dir, named: map[string]bool{}}
	s.byDir[dir] = sel
	s.order = append(s.order, sel)
	return sel
}

// addWithFormat resolves an entry whose format the configuration names.
func (s *selector) addWithFormat(entry string, f Format, tx string) error {
	s.format, s.tx = f, tx
	defer func() { s.format, s.tx = "", "" }()
	return s.add(entry)
}

func (s *selector) addDir(dir string) {
	sel := s.get(dir)
	sel.whole = true
	if s.format != "" {
		sel.format = s.format
	}
	if s.tx != "" {
		sel.tx = s.tx
	}
}

func (s *selector) addFile(p string, named bool) {
	sel := s.get(path.Dir(p))
	if s.format != "" {
		sel.format = s.format
	}
	if s.tx != "" {
		sel.tx = s.tx
	}
	b := path.Base(p)
	for _, f := range sel.files {
		if f == b {
			sel.named[b] = sel.named[b] || named
			return
		}
	}
	sel.files = append(sel.files, b)
	if named {
		sel.named[b] = true
	}
}

// add resolves one entry: a directory, a file, a directory glob or a file
// glob. A glob that matches .sql files selects exactly those files; one that
// matches no .sql file selects the matching directories that hold
// migrations.
func (s *selector) add(entry string) error {
	e := cleanRel(entry)
	if !hasMeta(e) {
		st, err := fs.Stat(s.fsys, e)
		if err != nil {
			s.unmatched = append(s.unmatched, e)
			return nil
		}
		if st.IsDir() {
			s.addDir(e)
		} else {
			s.addFile(e, literal)
		}
		return nil
	}
	if err := ValidatePattern(e); err != nil {
		return err
	}
	dirs, files := expandGlob(s.fsys, e)
	switch {
	case len(files) > 0:
		for _, f := range files {
			s.addFile(f, byGlob)
		}
	case len(dirs) > 0:
		n := 0
		for _, d := range dirs {
			if isMigrationDir(s.fsys, d) {
				s.addDir(d)
				n++
			}
		}
		if n == 0 {
			s.unmatched = append(s.unmatched, e)
		}
	default:
		s.unmatched = append(s.unmatched, e)
	}
	return nil
}

// regroup moves the files a glob selected in version sub-folders
// (`0.24/00__memo.sql`) into their parent folder's selection, where a
// nested layout (versioned folders, a folder per migration) reads and
// orders them together.
func (s *selector) regroup() {
	var order []*selection
	for _, sel := range s.order {
		base, parent := path.Base(sel.dir), path.Dir(sel.dir)
		if sel.whole || sel.dir == "." || !versionedDirName(base) || !nestedNames(base, sel.files) {
			order = append(order, sel)
			continue
		}
		p := s.byDir[parent]
		if p == nil {
			p = &selection{dir: parent, format: sel.format, tx: sel.tx, named: map[string]bool{}}
			s.byDir[parent] = p
			order = append(order, p)
		}
		delete(s.byDir, sel.dir)
		if p.whole {
			continue
		}
		for _, f := range sel.files {
			p.files = append(p.files, base+"/"+f)
			if sel.named[f] {
				p.named[base+"/"+f] = true
			}
		}
	}
	s.order = order
}

// nestedNames reports whether a nested tool runs every file of a version
// sub-folder.
func nestedNames(dir string, files []string) bool {
	for _, t := range tools {
		if !t.Nested {
			continue
		}
		all := true
		for _, f := range files {
			if _, ok := t.Parse(dir + "/" + f); !ok {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// literalPrefix is the directory part of a pattern before its first segment
// with glob characters ("." for none).
func literalPrefix(pattern string) string {
	segs := strings.Split(pattern, "/")
	var lit []string
	for _, seg := range segs[:len(segs)-1] {
		if hasMeta(seg) {
			break
		}
		lit = append(lit, seg)
	}
	if len(lit) == 0 {
		return "."
	}
	return strings.Join(lit, "/")
}

// expandGlob returns the directories and the .sql files of fsys that match
// pattern, sorted by path. The walk starts at the pattern's literal prefix
// and, below it, skips vendor, node_modules, testdata, stub(s) and hidden
// directories, as Discover does.
func expandGlob(fsys fs.FS, pattern string) (dirs, files []string) {
	root := literalPrefix(pattern)
	_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != root && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return fs.SkipDir
			}
			if p != "." && matchGlob(pattern, p) {
				dirs = append(dirs, p)
			}
			return nil
		}
		if isSQLName(d.Name()) && (d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0) && matchGlob(pattern, p) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(dirs)
	sort.Strings(files)
	return dirs, files
}

func isSQLName(b string) bool {
	return len(b) > 4 && strings.EqualFold(b[len(b)-4:], ".sql")
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

// excludedBy returns the first pattern that excludes p, "" for none.
func excludedBy(patterns []string, p string) string {
	for _, pat := range patterns {
		c := cleanRel(pat)
		if matchGlob(c, p) || (!strings.Contains(c, "/") && matchGlob(c, path.Base(p))) {
			return pat
		}
		// A pattern naming a directory excludes what is under it.
		if matchGlob(c+"/**", p) {
			return pat
		}
	}
	return ""
}

func excluded(patterns []string, p string) bool { return excludedBy(patterns, p) != "" }

// Excluded reports whether one of the exclude patterns (the `exclude:`
// globs of the configuration) leaves path p out.
func Excluded(patterns []string, p string) bool { return excluded(patterns, p) }
