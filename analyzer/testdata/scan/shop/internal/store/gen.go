//go:build ignore

package main

import "database/sql"

func main() {
	var db *sql.DB
	db.Exec("DROP TABLE ignored_table")
}
