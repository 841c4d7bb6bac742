package store

import "database/sql"

// Secret reads auth.clients.secret: the role's search_path is auth, public.
func Secret(db *sql.DB, id int64) (string, error) {
	var s string
	return s, db.QueryRow("SELECT secret FROM clients WHERE id = $1", id).Scan(&s)
}

// PublicSecret reads public.clients.secret, which the release keeps.
func PublicSecret(db *sql.DB, id int64) (string, error) {
	var s string
	return s, db.QueryRow("SELECT secret FROM public.clients WHERE id = $1", id).Scan(&s)
}
