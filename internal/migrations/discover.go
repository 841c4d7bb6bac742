package migrations

import (
	"io/fs"
	"path"
	"sort"
	"strings"
)

// skipDirs are never searched for migrations.
var skipDirs = map[string]bool{
	"vendor": true, "node_modules": true, "testdata": true, ".git": true,
}

// migrationDirNames are path segments that say "this holds migrations" for
// directories of plain numbered files.
var migrationDirNames = map[string]bool{
	"migrations": true, "migration": true, "migrate": true, "db": true, "sql": true,
	"schema": true, "schemas": true, "database": true, "postgres": true, "postgresql": true,
	"pg": true, "ddl": true, "changes": true, "changesets": true,
}

// notMigrationDirNames hold numbered .sql files that are not migrations
// (db/seeds/001_users.sql); markers or tool file names still count there.
var notMigrationDirNames = map[string]bool{
	"seed": true, "seeds": true, "fixtures": true, "fixture": true, "examples": true,
	"example": true, "docs": true, "doc": true, "queries": true, "query": true,
}

// Discover finds the directories of fsys that hold migration files, sorted
// by path: directories with golang-migrate (`1_x.up.sql`) or Flyway
// (`V1__x.sql`) names, with numbered .sql files carrying goose, sql-migrate,
// dbmate or tern markers, or with numbered .sql files whose path has a
// migration-like name (migrations, db/migrate, sql, schema, …). vendor,
// node_modules, testdata and hidden directories are skipped. The root itself
// is ".".
func Discover(fsys fs.FS) []string {
	var out []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != "." && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
			return fs.SkipDir
		}
		if isMigrationDir(fsys, p) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func isMigrationDir(fsys fs.FS, dir string) bool {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return false
	}
	named := false
	for _, seg := range strings.Split(dir, "/") {
		seg = strings.ToLower(seg)
		if migrationDirNames[seg] || strings.Contains(seg, "migrat") {
			named = true
		}
		if notMigrationDirNames[seg] {
			named = false
			break
		}
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		nf, ok := classifyName(e.Name())
		if !ok {
			continue
		}
		switch nf.format {
		case FormatGolangMigrate, FormatFlyway:
			return true
		}
		if named {
			return true
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err == nil && contentFormat(string(data)) != "" {
			return true
		}
	}
	return false
}
