// Package partialsql has statements that are only partly constant.
package partialsql

import (
	"database/sql"
	"fmt"
	"strings"
)

func partial(db *sql.DB, order string, table string, filters []string, raw string, nextQuery func() string) { // want partial:"sql sink arg 4 via partialsql.use"
	db.Query("SELECT id, legacy_email FROM users ORDER BY " + order) // want "users select partial" "users.id select partial" "users.legacy_email select partial"
	db.Query(fmt.Sprintf("SELECT id FROM %s", table))                // want "dynamic sql: parameter table; its constant parts name no table"
	q := "SELECT name FROM products"
	if len(filters) > 0 {
		q += " WHERE " + strings.Join(filters, " AND ")
	}
	db.Query(q)           // want "products select partial" "products.name select partial"
	db.Query(nextQuery()) // want "dynamic sql: result of calling nextQuery"
	use(db, raw)
}

// use forwards raw: a wrapper, so its own call is not dynamic.
func use(db *sql.DB, raw string) { // want use:"sql sink arg 1 via database/sql"
	db.Exec(raw)
}
