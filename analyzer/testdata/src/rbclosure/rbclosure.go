// Package rbclosure: SQL parameters that are not forwarded by a wrapper
// the analysis can follow are dynamic, not silently dropped.
package rbclosure

import "database/sql"

// a function literal kept in a variable assigned once forwards its SQL
// parameter: its calls are the statements
func closures(db *sql.DB) {
	exec := func(q string) {
		db.Exec(q)
	}
	exec("DELETE FROM closure_table") // want "closure_table delete exact"
	var run = func(label, q string) error {
		_, err := db.Exec(q)
		return err
	}
	run("x", "UPDATE closure_run SET old_r = 1") // want "closure_run update exact" "closure_run.old_r update exact"
}

// a literal that is not kept in a variable, or one reassigned, is not
// followed
func unfollowed(db *sql.DB) {
	each([]string{"DELETE FROM unfollowed"}, func(q string) {
		db.Exec(q) // want "dynamic sql: parameter q"
	})
	f := func(q string) {
		db.Exec(q) // want "dynamic sql: parameter q"
	}
	f = func(q string) {}
	f("DELETE FROM reassigned")
}

func each(qs []string, fn func(string)) {
	for _, q := range qs {
		fn(q)
	}
}

// two forwards one SQL parameter; the second is not followed.
func two(db *sql.DB, a, b string) { // want two:"sql sink arg 1 via database/sql"
	db.Exec(a)
	db.Exec(b) // want "dynamic sql: parameter b"
}
