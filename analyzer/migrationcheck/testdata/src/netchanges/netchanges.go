package netchanges

import "database/sql"

func Inserts(db *sql.DB) {
	db.Exec(`INSERT INTO notes (body) VALUES ($1)`, "b") // want `insert into "notes" does not set column "author", which migrations/0002_changes.up.sql:3 makes NOT NULL without a default; the insert fails \(insert-misses-required-column\)`
	db.Exec(`INSERT INTO notes (body, author) VALUES ($1, $2)`, "b", "a")
	db.Exec(`INSERT INTO events (kind) VALUES ($1)`, "k") // want `insert into "events" does not set column "tenant_id", which migrations/0002_changes.up.sql:4 makes NOT NULL`
	db.Exec(`INSERT INTO events (kind, tenant_id) VALUES ($1, $2)`, "k", 1)
}

func Upserts(db *sql.DB) {
	db.Exec(`INSERT INTO subs (email, plan) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET plan = EXCLUDED.plan`, "e", "p") // want `on conflict \(email\) on "subs" needs a unique key on those columns, which migrations/0002_changes.up.sql:5 drops; the insert fails \(uses-removed-object\)`
	db.Exec(`INSERT INTO subs (email, plan) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, "e", "p")
	db.Exec(`INSERT INTO tokens (value) VALUES ($1) ON CONFLICT ON CONSTRAINT tokens_value_uniq DO NOTHING`, "v") // want `on conflict on constraint "tokens_value_uniq" of "tokens" names a constraint that migrations/0002_changes.up.sql:6 drops or renames`
	db.Exec(`INSERT INTO tokens (value) VALUES ($1) ON CONFLICT ON CONSTRAINT tokens_value_key DO NOTHING`, "v")
	db.Exec(`INSERT INTO accounts (id, code) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code`, 1, "c")
}

func Replaced(db *sql.DB) {
	db.Query(`SELECT title FROM reports`) // want `column "reports.title" is dropped by migrations/0002_changes.up.sql:10 \(uses-removed-object\)`
	db.Query(`SELECT heading FROM reports`)
	db.Query(`SELECT heading FROM reports_v2`) // want `table "reports_v2" is renamed to "reports" by migrations/0002_changes.up.sql:10`
}

func Checks(db *sql.DB) {
	db.Exec(`INSERT INTO jobs (id, paused) VALUES ($1, true)`, 1) // want `insert into "jobs" writes a row that check "jobs_pause_reason", added by migrations/0002_changes.up.sql:11, rejects: it inserts "paused" = true, "pause_reason" left out \(NULL\); the statement fails \(write-fails-check\)`
	db.Exec(`UPDATE jobs SET paused = true WHERE id = $1`, 1)     // want `update of "jobs" writes a row that check "jobs_pause_reason", added by migrations/0002_changes.up.sql:11, rejects: it sets "paused" = true and leaves "pause_reason" NULL, as the release added it; the statement fails \(write-fails-check\)`
	db.Exec(`INSERT INTO jobs (id, paused) VALUES ($1, false)`, 1)
	db.Exec(`INSERT INTO jobs (id, paused, pause_reason) VALUES ($1, true, 'maintenance')`, 1)
	db.Exec(`UPDATE jobs SET paused = $2 WHERE id = $1`, 1, true)
}
