package testutil

import "database/sql"

func Reset(db *sql.DB) {
	db.Exec("TRUNCATE helper_table")
}
