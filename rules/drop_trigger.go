package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-trigger",
		Title:      "Dropping a trigger changes what old code's writes do",
		Effect:     BreaksOldCode,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Old code may rely on a trigger without naming it: one that fills `updated_at`, writes an " +
			"audit row, or keeps an old and a new column in sync during an expand/contract change. " +
			"Once it is gone, a rolled-back release writes rows the trigger used to complete, and the " +
			"data drifts silently.",
		Bad: `DROP TRIGGER users_sync_full_name ON users;`,
		Good: `-- drop the sync trigger only after no rollback target writes the old column` + "\n" +
			`-- rbcheck:ignore drop-trigger no deployed release writes users.full_name since v2.5` + "\n" +
			`DROP TRIGGER users_sync_full_name ON users;`,
		Fix: []string{
			"Release code that does what the trigger did (or no longer needs it).",
			"Drop the trigger in a later release, once no rollback target relies on it.",
		},
		Breaks: []Break{{
			Change: change.TriggerDropped, Uses: []Use{UseTableWrite},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code writes %q and relies on what trigger %q did on those writes", ch.Table.Name, ch.Name)
			},
		}},
		Default: true,
		Check:   checkDropTrigger,
		Nodes:   []sqlast.Node{(*sqlast.Drop)(nil)},
	})
}

func checkDropTrigger(c *Context) {
	d, ok := c.Stmt.Node.(*sqlast.Drop)
	if !ok || d.ObjType != sqlast.ObjTrigger {
		return
	}
	if d.Table.Name != "" && c.NewTable(d.Table) {
		return
	}
	for _, n := range d.Objects {
		if bcTriggerCreatedInFile(c, n.Name, d.Table) {
			continue
		}
		obj := c.TableObj(d.Table)
		obj.Type = sqlast.ObjTrigger
		obj.Name = n.Name
		on := ""
		if d.Table.Name != "" {
			on = " on " + bcQ(d.Table.String())
		}
		c.Report(c.Stmt.Pos, obj,
			"dropping trigger "+bcQ(n.Name)+on+" changes what old code's writes do, which a rollback of the code does not restore",
			"move what the trigger does into the code first, then drop it in a later release")
	}
}

// bcTriggerCreatedInFile reports whether an earlier statement of the file
// created the trigger (the catalog does not track triggers).
func bcTriggerCreatedInFile(c *Context, name string, table sqlast.Name) bool {
	fi, prev := earlier(c, name)
	for _, k := range prev {
		if t, ok := fi.all[k].Node.(*sqlast.CreateTrigger); ok && t.Name == name && t.Table.Name == table.Name {
			return true
		}
	}
	return false
}
