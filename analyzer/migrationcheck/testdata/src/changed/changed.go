package changed

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
	"github.com/uptrace/bun"
	"gorm.io/gorm"
)

// TestChangedStar tags a release holding only 0001_init, so 0002 is
// unreleased. Without git every migration counts as released and nothing
// here is reported (TestChangedStarNoGit).
func F(db *sql.DB) {
	var id int64
	var email string
	db.QueryRow(`SELECT * FROM users`).Scan(&id, &email) // want `SELECT \* on "users", whose columns unreleased migration migrations/0002_add_nickname.up.sql:1 changes; code that reads by position breaks between releases \(star-on-changed-table\)`
	db.Query(`SELECT * FROM users`)                      // how the rows are read is not known: the verdict only warns
	db.Query(`SELECT * FROM orders`)                     // an index does not change the columns
	db.Query(`SELECT * FROM notes`)                      // untouched
	db.Query(`SELECT * FROM tags`)                       // created by the unreleased migration: no old code reads it
}

type user struct {
	ID    int64  `db:"id"`
	Email string `db:"email"`
}

// The added column (users.nickname) meets old code that maps the result
// by name: sqlx's Select rejects a column it has no field for, after
// Unsafe() it skips it (as the release verdict judges it).
func ByName(db *sqlx.DB) {
	var strict, tolerant []user
	db.Select(&strict, `SELECT * FROM users`)            // want `SELECT \* on "users", whose columns unreleased migration migrations/0002_add_nickname.up.sql:1 changes; its result is read by sqlx Select, which rejects a column it has no field for \(star-on-changed-table\)`
	db.Unsafe().Select(&tolerant, `SELECT * FROM users`) // skips the new column
}

var (
	laxDB    = bun.NewDB(nil, nil, bun.WithDiscardUnknownColumns())
	strictDB = bun.NewDB(nil, nil)
)

func BunScan(ctx context.Context) {
	var us []user
	laxDB.NewRaw(`SELECT * FROM users`).Scan(ctx, &us)    // skips the new column
	strictDB.NewRaw(`SELECT * FROM users`).Scan(ctx, &us) // want `SELECT \* on "users", whose columns unreleased migration migrations/0002_add_nickname.up.sql:1 changes; its result is read by bun Scan, which rejects a column it has no field for \(star-on-changed-table\)`
}

func GormScan(db *gorm.DB) {
	var us []user
	db.Raw(`SELECT * FROM users`).Scan(&us) // gorm skips a column it has no field for
}

// A dropped column is reported whatever reads the star (the old code's
// field for it is no longer filled): 0002 drops posts.title.
func Dropped(db *sqlx.DB) {
	var n []struct {
		ID int64 `db:"id"`
	}
	db.Unsafe().Select(&n, `SELECT * FROM posts`) // want `SELECT \* on "posts", whose columns unreleased migration migrations/0002_add_nickname.up.sql:5 changes; code that reads or writes by position breaks between releases \(star-on-changed-table\)`
}
