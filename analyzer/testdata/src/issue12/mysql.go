package issue12

import "database/sql"

// MySQL statement modifiers name no table: UPDATE IGNORE t updates t.
func mysqlModifiers(db *sql.DB) {
	db.Exec("UPDATE IGNORE accounts SET n = 1")                        // want "accounts update exact" "accounts.n update exact"
	db.Exec("INSERT LOW_PRIORITY IGNORE INTO accounts (n) VALUES (1)") // want "accounts insert exact" "accounts.n insert exact"
	db.Exec("UPDATE ignore_list SET n = 1")                            // want "ignore_list update exact" "ignore_list.n update exact"
}
