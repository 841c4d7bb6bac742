package issue12

import (
	"database/sql"
	"strings"
)

// CertainParts: the table (and the INSERT's columns) are constant text although the
// statement is partial: those uses are certain.
func CertainParts(db *sql.DB, where []string, placeholders func(int) string, year string) {
	fields := []string{"creator_id", "type"}
	db.Exec("INSERT INTO cert_activity (" + strings.Join(fields, ", ") + ") VALUES (" + placeholders(2) + ")") // want "cert_activity insert partial certain" "cert_activity.creator_id insert partial certain" "cert_activity.type insert partial certain"
	db.Query("SELECT id, payload FROM cert_list WHERE " + strings.Join(where, " AND ") + " ORDER BY id")       // want "cert_list select partial certain" "cert_list.id select partial \\(" "cert_list.payload select partial \\("
	db.Exec("UPDATE cert_upd SET state = 'x' WHERE " + strings.Join(where, " AND "))                           // want "cert_upd update partial certain" "cert_upd.state update partial certain"
	// a star of a certain table is certain: all its columns are in the result
	db.Query("SELECT DISTINCT c.* FROM cert_client AS c WHERE " + strings.Join(where, " AND ")) // want "cert_client select partial certain" "cert_client.\\* select partial certain"
	// ok twin: a name glued to a run-time piece is not certain
	db.Query("SELECT c.*" + year + " FROM cert_glued AS c") // want "cert_glued select partial certain" "cert_glued.\\* select partial \\("
	db.Query("SELECT id FROM cert_logs" + year)             // want "cert_logs select partial \\(" "cert_logs.id select partial \\("
}
