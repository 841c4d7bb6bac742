// Package copyfrom holds pgx CopyFrom fixtures for rbcheck's tests.
package copyfrom

import (
	"context"

	"github.com/jackc/pgx/v5"
)

const eventsTable = "events"

var auditTable = pgx.Identifier{"audit", "log"}

// Store writes rows.
type Store struct {
	conn *pgx.Conn
	tx   pgx.Tx
}

// Copier has a CopyFrom method that is not pgx's.
type Copier struct{}

// CopyFrom is unrelated to pgx.
func (Copier) CopyFrom(a, b, c, d string) {}

func (s *Store) load(ctx context.Context, rows [][]any, dyn string, dynCols []string) error {
	_, err := s.conn.CopyFrom(ctx, pgx.Identifier{"public", "users"}, []string{"email", "full_name"}, pgx.CopyFromRows(rows))
	cols := []string{"kind", "payload"}
	_, _ = s.tx.CopyFrom(ctx, pgx.Identifier{eventsTable}, cols, pgx.CopyFromRows(rows))
	_, _ = s.conn.CopyFrom(ctx, auditTable, dynCols, pgx.CopyFromRows(rows))
	_, _ = s.conn.CopyFrom(ctx, pgx.Identifier{dyn}, []string{"a"}, pgx.CopyFromRows(rows))
	_, _ = s.conn.CopyFrom(ctx, pgx.Identifier{"Mixed\"Case"}, []string{"ID"}, pgx.CopyFromRows(rows))
	Copier{}.CopyFrom("a", "b", "c", "d")
	return err
}
