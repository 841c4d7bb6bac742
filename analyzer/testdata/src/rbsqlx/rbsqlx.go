// Package rbsqlx exercises sqlx call sites.
package rbsqlx

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type user struct {
	Email string `json:"email"`
}

func calls(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx) {
	var u user
	var us []user
	db.Get(&u, "SELECT email FROM users WHERE id = ?", 1)               // want "users select exact" "users.email select exact" "users.id select exact"
	db.Select(&us, "SELECT nick FROM users")                            // want "users select exact" "users.nick select exact"
	db.GetContext(ctx, &u, "SELECT a FROM t_get_ctx")                   // want "t_get_ctx select exact" "t_get_ctx.a select exact"
	db.SelectContext(ctx, &us, "SELECT b FROM t_sel_ctx")               // want "t_sel_ctx select exact" "t_sel_ctx.b select exact"
	db.Queryx("SELECT c FROM t_queryx")                                 // want "t_queryx select exact" "t_queryx.c select exact"
	db.QueryRowx("SELECT d FROM t_queryrowx")                           // want "t_queryrowx select exact" "t_queryrowx.d select exact"
	db.MustExec("DELETE FROM t_mustexec")                               // want "t_mustexec delete exact"
	db.NamedExec("INSERT INTO people (name) VALUES (:name)", u)         // want "people insert exact" "people.name insert exact"
	db.NamedQuery("SELECT e FROM t_named WHERE f = :f", u)              // want "t_named select exact" "t_named.e select exact" "t_named.f select exact"
	db.Query(db.Rebind("SELECT g FROM t_rebind WHERE h = ?"), 1)        // want "t_rebind select exact" "t_rebind.g select exact" "t_rebind.h select exact"
	tx.MustExecContext(ctx, "UPDATE t_tx SET i = 1")                    // want "t_tx update exact" "t_tx.i update exact"
	sqlx.Get(db, &u, "SELECT j FROM t_pkgget")                          // want "t_pkgget select exact" "t_pkgget.j select exact"
	sqlx.Select(db, &us, sqlx.Rebind(sqlx.DOLLAR, "SELECT k FROM t_r")) // want "t_r select exact" "t_r.k select exact"
}
