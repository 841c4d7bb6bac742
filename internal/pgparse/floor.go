package pgparse

import "github.com/pganalyze/pg_query_go/v6/parser"

// RawParse parses src the cheapest way libpg_query can, for the lint
// benchmark's floor (bench/lint/floor): the raw parser without an output
// tree, over the whole text, or when that fails, statement by statement
// after a split with the scanner (so every statement is parsed once, as
// lint must). It returns the number of statements.
func RawParse(src string) (int, error) {
	if parts, err := parser.SplitWithParser(src, false); err == nil {
		return len(parts), nil
	}
	parts, err := parser.SplitWithScanner(src, false)
	if err != nil {
		return 0, err
	}
	for _, p := range parts {
		_, _ = parser.SplitWithParser(p, false)
	}
	return len(parts), nil
}
