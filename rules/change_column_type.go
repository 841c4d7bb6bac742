package rules

import (
	"fmt"
	"github.com/rbcheck/rbcheck/internal/change"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"strings"
)

func init() {
	register(&Rule{
		Name:       "change-column-type",
		Title:      "Changing a column's type breaks code that reads or writes the old type",
		Effect:     BreaksOldCode,
		Severity:   Error,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "After the change, the previous release scans values of the new type into variables " +
			"meant for the old one, writes values the new type rejects (or silently converts), and " +
			"compares with literals of the old type. `timestamp` → `timestamptz` looks harmless but " +
			"changes what old code reads whenever the session time zone is not UTC. Most type changes " +
			"also rewrite the table under an ACCESS EXCLUSIVE lock.\n\n" +
			"Changes that keep every value the old code reads and accept every value it writes do not fire: " +
			"`varchar(n)` → `text`, `varchar` or a larger `varchar(m)`; `text` ↔ `varchar` without a " +
			"limit; `char(n)` → `varchar(m)` with m ≥ n, `varchar` or `text` (a value that fills the column, " +
			"such as a UUID in `char(36)`, reads back byte for byte; a shorter one loses the blanks `char(n)` " +
			"pads it with, which Postgres never counts as part of the value); `numeric(p,s)` → `numeric(q,s)` " +
			"with q ≥ p or unconstrained `numeric`; `varbit(n)` → a larger or unlimited `varbit`; " +
			"more fractional-second precision for `timestamp`, `timestamptz`, `time` and `interval`; " +
			"arrays of these; and a change to the same type. `char(n)` → `char(m)` does fire: every value's " +
			"padding changes. So do `timestamp` ↔ `timestamptz`, `json` → `jsonb` (the text is normalised), " +
			"`text` ↔ `citext` (comparisons stop telling case apart), `cidr` → `inet` (a `/32` network reads " +
			"back as a bare address), `real` → `double precision` (`0.1` as a real is another double than " +
			"`0.1`, so old filters on it stop matching) and numeric scale changes (`1.50` reads `1.5000`). " +
			"internal/verify checks each of these on PostgreSQL.\n\n" +
			"Widening an integer (`smallint` → `integer` → `bigint`, or to a `numeric` with room for every " +
			"value) keeps every value and breaks only code that scans the column into a Go type sized for the " +
			"old type (`int32`; `int64` for `numeric`) once a value outgrows it: the release verdict blocks on " +
			"such a scan, and warns where it cannot see what the old code scans into.",
		Bad: `ALTER TABLE orders ALTER COLUMN total TYPE bigint;`,
		Good: `CREATE TABLE users (id bigint, email varchar(255));` + "\n" +
			`-- migration` + "\n" +
			`ALTER TABLE users ALTER COLUMN email TYPE text; -- same bytes, no limit: old code is unaffected`,
		Fix: []string{
			"Add a new column with the new type.",
			"Release code that writes both columns (or a trigger that keeps them in sync), and backfill the new column in batches.",
			"Release code that reads the new column.",
			"Stop writing the old column, then drop it in a later release.",
		},
		Breaks: []Break{{
			Change: change.ColumnRetyped, Uses: []Use{UseColumn},
			When: func(ch *change.Change) bool {
				return ch.From.Name == "" || (!bcSafeTypeChange(ch.From, ch.To) && !bcWidening(ch.From, ch.To))
			},
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code reads or writes %q with the old type in mind: values it writes may be rejected and values it scans may not fit", ch.Label())
			},
		}, {
			Change: change.ColumnRetyped, Uses: []Use{UseNarrowScan},
			When: func(ch *change.Change) bool { return ch.From.Name != "" && bcWidening(ch.From, ch.To) },
			Why: func(ch *change.Change) string {
				return fmt.Sprintf("the old code scans %q into a Go type that cannot hold every %s value: scans fail once a value outgrows it", ch.Label(), change.TypeText(ch.To))
			},
		}},
		Default: true,
		Check:   checkChangeColumnType,
		Nodes:   []sqlast.Node{(*sqlast.AlterTable)(nil)},
	})
}

func checkChangeColumnType(c *Context) {
	a := bcAlterTable(c.Stmt)
	if a == nil {
		return
	}
	t := c.Table(a.Table)
	for i := range a.Cmds {
		cmd := &a.Cmds[i]
		if cmd.Kind != sqlast.AlterColumnType || cmd.Type == nil || cmd.Column == "" {
			continue
		}
		if c.NewColumn(a.Table, cmd.Column) {
			continue
		}
		from := "its old type"
		if col := t.Column(cmd.Column); col != nil && col.Type.Name != "" {
			if bcSafeTypeChange(col.Type, *cmd.Type) {
				continue
			}
			from = bcTypeText(col.Type)
			if bcWidening(col.Type, *cmd.Type) {
				holds := "int64"
				if change.BaseType(*cmd.Type) == "numeric" {
					holds = "a decimal type, string or pgtype.Numeric"
				}
				sized, help := from, ""
				if st := serialStorage(col.Type); st != "" {
					// ente's 25_alter_ids_to_bigint.up.sql, hatchet's
					// v0_10_2: a serial column keeps its sequence, created
					// AS its old type, so nextval still stops at that type's
					// limit
					sized = st
					help = "; the column's sequence keeps its " + st + " limit: ALTER SEQUENCE … AS " + bcTypeText(*cmd.Type) + " too"
				}
				c.Report(cmd.Pos, c.ColumnObj(a.Table, cmd.Column),
					"widening column "+bcCol(a.Table, cmd.Column)+" from "+from+" to "+bcTypeText(*cmd.Type)+
						" breaks code that scans it into a type sized for "+sized,
					"scan the column into a type that holds "+bcTypeText(*cmd.Type)+" ("+holds+") in the release before"+help)
				continue
			}
		}
		c.Report(cmd.Pos, c.ColumnObj(a.Table, cmd.Column),
			"changing the type of column "+bcCol(a.Table, cmd.Column)+" from "+from+" to "+bcTypeText(*cmd.Type)+
				" breaks code that reads or writes it as the old type",
			"add a column of the new type, write both and backfill, move reads, then drop the old column in a later release")
	}
}

// serialStorage is the integer type a serial column is stored as, "" for
// any other type.
func serialStorage(t sqlast.TypeName) string {
	switch strings.ToLower(bcTypeText(t)) {
	case "smallserial", "serial2":
		return "smallint"
	case "serial", "serial4":
		return "integer"
	case "bigserial", "serial8":
		return "bigint"
	}
	return ""
}

// bcBaseType folds the parser's spellings of a type to one name.
func bcBaseType(n string) string {
	switch n {
	case "character varying":
		return "varchar"
	case "bit varying":
		return "varbit"
	case "decimal":
		return "numeric"
	case "character":
		return "bpchar"
	}
	return n
}

// bcSafeTypeChange reports whether changing a column from a to b keeps,
// for the old code, every value it reads and every value it writes: the
// value reads back as the same text, its filters find the same rows, and
// the new type accepts whatever the old one did. internal/verify's
// TestTypeChangesOnPostgres checks each family on a real Postgres.
//
//   - the same type (spellings aside), or a longer or unlimited varchar,
//     varbit, numeric precision (same scale) or fractional-second
//     precision;
//   - varchar → text, and text → varchar without a limit;
//   - char(n) → varchar(m ≥ n), varchar or text: the conversion strips
//     the blanks char(n) pads with, so a value that fills the column
//     (a UUID in char(36)) reads back byte for byte; a shorter one reads
//     back without its padding, which Postgres never counts as part of
//     the value (char(n) compares ignoring it);
//   - arrays whose element types change in one of these ways.
//
// Not safe: char(n) → char(m ≠ n) (every value's padding changes),
// varchar or text → char(n) (short values gain padding), any narrowing,
// numeric scale changes (1.50 reads 1.5000), timestamp ↔ timestamptz (the
// values are re-read in the session's time zone), json → jsonb (the text
// is normalised), cidr → inet (a /32 network reads back as a bare
// address), text ↔ citext (comparisons and unique keys stop telling case
// apart), and any change between type families. Widenings of integers are
// bcWidening's.
func bcSafeTypeChange(a, b sqlast.TypeName) bool {
	if a.Array != b.Array {
		return false
	}
	if a.Schema != b.Schema && a.Schema != "" && b.Schema != "" {
		return false
	}
	an, bn := bcBaseType(a.Name), bcBaseType(b.Name)
	if an == bn && bcSameMods(a.Mods, b.Mods) {
		return true
	}
	widens := func() bool { return len(b.Mods) == 0 || (len(a.Mods) > 0 && b.Mods[0] >= a.Mods[0]) }
	switch {
	case an == "varchar" && bn == "text":
		return true
	case an == "text" && bn == "varchar":
		return len(b.Mods) == 0
	case an == "bpchar" && bn == "text":
		return true
	case an == "bpchar" && bn == "varchar":
		// bpchar without a length holds any length: only an unlimited
		// varchar takes every value.
		return len(a.Mods) > 0 && widens() || len(b.Mods) == 0
	case an == "varchar" && bn == "varchar", an == "varbit" && bn == "varbit":
		return widens()
	case an == "numeric" && bn == "numeric":
		if len(b.Mods) == 0 {
			return true
		}
		if len(a.Mods) == 0 {
			return false
		}
		as, bs := 0, 0
		if len(a.Mods) > 1 {
			as = a.Mods[1]
		}
		if len(b.Mods) > 1 {
			bs = b.Mods[1]
		}
		return as == bs && b.Mods[0] >= a.Mods[0]
	case an == bn && (an == "timestamp" || an == "timestamptz" || an == "time" || an == "timetz" || an == "interval"):
		// More fractional-second precision (or the default, 6) keeps
		// every value.
		return len(b.Mods) == 0 || (len(a.Mods) > 0 && b.Mods[len(b.Mods)-1] >= a.Mods[len(a.Mods)-1])
	}
	return false
}

func bcSameMods(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
