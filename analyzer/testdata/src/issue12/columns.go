package issue12

import (
	"database/sql"
	"strings"
)

// Column lists built at run time from literals: the union of the columns.
func insertUser(db *sql.DB, admin bool) {
	fields := []string{"email", "name"}
	vals := []string{"$1", "$2"}
	if admin {
		fields = append(fields, "role")
		vals = append(vals, "$3")
	}
	q := "INSERT INTO users (" + strings.Join(fields, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
	db.Exec(q) // want "users insert exact" "users.email insert exact" "users.name insert exact" "users.role insert exact"
}

// filled through a local closure
func updatePost(db *sql.DB, pinned bool, title string) {
	var sets []string
	var args []any
	appendValue := func(col string, v any) {
		sets = append(sets, col+" = ?")
		args = append(args, v)
	}
	if pinned {
		appendValue("pinned", true)
	}
	if title != "" {
		appendValue("title", title)
	}
	args = append(args, 1)
	db.Exec("UPDATE posts SET "+strings.Join(sets, ", ")+" WHERE id = ?", args...) // want "posts update exact" "posts.pinned update exact" "posts.title update exact" "posts.id select exact"
}

// ok twin: a slice filled from a run-time source stays dynamic
func insertAny(db *sql.DB, cols []string) {
	fields := []string{"a"}
	fields = append(fields, cols...)
	db.Exec("INSERT INTO anything (" + strings.Join(fields, ", ") + ") VALUES (1)") // want "anything insert partial"
}
