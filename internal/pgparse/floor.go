package pgparse

import pg_query "github.com/pganalyze/pg_query_go/v6"

// RawParse parses src the cheapest way libpg_query can, for the lint
// benchmark's floor (bench/lint/floor): the raw parser without an output
// tree, over the whole text, or when that fails, statement by statement
// after a split with the scanner (so every statement is parsed once, as
// lint must). It returns the number of statements.
func RawParse(src string) (int, error) {
	if parts, err := pg_query.SplitWithParser(src, false); err == nil {
		return len(parts), nil
	}
	parts, err := pg_query.SplitWithScanner(src, false)
	if err != nil {
		return 0, err
	}
	for _, p := range parts {
		_, _ = pg_query.SplitWithParser(p, false)
	}
	return len(parts), nil
}
