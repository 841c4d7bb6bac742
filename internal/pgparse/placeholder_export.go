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

// Placeholders says what each $n of a statement written with `?` or
// `:name` placeholders stands for, as AnalyzeQuery numbers them: out[0] is
// $1's "?" or ":name" (a name used twice is one $n). nil when the
// statement parses as it is (AnalyzeQuery rewrites nothing) or has
// nothing to rewrite.
func Placeholders(sql string) (out []string) {
	defer func() {
		if r := recover(); r != nil {
			out = nil
		}
	}()
	if _, err := parser.ParseToJSON(sql); err == nil {
		return nil
	}
	_, edits, ok := qRewritePlaceholders(sql)
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	for _, e := range edits {
		p := sql[e.oldPos : e.oldPos+e.oldLen]
		if p != "?" && seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}
