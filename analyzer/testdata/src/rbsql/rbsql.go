// Package rbsql exercises database/sql call sites.
package rbsql

import (
	"context"
	"database/sql"
	"encoding/json"
)

func calls(ctx context.Context, db *sql.DB, tx *sql.Tx, conn *sql.Conn, id int) {
	db.Query("SELECT id, email FROM users WHERE id = $1", id)     // want "users select exact" "users.id select exact" "users.email select exact" "users.id select exact"
	db.QueryRow("SELECT legacy_email FROM users")                 // want "users select exact" "users.legacy_email select exact"
	db.Exec("DELETE FROM sessions")                               // want "sessions delete exact"
	db.Prepare("SELECT 1 FROM orders")                            // want "orders select exact"
	db.QueryContext(ctx, "SELECT * FROM orders")                  // want "orders select exact" "orders.\\* select exact"
	db.QueryRowContext(ctx, "SELECT total FROM orders")           // want "orders select exact" "orders.total select exact"
	db.ExecContext(ctx, "UPDATE orders SET total = 0")            // want "orders update exact" "orders.total update exact"
	db.PrepareContext(ctx, "INSERT INTO audit (msg) VALUES ($1)") // want "audit insert exact" "audit.msg insert exact"
	tx.Exec("TRUNCATE audit")                                     // want "audit ddl exact"
	tx.QueryContext(ctx, "SELECT 1 FROM tx_table")                // want "tx_table select exact"
	conn.ExecContext(ctx, "DELETE FROM conn_table")               // want "conn_table delete exact"
}

// traps: none of these is a column or SQL.

type event struct {
	Name string `json:"name"`
}

type cache struct{}

func (c *cache) Get(key string) string { return key }

func traps(db *sql.DB, c *cache) {
	db.Query("SELECT payload->'tags' FROM events") // want "events select exact" "events.payload select exact"
	c.Get("users")
	c.Get("SELECT email FROM users")
	b, _ := json.Marshal(event{Name: "x"})
	_ = b
}

// A fixture helper that resets a table: ddl, not a read.
func resetSessions(db *sql.DB) {
	db.Exec("DROP TABLE IF EXISTS sessions") // want "sessions ddl exact"
}
