package rules

import (
	"fmt"
	"strings"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "drop-foreign-key",
		Title:      "Dropping a foreign key removes integrity old code may rely on",
		Effect:     BreaksOldCode,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Dropping a foreign key does not make any old write fail: Postgres only stops checking it. What can " +
			"break the old code is what the key did for it. A key `ON DELETE` (`ON UPDATE`) `CASCADE`, `SET NULL` " +
			"or `SET DEFAULT` deleted (changed) the referencing rows when the old code deleted a referenced row " +
			"(changed its key); after the drop those rows stay, orphaned, which the old code did not expect and which " +
			"make re-adding the key on rollback fail until they are cleaned up (Atlas reports this as CD101). Such a " +
			"key blocks when the old code deletes rows of the referenced table (updates its referenced columns): the " +
			"finding names those statements.\n\n" +
			"Old code may also rely on the violation error (23503) to reject a row without its referenced row; " +
			"rbcheck does not see whether it does, so the old code's inserts and updates of the table are shown as " +
			"warnings saying so, never blocking unless `--strict`. That is all a `RESTRICT` or `NO ACTION` key " +
			"(or one whose action is not known) gives.\n\n" +
			"The rule fires on DROP CONSTRAINT of a constraint the catalog knows is a foreign key, or, " +
			"when it does not know the constraint, whose name follows the foreign-key convention " +
			"(`*_fkey`, `fk_*`).\n\n" +
			"A foreign key dropped and re-created in the same release is judged by its net effect: the same " +
			"key again is no change; a key re-created to the same table with `ON DELETE RESTRICT` or `NO " +
			"ACTION` where it was `CASCADE`, `SET NULL` or `SET DEFAULT` (or the same for `ON UPDATE`, also " +
			"on other columns) breaks the old code's deletes (key updates) of the referenced table, which " +
			"Postgres now rejects with 23503 while a row references them; the other way round (`RESTRICT` → " +
			"`CASCADE`) old writes still go through, and the finding is shown without blocking.",
		Bad:  `ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;`,
		Good: `-- release N deletes child rows itself instead of relying on ON DELETE CASCADE` + "\n" + `-- rbcheck:ignore drop-foreign-key release N cleans up orders itself` + "\n" + `ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;`,
		Fix: []string{
			"Release code that no longer relies on the constraint (its cascade or its error).",
			"Drop the foreign key in a later release.",
		},
		Breaks: []Break{{
			// a cascading action the old deletes (key updates) of the
			// referenced table relied on; the old writes of the table
			// itself may rely on the violation error (warnings)
			Change: change.ForeignKeyDropped, Uses: []Use{UseParentDelete, UseParentUpdate, UseRejectedWrite}, Why: bcForeignKeyWhy,
			When: func(ch *change.Change) bool { return bcFKCascades(ch.OnDelete) && bcFKCascades(ch.OnUpdate) },
		}, {
			Change: change.ForeignKeyDropped, Uses: []Use{UseParentDelete, UseRejectedWrite}, Why: bcForeignKeyWhy,
			When: func(ch *change.Change) bool { return bcFKCascades(ch.OnDelete) },
		}, {
			Change: change.ForeignKeyDropped, Uses: []Use{UseParentUpdate, UseRejectedWrite}, Why: bcForeignKeyWhy,
			When: func(ch *change.Change) bool { return bcFKCascades(ch.OnUpdate) },
		}, {
			// RESTRICT, NO ACTION, or not known: old writes still go
			// through; whether the old code relies on the violation error
			// is not known (warnings)
			Change: change.ForeignKeyDropped, Uses: []Use{UseRejectedWrite},
		}, {
			Change: change.ConstraintDropped, Uses: []Use{UseRejectedWrite},
			When: func(ch *change.Change) bool { return bcFKName(ch.Name) },
		}, {
			// re-created so that old deletes (updates) of the referenced
			// rows that went through now fail
			Change: change.ForeignKeyActionChanged, Uses: []Use{UseParentDelete},
			When: func(ch *change.Change) bool { return ch.Action == "delete" && bcFKRejects(ch) },
			Why:  bcFKActionWhy, Message: bcFKActionMessage,
		}, {
			Change: change.ForeignKeyActionChanged, Uses: []Use{UseParentUpdate},
			When: func(ch *change.Change) bool { return ch.Action == "update" && bcFKRejects(ch) },
			Why:  bcFKActionWhy, Message: bcFKActionMessage,
		}, {
			// RESTRICT → CASCADE and the like: old writes go through, with
			// other effects on the referencing rows; shown, never blocking
			Change: change.ForeignKeyActionChanged, Message: bcFKActionMessage,
		}},
		Default: true,
		Check:   checkDropForeignKey,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkDropForeignKey(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil || c.NewTable(a.Table) {
		return
	}
	t := c.Table(a.Table)
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		if cmd.Kind != sqlast.DropConstraint || cmd.Name == "" {
			continue
		}
		con := t.Constraint(cmd.Name)
		if con != nil && (con.Kind != sqlast.ConForeignKey || con.Origin == catalog.New) {
			continue
		}
		if con == nil && !bcFKName(cmd.Name) {
			continue
		}
		obj := c.TableObj(a.Table)
		obj.Type = sqlast.ObjConstraint
		obj.Constraint = cmd.Name
		if con != nil {
			obj.Columns = append([]string(nil), con.Columns...)
		}
		ref := ""
		if con != nil && con.RefTable != nil {
			ref = " to " + bcQ(con.RefTable.String())
		}
		c.Report(cmd.Pos, obj,
			"dropping foreign key "+bcQ(cmd.Name)+" of "+bcQ(a.Table.String())+ref+" lets orphan rows in, which old code and a schema rollback may not expect",
			"stop relying on the constraint in code in one release, then drop it in a later release")
	}
}

// bcFKRejects: the new action makes Postgres reject the old delete
// (update) of a referenced row that the old action let through: RESTRICT
// or NO ACTION where it was CASCADE, SET NULL or SET DEFAULT.
func bcFKRejects(ch *change.Change) bool {
	rejects := func(a string) bool { return a == "restrict" || a == "no action" }
	return rejects(ch.NewAction) && !rejects(ch.OldAction)
}

func bcFKActionWhy(ch *change.Change) string {
	what := "deletes a row of"
	if ch.Action == "update" {
		what = "changes the key of a row of"
	}
	return fmt.Sprintf("when the old code %s %q that a row of %q references, Postgres now rejects it with a foreign key violation (23503) where the old ON %s %s went through",
		what, ch.RefTable.Name, ch.Table.Name, strings.ToUpper(ch.Action), strings.ToUpper(ch.OldAction))
}

func bcFKActionMessage(ch *change.Change) string {
	m := ch.Describe()
	if !bcFKRejects(ch) {
		m += fmt.Sprintf(": old %ss of %q still go through, with another effect on the rows of %q that reference them", ch.Action, ch.RefTable.Name, ch.Table.Name)
	}
	return m
}

func bcFKName(n string) bool {
	n = strings.ToLower(n)
	return strings.HasSuffix(n, "_fkey") || strings.HasSuffix(n, "_fk") || strings.HasPrefix(n, "fk_")
}
