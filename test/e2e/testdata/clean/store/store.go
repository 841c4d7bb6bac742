// Package store uses only what the migrations keep.
package store

import (
	"context"
	"database/sql"
)

// Email reads a kept column.
func Email(ctx context.Context, db *sql.DB, id int64) (email string, err error) {
	err = db.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, id).Scan(&email)
	return email, err
}

// Create names every required column.
func Create(ctx context.Context, db *sql.DB, email string, tenant int64) error {
	_, err := db.ExecContext(ctx, `INSERT INTO users (email, tenant_id) VALUES ($1, $2)`, email, tenant)
	return err
}

// Sessions uses the renamed table by its new name.
func Sessions(ctx context.Context, db *sql.DB) (n int, err error) {
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM user_sessions`).Scan(&n)
	return n, err
}
