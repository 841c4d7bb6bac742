package cli

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/rbcheck/rbcheck/internal/migrations"
)

// stdinDefaultName is where SQL read from standard input is said to be
// when --stdin-filename does not name a path.
const stdinDefaultName = "<stdin>"

func (e *Env) stdin() io.Reader {
	if e.Stdin != nil {
		return e.Stdin
	}
	return os.Stdin
}

// stdinPath is the repository-relative path SQL read from standard input
// stands for: --stdin-filename (relative to the working directory), or
// <stdin> at the root.
func stdinPath(name string, rel func(string) (string, error)) (string, error) {
	if name == "" {
		return stdinDefaultName, nil
	}
	return rel(filepath.FromSlash(name))
}

// reportSkipped says which files of the migration folders were not read as
// migrations: a warning each (what they change is unknown to the checks),
// and under --debug also the files left out on purpose (an exclude
// pattern, a variant for another engine).
func reportSkipped(env *Env, set *migrations.Set, debug bool) {
	for _, s := range set.Skipped {
		env.Errorf("warning: %s is not checked: %s; help: name it with a file glob in --migrations (or migrations:) if it is a migration, else add it to exclude", s.Path, s.Reason)
	}
	if debug {
		for _, s := range set.Excluded {
			env.Errorf("debug: skipped %s: %s", s.Path, s.Reason)
		}
	}
}

// overlay returns fsys with one more file, name (slash-separated, relative),
// holding data; it hides a file of that name in fsys.
func overlay(fsys fs.FS, name string, data []byte) fs.FS {
	return overlayFS{base: fsys, name: name, data: data}
}

type overlayFS struct {
	base fs.FS
	name string
	data []byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if name == o.name {
		return &memFile{info: o.info(), r: strings.NewReader(string(o.data))}, nil
	}
	return o.base.Open(name)
}

func (o overlayFS) ReadFile(name string) ([]byte, error) {
	if name == o.name {
		return append([]byte(nil), o.data...), nil
	}
	return fs.ReadFile(o.base, name)
}

func (o overlayFS) Stat(name string) (fs.FileInfo, error) {
	if name == o.name {
		return o.info(), nil
	}
	return fs.Stat(o.base, name)
}

func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	if path.Dir(o.name) != name {
		return entries, err
	}
	out := entries[:0:0]
	for _, e := range entries {
		if e.Name() != path.Base(o.name) {
			out = append(out, e)
		}
	}
	out = append(out, fs.FileInfoToDirEntry(o.info()))
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (o overlayFS) info() memInfo { return memInfo{name: path.Base(o.name), size: int64(len(o.data))} }

type memFile struct {
	info memInfo
	r    *strings.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

type memInfo struct {
	name string
	size int64
}

func (i memInfo) Name() string       { return i.name }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
