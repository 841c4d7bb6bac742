// Package safefs reads files of a repository on disk the way rbcheck reads
// them from git: only regular files, only inside the repository, only up
// to a size limit. A symbolic link is followed while it stays inside the
// repository and refused (with the link and its target named) when it
// leaves it; a device, FIFO or socket is refused without being opened for
// reading; a file over the limit is refused without being read. Errors
// never contain the file's content.
package safefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
)

// Size limits.
const (
	// MaxConfigSize bounds .rbcheck.yaml.
	MaxConfigSize = 1 << 20
	// MaxFileSize bounds a migration or schema file (a data migration of
	// a few hundred megabytes still lints).
	MaxFileSize = 512 << 20
)

// Error is a file rbcheck refuses to read.
type Error struct {
	Path   string // as the caller named it
	Reason string
}

func (e *Error) Error() string { return e.Path + " " + e.Reason }

// FS is a directory on disk read through the rules above: names are
// relative to Dir; links may lead anywhere under Root (Dir or a parent of
// it: the repository's top level).
type FS struct {
	realRoot string // the repository's top level, links resolved
	prefix   string // Dir relative to realRoot, slash-separated ("." for the root)
	limit    int64
}

// New returns the tree at dir, whose repository is the nearest parent (or
// dir itself) holding .git, else dir. limit bounds each file (0: MaxFileSize).
func New(dir string, limit int64) (*FS, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = MaxFileSize
	}
	root := RepoRoot(real)
	prefix, err := filepath.Rel(root, real)
	if err != nil {
		return nil, err
	}
	return &FS{realRoot: root, prefix: filepath.ToSlash(prefix), limit: limit}, nil
}

// RepoRoot is the nearest directory at or above dir that holds .git, or
// dir when there is none.
func RepoRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// LinkError is a symbolic link rbcheck does not follow: one that leaves
// the repository, is absolute, or is part of a loop. Revisions read from
// git (gitrev) refuse the same links with the same error.
type LinkError struct {
	Path   string // the link, relative to the repository, slash-separated
	Target string // what it points to, as written
	Reason string
}

func (e *LinkError) Error() string {
	if e.Target == "" {
		return fmt.Sprintf("%s is a symbolic link that %s: refused", e.Path, e.Reason)
	}
	return fmt.Sprintf("%s is a symbolic link to %q, which %s: refused", e.Path, shorten(e.Target), e.Reason)
}

// MaxLinkHops bounds link resolution (as the kernel's 40).
const MaxLinkHops = 40

// Link reasons.
const (
	LeavesRepo = "leaves the repository"
	Absolute   = "is absolute (only links inside the repository are followed)"
	Loop       = "is part of a loop of links"
	Dangling   = "points to nothing"
)

// Resolve follows the links in the components of p (slash-separated,
// relative to the repository root) with lstat and readlink, which report
// whether a path is a link and its target: it returns the path p denotes
// with every link resolved, or a *LinkError. A missing component is an
// fs.ErrNotExist *fs.PathError.
func Resolve(p string, lstat func(string) (isLink, exists bool), readlink func(string) (string, error)) (string, error) {
	hops := 0
	return resolve(p, lstat, readlink, &hops)
}

func resolve(p string, lstat func(string) (bool, bool), readlink func(string) (string, error), hops *int) (string, error) {
	if p == "." || p == "" {
		return ".", nil
	}
	cur := "."
	for _, part := range strings.Split(p, "/") {
		next := part
		if cur != "." {
			next = cur + "/" + part
		}
		isLink, exists := lstat(next)
		if !exists {
			return "", &fs.PathError{Op: "open", Path: p, Err: fs.ErrNotExist}
		}
		if !isLink {
			cur = next
			continue
		}
		*hops++
		if *hops > MaxLinkHops {
			return "", &LinkError{Path: next, Reason: Loop}
		}
		target, err := readlink(next)
		if err != nil {
			return "", err
		}
		if path.IsAbs(target) || filepath.IsAbs(target) || strings.ContainsRune(target, 0) {
			return "", &LinkError{Path: next, Target: target, Reason: Absolute}
		}
		joined := path.Join(path.Dir(next), filepath.ToSlash(target))
		if joined == ".." || strings.HasPrefix(joined, "../") {
			return "", &LinkError{Path: next, Target: target, Reason: LeavesRepo}
		}
		r, err := resolve(joined, lstat, readlink, hops)
		if err != nil {
			var le *LinkError
			if errors.As(err, &le) {
				if le.Reason == Loop {
					return "", err
				}
				return "", &LinkError{Path: next, Target: target, Reason: "leads to " + le.Path + ", which " + le.Reason}
			}
			if errors.Is(err, fs.ErrNotExist) {
				return "", &LinkError{Path: next, Target: target, Reason: Dangling}
			}
			return "", err
		}
		cur = r
	}
	return cur, nil
}

// resolve returns the real path of name inside the tree, refusing a link
// that leaves the repository.
func (f *FS) resolve(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	p := path.Join(f.prefix, name)
	lstat := func(q string) (bool, bool) {
		st, err := os.Lstat(filepath.Join(f.realRoot, filepath.FromSlash(q)))
		if err != nil {
			return false, false
		}
		return st.Mode()&fs.ModeSymlink != 0, true
	}
	readlink := func(q string) (string, error) {
		return os.Readlink(filepath.Join(f.realRoot, filepath.FromSlash(q)))
	}
	r, err := Resolve(p, lstat, readlink)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return "", &fs.PathError{Op: op, Path: name, Err: pe.Err}
		}
		return "", err
	}
	return filepath.Join(f.realRoot, filepath.FromSlash(r)), nil
}

func shorten(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}

// ReadFile reads a regular file of the tree.
func (f *FS) ReadFile(name string) ([]byte, error) {
	real, err := f.resolve("read", name)
	if err != nil {
		return nil, err
	}
	return readRegular(name, real, f.limit)
}

// Stat describes what name denotes (links followed).
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	real, err := f.resolve("stat", name)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: errors.Unwrap(err)}
	}
	return st, nil
}

// ReadDir lists a directory of the tree (links followed to it; entries that
// are links keep their type, as os.ReadDir reports them).
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	real, err := f.resolve("readdir", name)
	if err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(real)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: unwrap(err)}
	}
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	return ents, nil
}

func unwrap(err error) error {
	if u := errors.Unwrap(err); u != nil {
		return u
	}
	return err
}

// Open opens a regular file or a directory of the tree.
func (f *FS) Open(name string) (fs.File, error) {
	real, err := f.resolve("open", name)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(real)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)}
	}
	if st.IsDir() {
		return os.Open(real)
	}
	if err := regular(name, st, f.limit); err != nil {
		return nil, err
	}
	return openRegular(name, real, f.limit)
}

// regular refuses what is not a regular file of at most limit bytes.
func regular(name string, st fs.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return &Error{Path: name, Reason: "is not a regular file (" + kind(st.Mode()) + "): refused"}
	}
	if limit > 0 && st.Size() > limit {
		return TooLarge(name, st.Size(), limit)
	}
	return nil
}

// TooLarge is the refusal of a file over a size limit.
func TooLarge(name string, size, limit int64) error {
	return &Error{Path: name, Reason: fmt.Sprintf("is %d bytes, over the limit of %d bytes: refused", size, limit)}
}

// lfsPrefix starts a Git LFS pointer file.
const lfsPrefix = "version https://git-lfs.github.com/spec/v1\n"

// LFSError is a file stored as a Git LFS pointer.
type LFSError struct{ Path string }

func (e *LFSError) Error() string {
	return e.Path + " is a Git LFS pointer, not the file: rbcheck reads the repository's objects, not LFS storage; keep migrations out of LFS (.gitattributes)"
}

// CheckLFS refuses the content of an LFS pointer file.
func CheckLFS(name string, b []byte) error {
	if len(b) < 200 && strings.HasPrefix(string(b), lfsPrefix) {
		return &LFSError{Path: name}
	}
	return nil
}

func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return "a special file"
}

// openRegular opens real without blocking (a FIFO swapped in after the
// check does not hang the open) and checks again what was opened.
func openRegular(name, real string, limit int64) (*os.File, error) {
	fh, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)}
	}
	st, err := fh.Stat()
	if err == nil {
		err = regular(name, st, limit)
	}
	if err != nil {
		fh.Close()
		return nil, err
	}
	return fh, nil
}

func readRegular(name, real string, limit int64) ([]byte, error) {
	st, err := os.Stat(real)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrap(err)}
	}
	if err := regular(name, st, limit); err != nil {
		return nil, err
	}
	fh, err := openRegular(name, real, limit)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	// sized from the Stat above (ReadAll alone grows its buffer from 512
	// bytes by doubling; a bytes.Buffer clears what it grows, touching
	// every page once more before the read does); the limit still holds
	// if the file grew since
	b := make([]byte, int(min(st.Size(), limit))+1)
	n, err := io.ReadFull(fh, b)
	b = b[:n]
	switch err {
	case io.EOF, io.ErrUnexpectedEOF:
		err = nil
	case nil: // longer than it was: read the rest, up to the limit
		var rest []byte
		rest, err = io.ReadAll(io.LimitReader(fh, limit+1-int64(n)))
		b = append(b, rest...)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrap(err)}
	}
	if int64(len(b)) > limit {
		return nil, &Error{Path: name, Reason: fmt.Sprintf("is over the limit of %d bytes: refused", limit)}
	}
	if err := CheckLFS(name, b); err != nil {
		return nil, err
	}
	return b, nil
}

// ReadFile reads a file the user named (any location): links followed,
// only a regular file of at most limit bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, err
	}
	return readRegular(path, real, limit)
}

// ReadFileIn reads a file found in a repository tree: like FS.ReadFile of
// New(filepath.Dir(path)), so a link leaving the repository is refused.
func ReadFileIn(path string, limit int64) ([]byte, error) {
	f, err := New(filepath.Dir(path), limit)
	if err != nil {
		return nil, err
	}
	b, err := f.ReadFile(filepath.Base(path))
	var se *Error
	if errors.As(err, &se) {
		se.Path = path
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		pe.Path = path
	}
	return b, err
}
