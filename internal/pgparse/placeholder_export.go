package pgparse

import "github.com/pganalyze/pg_query_go/v6/parser"

// PostgresPlaceholders returns sql as Postgres accepts it: unchanged when it
// parses as it is, else with `?` and sqlx `:name` placeholders rewritten to
// `$n` the way AnalyzeQuery reads them (see placeholder.go). changed reports
// a rewrite.
func PostgresPlaceholders(sql string) (out string, changed bool) {
	defer func() {
		if r := recover(); r != nil {
			out, changed = sql, false
		}
	}()
	if _, err := parser.ParseToJSON(sql); err == nil {
		return sql, false
	}
	rewritten, _, ok := qRewritePlaceholders(sql)
	if !ok {
		return sql, false
	}
	if _, err := parser.ParseToJSON(rewritten); err != nil {
		return sql, false
	}
	return rewritten, true
}
