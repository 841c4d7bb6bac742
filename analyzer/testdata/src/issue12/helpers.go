package issue12

import (
	"database/sql"
	"fmt"
	"strconv"

	"issue12/tables"
)

func placeholder(n int) string { return "$" + strconv.Itoa(n) }

// SQL returned by a helper, with a placeholder from another helper.
func deleteQuery() string { return "DELETE FROM sessions WHERE id = " + placeholder(1) }

type store struct{ kind int }

// table returns one of several names.
func (s store) table() string {
	switch s.kind {
	case 1:
		return "events_a"
	default:
		return "events_b"
	}
}

func helpers(db *sql.DB, s store, u tables.User, k int) {
	db.Exec(deleteQuery())                                         // want "sessions delete exact" "sessions.id select exact"
	db.Query("SELECT id FROM " + s.table())                        // want "events_a select exact" "events_a.id select exact" "events_b select exact" "events_b.id select exact"
	db.Exec(fmt.Sprintf("UPDATE %s SET name = $1", u.TableName())) // want "app_users update exact" "app_users.name update exact"
	db.Query(tables.Paginate("SELECT id FROM posts", 10))          // want "posts select partial" "posts.id select partial"
	db.Exec("DELETE FROM " + tables.Kind(k) + " WHERE at < now()") // want "audit_a delete exact" "audit_a.at select exact" "audit_b delete exact" "audit_b.at select exact"
	db.Exec(strconv.Itoa(k))                                       // want "dynamic sql: result of calling strconv.Itoa"
}
