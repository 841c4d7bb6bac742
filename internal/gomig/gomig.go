// Package gomig finds the schema changes a release makes from Go code: the
// SQL its Go migrations run (goose's AddMigration, gormigrate's and
// xormigrate's Migrate fields, a project's own runner such as shiori's
// newFuncMigration or listmonk's internal/migrations/vX.go) and the DDL
// (CREATE, ALTER, DROP…) ordinary code runs with Exec. It reads the Go
// files syntactically (go/parser, no type checking, no build, nothing of
// the repository is run) and only the files the release changed: code OLD
// already had has run against the database before the release.
//
// A site's SQL is a constant (a literal, a constant, a concatenation of
// them) or it is not read: SQL built at run time on the migration path, or
// an ORM's schema call (gorm's AutoMigrate, xorm's Sync), is reported as
// unread with its position, so the verdict is unknown rather than safe.
package gomig

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Site is one place NEW's Go code runs SQL that changes the schema.
type Site struct {
	File      string // slash path relative to the repository
	Line, Col int    // of the SQL literal (or of the argument when the SQL is not one literal)
	// SQL is the constant statement text; "" for an unread site.
	SQL string
	// Exact: SQL is exactly the literal at Line:Col (a raw string, or a
	// quoted one without escapes), so positions inside it are exact.
	Exact bool
	// Raw: the literal is a raw (backquoted) string.
	Raw bool
	// Migration says how the site is known to run as a migration
	// ("newFuncMigration(…)", "func V6_2_0 in a migrations folder"); ""
	// for DDL run from ordinary code.
	Migration string
	// Version is the goose version of a Go migration file
	// (00002_backfill.go: "00002"), "" otherwise.
	Version string
	// Reason says why an unread site was not read.
	Reason string
	// Shapes, for an unread site whose SQL is fmt.Sprintf of a constant
	// format (or of each element of a constant list), are those formats
	// with each verb filled by a stand-in (%s: rbcheck_runtime, %d: 0):
	// what kind of statement it is and which objects it names, but not
	// the statement itself.
	Shapes []string
}

// Result is what Scan found in the release.
type Result struct {
	// Stmts are the constant SQL sites new in the release, in file and
	// source order.
	Stmts []Site
	// Unread are the sites on the migration path whose SQL or schema
	// change could not be read.
	Unread []Site
	// FullyRead lists the goose Go migration files (`00002_x.go`) new or
	// changed in the release whose every up site was read.
	FullyRead map[string]bool
	// Files is how many changed Go files were parsed.
	Files int
}

// Options configure Scan.
type Options struct {
	// Excluded reports a Go file the configuration leaves out.
	Excluded func(path string) bool
}

// objectIDer is a revision's file system (gitrev.Snapshot): files of two
// revisions with the same object are the same.
type objectIDer interface {
	ObjectID(name string) (string, error)
}

// maxGoFile bounds the size of a Go file read (generated code above it is
// no migration).
const maxGoFile = 4 << 20

// prefilter: a changed file is parsed only when it may run DDL or
// register a migration.
var prefilter = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b(alter\s+(table|type|index|sequence|view)|create\s+(unique\s+|or\s+replace\s+|materialized\s+)?(table|index|type|view|sequence|schema|extension|function|trigger)|drop\s+(table|index|column|view|type|schema|constraint|sequence|function|trigger|extension)|rename\s+(column|to)|add\s+column|automigrate|migrat|upgrade)`)
})

// Scan reads NEW's Go files that OLD does not have with the same content
// and returns their schema-changing SQL that OLD's versions of the changed
// files (and OLD's files NEW lacks) did not already run.
func Scan(newFS, oldFS fs.FS, o Options) *Result {
	res := &Result{FullyRead: map[string]bool{}}
	newFiles := goFiles(newFS, o)
	var oldFiles []string
	if oldFS != nil {
		oldFiles = goFiles(oldFS, o)
	}
	oldHas := map[string]bool{}
	for _, p := range oldFiles {
		oldHas[p] = true
	}
	newHas := map[string]bool{}
	for _, p := range newFiles {
		newHas[p] = true
	}
	newPkgs := &pkgCache{fsys: newFS, files: map[string][]*ast.File{}}
	oldPkgs := &pkgCache{fsys: oldFS, files: map[string][]*ast.File{}}
	seenSQL := map[string]bool{} // normalised SQL OLD's changed files run
	seenDyn := map[string]bool{} // unread keys OLD's changed files had
	var changed []string
	for _, p := range newFiles {
		if oldHas[p] && same(newFS, oldFS, p) {
			continue
		}
		changed = append(changed, p)
	}
	type fileSites struct {
		path          string
		stmts, unread []found
	}
	var got []fileSites
	for _, p := range changed {
		f := newPkgs.parse(p)
		if f == nil {
			continue
		}
		res.Files++
		sc := newScanner(p, f, newPkgs)
		sc.run()
		if len(sc.stmts)+len(sc.unread) > 0 {
			got = append(got, fileSites{p, sc.stmts, sc.unread})
		}
		if v := gooseVersion(p); v != "" && len(sc.unread) == 0 && sc.upFuncs > 0 && len(sc.stmts) > 0 {
			res.FullyRead[p] = true
		}
	}
	if len(got) == 0 {
		return res
	}
	// What OLD's versions of the changed files, and OLD's files NEW lacks
	// (moved or deleted), ran has run: read only when NEW has sites.
	var oldScan []string
	for _, p := range changed {
		if oldHas[p] {
			oldScan = append(oldScan, p)
		}
	}
	for _, p := range oldFiles {
		if !newHas[p] {
			oldScan = append(oldScan, p)
		}
	}
	for _, p := range oldScan {
		f := oldPkgs.parse(p)
		if f == nil {
			continue
		}
		sc := newScanner(p, f, oldPkgs)
		sc.run()
		for _, s := range sc.stmts {
			seenSQL[normSQL(s.SQL)] = true
		}
		for _, s := range sc.unread {
			seenDyn[s.key] = true
		}
	}
	for _, g := range got {
		for _, s := range g.stmts {
			if !seenSQL[normSQL(s.SQL)] {
				res.Stmts = append(res.Stmts, s.Site)
			}
		}
		for _, s := range g.unread {
			if !seenDyn[s.key] {
				res.Unread = append(res.Unread, s.Site)
			}
		}
	}
	return res
}

// goFiles lists the Go files of fsys the scan considers: not tests, not
// vendored, generated or test-helper folders, not another engine's store.
func goFiles(fsys fs.FS, o Options) []string {
	var out []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && p != "." {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != "." && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || !d.Type().IsRegular() {
			return nil
		}
		if otherEngine(p) || (o.Excluded != nil && o.Excluded(p)) {
			return nil
		}
		out = append(out, p)
		return nil
	})
	sort.Strings(out)
	return out
}

func skipDir(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	switch strings.ToLower(name) {
	case "vendor", "testdata", "node_modules", "third_party", "examples", "example", "e2e", "mocks", "mock", "fixtures",
		"hack", "scripts", "script", "contrib", "docs":
		// a one-off tool someone runs by hand (hatchet's hack/…/main.go) is
		// no part of deploying the release
		return true
	}
	l := strings.ToLower(name)
	return strings.HasPrefix(l, "test") || strings.HasSuffix(l, "test") || strings.HasSuffix(l, "tests") || strings.HasSuffix(l, "testutil")
}

// otherEngine: a file or folder named for another database engine
// (shiori's mysql.go, sqlite.go): its SQL does not run on Postgres.
var engineWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)(^|[^a-z])(mysql|mariadb|sqlite3?|mssql|sqlserver|clickhouse|spanner|cassandra|oracle|crdb|cockroach(db)?|dynamo(db)?|mongo(db)?|redis)([^a-z]|$)`)
})

func otherEngine(p string) bool { return engineWord().MatchString(p) }

// same reports whether p has the same content in both trees.
func same(newFS, oldFS fs.FS, p string) bool {
	if a, ok := newFS.(objectIDer); ok {
		if b, ok := oldFS.(objectIDer); ok {
			x, err1 := a.ObjectID(p)
			y, err2 := b.ObjectID(p)
			if err1 == nil && err2 == nil {
				return x == y
			}
		}
	}
	x, err1 := fs.ReadFile(newFS, p)
	y, err2 := fs.ReadFile(oldFS, p)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// pkgCache parses a tree's Go files once, and a folder's other files when
// a constant or a helper function is looked up there.
type pkgCache struct {
	fsys   fs.FS
	fset   *token.FileSet
	parsed map[string]*ast.File
	files  map[string][]*ast.File // folder → its parsed non-test files
	mod    *string                // the module path, once read
	called map[string]map[string]bool
	// assigned: per folder, the names its functions assign to
	assigned map[string]map[string]bool
}

func (c *pkgCache) parse(p string) *ast.File {
	b := c.read(p)
	if b == nil || !mayRun(p, b) {
		return nil
	}
	return c.parseBytes(p, b)
}

// read returns p's content (nil when it cannot be read or is too large).
func (c *pkgCache) read(p string) []byte {
	if c.fsys == nil {
		return nil
	}
	st, err := fs.Stat(c.fsys, p)
	if err != nil || st.Size() > maxGoFile {
		return nil
	}
	b, err := fs.ReadFile(c.fsys, p)
	if err != nil {
		return nil
	}
	return b
}

func (c *pkgCache) parseBytes(p string, b []byte) *ast.File {
	if c.parsed == nil {
		c.parsed = map[string]*ast.File{}
		c.fset = token.NewFileSet()
	}
	if f, ok := c.parsed[p]; ok {
		return f
	}
	f, err := parser.ParseFile(c.fset, p, b, parser.SkipObjectResolution)
	if err != nil {
		f = nil
	}
	c.parsed[p] = f
	return f
}

// sinkWords: a file without any of them runs no statement and makes no
// ORM schema call.
var sinkWords = [][]byte{[]byte("Exec"), []byte("Query"), []byte("Raw("), []byte("Prepare"), []byte("AutoMigrate"),
	[]byte("Sync"), []byte("Table("), []byte("Column("), []byte("Index("), []byte("Constraint("), []byte("Tables(")}

// mayRun: the file may run DDL or be a migration (cheap byte tests first,
// then the prefilter's regexp).
func mayRun(p string, b []byte) bool {
	if gooseVersion(p) != "" || migrationDir(p) {
		return true
	}
	for _, w := range sinkWords {
		if bytes.Contains(b, w) {
			return prefilter().Match(bytes.ToLower(b))
		}
	}
	return false
}

// pkg returns the parsed non-test files of p's folder (for constants and
// functions declared beside it).
func (c *pkgCache) pkg(p string) []*ast.File {
	dir := path.Dir(p)
	if fl, ok := c.files[dir]; ok {
		return fl
	}
	var out []*ast.File
	ents, err := fs.ReadDir(c.fsys, dir)
	if err == nil {
		for _, e := range ents {
			n := e.Name()
			if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
				continue
			}
			q := path.Join(dir, n)
			if f, ok := c.parsed[q]; ok {
				if f != nil {
					out = append(out, f)
				}
				continue
			}
			if b := c.read(q); b != nil {
				if f := c.parseBytes(q, b); f != nil {
					out = append(out, f)
				}
			}
		}
	}
	c.files[dir] = out
	return out
}

func (c *pkgCache) position(n ast.Node) token.Position { return c.fset.Position(n.Pos()) }

// gooseVersion is the version of a goose Go migration's file name
// (`00002_backfill.go`), "" for any other file.
var gooseName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([0-9]+)_[A-Za-z0-9_.-]*\.go$`) })

func gooseVersion(p string) string {
	m := gooseName().FindStringSubmatch(path.Base(p))
	if m == nil {
		return ""
	}
	return m[1]
}

// migrationDir: a folder whose Go files are migrations by their place
// (listmonk's internal/migrations, woodpecker's migration, spicedb's
// migrations).
func migrationDir(p string) bool {
	for _, seg := range strings.Split(path.Dir(p), "/") {
		switch strings.ToLower(seg) {
		case "migrations", "migration", "migrate", "migrator", "upgrades", "upgrade":
			return true
		}
	}
	return false
}

func normSQL(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimRight(s, "; ")
}
