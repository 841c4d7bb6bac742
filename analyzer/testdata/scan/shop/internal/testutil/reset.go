package testutil

import (
	"database/sql"

	"example.com/shop/internal/testutil/fixtures"
)

func Reset(db *sql.DB) {
	db.Exec("TRUNCATE helper_table")
	fixtures.Load(db)
}
