package store

import (
	"database/sql"
	"testing"

	"example.com/shop/internal/testutil"
)

func TestUsers(t *testing.T) {
	var conn *sql.DB
	conn.Exec("DELETE FROM test_only_table")
	testutil.Reset(conn)
}
