package changed

import "database/sql"

// TestChangedStar tags a release holding only 0001_init, so 0002 is
// unreleased. Without git every migration counts as released and nothing
// here is reported (TestChangedStarNoGit).
func f(db *sql.DB) {
	db.Query(`SELECT * FROM users`)  // want `SELECT \* on "users", whose columns unreleased migration migrations/0002_add_nickname.up.sql:1 changes; code that reads or writes by position breaks between releases \(star-on-changed-table\)`
	db.Query(`SELECT * FROM orders`) // an index does not change the columns
	db.Query(`SELECT * FROM notes`)  // untouched
	db.Query(`SELECT * FROM tags`)   // created by the unreleased migration: no old code reads it
}
