// Package sqlast holds rbcheck's own small model of SQL statements: positions,
// parse errors, the DDL and data statements that migration rules and the
// catalog look at, and the table/column uses found in application queries.
//
// Only internal/pgparse imports the Postgres parser; it translates the parse
// tree into these types. Everything else in rbcheck sees only this package.
package sqlast

import (
	"fmt"
	"strings"
)

// Pos is a position in an original file. Line and Col are 1-based; Col counts
// bytes, as Go's own tools do. Offset is the 0-based byte offset.
type Pos struct {
	File   string
	Line   int
	Col    int
	Offset int
}

func (p Pos) String() string {
	if p.File == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// ParseError is a syntax (or encoding) error in a migration or query, at the
// exact token Postgres complained about.
type ParseError struct {
	Pos Pos
	Msg string // e.g. `syntax error at or near "FROM"`
}

func (e *ParseError) Error() string { return e.Pos.String() + ": " + e.Msg }

// Name is a possibly schema-qualified object name, folded as Postgres folds
// identifiers (unquoted names are lower-cased by the parser already).
type Name struct {
	Schema string // "" when unqualified
	Name   string
}

func (n Name) String() string {
	if n.Schema == "" {
		return n.Name
	}
	return n.Schema + "." + n.Name
}

// Stmt is one SQL statement of a migration file.
type Stmt struct {
	Pos     Pos    // start of the statement's first token in the original file
	End     Pos    // position just after its last byte
	Text    string // the statement text, without the trailing semicolon
	Kind    string // the parser's node name, e.g. "AlterTableStmt", "SelectStmt"
	Node    Node   // the typed model; *Other when rbcheck does not model the statement
	InTx    bool   // runs inside a transaction (set by internal/migrations)
	Comment string // comment lines directly above the statement (set by internal/migrations)

	// Nested are the statements a DO block runs, in source order: the
	// static SQL of its PL/pgSQL body (SELECT left out) and EXECUTE of a
	// constant string, each positioned in the file. The catalog replays
	// them and the rules check them right after the DO statement.
	Nested []*Stmt
	// RunTime are the EXECUTEs of a DO block whose SQL is built at run
	// time (`EXECUTE format('ALTER TABLE %I …', t)`, `EXECUTE stmt`) and
	// may change the schema: what they run is not known.
	RunTime []RunTimeSQL
	// Parent is the DO statement a nested statement runs in.
	Parent *Stmt `json:"-"`
}

// RunTimeSQL is an EXECUTE of SQL built at run time: where it is and the
// expression that builds its SQL.
type RunTimeSQL struct {
	Pos  Pos
	Expr string
}

// WithNested returns stmts with the statements nested in each (a DO
// block's) right after it; stmts itself when none has any.
func WithNested(stmts []*Stmt) []*Stmt {
	n := 0
	for _, st := range stmts {
		if st != nil {
			n += len(st.Nested)
		}
	}
	if n == 0 {
		return stmts
	}
	out := make([]*Stmt, 0, len(stmts)+n)
	for _, st := range stmts {
		out = append(out, st)
		if st != nil {
			out = append(out, st.Nested...)
		}
	}
	return out
}

// Node is implemented by every statement model below.
type Node interface{ node() }

// ObjType names a kind of database object.
type ObjType string

const (
	ObjTable        ObjType = "table"
	ObjColumn       ObjType = "column"
	ObjIndex        ObjType = "index"
	ObjConstraint   ObjType = "constraint"
	ObjView         ObjType = "view"
	ObjMatView      ObjType = "materialized view"
	ObjSequence     ObjType = "sequence"
	ObjType_        ObjType = "type"
	ObjDomain       ObjType = "domain"
	ObjFunction     ObjType = "function"
	ObjProcedure    ObjType = "procedure"
	ObjSchema       ObjType = "schema"
	ObjDatabase     ObjType = "database"
	ObjTrigger      ObjType = "trigger"
	ObjExtension    ObjType = "extension"
	ObjEnumValue    ObjType = "enum value"
	ObjForeignTable ObjType = "foreign table"
	ObjOther        ObjType = "other"
)

// TypeName is a column type as written, normalised: Name is the Postgres
// internal name for built-ins ("int4", "int8", "varchar", "text", "numeric",
// "timestamptz", "bool", "jsonb", …) or the user type's name.
type TypeName struct {
	Schema string // "" or e.g. "pg_catalog" is dropped for built-ins
	Name   string
	Mods   []int // typmods: varchar(20) → [20]; numeric(10,2) → [10 2]
	Array  bool
	Text   string // as the user wrote it, e.g. "varchar(20)"
}

// Expr is an expression the rules care about only superficially.
type Expr struct {
	Text    string   // deparsed or source text
	Const   bool     // a literal constant (possibly cast), e.g. 0, 'x', '{}'::jsonb
	Null    bool     // the NULL literal
	Funcs   []string // functions called anywhere in it, as written ("schema.name" when qualified), e.g. "now", "pg_catalog.timezone", "nextval"; SQL value functions by keyword ("current_timestamp")
	Columns []string // column names it references (for CHECK, index expressions, generated columns)
	// Tree is the expression in the form internal/sqleval evaluates; set
	// for CHECK expressions and constant defaults, nil otherwise.
	Tree *Term `json:"-"`
}

// TermKind is the kind of a Term.
type TermKind string

const (
	TermConst  TermKind = "const"   // a literal: Value is its text, Type "bool", "int", "num" or "string"
	TermNull   TermKind = "null"    // the NULL literal
	TermColumn TermKind = "column"  // a column: Value its name, Op its qualifier ("" or "excluded", …)
	TermParam  TermKind = "param"   // a parameter: Value "$1", …
	TermAnd    TermKind = "and"     // Args
	TermOr     TermKind = "or"      // Args
	TermNot    TermKind = "not"     // Args[0]
	TermIsNull TermKind = "is-null" // Args[0] IS NULL; Op "not" for IS NOT NULL
	TermBool   TermKind = "is-bool" // Args[0] IS [NOT] TRUE/FALSE/UNKNOWN: Op "true", "not true", "false", "not false", "unknown", "not unknown"
	TermOp     TermKind = "op"      // binary operator Op ("=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "distinct", "not distinct") on Args[0], Args[1]
	TermIn     TermKind = "in"      // Args[0] IN (Args[1:]); Op "not" for NOT IN
	TermFunc   TermKind = "func"    // a function call: Op its name, lower case, without schema ("coalesce", "num_nonnulls", …)
	TermCast   TermKind = "cast"    // Args[0]::Op (the type's internal name: "bool", "int4", "text", a user type)
	TermCase   TermKind = "case"    // CASE: Args[0] the simple-CASE argument (nil for a searched CASE), then WHEN/THEN pairs, then the ELSE (nil: NULL)
	TermOther  TermKind = "other"   // anything else: Value is its text
)

// Term is an expression as a small tree of the forms CHECK constraints
// and written values commonly take (internal/sqleval evaluates it with
// SQL's three-valued logic); whatever else is TermOther.
type Term struct {
	Kind  TermKind
	Op    string
	Value string
	Type  string
	Args  []*Term
}

// Literal returns the value of a constant expression as text: 'x' and
// 'x'::type give x, 42 gives 42, true gives true; ok is false for NULL
// and for anything that is not a constant.
func (e *Expr) Literal() (string, bool) {
	if e == nil || !e.Const || e.Null {
		return "", false
	}
	s := strings.TrimSpace(e.Text)
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if strings.HasPrefix(s, "'") {
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] != '\'' {
				b.WriteByte(s[i])
				continue
			}
			if i+1 < len(s) && s[i+1] == '\'' {
				b.WriteByte('\'')
				i++
				continue
			}
			return b.String(), true // the closing quote; a cast may follow
		}
		return "", false
	}
	if i := strings.Index(s, "::"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if s == "" || strings.ContainsAny(s, " '\"") {
		return "", false
	}
	return s, true
}

// ConstraintKind is the kind of a table constraint.
type ConstraintKind string

const (
	ConPrimaryKey ConstraintKind = "primary key"
	ConUnique     ConstraintKind = "unique"
	ConCheck      ConstraintKind = "check"
	ConForeignKey ConstraintKind = "foreign key"
	ConExclusion  ConstraintKind = "exclusion"
	ConNotNull    ConstraintKind = "not null"
)

// FKAction names a foreign key's referential action (as in
// Constraint.OnDelete) from PostgreSQL's one-letter code, the same in the
// parse tree (FKCONSTR_ACTION_*) and in pg_constraint.confdeltype and
// confupdtype: "a" and any unknown code are "no action".
func FKAction(code string) string {
	switch code {
	case "r":
		return "restrict"
	case "c":
		return "cascade"
	case "n":
		return "set null"
	case "d":
		return "set default"
	}
	return "no action"
}

// Constraint is a table or column constraint.
type Constraint struct {
	Kind       ConstraintKind
	Name       string   // "" when unnamed
	Columns    []string // constrained columns (for a column constraint: that column)
	RefTable   *Name    // foreign key target
	RefColumns []string
	// OnDelete and OnUpdate are a foreign key's referential actions:
	// "no action" (the default), "restrict", "cascade", "set null" or
	// "set default".
	OnDelete, OnUpdate string
	Check              *Expr  // CHECK expression
	NotValid           bool   // NOT VALID
	UsingIndex         string // ... USING INDEX name
}

// ColumnDef is a column in CREATE TABLE or ALTER TABLE ADD COLUMN.
type ColumnDef struct {
	Name        string
	Pos         Pos // where the column name is written (zero when unknown)
	Type        TypeName
	NotNull     bool  // NOT NULL or PRIMARY KEY
	Default     *Expr // nil when no DEFAULT
	Identity    bool  // GENERATED … AS IDENTITY
	Generated   *Expr // GENERATED ALWAYS AS (expr) STORED
	Serial      bool  // serial / bigserial / smallserial
	Constraints []Constraint
}

// CreateTable is CREATE TABLE (also CREATE TABLE … AS and PARTITION OF).
type CreateTable struct {
	Table       Name
	IfNotExists bool
	Temp        bool
	Unlogged    bool
	Columns     []ColumnDef
	Constraints []Constraint // table constraints
	AsQuery     bool         // CREATE TABLE … AS / SELECT INTO
	PartitionOf *Name
	Like        []Name
}

// AlterKind is one ALTER TABLE sub-command.
type AlterKind string

const (
	AddColumn          AlterKind = "add column"
	DropColumn         AlterKind = "drop column"
	AlterColumnType    AlterKind = "alter column type"
	SetDefault         AlterKind = "set default"
	DropDefault        AlterKind = "drop default"
	SetNotNull         AlterKind = "set not null"
	DropNotNull        AlterKind = "drop not null"
	AddConstraint      AlterKind = "add constraint"
	DropConstraint     AlterKind = "drop constraint"
	ValidateConstraint AlterKind = "validate constraint"
	AddIdentity        AlterKind = "add identity"
	DropIdentity       AlterKind = "drop identity"
	AttachPartition    AlterKind = "attach partition"
	DetachPartition    AlterKind = "detach partition"
	SetTablespace      AlterKind = "set tablespace"
	SetLogged          AlterKind = "set logged"
	SetUnlogged        AlterKind = "set unlogged"
	AlterOther         AlterKind = "other"
)

// AlterCmd is one sub-command of ALTER TABLE.
type AlterCmd struct {
	Kind        AlterKind
	Pos         Pos    // position of the sub-command when known, else the statement's
	Column      string // the column it acts on
	Def         *ColumnDef
	Type        *TypeName // AlterColumnType
	Using       *Expr     // AlterColumnType … USING
	Default     *Expr     // SetDefault
	Constraint  *Constraint
	Name        string // DropConstraint / ValidateConstraint name, partition name
	IfExists    bool   // DROP COLUMN IF EXISTS, DROP CONSTRAINT IF EXISTS
	IfNotExists bool   // ADD COLUMN IF NOT EXISTS
	Cascade     bool
	Concurrent  bool   // DETACH PARTITION … CONCURRENTLY
	Finalize    bool   // DETACH PARTITION … FINALIZE (completes an interrupted concurrent detach)
	Raw         string // parser's sub-command name for AlterOther
}

// AlterTable is ALTER TABLE (and ALTER INDEX/VIEW/SEQUENCE … that map to it).
type AlterTable struct {
	Table    Name
	ObjType  ObjType
	IfExists bool
	Only     bool
	Cmds     []AlterCmd
}

// Rename is ALTER … RENAME of a table, column, index, constraint, view,
// schema, type, sequence, function, or enum value (see AlterEnum for the latter).
type Rename struct {
	ObjType  ObjType
	Object   Name   // the object renamed; for columns and constraints, the table
	Sub      string // for columns and constraints: the old column/constraint name
	NewName  string
	IfExists bool
}

// Drop is DROP of any object kind.
type Drop struct {
	ObjType      ObjType
	Objects      []Name // for functions: without argument types
	Table        Name   // for DROP TRIGGER / DROP RULE … ON table
	IfExists     bool
	Cascade      bool
	Concurrently bool
}

// CreateIndex is CREATE INDEX.
type CreateIndex struct {
	Name         string // may be ""
	Schema       string
	Table        Name
	Unique       bool
	Concurrently bool
	IfNotExists  bool
	Columns      []string // plain column keys, in order; expressions are listed in Exprs
	Exprs        []Expr
	Where        *Expr
	Method       string // btree, gin, …
	Only         bool   // ON ONLY (partitioned parent)
}

// CreateView is CREATE [OR REPLACE] [MATERIALIZED] VIEW. Its query is not
// kept: no rule, nor the catalog, reads it, and deparsing it cost about 3 %
// of lint's CPU on PostgreSQL's regression tests.
type CreateView struct {
	Name         Name
	Replace      bool
	Materialized bool
	IfNotExists  bool
	Columns      []string // explicit column names when given
}

// CreateEnum is CREATE TYPE … AS ENUM.
type CreateEnum struct {
	Name   Name
	Values []string
}

// AlterEnum is ALTER TYPE … ADD VALUE / RENAME VALUE.
type AlterEnum struct {
	Type        Name
	AddValue    string // when adding
	Before      string
	After       string
	IfNotExists bool
	OldValue    string // when renaming
	NewValue    string
}

// CreateType is CREATE TYPE for composites, ranges, and CREATE DOMAIN.
type CreateType struct {
	Name       Name
	Domain     bool
	BaseType   *TypeName
	Constraint bool // a domain with a CHECK/NOT NULL constraint
}

// AlterDomain is ALTER DOMAIN.
type AlterDomain struct {
	Name          Name
	AddConstraint bool
	Constraint    *Constraint
	Raw           string
}

// CreateSequence is CREATE SEQUENCE; AlterSequence is ALTER SEQUENCE.
type CreateSequence struct {
	Name        Name
	IfNotExists bool
	OwnedBy     string
}

type AlterSequence struct {
	Name     Name
	IfExists bool
}

// CreateFunction is CREATE [OR REPLACE] FUNCTION / PROCEDURE.
type CreateFunction struct {
	Name      Name
	Replace   bool
	Procedure bool
	Language  string
	// Volatility is "immutable", "stable" or "volatile" as declared; ""
	// when the statement declares none (Postgres then makes it volatile).
	Volatility string
	// Inline is the expression of a LANGUAGE sql body that Postgres
	// inlines into the calling expression (a body that is one SELECT of one
	// expression and nothing else, or RETURN expr; neither STRICT, SECURITY
	// DEFINER, SET nor SETOF); nil otherwise. A call of such a function is
	// as volatile as Inline, whatever the function declares, unless it
	// declares STABLE or IMMUTABLE.
	Inline *Expr
	// ReturnsTrigger: the function returns trigger or event_trigger, so
	// only a trigger can call it (a query that does fails).
	ReturnsTrigger bool
}

// CreateSchema is CREATE SCHEMA.
type CreateSchema struct {
	Name        string
	IfNotExists bool
}

// CreateExtension / CreateTrigger are kept for completeness of the catalog.
type CreateExtension struct{ Name string }

type CreateTrigger struct {
	Name  string
	Table Name
}

// Truncate is TRUNCATE.
type Truncate struct {
	Tables  []Name
	Cascade bool
}

// Insert, Update and Delete are DML statements in migrations (data migrations).
type Insert struct {
	Table   Name
	Columns []string
	Targets []Target // the column list with positions (Columns in order)
}

type Update struct {
	Table    Name
	Columns  []string
	HasWhere bool
	Targets  []Target // the SET clause's columns with positions (Columns in order)
	// Where are the conjuncts of the WHERE clause (top-level AND) that pin
	// a column of the target to a constant: col = 'x' (either side, casts
	// allowed; Value.Const) and col IS NULL (Value.Null). A WHERE that is
	// an OR, or any other condition, adds nothing here.
	Where []Cond
}

// Cond is a condition of an UPDATE's WHERE that pins Column to Value.
type Cond struct {
	Column string
	Value  *Expr
}

// KeyMove is a JSON key an UPDATE's SET renames inside a json or jsonb
// column: the value at Old is written at New and Old removed (jsonb_set(c
// #- '{old}', '{new}', c->'old'), (c - 'old') || jsonb_build_object('new',
// c->'old'), replace(c::text, '"old"', '"new"')::jsonb). Nested keys are
// dotted paths ("announcement.level").
type KeyMove struct {
	Old, New string
}

// Target is a column an INSERT column list or an UPDATE SET clause names,
// with where it is written.
type Target struct {
	Name string
	Pos  Pos
	// Sub is true for an assignment to an array element or a composite
	// field (SET a[1] = …, SET c.f = …): several of those may share a column.
	Sub bool
	// Const is, for an UPDATE's SET col = <constant> (possibly cast), the
	// constant; nil otherwise (and for INSERT targets).
	Const *Expr
	// Keys are the JSON keys an UPDATE's SET renames in the column.
	Keys []KeyMove
}

type Delete struct {
	Table    Name
	HasWhere bool
}

// TxKind is a transaction control statement kind.
type TxKind string

const (
	TxBegin    TxKind = "begin"
	TxCommit   TxKind = "commit"
	TxRollback TxKind = "rollback"
	TxOther    TxKind = "other" // SAVEPOINT, RELEASE, PREPARE TRANSACTION …
)

// Transaction is BEGIN / START TRANSACTION / COMMIT / END / ROLLBACK / ….
type Transaction struct{ Kind TxKind }

// Set is SET / SET LOCAL / RESET of a run-time parameter.
type Set struct {
	Name  string // lower-cased, e.g. "lock_timeout", "statement_timeout"
	Value string // "" for RESET or DEFAULT
	Local bool
	Reset bool
}

// Vacuum is VACUUM / ANALYZE; Cluster is CLUSTER; Reindex is REINDEX.
type Vacuum struct {
	Full    bool
	Analyze bool
	Tables  []Name
}

type Cluster struct{ Table Name }

type Reindex struct {
	Kind         string // "table", "index", "schema", "database", "system"
	Name         Name
	Concurrently bool
}

// DropDatabase is DROP DATABASE.
type DropDatabase struct {
	Name     string
	IfExists bool
}

// Select is a plain query (or any DML not modelled above) in a migration.
type Select struct{}

// Other is any statement rbcheck does not model (GRANT, COMMENT, …).
type Other struct{}

func (*CreateTable) node()     {}
func (*AlterTable) node()      {}
func (*Rename) node()          {}
func (*Drop) node()            {}
func (*CreateIndex) node()     {}
func (*CreateView) node()      {}
func (*CreateEnum) node()      {}
func (*AlterEnum) node()       {}
func (*CreateType) node()      {}
func (*AlterDomain) node()     {}
func (*CreateSequence) node()  {}
func (*AlterSequence) node()   {}
func (*CreateFunction) node()  {}
func (*CreateSchema) node()    {}
func (*CreateExtension) node() {}
func (*CreateTrigger) node()   {}
func (*Truncate) node()        {}
func (*Insert) node()          {}
func (*Update) node()          {}
func (*Delete) node()          {}
func (*Transaction) node()     {}
func (*Set) node()             {}
func (*Vacuum) node()          {}
func (*Cluster) node()         {}
func (*Reindex) node()         {}
func (*DropDatabase) node()    {}
func (*Select) node()          {}
func (*Other) node()           {}
