package rules

import (
	"sort"
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
			"`clock_timestamp()`, `nextval()`, or a function of the schema, which is VOLATILE unless " +
			"declared otherwise; a serial, identity or stored generated column); adding " +
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
	})
}

// trVolatile lists built-in volatile functions seen in defaults.
var trVolatile = map[string]bool{
	"random": true, "random_normal": true, "gen_random_uuid": true, "uuidv4": true, "uuidv7": true,
	"uuid_generate_v1": true, "uuid_generate_v1mc": true, "uuid_generate_v4": true,
	"clock_timestamp": true, "timeofday": true, "nextval": true, "setval": true,
	"currval": true, "lastval": true, "gen_random_bytes": true, "txid_current": true,
	"pg_current_xact_id": true,
}

func trVolatileFuncs(c *Context, e *sqlast.Expr) []string {
	if e == nil {
		return nil
	}
	var out []string
	for _, f := range e.Funcs {
		name := strings.ToLower(f)
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		if trVolatile[name] {
			out = append(out, name+"()")
			continue
		}
		// User functions are VOLATILE unless declared otherwise, and the
		// catalog does not record their volatility.
		if c.Catalog != nil && c.Catalog.Functions != nil && c.Catalog.HasFunction(lkSplitName(strings.ToLower(f), "")) {
			out = append(out, name+"()")
		}
	}
	sort.Strings(out)
	return out
}

func checkTableRewrite(c *Context) {
	at, ok := c.Stmt.Node.(*sqlast.AlterTable)
	if !ok || (at.ObjType != sqlast.ObjTable && at.ObjType != "") {
		return
	}
	if !lkExistingTable(c.Catalog, at.Table) {
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
				if v := trVolatileFuncs(c, d.Default); len(v) > 0 {
					c.Report(cmd.Pos, colObj, "adding column "+col+" to existing table "+t+" with volatile default "+strings.Join(v, ", ")+tail,
						"add the column without a default, SET DEFAULT separately, then backfill existing rows in batches")
				} else if c.PGVersion > 0 && c.PGVersion < 11 {
					c.Report(cmd.Pos, colObj, "adding column "+col+" with a default to existing table "+t+" on postgres "+itoaLk(c.PGVersion)+tail,
						"add the column without a default, SET DEFAULT separately, then backfill existing rows in batches")
				}
			}
		case sqlast.AlterColumnType:
			if cmd.Type == nil {
				continue
			}
			to := lkTypeText(*cmd.Type)
			old := lkColumn(c.Catalog, at.Table, cmd.Column)
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
