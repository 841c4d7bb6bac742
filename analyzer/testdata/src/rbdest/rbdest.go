// Package rbdest: the Go type each result column is scanned into, for a
// model's fields and for the struct a by-name mapper fills, and whether
// that type accepts NULL (-report-scans).
package rbdest

import (
	"context"
	"database/sql"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jmoiron/sqlx"
)

type Flow struct {
	ID      string         `db:"id"`      // want `column id → Flow.ID string, rejects NULL`
	Subject string         `db:"subject"` // want `column subject → Flow.Subject string, rejects NULL`
	Nick    sql.NullString `db:"nick"`    // want `column nick → Flow.Nick sql.NullString, accepts NULL`
	Seen    *time.Time     `db:"seen"`    // want `column seen → Flow.Seen \*time.Time, accepts NULL`
	At      time.Time      `db:"at"`      // want `column at → Flow.At time.Time, rejects NULL`
	Raw     JSON           `db:"raw"`     // want `column raw → Flow.Raw rbdest.JSON, NULL not known`
	Opt     OptJSON        `db:"opt"`     // want `column opt → Flow.Opt rbdest.OptJSON, accepts NULL`
	State   State          `db:"state"`   // want `column state → Flow.State rbdest.State, rejects NULL`
	Tags    []byte         `db:"tags"`    // want `column tags → Flow.Tags \[\]byte, accepts NULL`
	Skip    string         `db:"-"`
}

// TableName makes Flow a model of flows.
func (Flow) TableName() string { return "flows" } // want TableName:`returns "flows"`

// State has no Scan method: database/sql sets it by reflection, which
// refuses NULL.
type State int

// JSON's Scan does not test for nil: what it does with NULL is not known.
type JSON []byte

func (j *JSON) Scan(v any) error { *j = []byte("x"); return nil }

// OptJSON's Scan does.
type OptJSON []byte

func (j *OptJSON) Scan(v any) error {
	if v == nil {
		*j = nil
		return nil
	}
	return nil
}

type row struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
	Note *string
}

func sqlxGet(db *sqlx.DB) {
	var r row
	db.Get(&r, "SELECT id, name, note FROM t WHERE id = $1", 1) // want `result: by-name sqlx Get, strict` `into: id → row.ID int64, rejects NULL; name → row.Name string, rejects NULL; note → row.Note \*string, accepts NULL`
	var rs []row
	db.Select(&rs, "SELECT id, name FROM t")       // want `result: by-name sqlx Select, strict` `into: id → row.ID int64, rejects NULL; name → row.Name string, rejects NULL; note → row.Note \*string, accepts NULL`
	rows, _ := db.Queryx("SELECT id, name FROM t") // want `result: by-name sqlx StructScan, strict` `into: id → row.ID int64, rejects NULL; name → row.Name string, rejects NULL; note → row.Note \*string, accepts NULL`
	for rows.Next() {
		_ = rows.StructScan(&r)
	}
}

func pgxCollect(ctx context.Context, conn *pgx.Conn) {
	rows, _ := conn.Query(ctx, "SELECT id, name FROM t") // want `result: by-name pgx RowToStructByName, strict` `into: id → row.ID int64, rejects NULL; name → row.Name string, rejects NULL; note → row.Note \*string, accepts NULL`
	_, _ = pgx.CollectRows(rows, pgx.RowToStructByName[row])
}

func positional(db *sql.DB) {
	var id int64
	db.QueryRow("SELECT id FROM t").Scan(&id) // want `result: positional 1 \[int64\]`
}
