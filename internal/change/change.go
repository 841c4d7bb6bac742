// Package change computes what a release does to the schema the previous
// release's code runs on: replaying the release's migrations over the old
// catalog, it returns typed changes to the objects that existed before
// (table dropped, column renamed, column became required, unique key
// dropped, enum value renamed, …), each at the statement that made it.
//
// The changes are the release's net effect, not a statement-by-statement
// list: a column added and then made NOT NULL "became required"; a foreign
// key dropped and re-created the same is no change; a column renamed and a
// new column added under its old name is "renamed, and the name reused"; a
// table dropped and another renamed into its place is compared column by
// column with what old code knew. What goes with a dropped table (its
// columns, indexes, triggers, owned sequences) is not a change of its own.
//
// The rules declare which changes break which uses of old code (see
// rules.Break); the verdict, the Go analyzer (migrationcheck) and `rbcheck
// verify` read those declarations.
package change

import (
	"strconv"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Kind is a kind of change.
type Kind string

// The kinds of change.
const (
	TableDropped  Kind = "table-dropped"
	TableRenamed  Kind = "table-renamed" // or moved to another schema: NewName is then "schema.name"
	ViewDropped   Kind = "view-dropped"
	ViewRenamed   Kind = "view-renamed"
	ColumnAdded   Kind = "column-added" // to a table or view old code uses
	ColumnDropped Kind = "column-dropped"
	ColumnRenamed Kind = "column-renamed"
	ColumnRetyped Kind = "column-retyped" // From → To
	// ColumnRequired: inserts that leave the column out now fail (NOT NULL,
	// or CHECK (col IS NOT NULL), with no default, identity or generation)
	// where they did not before; also a column added so.
	ColumnRequired Kind = "column-required"
	// ColumnNotNull: the column now rejects NULL, but has a default, so
	// inserts that leave it out still work (writes of NULL fail).
	ColumnNotNull Kind = "column-not-null"
	// ColumnNullable: the column lost NOT NULL.
	ColumnNullable Kind = "column-nullable"
	// ColumnLostDefault: a nullable column lost its default (inserts that
	// leave it out now store NULL).
	ColumnLostDefault Kind = "column-lost-default"
	// UniqueKeyDropped: a primary key, unique constraint or unique index
	// is gone (KeyKept: another unique key on the same columns remains;
	// NameKept: a unique constraint of the same name remains).
	UniqueKeyDropped  Kind = "unique-key-dropped"
	ForeignKeyDropped Kind = "foreign-key-dropped"
	// ForeignKeyActionChanged: a foreign key dropped and re-created to the
	// same table with another ON DELETE (Action "delete") or ON UPDATE
	// (Action "update") action, OldAction → NewAction; RefTable and
	// RefColumns are the referenced table and columns (as they are after
	// the release), Columns the new key's columns (Moved: they differ from
	// the old key's).
	ForeignKeyActionChanged Kind = "foreign-key-action-changed"
	// ConstraintDropped and IndexDropped: a constraint or index the
	// catalog did not know (Unknown) was dropped.
	ConstraintDropped Kind = "constraint-dropped"
	IndexDropped      Kind = "index-dropped"
	ConstraintRenamed Kind = "constraint-renamed"
	EnumValueRenamed  Kind = "enum-value-renamed"
	EnumValueAdded    Kind = "enum-value-added"
	// EnumValueRemoved: the enum type was re-created without the value.
	EnumValueRemoved Kind = "enum-value-removed"
	TypeDropped      Kind = "type-dropped" // enum, domain, composite or range type
	TypeRenamed      Kind = "type-renamed"
	FunctionDropped  Kind = "function-dropped"
	FunctionRenamed  Kind = "function-renamed"
	SequenceDropped  Kind = "sequence-dropped"
	SequenceRenamed  Kind = "sequence-renamed"
	SchemaDropped    Kind = "schema-dropped"
	SchemaRenamed    Kind = "schema-renamed"
	TriggerDropped   Kind = "trigger-dropped"
	// CheckAdded: a CHECK constraint on a table that existed before
	// (NOT VALID or not: either way it applies to every row written from
	// then on). Name is the constraint, Columns the columns it reads, Added
	// those of them the release added. A `col IS NOT NULL` check is
	// column-not-null/column-required instead.
	CheckAdded Kind = "check-added"
	// ValueRewritten: rows of a column that existed before are rewritten
	// from one constant to another (UPDATE t SET c = NewName WHERE c =
	// Value, or WHERE c IS NULL: OldNull; Cause OpUpdateRows), or its
	// default moves from one constant to another (Cause
	// catalog.OpSetDefault; Default is also set when an UPDATE moved the
	// rows the same way). Old code that finds or writes rows by the old
	// value misses or makes rows the new release reads otherwise.
	ValueRewritten Kind = "value-rewritten"
	// JSONKeyRenamed: a key of the JSON documents in a column is renamed
	// (Value → NewName; dotted paths for nested keys) by an UPDATE.
	JSONKeyRenamed Kind = "json-key-renamed"
)

// Change is one net change to an object that existed before the release.
type Change struct {
	Kind Kind
	// Cause is the operation of the statement that completed the change
	// (catalog.OpSetNotNull for a column made required by SET NOT NULL,
	// catalog.OpDropDefault by DROP DEFAULT, catalog.OpAddColumn when it
	// was added so, catalog.OpCreate when another table took the name, …).
	Cause catalog.Op
	// Table is the table or view (schema-qualified, as it was before the
	// release) of relation, column, key and trigger changes; for changes
	// of objects the catalog did not know, as the migration wrote it.
	Table sqlast.Name
	View  bool // Table is a view or materialized view
	// Column is the column before the release.
	Column string
	// Name is the constraint, index or trigger; Object the type,
	// function, sequence or schema (schema changes: Schema and Name both
	// the schema), as before the release.
	Name   string
	Object sqlast.Name
	// NewName is the new name of a rename (a table moved to another
	// schema: "schema.name"; an enum value rename: the new value).
	NewName string
	// Value is the enum value (before the release) of enum value changes.
	Value string
	// From and To are the column's types before and after (ColumnRetyped;
	// From is zero when the catalog did not know it).
	From, To sqlast.TypeName
	// RefTable, RefColumns, Action, OldAction, NewAction and Moved:
	// ForeignKeyActionChanged (RefTable and RefColumns also
	// ForeignKeyDropped: as the key had them before the release).
	RefTable                     sqlast.Name
	RefColumns                   []string
	Action, OldAction, NewAction string
	Moved                        bool
	// OnDelete and OnUpdate are the actions ("no action", "restrict",
	// "cascade", "set null", "set default") of a dropped foreign key
	// (ForeignKeyDropped); "" when not known, or when another key to the
	// same table took its place on other columns (what changed is then a
	// ForeignKeyActionChanged).
	OnDelete, OnUpdate string
	// Columns are the key's columns (UniqueKeyDropped, ForeignKeyDropped,
	// ConstraintRenamed).
	Columns []string
	// Added are the columns of Columns the release added (CheckAdded).
	Added []string
	// Check is the added CHECK's expression, and CheckCols the columns
	// of Columns as the release leaves them (type, default, NOT NULL),
	// which old writes are evaluated with (CheckAdded).
	Check     *sqlast.Expr
	CheckCols []catalog.Column
	// Triggered, when set, says that the release creates a trigger on
	// the table, or creates or replaces a trigger function, which may
	// change the rows writes leave (CheckAdded): "trigger \"t\" on …".
	Triggered string
	// ConKind is the kind of a dropped or renamed constraint ("" for an
	// index).
	ConKind sqlast.ConstraintKind
	// KeyKept and NameKept (UniqueKeyDropped) say what still works: an ON
	// CONFLICT on the columns (another unique key on the same columns
	// remains) or ON CONFLICT ON CONSTRAINT (a unique constraint of the
	// same name remains).
	KeyKept, NameKept bool
	// Readded (ColumnDropped with Reused): the column added back under
	// the name, and where.
	Readded *ReaddedColumn
	// Reused (ColumnRenamed, ColumnDropped) is true when another column
	// now has the column's old name: old code that uses the name reads and
	// writes other data.
	Reused bool
	// Replaced is true when the change comes from comparing the table with
	// another one that took its name (dropped or renamed away, and another
	// table created or renamed into its place).
	Replaced bool
	// OldNull (ValueRewritten): the rows rewritten were those with NULL.
	OldNull bool
	// Default (ValueRewritten): the column's default moved from Value to
	// NewName too.
	Default bool
	// Unknown is true when the catalog did not know the object before the
	// release (there is no complete baseline), so what it was is unknown.
	Unknown bool
	// Pos is where the change was made: the ALTER TABLE sub-command or the
	// statement, in its migration file; Stmt is that statement.
	Pos  sqlast.Pos
	Stmt *sqlast.Stmt
}

// ReaddedColumn is a column added back under the name of a dropped one.
type ReaddedColumn struct {
	Type    sqlast.TypeName
	NotNull bool
	// Default is the default's text ("" none).
	Default string
	Pos     sqlast.Pos
}

// Object is the changed object's name for messages: "users",
// "users.email", "users_email_key on users", "type mood", ….
func (c *Change) Label() string {
	t := display(c.Table)
	switch c.Kind {
	case ColumnAdded, ColumnDropped, ColumnRenamed, ColumnRetyped, ColumnRequired, ColumnNotNull, ColumnNullable, ColumnLostDefault,
		ValueRewritten, JSONKeyRenamed:
		return t + "." + c.Column
	case UniqueKeyDropped, ForeignKeyDropped, ForeignKeyActionChanged, ConstraintDropped, IndexDropped, ConstraintRenamed, TriggerDropped, CheckAdded:
		if t == "" {
			return c.Name
		}
		return c.Name + " on " + t
	case EnumValueRenamed, EnumValueAdded, EnumValueRemoved:
		return display(c.Object) + " value " + c.Value
	case TypeDropped, TypeRenamed, FunctionDropped, FunctionRenamed, SequenceDropped, SequenceRenamed:
		return display(c.Object)
	case SchemaDropped, SchemaRenamed:
		return c.Object.Name
	}
	return t
}

// Describe says what changed, lowercase, for a finding's message.
func (c *Change) Describe() string {
	q := func(s string) string { return `"` + s + `"` }
	what := "table"
	if c.View {
		what = "view"
	}
	switch c.Kind {
	case TableDropped, ViewDropped:
		return what + " " + q(display(c.Table)) + " is dropped"
	case TableRenamed, ViewRenamed:
		return what + " " + q(display(c.Table)) + " is renamed to " + q(c.NewName)
	case ColumnAdded:
		return "column " + q(c.Label()) + " is added"
	case ColumnDropped:
		switch {
		case c.Replaced:
			return what + " " + q(display(c.Table)) + " is replaced by one without column " + q(c.Column)
		case c.Reused:
			return "column " + q(c.Label()) + " is dropped and another column takes its name"
		}
		return "column " + q(c.Label()) + " is dropped"
	case ColumnRenamed:
		s := "column " + q(c.Label()) + " is renamed to " + q(c.NewName)
		if c.Reused {
			s += ", and another column takes its old name"
		}
		return s
	case ColumnRetyped:
		from := "its old type"
		if c.From.Name != "" {
			from = TypeText(c.From)
		}
		s := "column " + q(c.Label()) + " changes type from " + from + " to " + TypeText(c.To)
		if c.Replaced {
			s += " (the table is replaced)"
		}
		return s
	case ColumnRequired:
		if c.Cause == catalog.OpAddColumn {
			return "column " + q(c.Label()) + " is added as not null without a default"
		}
		return "column " + q(c.Label()) + " becomes required (not null without a default)"
	case ColumnNotNull:
		return "column " + q(c.Label()) + " becomes not null"
	case ColumnNullable:
		return "column " + q(c.Label()) + " becomes nullable"
	case ColumnLostDefault:
		return "column " + q(c.Label()) + " loses its default"
	case UniqueKeyDropped:
		kind := "unique index"
		if c.ConKind != "" {
			kind = string(c.ConKind) + " constraint"
		}
		return kind + " " + q(c.Name) + " of " + q(display(c.Table)) + cols(c.Columns) + " is dropped"
	case ForeignKeyDropped:
		return "foreign key " + q(c.Name) + " of " + q(display(c.Table)) + cols(c.Columns) + " is dropped"
	case ForeignKeyActionChanged:
		on := "same columns"
		if c.Moved {
			on = "other columns" + cols(c.Columns)
		}
		return "foreign key " + q(c.Name) + " of " + q(display(c.Table)) + " to " + q(display(c.RefTable)) + " is re-created on the " + on +
			" with ON " + strings.ToUpper(c.Action) + " " + strings.ToUpper(c.NewAction) + " (was " + strings.ToUpper(c.OldAction) + ")"
	case CheckAdded:
		return "check constraint " + q(c.Name) + " is added to existing table " + q(display(c.Table))
	case ValueRewritten:
		return "column " + q(c.Label()) + " " + c.RewriteText()
	case JSONKeyRenamed:
		return "key " + q(c.Value) + " of the json in column " + q(c.Label()) + " is renamed to " + q(c.NewName)
	case ConstraintDropped:
		return "constraint " + q(c.Name) + " of " + q(display(c.Table)) + " is dropped"
	case IndexDropped:
		return "index " + q(c.Name) + " is dropped"
	case ConstraintRenamed:
		return "constraint " + q(c.Name) + " of " + q(display(c.Table)) + " is renamed to " + q(c.NewName)
	case EnumValueRenamed:
		return "value " + q(c.Value) + " of enum " + q(display(c.Object)) + " is renamed to " + q(c.NewName)
	case EnumValueAdded:
		return "value " + q(c.Value) + " is added to enum " + q(display(c.Object))
	case EnumValueRemoved:
		return "enum " + q(display(c.Object)) + " is re-created without value " + q(c.Value)
	case TypeDropped:
		return "type " + q(display(c.Object)) + " is dropped"
	case TypeRenamed:
		return "type " + q(display(c.Object)) + " is renamed to " + q(c.NewName)
	case FunctionDropped:
		return "function " + q(display(c.Object)) + " is dropped"
	case FunctionRenamed:
		return "function " + q(display(c.Object)) + " is renamed to " + q(c.NewName)
	case SequenceDropped:
		return "sequence " + q(display(c.Object)) + " is dropped"
	case SequenceRenamed:
		return "sequence " + q(display(c.Object)) + " is renamed to " + q(c.NewName)
	case SchemaDropped:
		return "schema " + q(c.Object.Name) + " is dropped"
	case SchemaRenamed:
		return "schema " + q(c.Object.Name) + " is renamed to " + q(c.NewName)
	case TriggerDropped:
		return "trigger " + q(c.Name) + " on " + q(display(c.Table)) + " is dropped"
	}
	return string(c.Kind) + " " + q(c.Label())
}

func cols(c []string) string {
	if len(c) == 0 {
		return ""
	}
	return " (" + strings.Join(c, ", ") + ")"
}

// display drops the default schema: "users", "audit.events".
func display(n sqlast.Name) string {
	if n.Schema == catalog.DefaultSchema {
		n.Schema = ""
	}
	return n.String()
}

// TypeText renders a column type: as written when known, else its name
// with modifiers.
func TypeText(t sqlast.TypeName) string {
	if t.Text != "" {
		return t.Text
	}
	s := t.Name
	if len(t.Mods) > 0 {
		parts := make([]string, len(t.Mods))
		for i, m := range t.Mods {
			parts[i] = strconv.Itoa(m)
		}
		s += "(" + strings.Join(parts, ",") + ")"
	}
	if t.Array {
		s += "[]"
	}
	return s
}

// Text describes the kind for documentation: "a column is dropped".
func (k Kind) Text() string {
	switch k {
	case TableDropped:
		return "a table is dropped"
	case TableRenamed:
		return "a table is renamed or moved to another schema"
	case ViewDropped:
		return "a view is dropped"
	case ViewRenamed:
		return "a view is renamed or moved to another schema"
	case ColumnAdded:
		return "a column is added to a table"
	case ColumnDropped:
		return "a column is dropped (or the table is replaced by one without it)"
	case ColumnRenamed:
		return "a column is renamed"
	case ColumnRetyped:
		return "a column's type changes"
	case ColumnRequired:
		return "a column becomes required: NOT NULL (or CHECK (col IS NOT NULL)) with no default"
	case ColumnNotNull:
		return "a column that has a default becomes NOT NULL"
	case ColumnNullable:
		return "a column loses NOT NULL"
	case ColumnLostDefault:
		return "a nullable column loses its default"
	case UniqueKeyDropped:
		return "a primary key, unique constraint or unique index is dropped and no equivalent one remains"
	case ForeignKeyDropped:
		return "a foreign key is dropped and not re-created"
	case ForeignKeyActionChanged:
		return "a foreign key is re-created with another ON DELETE or ON UPDATE action"
	case ConstraintDropped:
		return "a constraint the schema does not describe is dropped"
	case IndexDropped:
		return "an index the schema does not describe is dropped"
	case ConstraintRenamed:
		return "a constraint is renamed"
	case EnumValueRenamed:
		return "an enum value is renamed"
	case EnumValueAdded:
		return "a value is added to an enum"
	case EnumValueRemoved:
		return "an enum is re-created without one of its values"
	case TypeDropped:
		return "a type is dropped"
	case TypeRenamed:
		return "a type is renamed"
	case FunctionDropped:
		return "a function or procedure is dropped"
	case FunctionRenamed:
		return "a function or procedure is renamed"
	case SequenceDropped:
		return "a sequence is dropped"
	case SequenceRenamed:
		return "a sequence is renamed"
	case SchemaDropped:
		return "a schema is dropped"
	case SchemaRenamed:
		return "a schema is renamed"
	case TriggerDropped:
		return "a trigger is dropped from a table that stays"
	case ValueRewritten:
		return "the rows of a column are rewritten from one constant to another (UPDATE … SET c = 'new' WHERE c = 'old'), or its default moves from one constant to another"
	case JSONKeyRenamed:
		return "a key of the JSON documents in a column is renamed by an UPDATE"
	}
	return string(k)
}

// RewriteText says what a ValueRewritten change does to the column:
// "has its rows with '0' rewritten to '9' (and its default)".
func (c *Change) RewriteText() string {
	lit := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	old := lit(c.Value)
	if c.OldNull {
		old = "null"
	}
	switch {
	case c.Cause == catalog.OpSetDefault:
		return "changes its default from " + old + " to " + lit(c.NewName)
	case c.Default:
		return "has its rows with " + old + " rewritten to " + lit(c.NewName) + ", and its default moved the same way"
	}
	return "has its rows with " + old + " rewritten to " + lit(c.NewName)
}
