package rbshapes

import (
	"context"
	"database/sql"
)

// a variable assigned a whole statement in each branch holds one of them
func byKind(db *sql.DB, kind string, admin bool) {
	var q string
	switch kind {
	case "a":
		q = "SELECT old_sa FROM b_sw"
	case "b":
		q = "DELETE FROM b_sw2 WHERE old_sb"
	}
	db.Exec(q) // want "b_sw select exact" "b_sw.old_sa select exact" "b_sw2 delete exact" "b_sw2.old_sb select exact"

	s := "SELECT id FROM b_if"
	if admin {
		s = "SELECT id, old_secret FROM b_if"
	}
	s += " WHERE id = $1"
	db.Query(s, 1) // want "b_if select exact" "b_if.id select exact" "b_if.old_secret select exact"
}

// a method value kept in a variable
func methodValue(ctx context.Context, db *sql.DB) {
	exec := db.ExecContext
	exec(ctx, "UPDATE b_mv SET old_mv = 1") // want "b_mv update exact" "b_mv.old_mv update exact"
}

const (
	qByA = "SELECT old_qa FROM b_qa"
	qByB = "SELECT old_qb FROM b_qb"
)

// a function of the package that returns one of several statements
func queryFor(kind string) string {
	if kind == "a" {
		return qByA
	}
	return qByB
}

func byQueryFor(db *sql.DB, kind string) {
	db.Query(queryFor(kind)) // want "b_qa select exact" "b_qa.old_qa select exact" "b_qb select exact" "b_qb.old_qb select exact"
}
