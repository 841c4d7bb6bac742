package verify

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/rbcheck/rbcheck/internal/verdict"
)

// constDefault matches a column default that is a constant, as
// pg_get_expr prints it: '0'::xid8, 'active'::text, 42, -1.
var constDefault = regexp.MustCompile(`^(?:'((?:[^']|'')*)'(?:::[a-z0-9_ ."\[\]()]+)?|(-?[0-9]+(?:\.[0-9]+)?))$`)

// defaultText returns the constant value of a column default ("" and
// false for no default or one that is not a constant).
func defaultText(expr string) (string, bool) {
	m := constDefault.FindStringSubmatch(strings.TrimSpace(expr))
	if m == nil {
		return "", false
	}
	if m[2] != "" {
		return m[2], true
	}
	return strings.ReplaceAll(m[1], "''", "'"), true
}

// literalDefaults maps each literal the statement compares a column with
// or writes to it (table.column = 'value') to the column's default, when
// that default is the same constant: the old code finds (or writes) the
// rows its inserts get by default, such as a "live" marker.
func literalDefaults(ctx context.Context, conn *pgx.Conn, q verdict.Query) map[string]string {
	if q.Query == nil {
		return nil
	}
	m := map[string]string{}
	for _, l := range q.Query.Literals {
		if l.Table.Name == "" || l.Column == "" {
			continue
		}
		var expr string
		err := conn.QueryRow(ctx, `SELECT pg_get_expr(d.adbin, d.adrelid)
FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
WHERE a.attrelid = to_regclass($1::text) AND a.attname = $2 AND NOT a.attisdropped`,
			regclassName(l.Table), l.Column).Scan(&expr)
		if err != nil {
			continue
		}
		if v, ok := defaultText(expr); ok && v == l.Value {
			m[literalKey(l)] = expr
		}
	}
	return m
}

// defaultCheck: a literal the old code compares with (or writes) that was
// its column's default and no longer is: the rows written from now on,
// the old code's own inserts too, carry another value, and the old
// statement's filter misses them (permify's expired_tx_id = '0', the mark
// of a live row).
func defaultCheck(q verdict.Query, before, after map[string]string) *Failure {
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[k]; !ok {
			return &Failure{File: q.Site.File, Line: q.Site.Line, SQL: q.Site.SQL, Check: "default-value",
				Message: fmt.Sprintf("the column's default was the value the old code uses (%s, default %s) and no longer is: rows written from now on carry another value, which the old statement does not find", k, before[k])}
		}
	}
	return nil
}
