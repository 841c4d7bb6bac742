// Package rbpgx exercises pgx v5 call sites.
package rbpgx

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func calls(ctx context.Context, conn *pgx.Conn, pool *pgxpool.Pool) {
	conn.Query(ctx, "SELECT email FROM users")                 // want "users select exact" "users.email select exact"
	conn.QueryRow(ctx, "SELECT 1 FROM accounts")               // want "accounts select exact"
	conn.Exec(ctx, "UPDATE users SET email = $1", "x")         // want "users update exact" "users.email update exact"
	conn.Prepare(ctx, "get_user", "SELECT name FROM profiles") // want "profiles select exact" "profiles.name select exact"
	pool.Query(ctx, "SELECT id FROM pool_table")               // want "pool_table select exact" "pool_table.id select exact"
	b := &pgx.Batch{}
	b.Queue("DELETE FROM queue_items WHERE done") // want "queue_items delete exact" "queue_items.done select exact"
	conn.SendBatch(ctx, b)
}
