// Package pgx is a minimal stub of github.com/jackc/pgx/v5 for rbcheck's analyzer tests.
package pgx

import "context"

// Identifier is a PostgreSQL identifier or name; its parts are quoted.
type Identifier []string

// Sanitize quotes and joins the parts.
func (ident Identifier) Sanitize() string { return "" }

// CopyFromSource feeds rows to CopyFrom.
type CopyFromSource interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}

// CopyFromRows adapts a slice of rows.
func CopyFromRows(rows [][]any) CopyFromSource { return nil }

// Conn is a connection.
type Conn struct{}

// CopyFrom copies rows into a table.
func (c *Conn) CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error) {
	return 0, nil
}

// Tx is a transaction.
type Tx interface {
	CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error)
}
