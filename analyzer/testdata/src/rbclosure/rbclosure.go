// Package rbclosure: SQL parameters that are not forwarded by a wrapper
// the analysis can follow are dynamic, not silently dropped.
package rbclosure

import "database/sql"

func closures(db *sql.DB) {
	exec := func(q string) {
		db.Exec(q) // want "dynamic sql: parameter q"
	}
	exec("DELETE FROM closure_table")
}

// two forwards one SQL parameter; the second is not followed.
func two(db *sql.DB, a, b string) { // want two:"sql sink arg 1 via database/sql"
	db.Exec(a)
	db.Exec(b) // want "dynamic sql: parameter b"
}
