package verdict

import (
	"fmt"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// downNotes says, for each new migration, whether its down part exists,
// restores what the up part removed, or restores the shape but not the data.
func downNotes(res *Result, files []*migrations.File, before *catalog.Catalog) {
	byPath := map[string]*MigrationInfo{}
	for i := range res.Migrations {
		byPath[res.Migrations[i].Path] = &res.Migrations[i]
	}
	for _, f := range files {
		info := byPath[f.Path]
		if info == nil {
			continue
		}
		removed := removedObjects(f, before)
		switch {
		case f.Down == nil || f.Down.Empty || len(f.Down.Stmts) == 0:
			info.Down = "missing"
			info.DownNote = "no down migration: rolling the schema back means writing one during the incident"
		case len(removed) == 0:
			info.Down = "restoring"
			info.DownNote = "the up part removes nothing, so the down part loses no data"
		default:
			info.Down = "lossy"
			info.DownNote = fmt.Sprintf("the down part can recreate %s but not the data the up part deleted", strings.Join(removed, ", "))
		}
	}
}

// removedObjects lists the existing columns and tables the up part drops
// (their data is gone whatever the down part does).
func removedObjects(f *migrations.File, before *catalog.Catalog) []string {
	if f.Up == nil {
		return nil
	}
	var out []string
	for _, s := range sqlast.WithNested(f.Up.Stmts) {
		switch n := s.Node.(type) {
		case *sqlast.AlterTable:
			for _, c := range n.Cmds {
				if c.Kind == sqlast.DropColumn {
					out = append(out, fmt.Sprintf("column %q", n.Table.Name+"."+c.Column))
				}
			}
		case *sqlast.Drop:
			if n.ObjType == sqlast.ObjTable {
				for _, o := range n.Objects {
					if t := before.Table(o); t == nil || t.Origin == catalog.Existing {
						out = append(out, fmt.Sprintf("table %q", o.String()))
					}
				}
			}
		case *sqlast.Truncate:
			for _, o := range n.Tables {
				out = append(out, fmt.Sprintf("the rows of %q", o.String()))
			}
		case *sqlast.Delete:
			out = append(out, fmt.Sprintf("the deleted rows of %q", n.Table.String()))
		}
	}
	return out
}
