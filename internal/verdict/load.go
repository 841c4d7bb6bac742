package verdict

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/safefs"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// MigrationOptions select a tree's migrations (directories, globs, excludes, format).
type MigrationOptions = migrations.Options

// setCache keeps each tree's migrations for the life of the process, so
// `rbcheck history` reads the newest release once, not once per older tag.
var setCache sync.Map // key: root + options → *migrations.Set

func loadMigrations(t Tree, o MigrationOptions) (*migrations.Set, error) {
	// A configured folder missing from a release counts as empty there
	// (OLD may predate it); Check reports one missing from NEW as unread.
	o.MissingOK = true
	k := treeKey(t) + "\x00" + strings.Join(o.Dirs, ",") + "\x00" + strings.Join(o.Include, ",") + "\x00" +
		strings.Join(o.Exclude, ",") + "\x00" + string(o.Format) + "\x00" + fmt.Sprint(o.Formats)
	if v, ok := setCache.Load(k); ok {
		return v.(*migrations.Set), nil
	}
	fsys, err := treeFS(t)
	if err != nil {
		return nil, err
	}
	set, err := migrations.LoadFS(fsys, nil, o)
	if err != nil {
		return nil, err
	}
	setCache.Store(k, set)
	return set, nil
}

// treeKey identifies a tree's content in the cache: a revision by its
// commit, a directory by its path.
func treeKey(t Tree) string {
	if t.FS != nil {
		return "git:" + t.Commit
	}
	return t.Root
}

// ForgetTree drops cached data of a tree that is about to be removed.
func ForgetTree(root string) {
	setCache.Range(func(k, _ any) bool {
		if strings.HasPrefix(k.(string), root+"\x00") {
			setCache.Delete(k)
		}
		return true
	})
	discoverCache.Delete(root)
}

// loadSchema reads a baseline schema file from a tree; ok is false when the
// tree has no such file (a release older than the file).
func loadSchema(t Tree, file string) (*catalog.Catalog, []*sqlast.ParseError, bool) {
	b, err := ReadTreeFile(t, file)
	if err != nil {
		return nil, nil, false
	}
	cat, errs := catalog.LoadSchema(filepath.ToSlash(file), string(b))
	return cat, errs, true
}

// ReadTreeFile reads a file of a tree (path relative to its root,
// slash-separated): from the revision when the tree has one, else from
// the directory.
func ReadTreeFile(t Tree, name string) ([]byte, error) {
	fsys, err := treeFS(t)
	if err != nil {
		return nil, err
	}
	return fs.ReadFile(fsys, path.Clean(filepath.ToSlash(name)))
}

// treeFS is what a tree's files are read through: the revision, or the
// directory with safefs's rules (regular files inside the repository, a
// size limit), the same rules the revision applies.
func treeFS(t Tree) (fs.FS, error) {
	if t.FS != nil {
		return t.FS, nil
	}
	st, err := os.Stat(t.Root)
	if err != nil {
		return nil, fmt.Errorf("cannot read migrations root %q: %w", t.Root, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("migrations root %q is not a directory", t.Root)
	}
	return safefs.New(t.Root, 0)
}

// discoverCache keeps each tree's discovered migration directories.
var discoverCache sync.Map // tree key → []string

// discovered lists the migration folders discovery finds in t whatever the
// configuration: the old code's sites in .sql files there (embedded
// migrations, another dialect's folder) are not uses.
func discovered(t Tree) []string {
	k := treeKey(t)
	if v, ok := discoverCache.Load(k); ok {
		return v.([]string)
	}
	if t.FS == nil && t.Root == "" {
		return nil
	}
	fsys, err := treeFS(t)
	if err != nil {
		return nil
	}
	ds := migrations.Discover(fsys)
	discoverCache.Store(k, ds)
	return ds
}
