// Package catalog rebuilds the schema a sequence of migrations produces.
//
// Replaying statements in order (Apply) tracks schemas, tables, columns,
// constraints, indexes, views, enum types, sequences and functions. Rules
// look at the catalog as it was just before the statement they check; the
// verdict compares the catalog before and after a release.
//
// Build one with NewCatalog (New is an Origin) or LoadSchema (a pg_dump
// style baseline), replay with Apply, ApplySQL, ApplyFile or ApplySet, and
// copy with Clone. Unnamed constraints and indexes get the names Postgres
// gives them (users_pkey, users_email_key, orders_user_id_fkey,
// users_age_check, users_email_idx, …). Replay never fails: objects that
// already exist are kept (with their origin), objects that are missing are
// skipped or tracked as Partial stubs, and statements the catalog does not
// model leave a note in Notes. Keys of the maps are "schema.name";
// unqualified names resolve to the schema of the last SET search_path, then
// public.
package catalog

import "github.com/rbcheck/rbcheck/internal/sqlast"

// Origin says where an object came from. (Because New is an Origin, the
// catalog constructor is NewCatalog.)
type Origin int

const (
	// Existing objects come from a baseline schema file or from migrations
	// that are not being checked (an older release): they may have readers.
	Existing Origin = iota
	// New objects were created by the migrations being checked: nothing
	// deployed reads them yet.
	New
)

// Column is a table column.
type Column struct {
	Name     string
	Type     sqlast.TypeName
	NotNull  bool
	Default  *sqlast.Expr
	Identity bool
	// Generated is true for GENERATED ALWAYS AS (…) STORED: inserts
	// cannot set it and need not.
	Generated bool
	Origin    Origin
}

// Constraint is a named table constraint.
type Constraint struct {
	sqlast.Constraint
	Origin Origin
}

// Index is an index on a table.
type Index struct {
	Name    string
	Schema  string
	Table   sqlast.Name
	Unique  bool
	Columns []string
	Origin  Origin
	// Exprs are the key expressions that are not plain columns.
	Exprs []string
	// Partial is true for an index with a WHERE clause.
	Partial bool
	// Constraint names the primary key, unique or exclusion constraint the
	// index implements ("" for a plain CREATE INDEX).
	Constraint string
}

// Table is a table (or a view, whose columns may be unknown).
type Table struct {
	Name        sqlast.Name // always schema-qualified (public by default)
	Columns     []*Column   // in order
	Constraints []*Constraint
	Origin      Origin
	View        bool // a view or materialized view
	// Partial is true when the columns may be incomplete: CREATE TABLE AS,
	// a view without a column list, or a table the catalog never saw
	// created (a stub made when a statement altered it).
	Partial bool
	// Materialized is true for a materialized view.
	Materialized bool
}

// Enum is an enum type with its values in order.
type Enum struct {
	Name   sqlast.Name
	Values []string
	Origin Origin
}

// Catalog is the replayed schema. The zero value is not ready: use New.
type Catalog struct {
	Tables    map[string]*Table // key: schema.name
	Indexes   map[string]*Index // key: schema.name
	Enums     map[string]*Enum  // key: schema.name
	Sequences map[string]Origin
	Functions map[string]Origin // key: schema.name (no argument types)
	Schemas   map[string]Origin
	Views     map[string]*Table // key: schema.name
	// Types holds composite, range and domain types (enums are in Enums).
	Types map[string]Origin // key: schema.name
	// Notes are debug notes for statements the catalog does not model.
	Notes []string

	searchPath string // the schema unqualified names resolve to ("" = public)
	// path holds the configured schemas (SetPath) an unqualified name of
	// an existing object is looked up in, after searchPath, before public.
	path []string

	// funcVol holds what the last CREATE FUNCTION of a key of Functions
	// declared; see FunctionInfo.
	funcVol map[string]FuncInfo

	// journal receives what Apply does (SetJournal); cur is the statement
	// being replayed.
	journal func(Event)
	cur     *sqlast.Stmt

	// Deploy bookkeeping: once tracked (after a first Deploy walked every
	// object), Apply records each table or view that gets a New table,
	// column or constraint, and each New index and enum, so the next Deploy
	// visits only those instead of the whole schema.
	tracked      bool
	freshTables  []*Table
	freshIndexes []*Index
	freshEnums   []*Enum
	freshKeys    []freshKey

	// byName indexes tables and views by bare name for RelationsNamed:
	// nil until its first call, then every table or view that gets a
	// name is added; entries that were dropped or renamed since are
	// weeded out when looked up.
	byName map[string][]*Table
	// byNameN counts the entries of byName, byNameLive those left after
	// the last weeding of every entry.
	byNameN, byNameLive int

	// fkTo holds, by RefTable, every table of Tables that has a constraint
	// with that RefTable (and maybe tables dropped or changed since, weeded
	// when looked up), so what follows a renamed or dropped table or column
	// visits only the tables that reference it, not every table with a
	// foreign key (with thousands of those a long migration was quadratic);
	// nil until first used.
	fkTo map[sqlast.Name][]*Table
	// fkN counts the entries of fkTo; past fkLimit they are built afresh
	// (dropped tables would otherwise stay listed forever).
	fkN, fkLimit int

	// idxByName indexes Indexes by bare index name for IndexesNamed:
	// every key an index was stored under, weeded when looked up; nil
	// until its first call.
	idxByName map[string][]idxEntry
	// idxByTable does the same by the table an index is on (Index.Table).
	idxByTable map[sqlast.Name][]idxEntry
	// idxN counts the entries of both, idxLive those left after the last
	// weeding of every entry.
	idxN, idxLive int

	// dropNotes: DropNotes was called.
	dropNotes bool
}

// DropNotes stops the recording of Notes (a long lint that prints none
// need not hold one per statement the catalog does not model).
func (c *Catalog) DropNotes() { c.dropNotes = true }
