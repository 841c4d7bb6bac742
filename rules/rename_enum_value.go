package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rename-enum-value",
		Title:      "Renaming an enum value breaks code that reads or writes the old value",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: ">= 10",
		Why: "Old code that writes the old value fails with `invalid input value for enum`, and old " +
			"code that compares with it (`WHERE status = 'old'`, a Go constant) silently matches " +
			"nothing. The rename cannot be undone by a rollback of the code.",
		Bad: `ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';`,
		Good: `ALTER TYPE order_status ADD VALUE 'cancelled';` + "\n" +
			`-- write the new value, migrate rows (UPDATE … SET status = 'cancelled' WHERE status = 'canceled'),` + "\n" +
			`-- and keep reading both values until no rollback target writes the old one`,
		Fix: []string{
			"Add the new value (ALTER TYPE … ADD VALUE).",
			"Release code that writes the new value and reads both.",
			"Update existing rows to the new value.",
			"Once no rollback target uses the old value, stop reading it (enum values cannot be dropped; leave it unused or recreate the type).",
		},
		Breaks: []Break{{
			Change: change.EnumValueRenamed, Uses: []Use{UseEnumValue},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code writes or compares the enum value %q, which is renamed to %q: writes fail with `invalid input value for enum` and filters silently match nothing", ch.Value, ch.NewName)
			},
		}},
		Default: true,
		Check:   checkRenameEnumValue,
		Nodes:   []sqlast.Node{(*sqlast.AlterEnum)(nil)},
	})
}

func checkRenameEnumValue(c *Context) {
	a, ok := c.Stmt.Node.(*sqlast.AlterEnum)
	if !ok || a.OldValue == "" {
		return
	}
	e := c.Enum(a.Type)
	if e != nil && e.Origin == catalog.New {
		return
	}
	obj := Object{Type: sqlast.ObjEnumValue, Schema: a.Type.Schema, Name: a.Type.Name, Value: a.OldValue, NewName: a.NewValue}
	if e != nil && obj.Schema == "" {
		obj.Schema = e.Name.Schema
	}
	c.Report(c.Stmt.Pos, obj,
		"renaming value "+bcQ(a.OldValue)+" of enum "+bcQ(a.Type.String())+" to "+bcQ(a.NewValue)+" breaks code that still reads or writes the old value",
		"add the new value, write it and read both, migrate the rows, and stop using the old value in a later release")
}
