// Package rbshapes holds statement shapes seen in real projects: a query
// extended from its own previous value, sqlx.In, values kept in struct
// fields, ranged over, or picked from a map with a run-time key.
package rbshapes

import (
	"database/sql"

	"github.com/jmoiron/sqlx"
)

func selfAssign(db *sql.DB) {
	q := "SELECT id FROM t_self"
	q = q + " WHERE old_self = 1"
	db.Query(q) // want "t_self select exact" "t_self.id select exact" "t_self.old_self select exact"
}

func sqlxIn(db *sqlx.DB, ids []int) {
	query, args, err := sqlx.In("SELECT id FROM t_in WHERE old_in IN (?)", ids)
	if err != nil {
		return
	}
	query = db.Rebind(query)
	db.Query(query, args...) // want "t_in select exact" "t_in.id select exact" "t_in.old_in select exact"
}

func sqlxInInline(db *sqlx.DB, ids []int) {
	query, args, _ := sqlx.In("DELETE FROM t_in2 WHERE old_in2 IN (?)", ids)
	db.Exec(db.Rebind(query), args...) // want "t_in2 delete exact" "t_in2.old_in2 select exact"
}

// sqlx.Named is itself a sink; the query it returns (through sqlx.In and
// Rebind) is not a second statement
func sqlxNamed(db *sqlx.DB, arg map[string]any) {
	q, args, err := sqlx.Named("SELECT id FROM t_named WHERE old_n IN (:ids)", arg) // want "t_named select exact" "t_named.id select exact" "t_named.old_n select exact"
	if err != nil {
		return
	}
	q, args, _ = sqlx.In(q, args...)
	db.Query(db.Rebind(q), args...)
}
