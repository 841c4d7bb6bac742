package rules

// Knowledge of which ALTER COLUMN … TYPE changes Postgres performs without
// rewriting the table (and without rebuilding its indexes). Shared by
// table-rewrite and change-column-type.

import "github.com/rbcheck/rbcheck/internal/sqlast"

// binaryCoercible lists casts Postgres performs WITHOUT FUNCTION between
// distinct built-in types (pg_cast.castmethod = 'b') that matter for column
// type changes. A change along one of them keeps the stored bytes.
var binaryCoercible = map[[2]string]bool{
	{"varchar", "text"}:   true,
	{"text", "varchar"}:   true, // only to unconstrained varchar, checked below
	{"cidr", "inet"}:      true,
	{"xml", "text"}:       true,
	{"xml", "varchar"}:    true,
	{"text", "citext"}:    true, // citext extension: WITHOUT FUNCTION casts
	{"varchar", "citext"}: true,
	{"citext", "text"}:    true,
	{"citext", "varchar"}: true,
	{"int4", "oid"}:       true,
	{"oid", "int4"}:       true,
	{"bit", "varbit"}:     true,
	{"regclass", "oid"}:   true,
	{"oid", "regclass"}:   true,
}

// typeAliases maps spellings the parser may leave to Postgres internal names.
// "char" is not one of them: the grammar turns char(n) and character(n) into
// bpchar, so a type still named char is Postgres' one-byte "char"
// (pg_catalog.char), written quoted or schema-qualified.
var typeAliases = map[string]string{
	"integer": "int4", "int": "int4", "bigint": "int8", "smallint": "int2",
	"character varying": "varchar", "character": "bpchar",
	"boolean": "bool", "real": "float4", "double precision": "float8",
	"decimal": "numeric", "timestamp without time zone": "timestamp",
	"timestamp with time zone": "timestamptz", "time without time zone": "time",
	"time with time zone": "timetz", "bit varying": "varbit",
}

// canonType returns t's internal name.
func canonType(t sqlast.TypeName) string {
	if a, ok := typeAliases[t.Name]; ok {
		return a
	}
	return t.Name
}

// binaryCompatible reports whether changing a column from type from to type
// to (ALTER COLUMN … TYPE without a USING expression) keeps the stored data,
// so that Postgres neither rewrites the table nor rebuilds its indexes:
// identical types, varchar(n) → varchar(m ≥ n) / varchar / text, text →
// varchar (unconstrained), numeric(p,s) → numeric(p' ≥ p, s) / numeric,
// varbit(n) → varbit(m ≥ n), time/timestamp/timestamptz/interval precision
// increases or removal, cidr → inet, xml → text, text ↔ citext. Anything
// else (int → bigint, timestamp → timestamptz, char(n) → text, json →
// jsonb, enum changes, …) is treated as a rewrite.
func binaryCompatible(from, to sqlast.TypeName) bool {
	if from.Array != to.Array {
		return false
	}
	if from.Schema != to.Schema && from.Schema != "" && to.Schema != "" {
		return false
	}
	f, t := canonType(from), canonType(to)
	if f != t {
		if !binaryCoercible[[2]string{f, t}] {
			return false
		}
		// A cast into a length-constrained type applies the length check
		// function, which rewrites.
		if (t == "varchar" || t == "bit" || t == "varbit") && len(to.Mods) > 0 {
			return false
		}
		return true
	}
	// Same type: compare modifiers.
	switch f {
	case "varchar", "varbit":
		return lenWidens(from.Mods, to.Mods)
	case "numeric":
		if len(to.Mods) == 0 {
			return true
		}
		if len(from.Mods) == 0 {
			return false
		}
		fs, ts := 0, 0
		if len(from.Mods) > 1 {
			fs = from.Mods[1]
		}
		if len(to.Mods) > 1 {
			ts = to.Mods[1]
		}
		return fs == ts && to.Mods[0] >= from.Mods[0]
	case "timestamp", "timestamptz", "time", "timetz", "interval":
		// Precision increases (or dropping it) keep the stored values.
		return lenWidens(from.Mods, to.Mods)
	}
	// bpchar(n) → bpchar(m) pads or truncates, anything else with changed
	// modifiers is unknown: only identical modifiers are safe.
	return equalMods(from.Mods, to.Mods)
}

// lenWidens: (n) → (m ≥ n) or → unconstrained keeps the data.
func lenWidens(from, to []int) bool {
	if len(to) == 0 {
		return true
	}
	if len(from) == 0 {
		return false
	}
	return to[0] >= from[0]
}

func equalMods(a, b []int) bool {
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
