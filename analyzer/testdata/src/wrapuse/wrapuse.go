// Package wrapuse calls wrapdb's helpers from another package.
package wrapuse

import (
	"context"
	"database/sql"

	"wrapdb"
)

func use(ctx context.Context, s *wrapdb.Store, db *sql.DB) {
	s.MustQuery(ctx, "SELECT legacy_email FROM users")       // want "users select exact \\(wrapper wrapdb.Store.MustQuery\\)" "users.legacy_email select exact"
	wrapdb.Exec(db, "not sql", "users", "DELETE FROM carts") // want "carts delete exact \\(wrapper wrapdb.Exec\\)"
	s.Count(ctx, "SELECT 1 FROM counted")                    // want "counted select exact \\(wrapper wrapdb.Store.Count\\)"
	wrapdb.Log("SELECT nothing FROM logged")
}
