package sqlast

// UseKind is how a query uses a table or column.
type UseKind string

const (
	UseSelect UseKind = "select"
	UseInsert UseKind = "insert"
	UseUpdate UseKind = "update"
	UseDelete UseKind = "delete"
	UseDDL    UseKind = "ddl"
	UseCopy   UseKind = "copy"
	UseModel  UseKind = "model" // an ORM struct maps the column
)

// ColumnStar is the Column of a use that selects every column (`*`, `t.*`,
// RETURNING *, INSERT without a column list).
const ColumnStar = "*"

// Use is one table or column that a query touches.
type Use struct {
	Table  Name    // resolved base table; Name "" when it could not be resolved
	Column string  // "" for a table-only use, ColumnStar for a star, else the column
	Kind   UseKind // what the statement does with it
	// Candidates lists every table an unqualified column may belong to when a
	// query reads several tables and the catalog could not decide; Table is
	// then empty.
	Candidates []Name
	Offset     int // byte offset of the token in the query text, -1 if unknown
	// Fragment is, for uses found by pgparse.AnalyzePartial, the index of
	// the constant fragment Offset points into; 0 otherwise.
	Fragment int
	// Certain is set by the Go analysis on a use of a partly known
	// statement whose name is constant text of it, not glued to a piece
	// known only at run time (see analyzer.Ref.Certain).
	Certain bool
}

// Conflict is an INSERT … ON CONFLICT target.
type Conflict struct {
	Table      Name
	Columns    []string // ON CONFLICT (a, b)
	Constraint string   // ON CONFLICT ON CONSTRAINT name
}

// Literal is a string or number literal compared with (or assigned to) a
// column, so a renamed enum value (or a value a data migration rewrote)
// that old code still writes or filters on is found.
type Literal struct {
	Table  Name
	Column string
	Value  string
	// Number: the constant is a number (`status = 1`), not a string.
	Number bool
}

// Query is what one SQL statement from application code touches.
type Query struct {
	// Kind is "select", "insert", "update", "delete", "merge", "copy", "ddl"
	// or "other": the kind of the first statement in the text that is not
	// transaction control (BEGIN; UPDATE …; COMMIT is "update"). Uses carry
	// their own kinds, so a SELECT whose CTE deletes is "select" with a
	// delete use.
	Kind string
	Uses []Use
	// InsertTable/InsertColumns: the table an INSERT writes and the columns it
	// names; InsertNoColumns is true for INSERT without a column list.
	InsertTable     *Name
	InsertColumns   []string
	InsertNoColumns bool
	Conflicts       []Conflict
	Literals        []Literal
	// Outputs are the result columns of the first top-level statement that
	// returns rows (a SELECT's target list, an INSERT's, UPDATE's or
	// DELETE's RETURNING), in order; nil when it has a `*` (the columns it
	// expands to are not known here) or returns nothing. A plain column
	// reference names its table and column; a computed one only its name.
	Outputs []Output `json:",omitempty"`
	// CTEs lists names defined by WITH, which are not tables.
	CTEs []string
	// Rows are the values of a top-level INSERT … VALUES, one slice per
	// row aligned with InsertColumns (or, without a column list, with the
	// table's columns); nil for INSERT … SELECT. At most MaxRows rows are
	// kept; RowsCut says some were left out.
	Rows    [][]*Term `json:"-"`
	RowsCut bool      `json:"-"`
	// Sets are a top-level UPDATE's SET assignments (of UpdateTable); ConflictSets those
	// of an INSERT's ON CONFLICT DO UPDATE (DoUpdate says it has one).
	Sets         []Assign `json:"-"`
	UpdateTable  *Name    `json:"-"`
	ConflictSets []Assign `json:"-"`
	DoUpdate     bool     `json:"-"`
	// WriteStmts counts the INSERT and UPDATE statements of the text (a
	// CTE's included): Rows and Sets describe the first top-level one.
	WriteStmts int `json:"-"`
}

// Output is one result column of a statement (Query.Outputs).
type Output struct {
	// Name is the column's name in the result (its alias, or the column's).
	Name string
	// Table and Column: the base column a plain reference reads (casts
	// allowed); Column is "" for a computed value, Table.Name "" when the
	// table is not known.
	Table  Name   `json:",omitempty"`
	Column string `json:",omitempty"`
}

// MaxRows is how many rows of an INSERT … VALUES Query.Rows keeps.
const MaxRows = 64

// Assign is one SET col = value of an UPDATE (Value nil: the value is not
// known, as for SET (a, b) = (SELECT …)).
type Assign struct {
	Column string
	Value  *Term
}
