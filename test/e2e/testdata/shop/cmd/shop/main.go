// Command shop is the fixture's binary.
package main

import (
	"database/sql"
	"fmt"
)

func main() {
	var db *sql.DB
	if db == nil {
		fmt.Println("no database")
		return
	}
	//rbcheck:ignore uses-removed-object
	_, _ = db.Exec(`DELETE FROM sessions WHERE user_id = $1`, 1)
}
