package rules

import (
	"strconv"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "lossy-type-change",
		Title:      "A type change that rounds or truncates values loses data for good",
		Effect:     DataLoss,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Some type changes succeed while silently throwing information away: `numeric(12,4)` → " +
			"`numeric(12,2)` rounds every value, `timestamptz` → `date` drops the time, `float8` → " +
			"`float4` or `numeric` → `integer` loses digits, a smaller `timestamp(p)` rounds fractions " +
			"of seconds. Changing the type back (a down migration, or a rollback of the release) cannot " +
			"restore the values. The rule needs to know the column's current type (from a baseline " +
			"schema or earlier migrations); changes that fail on values that do not fit " +
			"(`varchar(20)` → `varchar(10)`, `bigint` → `integer`) lose nothing and are left to " +
			"change-column-type.",
		Bad: `CREATE TABLE prices (id bigint, amount numeric(12,4));` + "\n" +
			`-- migration` + "\n" +
			`ALTER TABLE prices ALTER COLUMN amount TYPE numeric(12,2);`,
		Good: `CREATE TABLE prices (id bigint, amount numeric(12,4));` + "\n" +
			`-- migration` + "\n" +
			`ALTER TABLE prices ADD COLUMN amount_rounded numeric(12,2); -- keep the precise values`,
		Fix: []string{
			"Write the converted values to a new column and keep the original one until no rollback target (and no down migration) needs it.",
			"Drop the original column in a later release.",
		},
		Default: true,
		Check:   checkLossyTypeChange,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkLossyTypeChange(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil {
		return
	}
	t := c.Table(a.Table)
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		if cmd.Kind != sqlast.AlterColumnType || cmd.Type == nil || c.NewColumn(a.Table, cmd.Column) {
			continue
		}
		col := t.Column(cmd.Column)
		if col == nil || col.Type.Name == "" {
			continue // the current type is unknown: nothing to compare
		}
		what := bcLossy(col.Type, *cmd.Type)
		if what == "" {
			continue
		}
		c.Report(cmd.Pos, c.ColumnObj(a.Table, cmd.Column),
			"changing column "+bcCol(a.Table, cmd.Column)+" from "+bcTypeText(col.Type)+" to "+bcTypeText(*cmd.Type)+" "+what+", which changing it back cannot restore",
			"write the converted values to a new column and keep the original until no rollback target needs it")
	}
}

// bcLossy says how a change from type a to b silently loses information,
// "" when it does not (or fails instead).
func bcLossy(a, b sqlast.TypeName) string {
	if a.Array != b.Array {
		return ""
	}
	an, bn := bcBaseType(a.Name), bcBaseType(b.Name)
	mod := func(t sqlast.TypeName, i int) (int, bool) {
		if i >= 0 && i < len(t.Mods) {
			return t.Mods[i], true
		}
		return 0, false
	}
	isInt := func(n string) bool {
		return n == "int2" || n == "int4" || n == "int8" || n == "smallint" || n == "integer" || n == "bigint"
	}
	switch {
	case an == "numeric" && bn == "numeric":
		bs, _ := mod(b, 1)
		if len(b.Mods) == 0 {
			return ""
		}
		if as, ok := mod(a, 1); !ok && len(a.Mods) == 0 || ok && bs < as {
			return "rounds every value to " + strconv.Itoa(bs) + " decimal places"
		}
	case (an == "numeric" || an == "float4" || an == "float8") && isInt(bn):
		return "rounds away the fractional part of every value"
	case an == "float8" && bn == "float4":
		return "keeps only about 6 significant digits of every value"
	case an == "numeric" && (bn == "float4" || bn == "float8"):
		return "turns exact values into approximate ones"
	case (an == "timestamp" || an == "timestamptz") && bn == "date":
		return "drops the time of day of every value"
	case (an == "timestamp" || an == "timestamptz") && (bn == "time" || bn == "timetz"):
		return "drops the date of every value"
	case an == bn && (an == "timestamp" || an == "timestamptz" || an == "time" || an == "timetz" || an == "interval"):
		bp, ok := mod(b, len(b.Mods)-1)
		if !ok {
			return ""
		}
		ap, ok := mod(a, len(a.Mods)-1)
		if !ok {
			ap = 6
		}
		if bp < ap {
			return "rounds fractions of seconds to " + strconv.Itoa(bp) + " digits"
		}
	}
	return ""
}
