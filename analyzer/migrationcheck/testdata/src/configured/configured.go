package configured

import "database/sql"

// The unqualified names are auth's (search-path: [auth, public]); the
// migrations' are too, so dropping "clients.secret" drops auth.clients.secret.
func Uses(db *sql.DB) {
	db.Query(`SELECT secret FROM clients WHERE id = $1`, 1) // want `column "clients.secret" is dropped by db/auth/0002_drop.up.sql:1 \(uses-removed-object\)`
	db.Query(`SELECT name FROM clients WHERE id = $1`, 1)
	db.Query(`SELECT secret FROM public.clients WHERE id = $1`, 1)
	db.Query(`SELECT id FROM sessions`) // want `table "sessions" is dropped by db/auth/0002_drop.up.sql:2 \(uses-removed-object\)`
}
