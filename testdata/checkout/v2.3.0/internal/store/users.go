// Package store is the checkout service's data access layer.
package store

import (
	"context"
	"database/sql"
)

// User is a customer.
type User struct {
	ID          int64
	Email       string
	FullName    string
	LegacyEmail sql.NullString
}

const usersTable = "users"

const getUserSQL = `SELECT id, email, full_name, legacy_email
FROM ` + usersTable + `
WHERE id = $1`

// Store reads and writes the checkout database.
type Store struct{ db *sql.DB }

// New returns a Store over db.
func New(db *sql.DB) *Store { return &Store{db: db} }

// GetUser loads one user.
func (s *Store) GetUser(ctx context.Context, id int64) (*User, error) {
	var u User
	err := s.db.QueryRowContext(ctx, getUserSQL, id).Scan(&u.ID, &u.Email, &u.FullName, &u.LegacyEmail)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateUser inserts a user and returns its id.
func (s *Store) CreateUser(ctx context.Context, email, fullName string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx,
		"INSERT INTO users (email, full_name) VALUES ($1, $2) RETURNING id",
		email, fullName).Scan(&id)
	return id, err
}
