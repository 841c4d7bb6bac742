// Package wrapdb holds helpers that forward their SQL to database/sql.
package wrapdb

import (
	"context"
	"database/sql"
)

type Store struct{ db *sql.DB }

// MustQuery forwards q to QueryContext.
func (s *Store) MustQuery(ctx context.Context, q string, args ...any) *sql.Rows { // want MustQuery:"sql sink arg 1 via database/sql"
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		panic(err)
	}
	return rows
}

// Exec forwards its third parameter (the first two are not SQL).
func Exec(db *sql.DB, label, table string, q string) { // want Exec:"sql sink arg 3 via database/sql"
	db.Exec(q)
}

// Count is a wrapper of a wrapper.
func (s *Store) Count(ctx context.Context, q string) int { // want Count:"sql sink arg 1 via wrapdb.Store.MustQuery"
	s.MustQuery(ctx, q)
	return 0
}

// Log is not a wrapper: its string never reaches a sink.
func Log(msg string) { println(msg) }
