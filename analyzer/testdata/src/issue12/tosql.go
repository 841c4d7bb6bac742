package issue12

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// Literal SQL glued around a builder's ToSql() result: the literal's own
// table is a use; the builder's statement is reported at the builder.
func deleteStale(db *sql.DB) {
	sub, args, _ := sq.Select("id").From("stale_items").Where(sq.Eq{"stale": true}).ToSql() // want "stale_items select exact \\(squirrel\\)" "stale_items.id select exact" "stale_items.stale select exact"
	db.Exec("DELETE FROM queue_jobs WHERE item_id IN ("+sub+")", args...)                   // want "queue_jobs delete partial" "queue_jobs.item_id select partial"
	q, qargs, _ := sq.Select("n").From("counters").ToSql()                                  // want "counters select exact \\(squirrel\\)" "counters.n select exact"
	db.Query(q, qargs...)
}
