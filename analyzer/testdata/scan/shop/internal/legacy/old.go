package legacy

import "database/sql"

func Old(db *sql.DB) { db.Exec("DELETE FROM excluded_table") }
