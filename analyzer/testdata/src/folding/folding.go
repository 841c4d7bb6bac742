// Package folding builds SQL text from constants in every supported way.
package folding

import (
	"bytes"
	"database/sql"
	"fmt"
	"strings"

	"folding/tables"
)

const base = "SELECT email FROM "

func fold(db *sql.DB) {
	db.Query(base + tables.Users)                                                    // want "users select exact" "users.email select exact"
	db.Query(fmt.Sprintf("SELECT full_name FROM %s WHERE id = %d", tables.Users, 7)) // want "users select exact" "users.full_name select exact" "users.id select exact"
	cols := strings.Join([]string{"a", "b"}, ", ")
	db.Query("SELECT " + cols + " FROM joined") // want "joined select exact" "joined.a select exact" "joined.b select exact"

	var sb strings.Builder
	sb.WriteString("SELECT c ")
	sb.WriteString("FROM built")
	db.Query(sb.String()) // want "built select exact" "built.c select exact"

	var buf bytes.Buffer
	buf.WriteString("DELETE FROM buffered")
	db.Exec(buf.String()) // want "buffered delete exact"

	q := "SELECT d FROM local"
	q += " WHERE e = 1"
	db.Query(q) // want "local select exact" "local.d select exact" "local.e select exact"

	db.Query(tables.SelectNicks)                                  // want "users select exact" "users.nick select exact"
	db.Query(tables.Mutable)                                      // want "dynamic sql: variable tables.Mutable of another package"
	db.Query("SELECT " + column() + " FROM " + (&repo{}).table()) // want "carts select exact" "carts.owner select exact"
	db.Query(queries["archive"])                                  // want "archive delete exact" "archive.old select exact"
	db.Query(queries["missing"])                                  // want `dynamic sql: queries\["missing"\] is computed at run time`
	db.Query(tables.SelectOrders)                                 // want "orders select exact" "orders.id select exact" "orders.total select exact"
}

type repo struct{}

func (*repo) table() string { return "carts" }

func column() string { return "owner" }

var queries = map[string]string{
	"archive": "DELETE FROM archive WHERE old",
}
