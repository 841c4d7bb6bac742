package migrationcheck

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/rbcheck/rbcheck/internal/gitrev"
)

// InputsKey hashes what the checks read besides Go code, as seen from dir:
// the settings, the configuration file, the path, size and modification
// time of every .sql file under the root (hidden directories, vendor and
// node_modules skipped), and the latest release tag. golangci-lint caches
// a package's issues under its analyzers' names only, so the plugin adds an
// analyzer named after this key: changing a migration then invalidates the
// cached issues.
func InputsKey(s Settings, dir string) string {
	h := sha256.New()
	r, err := s.resolve(dir)
	if err != nil {
		fmt.Fprintln(h, err.Error())
		return hex.EncodeToString(h.Sum(nil))[:12]
	}
	fmt.Fprintln(h, r.root, r.migDirs, r.formats, r.tx, r.exclude, r.baseline, r.complete, r.tagPattern, r.retiring, r.selectStar, r.templates, r.searchPath)
	if r.cfg != nil && r.cfg.Path != "" {
		if b, err := os.ReadFile(r.cfg.Path); err == nil {
			h.Write(b)
		}
	}
	_ = filepath.WalkDir(r.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != r.root && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".sql") && !strings.HasSuffix(name, ".conf") {
			return nil
		}
		if info, err := d.Info(); err == nil {
			fmt.Fprintln(h, p, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	if repo, err := gitrev.Open(r.root); err == nil {
		if tag, err := repo.LatestTag(r.tagPattern, "HEAD"); err == nil {
			fmt.Fprintln(h, tag.Name, tag.Commit)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
