package change

import (
	"strings"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

// typeAliases maps spellings the parser may leave to Postgres internal names.
var typeAliases = map[string]string{
	"integer": "int4", "int": "int4", "bigint": "int8", "smallint": "int2",
	"character varying": "varchar", "character": "bpchar", "char": "bpchar",
	"boolean": "bool", "real": "float4", "double precision": "float8",
	"decimal": "numeric", "timestamp without time zone": "timestamp",
	"timestamp with time zone": "timestamptz", "time without time zone": "time",
	"time with time zone": "timetz", "bit varying": "varbit",
	"serial": "int4", "bigserial": "int8", "smallserial": "int2",
	"serial4": "int4", "serial8": "int8", "serial2": "int2",
}

// BaseType is t's Postgres internal name ("int4" for integer, "varchar"
// for character varying, …).
func BaseType(t sqlast.TypeName) string {
	n := strings.ToLower(t.Name)
	if a, ok := typeAliases[n]; ok {
		return a
	}
	return n
}

// SameType reports whether a and b are the same type (spellings aside).
func SameType(a, b sqlast.TypeName) bool {
	if BaseType(a) != BaseType(b) || a.Array != b.Array || len(a.Mods) != len(b.Mods) {
		return false
	}
	if a.Schema != b.Schema && a.Schema != "" && b.Schema != "" {
		return false
	}
	for i := range a.Mods {
		if a.Mods[i] != b.Mods[i] {
			return false
		}
	}
	return true
}

// NotNullCheck returns the column of a `col IS NOT NULL` check
// expression, "" for any other expression.
func NotNullCheck(e *sqlast.Expr) string {
	if e == nil {
		return ""
	}
	s := strings.TrimSpace(e.Text)
	for strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	f := strings.Fields(s)
	if len(f) != 4 || !strings.EqualFold(f[1], "is") || !strings.EqualFold(f[2], "not") || !strings.EqualFold(f[3], "null") {
		return ""
	}
	col := f[0]
	if strings.HasPrefix(col, `"`) && strings.HasSuffix(col, `"`) && len(col) > 1 {
		return strings.ReplaceAll(col[1:len(col)-1], `""`, `"`)
	}
	return strings.ToLower(col)
}
