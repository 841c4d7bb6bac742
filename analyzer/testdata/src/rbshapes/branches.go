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
