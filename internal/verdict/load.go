package verdict

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// MigrationOptions select a tree's migrations (directories, globs, excludes, format).
type MigrationOptions = migrations.Options

// setCache keeps each tree's migrations for the life of the process, so
// `rbcheck history` reads the newest release once, not once per older tag.
var setCache sync.Map // key: root + options → *migrations.Set

func loadMigrations(root string, o MigrationOptions) (*migrations.Set, error) {
	// A configured folder missing from a release counts as empty there
	// (OLD may predate it); Check reports one missing from NEW as unread.
	o.MissingOK = true
	k := root + "\x00" + strings.Join(o.Dirs, ",") + "\x00" + strings.Join(o.Include, ",") + "\x00" +
		strings.Join(o.Exclude, ",") + "\x00" + string(o.Format) + "\x00" + fmt.Sprint(o.Formats)
	if v, ok := setCache.Load(k); ok {
		return v.(*migrations.Set), nil
	}
	set, err := migrations.Load(root, o)
	if err != nil {
		return nil, err
	}
	setCache.Store(k, set)
	return set, nil
}

// ForgetTree drops cached data of a tree that is about to be removed.
func ForgetTree(root string) {
	setCache.Range(func(k, _ any) bool {
		if strings.HasPrefix(k.(string), root+"\x00") {
			setCache.Delete(k)
		}
		return true
	})
}

// loadSchema reads a baseline schema file from a tree; ok is false when the
// tree has no such file (a release older than the file).
func loadSchema(root, file string) (*catalog.Catalog, []*sqlast.ParseError, bool) {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return nil, nil, false
	}
	cat, errs := catalog.LoadSchema(filepath.ToSlash(file), string(b))
	return cat, errs, true
}
