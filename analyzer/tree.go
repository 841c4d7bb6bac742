package analyzer

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// tree reads the files ScanDir analyses: the directory on disk, or
// Options.FS (a revision read from git, so nothing is written to disk).
// Paths are absolute in both cases: under FS, root is only a name, and
// paths below it map to the file system's slash-separated names.
type tree struct {
	root string
	fsys fs.FS // nil: the disk
}

func (o *Options) tree() tree {
	if o == nil {
		return tree{}
	}
	return tree{root: o.root, fsys: o.FS}
}

// name maps an absolute path under root to an fs.FS name.
func (t tree) name(abs string) (string, bool) {
	r, err := filepath.Rel(t.root, abs)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

func (t tree) abs(name string) string {
	if name == "." {
		return t.root
	}
	return filepath.Join(t.root, filepath.FromSlash(name))
}

func (t tree) outside(op, abs string) error {
	return &fs.PathError{Op: op, Path: abs, Err: fs.ErrNotExist}
}

func (t tree) readFile(abs string) ([]byte, error) {
	if t.fsys == nil {
		return os.ReadFile(abs)
	}
	n, ok := t.name(abs)
	if !ok {
		return nil, t.outside("read", abs)
	}
	return fs.ReadFile(t.fsys, n)
}

func (t tree) stat(abs string) (fs.FileInfo, error) {
	if t.fsys == nil {
		return os.Stat(abs)
	}
	n, ok := t.name(abs)
	if !ok {
		return nil, t.outside("stat", abs)
	}
	return fs.Stat(t.fsys, n)
}

// walkDir walks the tree at abs; fn gets absolute paths.
func (t tree) walkDir(abs string, fn fs.WalkDirFunc) error {
	if t.fsys == nil {
		return filepath.WalkDir(abs, fn)
	}
	n, ok := t.name(abs)
	if !ok {
		return fn(abs, nil, t.outside("walk", abs))
	}
	return fs.WalkDir(t.fsys, n, func(p string, d fs.DirEntry, err error) error {
		return fn(t.abs(p), d, err)
	})
}

// glob matches an absolute pattern (no meta characters in the part that
// names root).
func (t tree) glob(absPattern string) ([]string, error) {
	if t.fsys == nil {
		return filepath.Glob(absPattern)
	}
	n, ok := t.name(absPattern)
	if !ok {
		return nil, nil
	}
	ms, err := fs.Glob(t.fsys, path.Clean(n))
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, t.abs(m))
	}
	return out, err
}
