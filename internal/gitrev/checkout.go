package gitrev

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Checkout is a directory holding the files of a revision that a keep
// function selects, plus the .sql files those Go files embed with
// //go:embed: what reading the old release's Go code needs, written from
// the object database file by file (paths filtered before anything is
// read, so an unrelated missing blob or LFS file does not matter).
//
// Switch turns it into another revision's files by writing only what
// differs, so `rbcheck history` pays for each older release only what
// changed since the previous one.
type Checkout struct {
	Dir    string
	Commit string
	// Written counts the files written since the checkout was made.
	Written int
	// Skipped lists the selected paths that could not be written (a link
	// leaving the repository, a missing object, a file over the size
	// limit), with why.
	Skipped []SkippedFile

	keep func(string) bool
	// SkipEmbed, when set, leaves out embedded .sql files it returns true
	// for (migrations the old code embeds to run them: not uses).
	SkipEmbed func(path string) bool
	files     map[string]string   // path written → object id of its content
	embeds    map[string][]string // .go path → its //go:embed patterns
}

// SkippedFile is a selected file a checkout could not write.
type SkippedFile struct {
	Path string
	Err  error
}

// NewCheckout writes the files of s that keep selects into dir (an empty
// directory), and the .sql files their //go:embed directives name unless
// skipEmbed (may be nil) leaves them out.
func NewCheckout(s *Snapshot, dir string, keep, skipEmbed func(path string) bool) (*Checkout, error) {
	c := &Checkout{Dir: dir, keep: keep, SkipEmbed: skipEmbed, files: map[string]string{}, embeds: map[string][]string{}}
	return c, c.Switch(s)
}

// Switch makes the directory hold the selected files of s, writing and
// removing only what differs from what it holds.
func (c *Checkout) Switch(s *Snapshot) error {
	c.Commit = s.Commit
	c.Skipped = nil
	want := map[string]string{}
	var goFiles []string
	all := s.Paths()
	for _, p := range all {
		if !c.keep(p) {
			continue
		}
		oid, err := s.ObjectID(p)
		if err != nil {
			c.Skipped = append(c.Skipped, SkippedFile{p, err})
			continue
		}
		want[p] = oid
		if strings.HasSuffix(p, ".go") {
			goFiles = append(goFiles, p)
		}
	}
	// Go files first: their //go:embed lines say which .sql files to add.
	for _, p := range goFiles {
		if c.files[p] == want[p] {
			continue
		}
		b, err := c.write(s, p)
		if err != nil {
			delete(want, p)
			delete(c.embeds, p)
			continue
		}
		c.files[p] = want[p]
		if pats := embedPatterns(b); len(pats) > 0 {
			c.embeds[p] = pats
		} else {
			delete(c.embeds, p)
		}
	}
	for g, pats := range c.embeds {
		if _, ok := want[g]; !ok {
			delete(c.embeds, g)
			continue
		}
		for _, f := range embedTargets(all, path.Dir(g), pats) {
			if c.SkipEmbed != nil && c.SkipEmbed(f) {
				continue
			}
			if oid, err := s.ObjectID(f); err == nil {
				want[f] = oid
			}
		}
	}
	for p, oid := range want {
		if c.files[p] == oid {
			continue
		}
		if _, err := c.write(s, p); err != nil {
			delete(want, p)
			continue
		}
		c.files[p] = oid
	}
	for p := range c.files {
		if _, ok := want[p]; !ok {
			_ = os.Remove(filepath.Join(c.Dir, filepath.FromSlash(p)))
			delete(c.files, p)
		}
	}
	sort.Slice(c.Skipped, func(i, j int) bool { return c.Skipped[i].Path < c.Skipped[j].Path })
	return nil
}

// write writes one file (links resolved to their content); a file that
// cannot be read is recorded in Skipped.
func (c *Checkout) write(s *Snapshot, p string) ([]byte, error) {
	b, err := s.ReadFile(p)
	if err != nil {
		c.Skipped = append(c.Skipped, SkippedFile{p, err})
		return nil, err
	}
	target := filepath.Join(c.Dir, filepath.FromSlash(p))
	// a path that was a directory in the previous revision
	if st, err := os.Lstat(target); err == nil && st.IsDir() {
		if err := os.RemoveAll(target); err != nil {
			return nil, err
		}
	}
	// Created through a handle on the checkout's directory, not by path:
	// once the directory is removed (the signal handler removes it while
	// this may still run), nothing can be created under it again.
	if err := writeIn(c.Dir, filepath.FromSlash(p), b); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			c.Skipped = append(c.Skipped, SkippedFile{p, err})
		}
		return nil, err
	}
	c.Written++
	return b, nil
}

// embedPatterns returns the patterns of the //go:embed lines of a Go file.
func embedPatterns(src []byte) []string {
	var out []string
	for len(src) > 0 {
		line := src
		if i := indexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		l := strings.TrimSpace(string(line))
		if !strings.HasPrefix(l, "//go:embed") {
			continue
		}
		rest := strings.TrimPrefix(l, "//go:embed")
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			continue
		}
		out = append(out, splitEmbed(rest)...)
	}
	return out
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// splitEmbed splits a //go:embed argument list: space-separated, with Go
// string quoting for names with spaces.
func splitEmbed(s string) []string {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		var p string
		switch s[0] {
		case '"', '`':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return out
			}
			q := s[:end+2]
			if u, err := strconv.Unquote(q); err == nil {
				p = u
			}
			s = s[end+2:]
		default:
			i := strings.IndexAny(s, " \t")
			if i < 0 {
				i = len(s)
			}
			p, s = s[:i], s[i:]
		}
		if p != "" {
			out = append(out, p)
		}
		s = strings.TrimSpace(s)
	}
	return out
}

// embedTargets expands //go:embed patterns of a package directory against
// the snapshot: the .sql files they name, directories walked (hidden and _
// names skipped unless the pattern has all:), as the analyzer reads them.
func embedTargets(paths []string, dir string, pats []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] && strings.EqualFold(path.Ext(p), ".sql") {
			seen[p] = true
			out = append(out, p)
		}
	}
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	for _, pat := range pats {
		all := strings.HasPrefix(pat, "all:")
		pat = strings.TrimPrefix(pat, "all:")
		if strings.Contains(pat, "..") || path.IsAbs(pat) {
			continue
		}
		full := path.Join(dir, pat)
		for _, p := range paths {
			if ok, _ := path.Match(full, p); ok {
				add(p)
				continue
			}
			// a directory the pattern matches: its files
			for d := path.Dir(p); d != "." && d != dir; d = path.Dir(d) {
				if prefix != "" && !strings.HasPrefix(d, prefix) {
					break
				}
				if ok, _ := path.Match(full, d); ok {
					if all || !hiddenPath(strings.TrimPrefix(p, d+"/")) {
						add(p)
					}
					break
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

func hiddenPath(rel string) bool {
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") || strings.HasPrefix(seg, "_") {
			return true
		}
	}
	return false
}

// writeIn writes data to file rel (slash-free of "..") inside dir, making
// its parent directories, through an os.Root on dir.
func writeIn(dir, rel string, data []byte) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if d := filepath.Dir(rel); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	return root.WriteFile(rel, data, 0o644)
}
