// Package rbtosql runs a squirrel statement through database/sql: the
// builder chain is the statement, the Query call of its ToSql text is not a
// dynamic statement of its own.
package rbtosql

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

func f(db *sql.DB) {
	query, args, _ := sq.Select("id").From("users").Where(sq.Eq{"email": 1}).ToSql() // want "users select exact \\(squirrel\\)" "users.id select" "users.email select"
	db.Query(query, args...)
}
