package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-type",
		Title:      "Dropping a type, enum or domain breaks code that uses it",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Old code that casts to the type (`'paid'::order_status`), declares it in a function or " +
			"creates temporary tables with it fails with `type \"…\" does not exist`. With CASCADE the " +
			"columns of that type are dropped too, and their data with them.",
		Bad:  `DROP TYPE order_status;`,
		Good: `-- release N stops using order_status; a later release drops it:` + "\n" + `-- rbcheck:ignore drop-type unused since release N` + "\n" + `DROP TYPE order_status;`,
		Fix: []string{
			"Move the columns that use the type to their replacement (add, dual-write, backfill, switch reads).",
			"Release code that no longer names the type.",
			"Drop the type in a later release.",
		},
		Breaks: []Break{{
			Change: change.EnumValueRemoved, Uses: []Use{UseEnumValue},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code writes or compares the enum value %q, which the re-created type no longer has: writes fail with `invalid input value for enum`", ch.Value)
			},
		}, {Change: change.TypeDropped}},
		Default: true,
		Check:   checkDropType,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkDropType(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || (d.ObjType != sqlast.ObjType_ && d.ObjType != sqlast.ObjDomain) {
		return
	}
	kind := "type"
	if d.ObjType == sqlast.ObjDomain {
		kind = "domain"
	}
	names := bcNamesOf(c.Stmt)
	for _, n := range d.Objects {
		pos := names.pos(n)
		e := c.Enum(n)
		if e != nil && e.Origin == catalog.New {
			continue
		}
		if c.Catalog != nil && c.NewObject(c.Catalog.Types, n) || bcCreatedInFile(c, n) || bcRecreated(c, d.ObjType, n) {
			continue
		}
		k := kind
		if e != nil {
			k = "enum"
		}
		msg := "dropping " + k + " " + bcQ(n.String()) + " breaks code that still uses it"
		if d.Cascade {
			msg += ", and cascade drops the columns of that type with their data"
		}
		obj := Object{Type: d.ObjType, Schema: n.Schema, Name: n.Name}
		if e != nil && obj.Schema == "" {
			obj.Schema = e.Name.Schema
		}
		c.Report(pos, obj, msg, "stop using the "+k+" in one release, then drop it in a later release")
	}
}

// bcCreatedInFile reports whether an earlier statement of the same file
// created the type or domain n (the catalog tracks only enums).
func bcCreatedInFile(c *Context, n sqlast.Name) bool {
	fi, prev := earlier(c, n.Name)
	for _, k := range prev {
		var got sqlast.Name
		switch x := fi.all[k].Node.(type) {
		case *sqlast.CreateType:
			got = x.Name
		case *sqlast.CreateEnum:
			got = x.Name
		default:
			continue
		}
		if got.Name == n.Name && (got.Schema == n.Schema || got.Schema == "" || n.Schema == "") {
			return true
		}
	}
	return false
}
