// Package rbargs: the Go argument each placeholder is bound to, and what
// its type says about NULL (-report-args). Each type that may be NULL has
// a twin that never is.
package rbargs

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"

	"github.com/gofrs/uuid"
	"github.com/jmoiron/sqlx"
)

// Key is uuid-like: an array whose Value method, on the value, returns
// its string.
type Key [16]byte

func (k Key) Value() (driver.Value, error) { return string(k[:]), nil }

// PtrKey has Value on the pointer only.
type PtrKey [16]byte

func (k *PtrKey) Value() (driver.Value, error) { return string(k[:]), nil }

// OptKey's Value returns nil for the zero key.
type OptKey [16]byte

func (k OptKey) Value() (driver.Value, error) {
	if k == (OptKey{}) {
		return nil, nil
	}
	return string(k[:]), nil
}

// Status is a string without a Value method.
type Status string

type purchase struct {
	userID uuid.UUID
	nick   *string
	raw    []byte
	note   sql.NullString
	at     time.Time
	owner  uuid.NullUUID
}

func never(ctx context.Context, db *sql.DB, p purchase, name string, n int64, k Key, s Status) {
	db.ExecContext(ctx, "INSERT INTO purchase (user_id, name, n, k, at, status) VALUES ($1, $2, $3, $4, $5, $6)", p.userID, name, n, k, p.at, s) // want `arg \$1: p.userID uuid.UUID, never NULL` `arg \$2: name string, never NULL` `arg \$3: n int64, never NULL` `arg \$4: k rbargs.Key, never NULL` `arg \$5: p.at time.Time, never NULL` `arg \$6: s rbargs.Status, never NULL`
	db.Exec("UPDATE purchase SET user_id = $1 WHERE id = $2", uuid.UUID{}, 7)                                                                    // want `arg \$1: uuid.UUID{} uuid.UUID, never NULL` `arg \$2: 7 int, never NULL`
}

func may(ctx context.Context, db *sql.DB, p purchase, pk PtrKey, ok OptKey, v any) {
	db.ExecContext(ctx, "INSERT INTO purchase (nick, raw, note, owner) VALUES ($1, $2, $3, $4)", p.nick, p.raw, p.note, p.owner) // want `arg \$1: p.nick \*string, may be NULL` `arg \$2: p.raw \[\]byte, may be NULL` `arg \$3: p.note sql.NullString, may be NULL` `arg \$4: p.owner uuid.NullUUID, may be NULL`
	db.Exec("UPDATE purchase SET k = $1, k2 = $2, v = $3, w = $4", pk, ok, v, nil)                                               // want `arg \$1: pk rbargs.PtrKey, may be NULL` `arg \$2: ok rbargs.OptKey, may be NULL` `arg \$3: v any, may be NULL` `arg \$4: nil nil, NULL`
}

func notRead(ctx context.Context, db *sql.DB, args []any, q string) {
	db.ExecContext(ctx, "INSERT INTO purchase (user_id) VALUES ($1)", args...) // spread: not read
	db.PrepareContext(ctx, "INSERT INTO purchase (user_id) VALUES ($1)")       // no arguments
	db.Exec(q+" WHERE id = $1", 1)                                             // not exact
}

// account is bound by name: sqlx's :name placeholders take the fields with
// those db tags.
type account struct {
	ID    uuid.UUID `db:"id"`
	Email string    `db:"email"`
	Nick  *string   `db:"nick"`
}

func named(x *sqlx.DB, a account, m map[string]any) {
	x.NamedExec("INSERT INTO account (id, email, nick, other) VALUES (:id, :email, :nick, :other)", a) // want `arg \$1: a.ID uuid.UUID, never NULL` `arg \$2: a.Email string, never NULL` `arg \$3: a.Nick \*string, may be NULL` `arg \$4: a :other \(type not known\), NULL not known`
	x.NamedExec("UPDATE account SET nick = :nick WHERE id = :id", &a)                                  // want `arg \$1: a.Nick \*string, may be NULL` `arg \$2: a.ID uuid.UUID, never NULL`
	x.NamedExec("UPDATE account SET nick = :nick", m)                                                  // a map: not read
}
