package rules

import (
	"fmt"

	"github.com/rbcheck/rbcheck/internal/catalog"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "rewrite-column-value",
		Title:      "Rewriting a column's values from one constant to another breaks code that uses the old value",
		Effect:     BreaksOldCode,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "A data migration that moves a marker (`UPDATE … SET expired_tx_id = 'max' WHERE expired_tx_id = '0'`, " +
			"or `SET DEFAULT` from one constant to another) changes what the rows mean, not the schema. Old code " +
			"that finds rows by the old value (`WHERE expired_tx_id = '0'`) or writes it silently misses the rewritten " +
			"rows after a rollback: nothing fails, its filters just match nothing, and a delete that marks rows by " +
			"the old value deletes nothing. A statement that fills a column the release adds, or computes values " +
			"(`lower(email)`), is not a rewrite of this kind.",
		Bad: "CREATE TABLE tuples (id bigint, expired_tx_id xid8 NOT NULL DEFAULT '0'::xid8);\n" +
			"-- migration\n" +
			"UPDATE tuples SET expired_tx_id = '9223372036854775807'::xid8 WHERE expired_tx_id = '0'::xid8;",
		Good: "CREATE TABLE tuples (id bigint, expired_tx_id xid8 NOT NULL DEFAULT '0'::xid8);\n" +
			"-- migration\n" +
			"-- release code that treats both '0' and the new marker as live first; rewrite the rows later.\n" +
			"ALTER TABLE tuples ADD COLUMN live boolean;\n" +
			"UPDATE tuples SET live = true WHERE live IS NULL;",
		Fix: []string{
			"Release code that reads both values as the same (WHERE c IN ('old', 'new')) and writes the new one.",
			"Rewrite the rows (and move the default) in a later release.",
			"Stop reading the old value once no rollback target writes or looks for it.",
		},
		Breaks: []Break{{
			Change: change.ValueRewritten, Uses: []Use{UseOldValue},
			Why: func(ch *change.Change) string {
				old := fmt.Sprintf("'%s'", ch.Value)
				if ch.OldNull {
					old = "null"
				}
				what := fmt.Sprintf("the migration rewrote the rows with %s to '%s'", old, ch.NewName)
				switch {
				case ch.Cause == catalog.OpSetDefault:
					what = fmt.Sprintf("the column's default moved from %s to '%s', so rows written from now on (the old code's inserts too) carry the new value", old, ch.NewName)
				case ch.Default:
					what += " and moved its default the same way"
				}
				return fmt.Sprintf("the old code finds or writes rows of %q by %s; %s, so after a rollback its filters miss those rows and it silently works on nothing",
					ch.Table.Name+"."+ch.Column, old, what)
			},
		}},
		Default: true,
		Check:   checkRewriteColumnValue,
		Nodes:   []sqlast.Node{(*sqlast.Update)(nil)},
	})
}

func checkRewriteColumnValue(c *Context) {
	u, ok := c.Stmt.Node.(*sqlast.Update)
	if !ok || c.NewTable(u.Table) || c.Table(u.Table) == nil {
		return
	}
	for _, tg := range u.Targets {
		if tg.Sub || c.NewColumn(u.Table, tg.Name) || c.Column(u.Table, tg.Name) == nil {
			continue
		}
		nv, ok := tg.Const.Literal()
		if !ok {
			continue
		}
		for _, cond := range u.Where {
			if cond.Column != tg.Name {
				continue
			}
			ov, ok := cond.Value.Literal()
			if !ok || ov == nv {
				continue // a NULL filled in is not reported here: old code's IS NULL tests are not read
			}
			c.Report(tg.Pos, c.ColumnObj(u.Table, tg.Name),
				fmt.Sprintf("updating %s rewrites its rows with '%s' to '%s': old code that finds or writes rows by '%s' silently misses them after a rollback",
					bcCol(u.Table, tg.Name), ov, nv, ov),
				"release code that reads both values first (WHERE "+tg.Name+" IN ('"+ov+"', '"+nv+"')), and rewrite the rows in a later release")
		}
	}
}
