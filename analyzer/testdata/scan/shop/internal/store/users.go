package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/acme/dbkit"
	"github.com/redis/go-redis/v9"

	"example.com/shop/internal/db"
)

func Users(ctx context.Context, s *db.Store, conn *sql.DB, rdb *redis.Client, where string) {
	s.Query(ctx, fmt.Sprintf("SELECT legacy_email FROM %s", db.UsersTable))
	conn.Exec("UPDATE users SET full_name = $1", "x")
	rdb.Get(ctx, "users")
	rdb.Get(ctx, "SELECT secret FROM not_sql_at_all")
	k := dbkit.New()
	k.Exec("DELETE FROM tokens")
	k.Exec("flush all caches")
	conn.QueryRow(loadQuery())
	c := dbkit.NewCache()
	c.Get(ctx, "users")
	c.Select(ctx, "id")
}

func loadQuery() string { return os.Getenv("QUERY") }
