//go:build !unix

package pgparse

import "github.com/pganalyze/pg_query_go/v6/parser"

// parseToJSON is parser.ParseToJSON: statements are not shortened in C
// here (cparse.c needs POSIX).
func parseToJSON(s string, _ bool) (string, func(), error) {
	js, err := parser.ParseToJSON(s)
	return js, func() {}, err
}

// parsePiecesToJSON is not available here: pieces are parsed one by one.
func parsePiecesToJSON(string, []int32, bool) (string, []int32, string, func(), bool) {
	return "", nil, "", func() {}, false
}
