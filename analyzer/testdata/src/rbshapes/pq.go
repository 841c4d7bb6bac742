package rbshapes

import (
	"database/sql"
	"fmt"

	"github.com/lib/pq"
)

// lib/pq's COPY statement and identifier quoting
func pqCopy(db *sql.DB, tx *sql.Tx, cols []string) {
	tx.Prepare(pq.CopyIn("pq_users", "name", "old_email"))                         // want "pq_users copy exact" "pq_users.name copy exact" "pq_users.old_email copy exact"
	tx.Prepare(pq.CopyInSchema("audit", "pq_log", "old_at"))                       // want "audit.pq_log copy exact" "audit.pq_log.old_at copy exact"
	db.Exec(fmt.Sprintf("DELETE FROM %s WHERE old_x", pq.QuoteIdentifier("pq_s"))) // want "pq_s delete exact" "pq_s.old_x select exact"
	tx.Prepare(pq.CopyIn("pq_spread", cols...))                                    // want "dynamic sql: pq.CopyIn with a spread column list"
}
