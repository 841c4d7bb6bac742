package analyzer

import (
	"fmt"
	"go/token"
	"sort"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Confidence says how much of a statement's text rbcheck saw.
type Confidence string

const (
	// Exact: the whole statement text was resolved from constants.
	Exact Confidence = "exact"
	// Partial: only constant fragments of the statement were seen (part of it
	// is built at run time); uses found are real, but others may be missing.
	Partial Confidence = "partial"
)

// Pos is a position in a file of the repository. File is relative to the
// scanned root (slash-separated); Line and Col are 1-based, Col in bytes.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"column"`
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Ref is one table or column use at one Go (or embedded .sql) site.
type Ref struct {
	Table sqlast.Name
	// Column is "" for a table-only use and "*" (sqlast.ColumnStar) for a
	// star.
	Column string
	// Candidates lists the tables an unqualified column may belong to when
	// the query reads several and no schema decided; Table is then empty.
	Candidates []sqlast.Name
	Kind       sqlast.UseKind
	Confidence Confidence
	Pos        Pos
	SQL        string
	// Via names how the statement was found: "database/sql", "pgx", "sqlx",
	// "gorm", "bun", "sqlc", "wrapper pkg.Func", "constant", "embed",
	// "interface Method", "tag db", "squirrel", "copyfrom", …
	Via string
	// Migration: the statement comes from a .sql file the code embeds
	// (//go:embed) that is a migration, the input of its migration runner;
	// it is listed, but it is not a use of the table by the release.
	Migration bool
	// Certain: the use is certain although the statement is partial: its
	// table (and, for an INSERT or UPDATE target column or a star, its
	// column) is constant text of the statement, not glued to a piece
	// known only at run time ("INSERT INTO activity (" + cols + …). The
	// uses of an exact statement are all certain; this flag says it of a
	// partial one.
	Certain bool
	// Unreachable names the function the use lies in when nothing in the
	// code that may run calls it (reach.go): the statement cannot run.
	Unreachable string
	// Dest is, for a column an ORM model maps (Kind model), the field it is
	// read into, with its Go type (dest.go); nil when not known.
	Dest *Dest `json:",omitempty"`
	// Write is, for a column an ORM model maps (Kind model), what a write
	// of the model gives the column from its field: the field
	// ("Note.Body"), its Go type and whether it can be NULL (ormargs.go);
	// nil when the field's type is not known.
	Write *Arg `json:",omitempty"`
	// At is, for a statement completed from a query builder kept in a
	// package variable (Pos is the variable's chain), the call that
	// completes and runs it; zero otherwise.
	At Pos `json:",omitempty"`

	at token.Pos // the statement's position in the package's FileSet (Analyzer diagnostics)
}

// QuerySite is one resolved statement (exact or partial). Query is the
// analysis of SQL (for a partial site, of its fragments).
type QuerySite struct {
	Pos        Pos
	SQL        string
	Confidence Confidence
	Query      *sqlast.Query
	Via        string
	// Fragments are the constant pieces of a partial statement.
	Fragments []string `json:",omitempty"`
	// Migration: see Ref.Migration.
	Migration bool `json:",omitempty"`
	// Scan is how the code consumes the result rows, when the analyzer
	// sees it at the call (consume.go); nil when it cannot tell.
	Scan *Scan `json:",omitempty"`
	// Dests are the fields of the struct a by-name mapper fills with the
	// result, when the code shows it (dest.go); nil when not known.
	Dests []Dest `json:",omitempty"`
	// Built: the statement is synthesised from a builder or ORM chain
	// (squirrel, gorm, bun, go-pg, pop), not SQL text of the code; an
	// ORM's reads its model's columns into the model's fields.
	Built bool `json:",omitempty"`
	// Unreachable: see Ref.Unreachable.
	Unreachable string `json:",omitempty"`
	// At: see Ref.At.
	At Pos `json:",omitempty"`
	// Args are the Go arguments the placeholders are bound to, Args[0]
	// to $1, with what their types say about NULL (args.go); nil when
	// the call does not bind them by position in a way rbcheck reads.
	Args []Arg `json:",omitempty"`

	at token.Pos
}

// Dynamic is a statement whose text could not be resolved at all.
type Dynamic struct {
	Pos    Pos
	Reason string
	Via    string
	// Migration: see Ref.Migration.
	Migration bool
	// Unreachable: see Ref.Unreachable.
	Unreachable string

	at token.Pos
}

// Kinds of FileError.
const (
	// ErrInternal: the analysis of the file failed (a bug in rbcheck, or a
	// library on odd input); the rest of the file was skipped.
	ErrInternal = "internal-error"
	// ErrSyntax: the Go file does not parse; what could be parsed was
	// analysed.
	ErrSyntax = "syntax-error"
	// ErrUnreadable: a file the code uses (a Go file, an embedded .sql
	// file) could not be read.
	ErrUnreadable = "unreadable"
)

// FileError is a file, or part of one, the analysis could not read: what
// it uses is not known, so no verdict built on the inventory may call the
// release safe because of it.
type FileError struct {
	Pos    Pos // the file; Line and Col when known
	Kind   string
	Reason string

	at token.Pos
}

// LibUse is a call into a database library whose queries rbcheck does not
// read (libs.Library.NotRead): what it does to the database is not known.
type LibUse struct {
	Pos Pos
	// Lib is the library's name ("ent", "xorm", …).
	Lib string
	// Call names what is called ("goqu.From", "xorm.Engine.Insert",
	// "zdb load:hit_stats.ByRef"); "import …" for a file that imports
	// the library and calls nothing of it directly (names its types).
	Call string
	// Generated: the file is generated code ("// Code generated … DO NOT
	// EDIT."), such as ent's client.
	Generated bool `json:",omitempty"`
	// Load is the name a statement is loaded by at run time (zdb's
	// "load:name" reads name.sql or name.gotxt from the program's query
	// files): when the code embeds that file, its statement was read there.
	Load string `json:",omitempty"`

	at token.Pos
}

// Inventory is what a package or a repository's code touches.
type Inventory struct {
	Refs    []Ref
	Queries []QuerySite
	Dynamic []Dynamic
	// Errors lists what could not be read (internal errors, Go syntax
	// errors, unreadable files), one entry per file and cause.
	Errors []FileError
	// LibUses are the calls into database libraries rbcheck does not read.
	LibUses []LibUse
}

// Result is the analyzer's per-package result.
type Result struct {
	Inventory
}

// Merge appends other's contents to inv.
func (inv *Inventory) Merge(other *Inventory) {
	if other == nil {
		return
	}
	inv.Refs = append(inv.Refs, other.Refs...)
	inv.Queries = append(inv.Queries, other.Queries...)
	inv.Dynamic = append(inv.Dynamic, other.Dynamic...)
	inv.Errors = append(inv.Errors, other.Errors...)
	inv.LibUses = append(inv.LibUses, other.LibUses...)
}

func posLess(a, b Pos) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Col < b.Col
}

// Sort orders the inventory by position (then table, column, kind) so that
// output is deterministic.
func (inv *Inventory) Sort() {
	sort.SliceStable(inv.Refs, func(i, j int) bool {
		a, b := inv.Refs[i], inv.Refs[j]
		if a.Pos != b.Pos {
			return posLess(a.Pos, b.Pos)
		}
		if a.Table != b.Table {
			return a.Table.String() < b.Table.String()
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Kind < b.Kind
	})
	sort.SliceStable(inv.Queries, func(i, j int) bool { return posLess(inv.Queries[i].Pos, inv.Queries[j].Pos) })
	sort.SliceStable(inv.Dynamic, func(i, j int) bool { return posLess(inv.Dynamic[i].Pos, inv.Dynamic[j].Pos) })
	sort.SliceStable(inv.Errors, func(i, j int) bool { return posLess(inv.Errors[i].Pos, inv.Errors[j].Pos) })
	sort.SliceStable(inv.LibUses, func(i, j int) bool { return posLess(inv.LibUses[i].Pos, inv.LibUses[j].Pos) })
}
