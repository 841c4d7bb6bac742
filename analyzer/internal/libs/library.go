// Package libs describes the Go SQL libraries rbcheck recognises: for each
// one its import paths, the calls whose argument is SQL text (sinks), the
// method shapes that mark a look-alike interface as a sink, what its query
// builder or ORM chains produce, and how its models name tables and
// columns.
//
// Each library is one value in a file of its own (databasesql.go, pgx.go,
// sqlx.go, …). The analyzer's sink table, the builder and model extractors
// and the library table of docs/go-analysis.md (go generate ./analyzer)
// are all derived from these values, so a new library is one file here
// plus its extractor in analyzer/internal/builder or
// analyzer/internal/models.
package libs

import "strings"

// ArgUse is what a sink does with its SQL argument.
type ArgUse int

const (
	// SQL: the argument is a whole statement.
	SQL ArgUse = iota
	// Fragment: an ORM fragment (a WHERE condition, a column list, a table
	// expression…); the builder extractors render it in its statement.
	Fragment
	// Table: a table name (gorm Table).
	Table
	// Pass: the call returns its argument rewritten (sqlx Rebind); folding
	// goes through it.
	Pass
)

// Sink is a set of methods (or package functions, when Recvs is nil) of a
// library whose argument Arg (0-based, receiver excluded) is SQL used as
// Use says.
type Sink struct {
	Recvs   []string // receiver type names; nil for package-level functions
	Methods []string
	Arg     int
	Use     ArgUse
	// Clause, for a Fragment: "where", "select", "order", "join", "having",
	// "from", "group" or "set".
	Clause string
}

// ParamKind is one parameter of a Shape.
type ParamKind int

const (
	// PString is a string parameter.
	PString ParamKind = iota
	// PContext is a context.Context parameter.
	PContext
	// PAny is an interface{} / any parameter (a scan destination).
	PAny
)

// Shape is a method name and parameter list that marks any type's method as
// a sink: sqlc's generated DBTX and hand-written DB interfaces have the
// library's method names and parameter types, often with unnamed
// parameters. The last fixed parameter may be followed by a variadic one.
type Shape struct {
	Method string
	Params []ParamKind
	Arg    int
}

// Model is how a library's structs map tables and columns.
type Model struct {
	// Tag is the struct tag key that names columns ("" when the library
	// has no struct models).
	Tag string
	// Column names the column of an untagged exported field.
	Column func(field string) string
	// Table names the table of a struct type without an explicit name
	// (nil: the model names no table by itself).
	Table func(typeName string) string
	// Doc says, for the docs table, how tables and columns are named.
	Doc string
}

// Library is one Go SQL library.
type Library struct {
	// Name is the library's short name, also the "via" of its sinks'
	// statements ("database/sql", "pgx", "gorm", …).
	Name string
	// Title names the library in the docs table (Name when empty).
	Title string
	// Paths are the import paths of the library's packages that declare
	// sinks, builders or model types, every major version.
	Paths []string
	// Sinks are its calls whose argument is SQL.
	Sinks []Sink
	// Shapes mark look-alike methods of other types as sinks.
	Shapes []Shape
	// Builder says, for the docs table, which query-builder or ORM chains
	// are turned into statements ("" when none).
	Builder string
	// Model is how its structs map tables ("" Tag when none).
	Model Model
	// Notes are extra words for the docs table.
	Notes string
	// NotRead, for a library whose queries rbcheck does not read (or reads
	// only in part), says what is not read. The analyzer lists every call
	// into a package of NotReadPaths (Inventory.LibUses), and the verdict
	// cannot call a release safe while the old code makes such calls.
	NotRead string
	// NotReadPaths are the import paths of the packages whose calls are
	// not read; each also stands for the packages below it
	// ("github.com/go-jet/jet" covers "github.com/go-jet/jet/v2/postgres").
	NotReadPaths []string
	// NotReadCalls are package functions of a read library (one of Paths)
	// whose database work is not read; their calls are listed like those
	// of NotReadPaths.
	NotReadCalls []string
}

// Heading is the library's name in the docs table.
func (l *Library) Heading() string {
	if l.Title != "" {
		return l.Title
	}
	return l.Name
}

// Has reports whether p is one of the library's import paths.
func (l *Library) Has(p string) bool { return PathIn(p, l.Paths) }

// All lists every library, in the order their sinks are matched.
func All() []*Library {
	return []*Library{DatabaseSQL, Pgx, Sqlx, Gorm, Bun, PgxV3, GoPg, Beego, Pop, Squirrel, Sqlc, LibPQ, Ent, SQLBoiler, Scany,
		Zdb, Xorm, Jet, UpperDB, Dbr, Goqu, Gorp, Rel, Bob, SQLBuilder, Reform}
}

// NotReadLib returns the library whose queries rbcheck does not read that
// import path p belongs to (see Library.NotReadPaths), or nil.
func NotReadLib(p string) *Library {
	if p == "" {
		return nil
	}
	for _, l := range All() {
		for _, q := range l.NotReadPaths {
			if p == q || strings.HasPrefix(p, q+"/") {
				return l
			}
		}
	}
	return nil
}

// PathIn reports whether p is one of paths.
func PathIn(p string, paths []string) bool {
	if p == "" {
		return false
	}
	for _, q := range paths {
		if p == q {
			return true
		}
	}
	return false
}

// ByName returns the library named name, or nil.
func ByName(name string) *Library {
	for _, l := range All() {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// methods is a convenience for sink rows.
func methods(s string) []string { return strings.Fields(s) }
