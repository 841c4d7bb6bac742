package db

import (
	"context"
	"database/sql"
)

// UsersTable is used to build queries in other packages.
const UsersTable = "users"

type Store struct{ DB *sql.DB }

func (s *Store) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.DB.QueryContext(ctx, q, args...)
}
