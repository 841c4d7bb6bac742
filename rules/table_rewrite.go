package rules

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "table-rewrite",
		Title:      "Statements that rewrite a whole existing table",
		Effect:     Locking,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Some ALTER TABLE forms make Postgres write a new copy of the table (and rebuild every " +
			"index on it) while holding an ACCESS EXCLUSIVE lock: no read and no write of the table " +
			"completes until the copy is done, which for a large table is minutes to hours, and the " +
			"copy needs as much free disk as the table and its indexes. They are: adding a column whose " +
			"default is volatile (`random()`, `gen_random_uuid()`, `uuid_generate_v4()`, " +
			"`clock_timestamp()`, `nextval()`, or any function not declared STABLE or IMMUTABLE: " +
			"rbcheck knows the built-in and contrib functions from Postgres' catalog and what the " +
			"migrations' CREATE FUNCTION declares, and treats any other function as volatile, as " +
			"Postgres does; a serial, identity or stored generated column); adding " +
			"any column with a non-null default before Postgres 11 (since 11 a constant or stable " +
			"default such as `now()` is stored in the catalog and the add is instant); changing a " +
			"column's type when the old and new types are not binary compatible (`int` → `bigint`, " +
			"`timestamp` → `timestamptz`, `varchar(20)` → `varchar(10)`, a `USING` expression; " +
			"`varchar(n)` → `text` or a longer `varchar` is free); `SET LOGGED` / `SET UNLOGGED`; and " +
			"`SET TABLESPACE` and `SET ACCESS METHOD`. Making a column NOT NULL does not rewrite but scans the table under " +
			"the same lock: see set-not-null-scan.",
		Bad: "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();\n" +
			"ALTER TABLE orders ALTER COLUMN id TYPE bigint;",
		Good: "ALTER TABLE users ADD COLUMN token uuid;\n" +
			"ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();\n" +
			"-- then backfill existing rows in batches:\n" +
			"UPDATE users SET token = gen_random_uuid() WHERE id BETWEEN 1 AND 10000 AND token IS NULL;",
		Fix: []string{
			"Volatile default: add the column without a default, `SET DEFAULT` in a second statement (only new rows get it), then backfill old rows in small batches.",
			"Type change: add a new column of the new type, keep both in sync (trigger or application double-write), backfill in batches, switch reads, then drop the old column.",
			"Serial or identity column: add a plain bigint column, attach a sequence or `ADD GENERATED … AS IDENTITY` after backfilling.",
			"SET LOGGED/UNLOGGED, SET TABLESPACE: rebuild online with pg_repack, or schedule a maintenance window.",
		},
		Default: true,
		Check:   checkTableRewrite,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkTableRewrite(c *Context) {
	at, ok := c.Stmt.Node.(*sqlast.AlterTable)
	if !ok || (at.ObjType != sqlast.ObjTable && at.ObjType != "") {
		return
	}
	if !lkExistingTable(c, at.Table) {
		return
	}
	t := lkQuote(at.Table)
	tail := " rewrites the whole table under an access exclusive lock that blocks reads and writes of " + t
	for i := range at.Cmds {
		cmd := &at.Cmds[i]
		colObj := Object{Type: sqlast.ObjColumn, Schema: at.Table.Schema, Table: at.Table.Name, Column: cmd.Column}
		switch cmd.Kind {
		case sqlast.AddColumn:
			d := cmd.Def
			if d == nil {
				continue
			}
			colObj.Column = d.Name
			col := lkQ(d.Name)
			switch {
			case d.Serial:
				c.Report(cmd.Pos, colObj, "adding serial column "+col+" to existing table "+t+tail,
					"add a plain bigint column, backfill it in batches, then attach a sequence default or identity")
			case d.Identity:
				c.Report(cmd.Pos, colObj, "adding identity column "+col+" to existing table "+t+tail,
					"add a plain bigint column, backfill it in batches, then ALTER COLUMN … ADD GENERATED … AS IDENTITY")
			case d.Generated != nil:
				c.Report(cmd.Pos, colObj, "adding stored generated column "+col+" to existing table "+t+tail,
					"add a plain column filled by a trigger, backfill it in batches, or accept a maintenance window")
			case d.Default != nil && !d.Default.Null:
				known, unknown := volatileCalls(c, d.Default)
				const help = "add the column without a default, SET DEFAULT separately, then backfill existing rows in batches"
				switch {
				case len(known) > 0:
					c.Report(cmd.Pos, colObj, "adding column "+col+" to existing table "+t+" with volatile default "+strings.Join(known, ", ")+tail, help)
				case len(unknown) > 0:
					fn := strings.Join(unknown, ", ")
					c.Report(cmd.Pos, colObj, "adding column "+col+" to existing table "+t+" with default "+fn+tail+
						": "+fn+" is neither a built-in stable or immutable function nor one the migrations create, and postgres makes a function volatile unless it is declared otherwise",
						help+" (if "+fn+" is declared STABLE or IMMUTABLE elsewhere, give rbcheck its CREATE FUNCTION in a --schema baseline)")
				case c.PGVersion > 0 && c.PGVersion < 11:
					c.Report(cmd.Pos, colObj, "adding column "+col+" with a default to existing table "+t+" on postgres "+itoaLk(c.PGVersion)+tail, help)
				}
			}
		case sqlast.AlterColumnType:
			if cmd.Type == nil {
				continue
			}
			to := lkTypeText(*cmd.Type)
			old := lkColumn(c, at.Table, cmd.Column)
			if old == nil || old.Type.Name == "" {
				msg := "changing column " + lkQ(cmd.Column) + " of " + t + " to " + to + " may rewrite the table under an access exclusive lock that blocks reads and writes of " + t + " (its current type is unknown to rbcheck)"
				c.Report(cmd.Pos, colObj, msg, "add a new column of the new type, backfill it in batches, switch reads and writes, then drop the old column")
				continue
			}
			if binaryCompatible(old.Type, *cmd.Type) && trUsingTrivial(cmd.Using, cmd.Column) {
				continue
			}
			c.Report(cmd.Pos, colObj,
				"changing column "+lkQ(cmd.Column)+" of "+t+" from "+lkTypeText(old.Type)+" to "+to+tail+" and rebuilds its indexes",
				"add a new column of the new type, backfill it in batches, switch reads and writes, then drop the old column")
		case sqlast.SetLogged, sqlast.SetUnlogged:
			what := "set logged"
			if cmd.Kind == sqlast.SetUnlogged {
				what = "set unlogged"
			}
			c.Report(cmd.Pos, Object{Type: sqlast.ObjTable, Schema: at.Table.Schema, Table: at.Table.Name},
				what+" on existing table "+t+tail,
				"rebuild the table online with pg_repack or schedule a maintenance window")
		case sqlast.AlterOther:
			if strings.EqualFold(cmd.Raw, "SetAccessMethod") {
				c.Report(cmd.Pos, Object{Type: sqlast.ObjTable, Schema: at.Table.Schema, Table: at.Table.Name},
					"changing the access method of existing table "+t+tail,
					"rebuild the table online with pg_repack or schedule a maintenance window")
			}
		case sqlast.SetTablespace:
			c.Report(cmd.Pos, Object{Type: sqlast.ObjTable, Schema: at.Table.Schema, Table: at.Table.Name},
				"moving existing table "+t+" to another tablespace copies it under an access exclusive lock that blocks reads and writes of "+t,
				"move the table online with pg_repack --tablespace or schedule a maintenance window")
		}
	}
}

// trUsingTrivial reports whether a USING expression is absent or just the
// column (possibly cast), which does not force a rewrite by itself.
func trUsingTrivial(u *sqlast.Expr, col string) bool {
	if u == nil {
		return true
	}
	s := strings.ToLower(strings.TrimSpace(u.Text))
	s = strings.Trim(s, "()")
	if i := strings.Index(s, "::"); i >= 0 {
		s = s[:i]
	}
	s = strings.Trim(strings.TrimSpace(s), `"()`)
	return s == strings.ToLower(col)
}
