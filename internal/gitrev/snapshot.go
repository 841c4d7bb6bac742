package gitrev

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rbcheck/rbcheck/internal/safefs"
)

// Snapshot is a revision's file tree read from the object database: the
// listing comes from `git ls-tree` (trees only, so a partial clone without
// the blobs still lists every file), and a file's content is read from
// `git cat-file --batch` only when asked for. It implements fs.FS,
// fs.ReadDirFS, fs.ReadFileFS and fs.StatFS, so migrations are read straight
// from the revision without writing them to disk.
//
// Symbolic links inside the revision are followed, as a checked-out work
// tree follows them; a link that leaves the repository (an absolute target,
// or one with enough ../) is refused with a *LinkError, and so is a loop.
// Submodules are listed in Submodules and show as empty directories.
type Snapshot struct {
	Commit string
	// Submodules are the paths of gitlinks (submodule commits) in the tree,
	// with the commit each records.
	Submodules map[string]string

	repo    *Repo
	entries map[string]entry                  // files, links and gitlinks by path
	dirs    map[string]map[string]fs.FileMode // directory ("." for the root) → child → type
	missing map[string]bool                   // objects the repository does not have
}

type entry struct {
	mode string // "100644", "100755", "120000" (link), "160000" (gitlink)
	oid  string
}

func (e entry) link() bool    { return e.mode == "120000" }
func (e entry) gitlink() bool { return e.mode == "160000" }

// Snapshot lists the tree of commit.
func (r *Repo) Snapshot(ctx context.Context, commit string) (*Snapshot, error) {
	if commit == "" || strings.HasPrefix(commit, "-") {
		return nil, &Error{Msg: "invalid commit " + commit}
	}
	var out bytes.Buffer
	if err := run(ctx, r.Dir, &out, "ls-tree", "-r", "-z", "--full-tree", commit); err != nil {
		return nil, err
	}
	s := &Snapshot{Commit: commit, repo: r, entries: map[string]entry{}, dirs: map[string]map[string]fs.FileMode{".": {}},
		Submodules: map[string]string{}}
	for _, rec := range strings.Split(out.String(), "\x00") {
		// <mode> SP <type> SP <object> TAB <path>
		meta, p, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta)
		if len(f) != 3 {
			continue
		}
		clean := path.Clean(p)
		if clean != p || clean == "." || strings.HasPrefix(clean, "../") || path.IsAbs(clean) || !fs.ValidPath(clean) {
			continue
		}
		e := entry{mode: f[0], oid: f[2]}
		s.entries[clean] = e
		typ := fs.FileMode(0)
		switch {
		case e.link():
			typ = fs.ModeSymlink
		case e.gitlink():
			typ = fs.ModeDir
			s.Submodules[clean] = e.oid
			s.dirs[clean] = map[string]fs.FileMode{}
		}
		s.addParents(clean, typ)
	}
	missing, err := r.missingObjects(ctx, commit)
	if err != nil {
		return nil, err
	}
	s.missing = missing
	return s, nil
}

func (s *Snapshot) addParents(p string, typ fs.FileMode) {
	for {
		dir, base := path.Dir(p), path.Base(p)
		kids := s.dirs[dir]
		known := kids != nil
		if !known {
			kids = map[string]fs.FileMode{}
			s.dirs[dir] = kids
		}
		kids[base] = typ
		if known || dir == "." {
			return
		}
		p, typ = dir, fs.ModeDir
	}
}

// missingObjects lists the objects of commit's tree the repository does
// not have (a partial clone's filtered blobs, a mirror's large files),
// without fetching them.
func (r *Repo) missingObjects(ctx context.Context, commit string) (map[string]bool, error) {
	var out bytes.Buffer
	if err := run(ctx, r.Dir, &out, "rev-list", "--objects", "--no-walk", "--missing=print", commit, "--"); err != nil {
		return nil, err
	}
	m := map[string]bool{}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "?") {
			m[strings.TrimSpace(line[1:])] = true
		}
	}
	return m, nil
}

// Paths returns every path of the snapshot that is a file or a link, sorted.
func (s *Snapshot) Paths() []string {
	out := make([]string, 0, len(s.entries))
	for p, e := range s.entries {
		if !e.gitlink() {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// LinkError is a symbolic link rbcheck does not follow (the same refusal
// as for a directory on disk).
type LinkError = safefs.LinkError

// MissingError is a file whose content the repository does not have.
type MissingError struct{ Path, OID string }

func (e *MissingError) Error() string {
	return fmt.Sprintf("%s: its content (object %s) is not in this repository (a partial clone or an incomplete mirror): fetch it, e.g. git fetch origin, or run git rev-list --objects --missing=print to see what is missing", e.Path, shortOID(e.OID))
}

func shortOID(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// resolve follows the links in name's components; it returns the path of
// what name denotes (a file, a directory, or a gitlink).
func (s *Snapshot) resolve(name string) (string, error) {
	lstat := func(p string) (bool, bool) {
		if e, ok := s.entries[p]; ok {
			return e.link(), true
		}
		_, ok := s.dirs[p]
		return false, ok
	}
	readlink := func(p string) (string, error) {
		b, err := s.blob(p, s.entries[p].oid, 4096)
		return string(b), err
	}
	return safefs.Resolve(name, lstat, readlink)
}

// blob reads the content of object oid for path p (for messages).
func (s *Snapshot) blob(p, oid string, limit int64) ([]byte, error) {
	if s.missing[oid] {
		return nil, &MissingError{Path: p, OID: oid}
	}
	c, err := s.repo.cat()
	if err != nil {
		return nil, err
	}
	b, err := c.read(oid, limit)
	if errors.Is(err, errMissing) {
		return nil, &MissingError{Path: p, OID: oid}
	}
	var tl *TooLargeError
	if errors.As(err, &tl) {
		return nil, safefs.TooLarge(p, tl.Size, tl.Limit)
	}
	return b, err
}

// LFSError is a file stored as a Git LFS pointer.
type LFSError = safefs.LFSError

// MaxFileSize is the largest file a Snapshot reads (Open, ReadFile);
// larger ones are refused with an error naming the size, as on disk.
var MaxFileSize int64 = safefs.MaxFileSize

// ReadFile returns the content of the file name denotes (links followed).
func (s *Snapshot) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	p, err := s.resolve(name)
	if err != nil {
		return nil, err
	}
	e, ok := s.entries[p]
	if !ok || e.gitlink() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	b, err := s.blob(p, e.oid, MaxFileSize)
	if err != nil {
		return nil, err
	}
	if err := safefs.CheckLFS(p, b); err != nil {
		return nil, err
	}
	return b, nil
}

// ObjectID is the blob id of the file name denotes (links followed).
func (s *Snapshot) ObjectID(name string) (string, error) {
	p, err := s.resolve(name)
	if err != nil {
		return "", err
	}
	e, ok := s.entries[p]
	if !ok || e.gitlink() {
		return "", &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return e.oid, nil
}

// Stat describes what name denotes (links followed).
func (s *Snapshot) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	p, err := s.resolve(name)
	if err != nil {
		return nil, err
	}
	if _, ok := s.dirs[p]; ok {
		return fileInfo{name: path.Base(name), mode: fs.ModeDir | 0o755}, nil
	}
	// the size needs the content: git has no cheap way to ask for it
	// without fetching a missing object
	b, err := s.ReadFile(p)
	if err != nil {
		return nil, err
	}
	return fileInfo{name: path.Base(name), mode: 0o644, size: int64(len(b))}, nil
}

// ReadDir lists a directory (links followed), sorted by name. Entries that
// are links have type fs.ModeSymlink, as os.ReadDir reports them.
func (s *Snapshot) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	p, err := s.resolve(name)
	if err != nil {
		return nil, err
	}
	kids, ok := s.dirs[p]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	out := make([]fs.DirEntry, 0, len(kids))
	for n, t := range kids {
		mode := t | 0o644
		if t == fs.ModeDir {
			mode = fs.ModeDir | 0o755
		}
		full := n
		if p != "." {
			full = p + "/" + n
		}
		out = append(out, dirEntry{fileInfo{name: n, mode: mode}, s, full})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Open opens a file or a directory (links followed).
func (s *Snapshot) Open(name string) (fs.File, error) {
	st, err := s.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		ents, err := s.ReadDir(name)
		if err != nil {
			return nil, err
		}
		return &dirFile{info: st, ents: ents}, nil
	}
	b, err := s.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &memFile{info: fileInfo{name: st.Name(), mode: st.Mode(), size: int64(len(b))}, r: bytes.NewReader(b)}, nil
}

type fileInfo struct {
	name string
	mode fs.FileMode
	size int64
}

func (f fileInfo) Name() string       { return f.name }
func (f fileInfo) Size() int64        { return f.size }
func (f fileInfo) Mode() fs.FileMode  { return f.mode }
func (f fileInfo) ModTime() time.Time { return time.Time{} }
func (f fileInfo) IsDir() bool        { return f.mode.IsDir() }
func (f fileInfo) Sys() any           { return nil }

type dirEntry struct {
	fileInfo
	s    *Snapshot
	path string
}

func (d dirEntry) Type() fs.FileMode { return d.mode.Type() }

// Info describes the entry itself (a link is not followed, as for
// os.ReadDir); a file's size is read on demand.
func (d dirEntry) Info() (fs.FileInfo, error) {
	if d.mode.Type() != 0 {
		return d.fileInfo, nil
	}
	st, err := d.s.Stat(d.path)
	if err != nil {
		return nil, err
	}
	return st, nil
}

type memFile struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

type dirFile struct {
	info fs.FileInfo
	ents []fs.DirEntry
	off  int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Read([]byte) (int, error)   { return 0, errors.New("is a directory") }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.ents[d.off:]
	if n <= 0 {
		d.off = len(d.ents)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}

// cat returns the repository's cat-file process, starting it once.
func (r *Repo) cat() (*catFile, error) {
	r.catOnce.Do(func() { r.catProc, r.catErr = startCatFile(r.Dir) })
	return r.catProc, r.catErr
}

// Close stops the repository's helper processes.
func (r *Repo) Close() {
	if r.catProc != nil {
		unregisterProc(r.catProc)
		r.catProc.mu.Lock()
		r.catProc.close()
		r.catProc.mu.Unlock()
	}
}

// Helper processes (cat-file) that Cleanup stops.
var (
	procMu sync.Mutex
	procs  = map[*catFile]bool{}
)

func registerProc(c *catFile) {
	procMu.Lock()
	procs[c] = true
	procMu.Unlock()
}

func unregisterProc(c *catFile) {
	procMu.Lock()
	delete(procs, c)
	procMu.Unlock()
}

func stopProcs() {
	procMu.Lock()
	ps := procs
	procs = map[*catFile]bool{}
	procMu.Unlock()
	for c := range ps {
		// no lock: a reader may hold it; killing the process ends its read
		if c.cmd != nil && c.cmd.Process != nil {
			_ = c.cmd.Process.Kill()
		}
	}
}
