// Package ifacedb is a repository's own database layer: interfaces whose
// implementation wraps database/sql (hashicorp/boundary's db.Reader and
// db.Writer), and a test double that runs no SQL.
package ifacedb

import (
	"context"
	"database/sql"
)

type Option func()

// Reader's Query returns *sql.Rows: it is a sink by its shape alone.
type Reader interface {
	Query(ctx context.Context, sql string, values []any, opt ...Option) (*sql.Rows, error)
}

// Writer's Exec mentions no database type: it is a sink because Db's Exec,
// which implements it, is a wrapper of a database call.
type Writer interface {
	Exec(ctx context.Context, s string, values []any, opt ...Option) (int, error)
}

// Db implements Reader and Writer.
type Db struct{ db *sql.DB }

func (d *Db) Query(ctx context.Context, sql string, values []any, opt ...Option) (*sql.Rows, error) { // want Query:"sql sink arg 1 via database/sql"
	return d.db.QueryContext(ctx, sql, values...)
}

func (d *Db) Exec(ctx context.Context, s string, values []any, opt ...Option) (int, error) { // want Exec:"sql sink arg 1 via database/sql"
	res, err := d.db.ExecContext(ctx, s, values...)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), err
}

// Noop is a test double: it runs no SQL.
type Noop struct{}

func (Noop) Exec(ctx context.Context, s string, values []any, opt ...Option) (int, error) {
	return 0, nil
}

// Cache has an Exec whose string is a key, not SQL, and no implementation
// that runs SQL: not a sink (ok twin).
type Cache interface {
	Exec(ctx context.Context, key string, ttl int) error
}
