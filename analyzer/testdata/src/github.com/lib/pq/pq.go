// Package pq is a minimal stub of github.com/lib/pq for rbcheck's analyzer
// tests.
package pq

// CopyIn returns a COPY … FROM STDIN statement for the table and columns.
func CopyIn(table string, columns ...string) string { return "" }

// CopyInSchema is CopyIn with a schema.
func CopyInSchema(schema, table string, columns ...string) string { return "" }

// QuoteIdentifier quotes an identifier.
func QuoteIdentifier(name string) string { return "" }
