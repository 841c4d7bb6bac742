package notreadok

import "database/sql"

func f(db *sql.DB) {
	db.Query(`SELECT id, email FROM users`)
	db.Query(`SELECT id FROM users`)
}
