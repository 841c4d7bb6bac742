package unknown

import "database/sql"

func f(db *sql.DB) {
	db.Query(`SELECT id FROM userz`) // want `table "userz" is not created by any migration or the baseline schema; the statement fails at run time \(uses-unknown-table\)`
	db.Query(`SELECT id, email FROM users`)
	db.Query(`WITH recent AS (SELECT id FROM users) SELECT id FROM recent`)
}
