package verdict

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/gomig"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/pgparse"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// GoCode is the format of the schema changes a release runs from Go code
// (a Go migration's SQL, DDL run with Exec): one File per Go file.
const GoCode migrations.Format = "go"

// UnreadGoMigration: NEW's Go code changes the schema on the migration path
// in a way rbcheck cannot read (SQL built at run time, gorm's AutoMigrate).
const UnreadGoMigration = "go-migration"

// goChanges are the schema changes NEW's Go code makes that OLD's did not.
type goChanges struct {
	files     []*migrations.File // one per Go file, statements in source order
	unread    []Unread
	warnings  []Warning
	fullyRead map[string]bool // goose Go migrations whose every up statement was read
}

// readGoChanges reads the SQL NEW's changed Go files run as migrations, and
// the DDL they run anywhere (internal/gomig).
func readGoChanges(oldT, newT Tree, opts Options) goChanges {
	var out goChanges
	newFS, err := treeFS(newT)
	if err != nil {
		return out
	}
	oldFS, err := treeFS(oldT)
	if err != nil {
		oldFS = nil
	}
	excl := append(append([]string(nil), opts.Migrations.Exclude...), opts.GoExclude...)
	r := gomig.Scan(newFS, oldFS, gomig.Options{Excluded: func(p string) bool { return migrations.Excluded(excl, p) }})
	out.fullyRead = r.FullyRead
	byFile := map[string]*migrations.File{}
	for _, s := range r.Stmts {
		f := byFile[s.File]
		if f == nil {
			f = &migrations.File{
				Path: s.File, Dir: path.Dir(s.File), Version: s.Version, Name: strings.TrimSuffix(path.Base(s.File), ".go"),
				Format: GoCode, Kind: migrations.Versioned, Up: &migrations.Section{},
			}
			byFile[s.File] = f
			out.files = append(out.files, f)
		}
		stmts, errs := parseGoSQL(s)
		if len(errs) > 0 {
			// SQL that is not PostgreSQL cannot change a PostgreSQL
			// schema: another engine's (harness's `PRAGMA foreign_keys`
			// when the driver is sqlite3)
			out.warnings = append(out.warnings, Warning{
				Message: fmt.Sprintf("Go code new in this release runs SQL at %s:%d:%d that does not parse as PostgreSQL (%s): taken to be for another database engine and left out of the release's changes", s.File, s.Line, s.Col, errs[0].Msg),
				File:    s.File, Line: s.Line,
			})
			continue
		}
		f.Up.Stmts = append(f.Up.Stmts, stmts...)
	}
	// files all of whose SQL was another engine's
	kept := out.files[:0]
	for _, f := range out.files {
		if len(f.Up.Stmts) > 0 {
			kept = append(kept, f)
		}
	}
	out.files = kept
	for _, u := range r.Unread {
		where := ""
		if u.Migration != "" {
			where = " in " + u.Migration
		}
		out.unread = append(out.unread, Unread{
			Kind: UnreadGoMigration, File: u.File, Line: u.Line, Col: u.Col,
			Reason: fmt.Sprintf("a schema change run from Go code new in this release%s is not read: %s", where, u.Reason),
			Help:   "write the change as a constant SQL string (or a SQL migration) so rbcheck can read it, or check by hand what it changes and pass --allow-unread",
		})
	}
	return out
}

// parseGoSQL parses a Go site's SQL with the positions of the Go file: a
// literal's text keeps its lines and columns (a raw string, or a quoted one
// without escapes); SQL put together from several pieces is placed at the
// argument.
func parseGoSQL(s gomig.Site) ([]*sqlast.Stmt, []*sqlast.ParseError) {
	// `?` and `:name` placeholders (sqlx, gorm) become $n; the text then
	// no longer has the literal's offsets
	if sql, changed := pgparse.PostgresPlaceholders(s.SQL); changed {
		s.SQL, s.Exact = sql, false
	}
	if s.Exact {
		pad := strings.Repeat("\n", s.Line-1) + strings.Repeat(" ", s.Col)
		return pgparse.Parse(s.File, pad+s.SQL)
	}
	// the text is parsed on the argument's line, so that what a finding
	// points at inside it (a column of a model's CREATE TABLE) says that
	// line, not line 1 of the file
	sql := s.SQL
	if s.Line > 0 {
		sql = strings.Repeat("\n", s.Line-1) + strings.Repeat(" ", max(s.Col-1, 0)) + s.SQL
	}
	stmts, errs := pgparse.Parse(s.File, sql)
	at := sqlast.Pos{File: s.File, Line: s.Line, Col: s.Col}
	var place func(st *sqlast.Stmt)
	place = func(st *sqlast.Stmt) {
		st.Pos, st.End = at, at
		for _, n := range st.Nested {
			place(n)
		}
	}
	for _, st := range stmts {
		place(st)
	}
	for _, e := range errs {
		e.Pos = at
	}
	return stmts, errs
}

// mergeGoFiles puts the Go files among the release's new SQL migrations:
// a goose Go migration (`00002_backfill.go`) in its folder's version
// order, the rest after every SQL migration, with a warning that the order
// is not known when there are SQL migrations to order them with.
func mergeGoFiles(newFiles, goFiles []*migrations.File) ([]*migrations.File, []Warning) {
	var warns []Warning
	var tail []*migrations.File
	out := append([]*migrations.File(nil), newFiles...)
	for _, g := range goFiles {
		if g.Version == "" {
			tail = append(tail, g)
			continue
		}
		at := -1
		for i, f := range out {
			if f.Dir == g.Dir && f.Format != GoCode && versionLess(g.Version, f.Version) {
				at = i
				break
			}
		}
		if at < 0 {
			// after the last migration of its folder (or at the end)
			at = len(out)
			for i := len(out) - 1; i >= 0; i-- {
				if out[i].Dir == g.Dir {
					at = i + 1
					break
				}
			}
		}
		out = append(out[:at], append([]*migrations.File{g}, out[at:]...)...)
	}
	if len(tail) > 0 && len(newFiles) > 0 {
		var names []string
		for _, g := range tail {
			names = append(names, g.Path)
		}
		sort.Strings(names)
		warns = append(warns, Warning{
			Message: fmt.Sprintf("the SQL run from Go code new in this release (%s) is taken to run after the release's SQL migrations: the order between them is not known, so a change that depends on it may be judged on the wrong schema", strings.Join(names, ", ")),
			File:    tail[0].Path,
		})
	}
	return append(out, tail...), warns
}

// versionLess compares two numeric versions (leading zeros do not count).
func versionLess(a, b string) bool {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// goInfos puts a MigrationInfo for each Go file of newFiles into infos,
// before the migration that follows it in newFiles (at the end when none
// does).
func goInfos(infos []MigrationInfo, newFiles []*migrations.File) []MigrationInfo {
	for i, f := range newFiles {
		if f.Format != GoCode {
			continue
		}
		gi := MigrationInfo{Path: f.Path, Version: f.Version, New: true}
		at := len(infos)
		for _, next := range newFiles[i+1:] {
			if next.Format == GoCode {
				continue
			}
			for j := range infos {
				if infos[j].Path == next.Path {
					at = j
				}
			}
			break
		}
		infos = append(infos[:at], append([]MigrationInfo{gi}, infos[at:]...)...)
	}
	return infos
}

// goOnlyRead says what rbcheck read of the Go migrations in folders that
// hold no SQL (listmonk's internal/migrations): their constant SQL, but
// not the schema it runs on, so the verdict stays unknown.
func goOnlyRead(dirs []string, files []*migrations.File) string {
	var names []string
	n := 0
	for _, f := range files {
		for _, d := range dirs {
			if f.Path == d || strings.HasPrefix(f.Path, d+"/") {
				names = append(names, f.Path)
				n += len(f.Up.Stmts)
				break
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	stmts := "statements"
	if n == 1 {
		stmts = "statement"
	}
	return fmt.Sprintf(" (of those new in this release it read the constant SQL of %s, %d %s, but without SQL migrations it does not know the schema they change)", strings.Join(names, ", "), n, stmts)
}

// unreadIn reports a go-migration item in file: it says more precisely
// what of the file was not read than a generic unrecognised-file item.
func (g goChanges) unreadIn(file string) bool {
	for _, u := range g.unread {
		if u.File == file {
			return true
		}
	}
	return false
}
