// Package migrations finds migration files, recognises the migration tool
// that owns them (golang-migrate, pop, goose, Flyway, Authelia, dbmate,
// sql-migrate, tern, versioned folders, a folder per migration, plain
// numbered files: one Tool value each, in tool_*.go), orders them as that
// tool does, splits each into its up and down parts and parses their
// statements with exact positions.
package migrations

import "github.com/rbcheck/rbcheck/internal/sqlast"

// Format names a migration tool's file convention; each is one Tool value
// in a tool_*.go file, which declares its Format constant.
type Format string

// Kind distinguishes Flyway's versioned, undo and repeatable files.
type Kind string

const (
	Versioned  Kind = "versioned"
	Undo       Kind = "undo"
	Repeatable Kind = "repeatable"
)

// DirectiveKind is an rbcheck comment directive.
type DirectiveKind string

const (
	// Ignore is `-- rbcheck:ignore RULE[,RULE] reason`: the next statement.
	Ignore DirectiveKind = "ignore"
	// IgnoreFile is `-- rbcheck:ignore-file RULE[,RULE] reason`.
	IgnoreFile DirectiveKind = "ignore-file"
	// RollForwardOnly is `-- rbcheck:roll-forward-only reason`: the release
	// is knowingly roll-forward-only.
	RollForwardOnly DirectiveKind = "roll-forward-only"
)

// Directive is one rbcheck comment in a migration.
type Directive struct {
	Kind   DirectiveKind
	Pos    sqlast.Pos
	Rules  []string
	Reason string
	// Stmt is the statement the directive applies to (the next one), nil for
	// file-wide directives.
	Stmt *sqlast.Stmt
}

// Section is the up or the down part of a migration file.
type Section struct {
	Stmts  []*sqlast.Stmt
	Errors []*sqlast.ParseError
	// InTx: the tool runs this part in a transaction. goose, sql-migrate,
	// dbmate and tern wrap each part in one unless the file says not to
	// (`-- +goose NO TRANSACTION`, `-- +migrate Up notransaction`,
	// `-- migrate:up transaction:false`, `---- tern: disable-tx ----`).
	// Flyway does unless a statement cannot run in a transaction (it
	// detects CREATE/DROP INDEX CONCURRENTLY, VACUUM, …) or the script's
	// .sql.conf says executeInTransaction=false. golang-migrate (and dbmate
	// / tern with the transaction off) send the whole part as one query
	// string, which Postgres runs as one implicit transaction when it holds
	// more than one statement: InTx is true then, false for a single
	// statement. Plain files are assumed to run as psql -f runs them,
	// statement by statement with autocommit: false. Each Stmt.InTx
	// refines this with explicit BEGIN / COMMIT / ROLLBACK.
	InTx  bool
	Empty bool // no SQL at all

	src string // the part's text: the file with every other line blanked
}

// File is one migration file (for golang-migrate, the .up.sql and .down.sql
// pair are one File whose Path is the up file and DownPath the down file).
type File struct {
	Path     string // relative to the repository (or the directory given)
	DownPath string // golang-migrate / Flyway undo: the separate down file
	Dir      string // the migration directory it was found in
	Version  string // "0042", "20240101120000", "1.2"; "" for repeatable
	Name     string // "drop_legacy_email"
	Format   Format
	Kind     Kind
	Up       *Section
	Down     *Section // nil when the file has no down part
	// Hash is a hex digest of the up part's normalised content, used to
	// recognise a migration moved to another folder.
	Hash       string
	Directives []Directive
	// Errors are file-level problems (not UTF-8, unreadable, …).
	Errors []*sqlast.ParseError

	load func() // reads and parses the file (Options.Defer); nil once done
}

// Load reads and parses a file loaded with Options.Defer (once; nothing
// otherwise). Files of one Set may be loaded concurrently.
func (f *File) Load() {
	if l := f.load; l != nil {
		f.load = nil
		l()
	}
}

// Release lets go of what Load read: the statements, directives and
// errors of the parts (the file's name, format and kind stay).
func (f *File) Release() {
	f.load = nil
	for _, s := range []*Section{f.Up, f.Down} {
		if s != nil {
			s.Stmts, s.Errors, s.src = nil, nil, ""
		}
	}
	f.Directives, f.Errors = nil, nil
}

// Set is the migrations found under one or more directories, in apply order.
type Set struct {
	Dirs  []string
	Files []*File
	// Skipped lists, with the reason, the files of the selected migration
	// directories (and the .sql files a glob selected) that are not read as
	// migrations: a .sql name the directory's tool does not run, a goose Go
	// migration. What they change is unknown to the checks, so callers
	// must say so.
	Skipped []Skip
	// Excluded lists, with the reason, the .sql files (and directories)
	// left out on purpose, not a problem: what an exclude pattern names,
	// and the variants of a migration written for another database engine
	// (`….mysql.up.sql` beside `….postgres.up.sql`).
	Excluded []Skip
	// Unmatched lists the selecting entries (Options.Dirs, Include) that
	// selected nothing; only with Options.MissingOK, which makes them
	// no error.
	Unmatched []string
	// GoOnly, when discovery found no migration folder: the folders named
	// `migrations` or `migration` that hold Go files and no .sql file
	// (woodpecker's xormigrate steps, spicedb's zz_migration.*.go): most
	// likely Go migrations, which rbcheck does not read.
	GoOnly []string
}
