// Package store reads and writes users.
package store

import (
	"context"
	"database/sql"
)

// Store wraps the database.
type Store struct{ db *sql.DB }

// LegacyEmail reads a column that migration 0042 drops.
func (s *Store) LegacyEmail(ctx context.Context, id int64) (string, error) {
	var e string
	err := s.db.QueryRowContext(ctx, `SELECT legacy_email FROM users WHERE id = $1`, id).Scan(&e)
	return e, err
}

// Sessions counts sessions in a table that migration 0042 renames.
func (s *Store) Sessions(ctx context.Context) (n int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&n)
	return n, err
}

// Create leaves out tenant_id, which 0042 makes NOT NULL without a default.
func (s *Store) Create(ctx context.Context, email string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO users (email) VALUES ($1)`, email)
	return err
}

// Nick reads a retiring column.
func (s *Store) Nick(ctx context.Context, id int64) (nick string, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT nickname FROM users WHERE id = $1", id).Scan(&nick)
	return nick, err
}

// All reads every column.
func (s *Store) All(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, `SELECT * FROM users`)
}

// Log writes to a table retiring by the golangci-lint settings only.
func (s *Store) Log(ctx context.Context, msg string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit_log (msg) VALUES ($1)`, msg)
	return err
}

// Backfill is suppressed with a reason.
func (s *Store) Backfill(ctx context.Context) error {
	//rbcheck:ignore uses-removed-object runs only before 0042, from the 0041 job
	_, err := s.db.ExecContext(ctx, `UPDATE users SET email = legacy_email WHERE email IS NULL`)
	return err
}

// Fine uses only what the migrations keep.
func (s *Store) Fine(ctx context.Context, id int64) (email string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, id).Scan(&email)
	return email, err
}
