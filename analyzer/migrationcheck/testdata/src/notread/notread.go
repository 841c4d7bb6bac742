package notread

import "database/sql"

func f(db *sql.DB) {
	db.Query(`SELECT id, email FROM users`) // want `rbcheck could not read all migrations \(1 problem\), so the schema this package's SQL is checked against may be incomplete: migrations/0002_bad.up.sql:1:1: syntax error at or near "ALTR" \(migrations-not-read\)`
	db.Query(`SELECT id FROM users`)
}
