package popapp

import "github.com/gobuffalo/pop/v6"

// Sessions is a named slice of models: its element names the table.
type Sessions []Session

// Tokens is a named slice of strings: no model.
type Tokens []string

func raw(tx *pop.Connection, id string) {
	// a RawQuery kept in a variable and read into a string: the raw SQL is
	// the statement, the destination names no table (ory/hydra)
	query := tx.RawQuery("SELECT token FROM sessions WHERE id = ?", id) // want "sessions select exact \\(pop\\)" "sessions.token select exact" "sessions.id select exact"
	var token string
	query.First(&token)
	var ts Tokens
	tx.RawQuery("SELECT token FROM sessions").All(&ts) // want "sessions select exact \\(pop\\)" "sessions.token select exact"
	// ok twin: a named slice of models is that model's table
	var ss Sessions
	tx.Where("token = ?", "x").All(&ss) // want "sessions select exact \\(pop\\)" "sessions.id select exact" "sessions.token select exact"
}
