// Package ifaceconsume reads rows through its own Tx interface, implemented
// with sqlx.Get (as treeverse/lakeFS's db.Tx is with scany's pgxscan.Get):
// the interface's Get maps as sqlx's does, strict.
package ifaceconsume

import "github.com/jmoiron/sqlx"

type Tx interface {
	Get(dest interface{}, query string, args ...interface{}) error
}

type dbTx struct {
	tx sqlx.Queryer
}

func (d *dbTx) Get(dest interface{}, query string, args ...interface{}) error {
	return sqlx.Get(d.tx, dest, query, args...)
}

type User struct {
	ID   int    `db:"id"`
	Name string `db:"name"`
}

func GetUser(tx Tx, id int) (*User, error) {
	user := new(User)
	err := tx.Get(user, `SELECT * FROM ic_users WHERE id = $1`, id) // scan: by-name sqlx Get strict
	return user, err
}

// Exec through the same kind of interface reads no rows (ok twin).
type Execer interface {
	Exec(query string, args ...interface{}) error
}

type dbExec struct{ db *sqlx.DB }

func (d *dbExec) Exec(query string, args ...interface{}) error {
	_, err := d.db.Exec(query, args...)
	return err
}

func Touch(e Execer, id int) error {
	return e.Exec(`UPDATE ic_users SET name = name WHERE id = $1`, id) // scan: none
}
