package rules

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// Use is a way the previous release's code uses the database that a
// change can break. The verdict looks each one up in the old code
// (internal/verdict), the Go analyzer (analyzer/migrationcheck) in the
// code it checks, and `rbcheck verify` says which check of Postgres
// proves it.
type Use string

const (
	// UseRelation: any query that names the table or view.
	UseRelation Use = "relation"
	// UseColumn: reads and writes that name the column, ORM fields mapped
	// to it, and SELECT * of its table.
	UseColumn Use = "column"
	// UseInsertOmits: INSERTs (and COPYs) into the table that leave the
	// column out, and INSERTs without a column list.
	UseInsertOmits Use = "insert-omits"
	// UseConflictKey: INSERT … ON CONFLICT (cols) on exactly the dropped
	// key's columns (unless another unique key on them remains).
	UseConflictKey Use = "conflict-key"
	// UseConflictName: INSERT … ON CONFLICT ON CONSTRAINT naming it
	// (unless a unique constraint of that name remains).
	UseConflictName Use = "conflict-name"
	// UseStarScan: SELECT * or RETURNING * of the table whose result is
	// scanned by position, or mapped by a mapper that rejects a column it
	// has no field for.
	UseStarScan Use = "star-scan"
	// UseNarrowScan: reads of the column scanned into a Go type that
	// cannot hold every value of the new type (an int32 for a bigint).
	UseNarrowScan Use = "narrow-scan"
	// UseNullScan: reads of the column scanned into a Go type that cannot
	// hold NULL (analyzer.Dest: a model's field, the struct a by-name
	// mapper fills); possible only, since whether the new release writes
	// NULL is not known. Writes without RETURNING read nothing back;
	// destinations that take NULL (pointers, sql.Null*, pgtype, a Scan
	// method testing for nil) are no use.
	UseNullScan Use = "null-scan"
	// UseEnumValue: the enum value written to, or compared with, a column
	// of the type.
	UseEnumValue Use = "enum-value"
	// UseSchema: any query that names an object of the schema.
	UseSchema Use = "schema"
	// UseFunctionCall: calls of the function or procedure.
	UseFunctionCall Use = "function-call"
	// UseSequence: nextval, currval or setval of the sequence.
	UseSequence Use = "sequence"
	// UseTableWrite: INSERT, UPDATE, DELETE (and ORM writes) of the table.
	UseTableWrite Use = "table-write"
	// UseParentDelete: DELETEs (and ORM deletes) of the table a foreign
	// key references (Change.RefTable).
	UseParentDelete Use = "parent-delete"
	// UseParentUpdate: UPDATEs of the referenced table that set a
	// referenced column (Change.RefColumns).
	UseParentUpdate Use = "parent-update"
	// UseRejectedWrite: INSERTs, COPYs and UPDATEs (and ORM writes) of
	// the table of a dropped foreign key, which it may have rejected:
	// possible only, since whether the old code relies on the violation
	// error (23503) is not known; warnings, never blocking unless
	// --strict.
	UseRejectedWrite Use = "rejected-write"
	// UseNullWrite: writes that name the column and may write NULL: a
	// NULL literal, or Go's nil bound to the placeholder, is confirmed; a
	// Go argument whose type may be NULL, or a value not known, is
	// possible; an argument whose type is never NULL is no use
	// (internal/verdict/nullwrite.go, analyzer.Arg).
	UseNullWrite Use = "null-write"
	// UseCheckWrite: writes of the table whose row a new CHECK rejects:
	// the verdict evaluates the check on the values each INSERT or UPDATE
	// writes (internal/sqleval). Rejected is confirmed; not decided, for a
	// write that names a column the check reads, is possible.
	UseCheckWrite Use = "check-write"
	// UseOldValue: statements that compare the column with, or write to
	// it, the value a data migration rewrote (sqlast.Query.Literals,
	// squirrel's constants included): confirmed; the column's other uses
	// are possible (the Go code may pass the old value as a parameter).
	UseOldValue Use = "old-value"
	// UseJSONKey: reads of a json column a key of which is renamed: a
	// read whose value the code decodes (encoding/json, protojson) into a
	// type with a field for the old key is confirmed; one decoded into
	// types without such a field is no use; one decoded into a type
	// rbcheck cannot resolve is not read (the verdict is unknown); one
	// whose decoding is not seen is possible.
	UseJSONKey Use = "json-key"
)

// Text says which old code a use is, for a message: "old code that reads
// or writes it".
func (u Use) Text() string {
	switch u {
	case UseRelation:
		return "old code that queries it"
	case UseColumn:
		return "old code that reads or writes it"
	case UseInsertOmits:
		return "old inserts that leave it out"
	case UseConflictKey, UseConflictName:
		return "old inserts that rely on it in on conflict"
	case UseStarScan:
		return "old code that scans select * by position or with a strict mapper"
	case UseNarrowScan:
		return "old code that scans it into a narrower go type"
	case UseNullScan:
		return "old code that scans it into a go type that cannot hold null"
	case UseEnumValue:
		return "old code that writes or compares the value"
	case UseSchema:
		return "old code that uses its objects"
	case UseFunctionCall:
		return "old code that calls it"
	case UseSequence:
		return "old code that calls nextval on it"
	case UseTableWrite:
		return "old code's writes to the table"
	case UseNullWrite:
		return "old code that writes null to it"
	case UseCheckWrite:
		return "old writes whose rows it rejects"
	case UseOldValue:
		return "old code that finds or writes rows by the old value"
	case UseJSONKey:
		return "old code that reads the old key"
	case UseParentDelete:
		return "old deletes of the referenced table"
	case UseParentUpdate:
		return "old updates of the referenced key"
	case UseRejectedWrite:
		return "old writes that may expect it to reject a row"
	}
	return "old code that uses it"
}

// ObjectOf is the Object of a finding about change ch.
func ObjectOf(ch *change.Change) Object {
	o := Object{Schema: ch.Table.Schema, Table: ch.Table.Name, Column: ch.Column, NewName: ch.NewName,
		Columns: append([]string(nil), ch.Columns...)}
	switch ch.Kind {
	case change.TableDropped, change.TableRenamed:
		o.Type = sqlast.ObjTable
	case change.ViewDropped, change.ViewRenamed:
		o.Type, o.Name = sqlast.ObjView, ch.Table.Name
	case change.ColumnAdded:
		o.Type, o.Column = sqlast.ObjTable, "" // what old code meets is the table's column set
	case change.UniqueKeyDropped, change.ForeignKeyDropped, change.ForeignKeyActionChanged, change.ConstraintDropped, change.ConstraintRenamed, change.CheckAdded:
		o.Type, o.Constraint = sqlast.ObjConstraint, ch.Name
		if ch.ConKind == "" && ch.Kind == change.UniqueKeyDropped {
			o.Type, o.Constraint, o.Index = sqlast.ObjIndex, "", ch.Name
		}
	case change.IndexDropped:
		o.Type, o.Index = sqlast.ObjIndex, ch.Name
	case change.TriggerDropped:
		o.Type, o.Name = sqlast.ObjTrigger, ch.Name
	case change.EnumValueRenamed, change.EnumValueAdded, change.EnumValueRemoved:
		o.Type, o.Schema, o.Name, o.Value = sqlast.ObjEnumValue, ch.Object.Schema, ch.Object.Name, ch.Value
	case change.TypeDropped, change.TypeRenamed:
		o.Type, o.Schema, o.Name = sqlast.ObjType_, ch.Object.Schema, ch.Object.Name
	case change.FunctionDropped, change.FunctionRenamed:
		o.Type, o.Schema, o.Name = sqlast.ObjFunction, ch.Object.Schema, ch.Object.Name
	case change.SequenceDropped, change.SequenceRenamed:
		o.Type, o.Schema, o.Name = sqlast.ObjSequence, ch.Object.Schema, ch.Object.Name
	case change.SchemaDropped, change.SchemaRenamed:
		o.Type, o.Schema, o.Name = sqlast.ObjSchema, ch.Object.Name, ch.Object.Name
	default:
		o.Type = sqlast.ObjColumn
	}
	return o
}

// SameObject reports whether a finding's object is the object ch changed
// (names as written may lack the schema).
func SameObject(o Object, ch *change.Change) bool {
	eq := func(a, b string) bool { return a == "" || b == "" || a == b }
	switch ch.Kind {
	case change.EnumValueRenamed, change.EnumValueAdded, change.EnumValueRemoved:
		return o.Name == ch.Object.Name && o.Value == ch.Value
	case change.TypeDropped, change.TypeRenamed, change.FunctionDropped, change.FunctionRenamed,
		change.SequenceDropped, change.SequenceRenamed:
		return o.Name == ch.Object.Name && eq(o.Schema, ch.Object.Schema)
	case change.SchemaDropped, change.SchemaRenamed:
		return o.Name == ch.Object.Name
	}
	if o.Table != ch.Table.Name || !eq(o.Schema, ch.Table.Schema) {
		return false
	}
	switch ch.Kind {
	case change.UniqueKeyDropped, change.ForeignKeyDropped, change.ForeignKeyActionChanged, change.ConstraintDropped, change.ConstraintRenamed, change.IndexDropped, change.CheckAdded:
		return o.Constraint == ch.Name || o.Index == ch.Name
	case change.TriggerDropped:
		return o.Name == ch.Name
	case change.TableDropped, change.TableRenamed, change.ViewDropped, change.ViewRenamed:
		return true
	}
	return o.Column == ch.Column
}

// Break is what a breaking rule declares, beside the rule: which net
// change of the release (internal/change) it is about, and which uses of
// the old code that change breaks. The verdict, migrationcheck and verify
// read these declarations; none of them knows rule names.
type Break struct {
	Change change.Kind
	// Cause, when set, limits the declaration to changes completed by one
	// of these operations (a column made required by SET NOT NULL is
	// set-not-null's; by DROP DEFAULT, drop-column-default's).
	Cause []catalog.Op
	// When, when set, must accept the change (change-column-type: only
	// changes that are not compatible).
	When func(*change.Change) bool
	// Uses are the uses the change breaks. None: the rule knows no use of
	// old code to look up, its finding never blocks.
	Uses []Use
	// Why says what fails in the old code's uses, for the verdict's
	// evidence.
	Why func(*change.Change) string
	// Message, when set and not "", replaces the message of the rule's
	// finding at the statement when the net change is this one (a
	// foreign key dropped and re-created with another action is not a
	// dropped key; a column dropped and added back still runs).
	Message func(*change.Change) string
}

// Matches reports whether the declaration covers ch.
func (b *Break) Matches(ch *change.Change) bool {
	if b.Change != ch.Kind {
		return false
	}
	if len(b.Cause) > 0 {
		ok := false
		for _, c := range b.Cause {
			if c == ch.Cause {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return b.When == nil || b.When(ch)
}

// Owner returns the rule, among the registered rules enabled says yes to
// and extra, that declares ch, and its declaration; nil when none does
// (rules are tried in name order, extra ones last).
func Owner(ch *change.Change, enabled func(*Rule) bool, extra ...*Rule) (*Rule, *Break) {
	for _, list := range [][]*Rule{All(), extra} {
		for _, r := range list {
			if len(r.Breaks) == 0 || (enabled != nil && !enabled(r)) {
				continue
			}
			for i := range r.Breaks {
				if r.Breaks[i].Matches(ch) {
					return r, &r.Breaks[i]
				}
			}
		}
	}
	return nil, nil
}

// Declares reports whether any registered rule declares a Break for kind.
func Declares(kind change.Kind) bool {
	for _, r := range All() {
		for _, b := range r.Breaks {
			if b.Change == kind {
				return true
			}
		}
	}
	return false
}
