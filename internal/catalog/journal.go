package catalog

import "github.com/rbcheck/rbcheck/internal/sqlast"

// Op is what one replayed statement (or ALTER TABLE sub-command) did.
type Op string

// The operations a Journal receives.
const (
	OpCreate         Op = "create"          // a table, view, index, enum, trigger or name-kept object was created
	OpDrop           Op = "drop"            // … dropped
	OpRename         Op = "rename"          // … renamed (a column, constraint or index too)
	OpSetSchema      Op = "set-schema"      // a table, view, sequence or type moved to another schema
	OpAddColumn      Op = "add-column"      //
	OpDropColumn     Op = "drop-column"     //
	OpAlterType      Op = "alter-type"      // ALTER COLUMN … TYPE
	OpSetDefault     Op = "set-default"     //
	OpDropDefault    Op = "drop-default"    //
	OpSetNotNull     Op = "set-not-null"    // SET NOT NULL, or an added NOT NULL constraint
	OpDropNotNull    Op = "drop-not-null"   //
	OpAddIdentity    Op = "add-identity"    //
	OpDropIdentity   Op = "drop-identity"   //
	OpAddConstraint  Op = "add-constraint"  //
	OpDropConstraint Op = "drop-constraint" //
	OpAddValue       Op = "add-value"       // ALTER TYPE … ADD VALUE
	OpRenameValue    Op = "rename-value"    // ALTER TYPE … RENAME VALUE
	OpStub           Op = "stub"            // a table, column or enum the catalog never saw created, tracked from here on as Existing
	// OpTouch comes before the first change a statement makes to a table,
	// view or enum, while it still has its state from before the
	// statement (the events of ALTER TABLE sub-commands come after each
	// sub-command).
	OpTouch Op = "touch"
)

// Event is one change Apply made, or tried to make, to one object. A
// journal (SetJournal) receives them in order; internal/change uses them to
// say which statement made each change of a release.
type Event struct {
	Op   Op
	Stmt *sqlast.Stmt
	// Pos is the ALTER TABLE sub-command's position when known, else the
	// statement's.
	Pos sqlast.Pos
	// Kind is the kind of object: table, view, column, constraint, index,
	// type (enums too), sequence, function, schema, trigger, enum value.
	Kind sqlast.ObjType
	// The object, when the catalog tracks it (after the event: a renamed
	// object already has its new name; a dropped one is no longer in the
	// catalog but keeps its last state).
	Table      *Table
	Column     *Column
	Constraint *Constraint
	Index      *Index
	Enum       *Enum
	// Name is the object's qualified name before the event, for objects
	// kept by name only (sequences, functions, types, schemas, triggers:
	// schema.table.trigger) and for objects the catalog does not know.
	Name sqlast.Name
	// Sub is the column, constraint, index or enum value the event names
	// (before the event), NewName the new name of a rename (for a
	// set-schema: the new schema).
	Sub, NewName string
	// Missing is true when the catalog did not know the object: nothing
	// changed in the catalog, but the statement meant to change something
	// that existed outside what the catalog saw.
	Missing bool
	// Origin is the origin of an object kept by name only (a dropped or
	// renamed sequence, function, type or schema); Existing when Missing.
	Origin Origin
}

// SetJournal makes Apply call f with every Event from now on (nil stops
// it). A Clone has no journal.
func (c *Catalog) SetJournal(f func(Event)) { c.journal = f }

// ev sends e, completed with the statement being replayed, to the journal.
func (c *Catalog) ev(e Event) {
	if c.journal == nil {
		return
	}
	if e.Stmt == nil {
		e.Stmt = c.cur
	}
	if e.Pos.Line == 0 && e.Stmt != nil {
		e.Pos = e.Stmt.Pos
	}
	c.journal(e)
}

// touch sends OpTouch for a table or view about to change.
func (c *Catalog) touch(t *Table) {
	if c.journal != nil && t != nil {
		c.ev(Event{Op: OpTouch, Kind: relKind(t), Table: t, Name: t.Name})
	}
}

// cmdEv is ev for an ALTER TABLE sub-command on table t.
func (c *Catalog) cmdEv(op Op, cmd *sqlast.AlterCmd, t *Table, col *Column) {
	if c.journal == nil {
		return
	}
	e := Event{Op: op, Pos: cmd.Pos, Kind: sqlast.ObjColumn, Table: t, Column: col, Sub: cmd.Column}
	if col == nil {
		e.Missing = true
		e.Name = t.Name
	}
	c.ev(e)
}
