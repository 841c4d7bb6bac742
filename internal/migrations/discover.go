package migrations

import (
	"io/fs"
	"path"
	"sort"
	"strings"
)

// skipDirs are never searched for migrations: other projects' code, test
// data, and test stubs (`stub`, `stubs`: Ory's vendored ory/x keeps the
// migration folders its tests run under popx/stub/migrations and
// dbal/stub, which keto's release would otherwise read as its own).
var skipDirs = map[string]bool{
	"vendor": true, "node_modules": true, "testdata": true, ".git": true,
	"stub": true, "stubs": true,
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
// by path: directories with file names only a migration tool uses
// (golang-migrate's `1_x.up.sql`, Flyway's `V1__x.sql`, Authelia's
// `V0001.x.up.sql`), with numbered .sql files carrying goose, sql-migrate,
// dbmate or tern annotations, or, when the path has a migration-like name
// (migrations, db/migrate, sql, schema, …), with numbered .sql files or
// version sub-folders of a nested layout (`0.24/00__memo.sql`,
// `1528395834/up.sql`; the sub-folders are not listed on their own). A
// folder whose path names another engine (mysql, sqlite, …) holds that
// engine's variants and is not listed when another folder's path names
// Postgres (postgres, postgresql, pg, …).
// vendor, node_modules, testdata, stub(s) and hidden directories are skipped. The
// root itself is ".".
func Discover(fsys fs.FS) []string {
	dirs, _ := DiscoverExplained(fsys)
	return dirs
}

// DiscoverExplained is Discover, and also says which folders it left out
// although they look like migration folders, and why: a folder of
// numbered files that an sqlc configuration names as its schema
// (hatchet's `sql/schema/v0.sql`, `v1-core.sql`), when another folder
// carries a migration tool's file names or annotations, is the schema sqlc
// generates code from, not migrations a runner applies.
func DiscoverExplained(fsys fs.FS) (dirs []string, left []Skip) {
	var out []string
	weak := map[string]bool{}
	var sqlc []sqlcConfig
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			if sqlcConfigNames[d.Name()] && d.Type().IsRegular() {
				sqlc = append(sqlc, sqlcConfig{file: p, schemas: sqlcSchemas(fsys, p)})
			}
			return nil
		}
		if p != "." && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
			return fs.SkipDir
		}
		if ok, nested := migrationDir(fsys, p); ok {
			out = append(out, p)
			if nested {
				return fs.SkipDir // its version folders are part of it
			}
		}
		return nil
	})
	sort.Strings(out)
	out = withoutOtherEngines(out)
	if len(sqlc) == 0 {
		return out, nil
	}
	// A folder named as sqlc's schema, without a tool's mark, is left out
	// only when another folder has one: sqlc reading the migrations
	// folder itself is the other common set-up.
	var schema []string
	for _, d := range out {
		if namedBySQLC(sqlc, d) != "" {
			if !toolEvidence(fsys, d) {
				weak[d] = true
				schema = append(schema, d)
			}
		}
	}
	if len(schema) == 0 {
		return out, nil
	}
	strong := false
	for _, d := range out {
		if !weak[d] && toolEvidence(fsys, d) {
			strong = true
			break
		}
	}
	if !strong {
		return out, nil
	}
	kept := out[:0]
	for _, d := range out {
		if weak[d] {
			left = append(left, Skip{Path: d, Reason: "its numbered files are the schema " + namedBySQLC(sqlc, d) +
				" gives sqlc, not migrations a runner applies (no migration tool's file names or annotations)"})
			continue
		}
		kept = append(kept, d)
	}
	return kept, left
}

// toolEvidence reports whether dir's files carry a migration tool's mark: a
// file name only a tool uses (`1_x.up.sql`, `V1__x.sql`), or a tool's
// annotation (`-- +goose Up`, `-- migrate:up`) in a numbered file.
func toolEvidence(fsys fs.FS, dir string) bool {
	fo, err := readFolder(fsys, dir)
	if err != nil && len(fo.files) == 0 {
		return false
	}
	byName, numbered := nameEvidence(fo.files)
	return byName || markerEvidence(fsys, dir, numbered)
}

// nameEvidence reports whether one of files has a name only a tool uses,
// and lists the plainly numbered ones.
func nameEvidence(files []string) (byName bool, numbered []string) {
	for _, b := range files {
		for _, t := range tools {
			if t.Nested || t.Evidence != evidenceNames || t.Claims != nil {
				continue
			}
			if _, ok := t.Parse(b); ok {
				return true, nil
			}
		}
		if _, ok := parsePlain(b); ok {
			numbered = append(numbered, b)
		}
	}
	return false, numbered
}

// markerEvidence reports whether one of the numbered files of dir holds a
// tool's annotation line.
func markerEvidence(fsys fs.FS, dir string, numbered []string) bool {
	for _, b := range numbered {
		data, err := fs.ReadFile(fsys, path.Join(dir, b))
		if err != nil {
			continue
		}
		for _, t := range tools {
			if t.Marker != nil && hasMarkerLine(string(data), t.Marker) {
				return true
			}
		}
	}
	return false
}

// withoutOtherEngines drops the folders of another engine's migrations
// that sit where a Postgres one does: a path segment names another engine
// where a Postgres folder's path, under the same parent, names Postgres
// (`assets/migrations/mysql` beside `assets/migrations/postgres`, openfga;
// `schema/mysql/v8/temporal/versioned` and `schema/sqlite/v3/…` beside
// `schema/postgresql/v12/temporal/versioned`, temporal).
func withoutOtherEngines(dirs []string) []string {
	pg := map[string]bool{}
	for _, d := range dirs {
		if parent, c := pathEngine(d); c == dialectPostgres {
			pg[parent] = true
		}
	}
	out := dirs[:0]
	for _, d := range dirs {
		if parent, c := pathEngine(d); otherEngine(c) && pg[parent] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// PathEngine is the engine class the first engine-naming segment of dir
// names (postgres, mysql, sqlite, …), "" for none.
func PathEngine(dir string) string {
	_, c := pathEngine(dir)
	return c
}

// pathEngine finds the first segment of a folder's path that names an
// engine: the path before it and the engine's class ("" for none).
func pathEngine(dir string) (parent, engine string) {
	segs := strings.Split(dir, "/")
	for i, seg := range segs {
		if _, c := splitDialect("x." + seg); c != dialectNone && c != dialectAll {
			return strings.Join(segs[:i], "/"), c
		}
	}
	return "", dialectNone
}

func isMigrationDir(fsys fs.FS, dir string) bool {
	ok, _ := migrationDir(fsys, dir)
	return ok
}

// migrationDir reports whether dir holds migrations, and whether they are
// in version sub-folders (a nested layout).
func migrationDir(fsys fs.FS, dir string) (ok, nested bool) {
	fo, err := readFolder(fsys, dir)
	if err != nil && len(fo.files) == 0 {
		return false, false
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
	byName, numbered := nameEvidence(fo.files)
	if byName {
		return true, false
	}
	if named {
		for _, t := range tools {
			if !t.Nested {
				continue
			}
			if t.Claims != nil && !t.Claims(fo.listing(), nil) {
				continue
			}
			n := 0
			for _, b := range fo.nested {
				if _, ok := t.Parse(b); ok {
					n++
				}
			}
			if n > 0 && n >= len(numbered) {
				return true, true
			}
		}
		if len(numbered) > 0 || hasTemplateMigration(fo.files) {
			// versioned SQL templates only (rudder-server's
			// sql/migrations/jobsdb/000014_x.up.tmpl): a migrations folder
			// whose files rbcheck cannot read, so new ones are named as
			// not read rather than never looked at
			return true, false
		}
	}
	return markerEvidence(fsys, dir, numbered), false
}

// goMigrationDirs lists, sorted, the folders named `migrations` or
// `migration` (vendor, testdata, stubs and hidden folders skipped) that
// hold no .sql file and either two Go files or more, or one named as a Go
// migration (`00002_backfill.go`); _test.go files do not count. Asked only
// when Discover found nothing, so that "no migration folder" can name
// where the migrations most likely are: Go code.
func goMigrationDirs(fsys fs.FS) []string {
	var out []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			if err != nil && d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if p != "." && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
			return fs.SkipDir
		}
		if n := d.Name(); n != "migrations" && n != "migration" {
			return nil
		}
		entries, rerr := fs.ReadDir(fsys, p)
		if rerr != nil {
			return nil
		}
		goFiles, named, sqlFiles := 0, false, false
		for _, e := range entries {
			b := e.Name()
			switch {
			case e.IsDir():
			case isSQLName(b):
				sqlFiles = true
			case strings.HasSuffix(b, ".go") && !strings.HasSuffix(b, "_test.go"):
				goFiles++
				named = named || goMigrationName(b)
			}
		}
		if !sqlFiles && (goFiles >= 2 || named) {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// hasTemplateMigration reports whether one of files is a versioned SQL
// template (`000014_x.up.tmpl`, `0003_users.sql.tmpl`), which its runner
// renders and rbcheck does not read.
func hasTemplateMigration(files []string) bool {
	for _, b := range files {
		if templateMigrationUnreadable(b) != "" {
			return true
		}
	}
	return false
}
