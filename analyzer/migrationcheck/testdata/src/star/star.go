package star

import "database/sql"

func f(db *sql.DB) {
	db.Query(`SELECT * FROM users`)                                    // want `SELECT \* on "users" depends on the table's column list, which migrations may change \(star-on-changed-table\); help: name the columns`
	db.Query(`INSERT INTO users VALUES ($1, $2)`, 1, "e")              // want `INSERT without a column list on "users"`
	db.Query(`INSERT INTO users (email) VALUES ($1) RETURNING *`, "e") // want `RETURNING \* on "users"`
	db.Query(`SELECT id, email FROM users`)
	db.Query(`SELECT * FROM active_users`) // views are not checked
}
