package gitrev

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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
// A submodule is read at the commit the revision records when that commit
// is in the submodule's clone here (.git/modules/<name>); its files then
// appear under its path as if they were the revision's own. One that is
// not available shows as an empty directory and is listed with why.
type Snapshot struct {
	Commit string
	// Submodules are the revision's submodules (gitlinks), in path order.
	Submodules []Submodule

	repo    *Repo
	entries map[string]entry                  // files, links and gitlinks by path
	dirs    map[string]map[string]fs.FileMode // directory ("." for the root) → child → type
	missing map[string]bool                   // objects the repository does not have
}

type entry struct {
	mode string // "100644", "100755", "120000" (link), "160000" (gitlink)
	oid  string
	src  *Snapshot // the submodule snapshot the object lives in; nil: this one
}

// Submodule is a gitlink of a revision.
type Submodule struct {
	Path   string
	Commit string // the commit the revision records
	// Available: its files were read at Commit. Otherwise Reason says why
	// not and how to fix it.
	Available bool
	Reason    string
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
	s := &Snapshot{Commit: commit, repo: r, entries: map[string]entry{}, dirs: map[string]map[string]fs.FileMode{".": {}}}
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
			s.Submodules = append(s.Submodules, Submodule{Path: clean, Commit: e.oid})
			s.dirs[clean] = map[string]fs.FileMode{}
		}
		s.addParents(clean, typ)
	}
	missing, err := r.missingObjects(ctx, commit)
	if err != nil {
		return nil, err
	}
	s.missing = missing
	if len(s.Submodules) > 0 {
		s.graftSubmodules(ctx)
	}
	return s, nil
}

// graftSubmodules reads each submodule at its recorded commit from its
// clone in this repository, when there is one holding that commit, and
// puts its files under its path.
func (s *Snapshot) graftSubmodules(ctx context.Context) {
	names := s.submoduleNames(ctx)
	common, _ := output(ctx, s.repo.Dir, "rev-parse", "--git-common-dir")
	if common != "" && !filepath.IsAbs(common) {
		common = filepath.Join(s.repo.Dir, common)
	}
	for i := range s.Submodules {
		sm := &s.Submodules[i]
		name := names[sm.Path]
		if name == "" {
			name = sm.Path
		}
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") || strings.Contains(name, "/../") || strings.HasSuffix(name, "/..") {
			sm.Reason = fmt.Sprintf("its name in .gitmodules (%q) leaves the repository's modules folder", name)
			continue
		}
		var gitDir string
		for _, d := range []string{filepath.Join(common, "modules", filepath.FromSlash(name)), filepath.Join(s.repo.Top, filepath.FromSlash(sm.Path), ".git")} {
			if s.repo.Top == "" && strings.HasSuffix(d, ".git") && !strings.HasPrefix(d, common) {
				continue
			}
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				gitDir = d
				break
			}
		}
		if common == "" || gitDir == "" {
			sm.Reason = "its clone is not in this repository (git submodule update --init " + sm.Path + ")"
			continue
		}
		sub := s.repo.subRepo(gitDir)
		if out, err := output(ctx, gitDir, "cat-file", "-t", sm.Commit); err != nil || out != "commit" {
			sm.Reason = "its clone does not have commit " + shortOID(sm.Commit) + " (git submodule update " + sm.Path + ")"
			continue
		}
		snap, err := sub.Snapshot(ctx, sm.Commit)
		if err != nil {
			sm.Reason = "it could not be read: " + err.Error()
			continue
		}
		s.graft(sm.Path, snap)
		sm.Available = true
	}
}

// submoduleNames maps submodule paths to their names in .gitmodules.
func (s *Snapshot) submoduleNames(ctx context.Context) map[string]string {
	out := map[string]string{}
	e, ok := s.entries[".gitmodules"]
	if !ok || e.link() {
		return out
	}
	cfg, err := output(ctx, s.repo.Dir, "config", "--blob", e.oid, "--get-regexp", `^submodule\..*\.path$`)
	if err != nil {
		return out
	}
	for _, line := range strings.Split(cfg, "\n") {
		key, p, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(key, "submodule."), ".path")
		out[path.Clean(p)] = name
	}
	return out
}

// graft puts the files of sub under dir.
func (s *Snapshot) graft(dir string, sub *Snapshot) {
	for p, e := range sub.entries {
		if e.src == nil {
			e.src = sub
		}
		s.entries[dir+"/"+p] = e
	}
	for d, kids := range sub.dirs {
		full := dir
		if d != "." {
			full = dir + "/" + d
		}
		m := s.dirs[full]
		if m == nil {
			m = map[string]fs.FileMode{}
			s.dirs[full] = m
		}
		for k, t := range kids {
			m[k] = t
		}
	}
	for _, sm := range sub.Submodules {
		sm.Path = dir + "/" + sm.Path
		s.Submodules = append(s.Submodules, sm)
	}
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
		b, err := s.blob(p, s.entries[p], 4096)
		return string(b), err
	}
	return safefs.Resolve(name, lstat, readlink)
}

// blob reads the content of e's object, for path p (for messages).
func (s *Snapshot) blob(p string, e entry, limit int64) ([]byte, error) {
	oid := e.oid
	if e.src != nil {
		s = e.src
	}
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
	b, err := s.blob(p, e, MaxFileSize)
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

// subRepo is the clone of a submodule at gitDir, opened once.
func (r *Repo) subRepo(gitDir string) *Repo {
	r.subMu.Lock()
	defer r.subMu.Unlock()
	if r.subs == nil {
		r.subs = map[string]*Repo{}
	}
	sub := r.subs[gitDir]
	if sub == nil {
		sub = &Repo{Dir: gitDir, Bare: true}
		r.subs[gitDir] = sub
	}
	return sub
}

// Close stops the repository's helper processes (and its submodules').
func (r *Repo) Close() {
	r.subMu.Lock()
	subs := r.subs
	r.subs = nil
	r.subMu.Unlock()
	for _, sub := range subs {
		sub.Close()
	}
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
