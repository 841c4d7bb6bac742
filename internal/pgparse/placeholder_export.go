package pgparse

import pg_query "github.com/pganalyze/pg_query_go/v6"

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
	if _, err := pg_query.Parse(sql); err == nil {
		return sql, false
	}
	rewritten, _, ok := qRewritePlaceholders(sql)
	if !ok {
		return sql, false
	}
	if _, err := pg_query.Parse(rewritten); err != nil {
		return sql, false
	}
	return rewritten, true
}
