package rbsql

import (
	"database/sql"
	"testing"
)

func TestX(t *testing.T) {
	var db *sql.DB
	db.Query("SELECT secret FROM test_only")
}
