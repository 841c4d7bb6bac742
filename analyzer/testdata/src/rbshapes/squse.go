package rbshapes

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

func accountByID(db *sql.DB, id int) {
	q, args, err := selectAccounts.Where(sq.Eq{"old_w": id}).ToSql()
	if err != nil {
		return
	}
	db.Query(q, args...)
}
