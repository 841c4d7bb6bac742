package dropped

import (
	"database/sql"

	"gorm.io/gorm"
)

func Queries(db *sql.DB) {
	db.Query(`SELECT id, legacy_email FROM users`) // want `column "users.legacy_email" is dropped by migrations/0002_contract.up.sql:2 \(uses-removed-object\); help: stop using it`
	db.Query(`SELECT total FROM old_orders`)       // want `table "old_orders" is dropped by migrations/0002_contract.up.sql:3`
	db.Query(`SELECT name FROM users`)             // want `column "users.name" is renamed to "full_name" by migrations/0002_contract.up.sql:4 \(uses-removed-object\); help: use "full_name"`
	db.Query(`SELECT id FROM carts`)               // want `table "carts" is renamed to "baskets" by migrations/0002_contract.up.sql:6`
	db.Query(`SELECT id, full_name, email FROM users`)
	db.Query(`SELECT id FROM baskets`)
	db.Query(`SELECT id FROM not_in_migrations`) // unknown tables are quiet without a complete schema
	db.Query(`SELECT flag FROM legacy_flags`)    // want `column "legacy_flags.flag" is dropped by migrations/0002_contract.up.sql:8`
}

func Inserts(db *sql.DB) {
	db.Exec(`INSERT INTO widgets (title) VALUES ($1)`, "t") // want `insert into "widgets" does not set column "owner_id", which migrations/0002_contract.up.sql:5 makes NOT NULL without a default; the insert fails \(insert-misses-required-column\)`
	db.Exec(`INSERT INTO widgets (title, owner_id) VALUES ($1, $2)`, "t", 1)
	db.Exec(`INSERT INTO users (email) VALUES ($1)`, "e")
	db.Exec(`INSERT INTO users (name) VALUES ($1)`, "e") // want `column "users.name" is renamed` `insert into "users" does not set column "email", which migrations/0001_init.up.sql:1 makes NOT NULL`
}

func Retiring(db *sql.DB) {
	db.Query(`SELECT nickname FROM accounts`) // want `column "accounts.nickname" is retiring \(retiring: accounts.nickname\) \(uses-retiring\)`
	db.Query(`SELECT plan FROM accounts`)
	db.Query(`SELECT * FROM accounts`)            // want `SELECT \* on "accounts" reads retiring column accounts.nickname \(uses-retiring\)`
	db.Exec(`DELETE FROM audit_log WHERE id = 1`) // want `table "audit_log" is retiring \(retiring: audit_log\)`
}

func Suppressed(db *sql.DB) {
	//rbcheck:ignore uses-removed-object read only during the 0042 backfill window
	db.Query(`SELECT legacy_email FROM users`)
	db.Query(`SELECT legacy_email FROM users`) //rbcheck:ignore uses-removed-object same-line reason
	//rbcheck:ignore uses-retiring // want `//rbcheck:ignore uses-retiring has no reason, so it silences nothing \(ignore-needs-reason\)`
	db.Query(`SELECT nickname FROM accounts`) // want `column "accounts.nickname" is retiring`
	//rbcheck:ignore uses-retiring,uses-removed-object migration script, runs before the drop
	db.Query(`SELECT accounts.nickname, users.legacy_email FROM accounts JOIN users ON users.id = accounts.id`)
	//rbcheck:ignore no-such-rule because // want `names unknown rule "no-such-rule"`
	db.Query(`SELECT plan FROM accounts`)
	//rbcheck:ignore uses-retiring wrong rule does not silence another // want `//rbcheck:ignore uses-retiring suppresses nothing: no uses-retiring finding on this line or the next \(unused-ignore\)`
	db.Query(`SELECT legacy_email FROM users`) // want `column "users.legacy_email" is dropped`
}

// LegacyUser maps the users table, including the dropped column.
type LegacyUser struct {
	ID          int64
	LegacyEmail string `gorm:"column:legacy_email"` // want `column "users.legacy_email" is dropped by migrations/0002_contract.up.sql:2`
	Email       string
}

func (LegacyUser) TableName() string { return "users" }

func Orm(db *gorm.DB) {
	var u LegacyUser
	db.First(&u)
}

// notCalled: nothing calls it, so its statements cannot run; the verdict
// only warns about them, and they are not reported.
func notCalled(db *sql.DB) {
	db.Query(`SELECT id, legacy_email FROM users`)
}
