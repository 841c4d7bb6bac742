package rules

import (
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "add-enum-value",
		Title:      "Adding an enum value can break old code that reads it",
		Effect:     BreaksOldCode,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Adding the value is safe for the database, but once the new release writes it, a " +
			"rolled-back release reads rows with a value it does not know: a Go `switch` without a " +
			"default, a strict enum decoder or a validation step may reject the row. Enum values " +
			"cannot be removed again.",
		Bad: `ALTER TYPE order_status ADD VALUE 'refunded';`,
		Good: `-- release N: old code learns to tolerate unknown statuses` + "\n" +
			`-- release N+1:` + "\n" +
			`-- rbcheck:ignore add-enum-value release N handles unknown statuses` + "\n" +
			`ALTER TYPE order_status ADD VALUE 'refunded';`,
		Fix: []string{
			"Make sure the rollback target tolerates unknown values of the type (or knows the new one).",
			"Add the value in a migration of its own (before Postgres 12 it cannot run inside a transaction block).",
			"Release code that writes the new value.",
		},
		Breaks:  []Break{{Change: change.EnumValueAdded}},
		Default: true,
		Check:   checkAddEnumValue,
		Nodes:   []sqlast.Node{(*sqlast.AlterEnum)(nil)},
	})
}

func checkAddEnumValue(c *Context) {
	a, ok := c.Stmt.Node.(*sqlast.AlterEnum)
	if !ok || a.AddValue == "" {
		return
	}
	e := c.Enum(a.Type)
	if e != nil && e.Origin == catalog.New {
		return
	}
	if e != nil && a.IfNotExists {
		for _, v := range e.Values {
			if v == a.AddValue {
				return // already there: nothing changes
			}
		}
	}
	obj := Object{Type: sqlast.ObjEnumValue, Schema: a.Type.Schema, Name: a.Type.Name, Value: a.AddValue}
	if e != nil && obj.Schema == "" {
		obj.Schema = e.Name.Schema
	}
	c.Report(c.Stmt.Pos, obj,
		"adding value "+bcQ(a.AddValue)+" to enum "+bcQ(a.Type.String())+" can break old code that reads a value it does not know",
		"make sure the rollback target tolerates unknown values of the type before writing the new one")
}
