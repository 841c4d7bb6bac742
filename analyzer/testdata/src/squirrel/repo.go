// Package squirrel holds squirrel builder fixtures for rbcheck's tests.
package squirrel

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

var psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)

var userColumns = []string{"id", "email"}

const usersTable = "users"

// Repo holds a builder in a field.
type Repo struct {
	db *sql.DB
	sb sq.StatementBuilderType
}

func byID(db *sql.DB, id int64) error {
	query, args, err := sq.Select("id", "email").From("users u").Join("orders o ON o.user_id = u.id").Where(sq.Eq{"u.id": id}).ToSql()
	_, _, _ = query, args, err
	return nil
}

func search(db *sql.DB, email string, active bool) error {
	q := psql.Select(userColumns...).From(usersTable)
	if email != "" {
		q = q.Where(sq.Eq{"email": email})
	} else {
		q = q.Where("name LIKE ?", "%x%")
	}
	if active {
		q = q.Where(sq.And{sq.NotEq{"deleted_at": nil}, sq.Gt{"age": 18}}).OrderBy("created_at DESC")
	}
	rows, err := q.RunWith(db).Query()
	_ = rows
	return err
}

func insert(db *sql.DB) error {
	_, err := psql.Insert("users").Columns("email", "name").Values("a@b", sq.Expr("now()")).Suffix("RETURNING id").RunWith(db).Exec()
	return err
}

func update(db *sql.DB, name string) error {
	_, err := psql.Update("users").Set("name", name).SetMap(map[string]interface{}{"status": "x", "age": 3}).Where("id = ?", 1).RunWith(db).Exec()
	return err
}

func remove(db *sql.DB, table string) error {
	_, err := psql.Delete("sessions").Where(sq.Lt{"expires_at": 5}).RunWith(db).Exec()
	_, _, _ = sq.Delete(table).Where("id = ?", 1).ToSql()
	return err
}

func (r *Repo) list(filter string) (string, error) {
	q := r.sb.Select("id").From("accounts").Where(sq.Like{"name": filter})
	s, _, err := q.ToSql()
	return s, err
}

func built() sq.SelectBuilder {
	return sq.Select("count(*)").From("events").GroupBy("kind").Having("count(*) > ?", 1)
}

func unused() {
	q := psql.Select("title").From("posts")
	_ = q
}

func notSquirrel(db *sql.DB) {
	_, _ = db.Query("SELECT 1")
}

type fakeDB struct{}

func (fakeDB) Select(dest interface{}, query string, args ...interface{}) error { return nil }

func traps(db fakeDB, users *[]string) {
	_ = db.Select(users, "SELECT id FROM users") // sqlx-like: not a squirrel chain
	sq := "shadowed"
	_ = sq
}

func subqueries(db *sql.DB) {
	recent := sq.Select("user_id").From("orders").Where("created_at > now() - interval '1 day'")
	q := sq.Select("r.user_id").FromSelect(recent, "r")
	run(q)
	_, _ = sq.Insert("archive").Columns("user_id").Select(sq.Select("id").From("users").Where(sq.Eq{"active": false})).RunWith(db).Exec()
}

func run(b sq.Sqlizer) {}

func loop(db *sql.DB, ids []int64) {
	for _, id := range ids {
		q := psql.Update("users").Set("visits", sq.Expr("visits + 1"))
		q = q.Where(sq.Eq{"id": id})
		_, _ = q.RunWith(db).Exec()
	}
	go func() {
		_, _, _ = psql.Select("id").From("jobs").Where(sq.Or{sq.Eq{"state": "new"}, sq.LtOrEq{"run_at": 0}}).ToSql()
	}()
}

func dynamic(db *sql.DB, col string, table string) {
	_, _, _ = psql.Select("id", col).From(table).Where(col+" = ?", 1).ToSql()
}

var cleanup = func(db *sql.DB) {
	_, _ = psql.Delete("tokens").Where(sq.GtOrEq{"age": 3}).RunWith(db).Exec()
}

func spread(db *sql.DB, vals []interface{}) {
	_, _, _ = sq.Insert("t").Values(vals...).ToSql()
}

// Builder returns the shared statement builder.
func Builder() sq.StatementBuilderType { return sq.StatementBuilder.PlaceholderFormat(sq.Dollar) }

func viaHelper() {
	_, _, _ = Builder().Select("name").From("teams").Where(sq.Eq{"id": 1}).ToSql()
}

type helpers struct{}

func (helpers) Builder() sq.StatementBuilderType { return sq.StatementBuilder }

var h helpers

func viaMethod() {
	_, _, _ = h.Builder().Update("teams").Set("name", "x").ToSql()
}

type filter struct{ Status string }

func applyFilter(q sq.SelectBuilder, f filter) sq.SelectBuilder {
	return q.Where(sq.Eq{"status": f.Status})
}

func filtered(db *sql.DB, f filter) {
	q := psql.Select("id").From("orders")
	q = applyFilter(q, f)
	_, _ = q.Limit(5).RunWith(db).Query()
}

const priorityHigh = 2

// urgent compares with an integer constant: the number 2, not a string.
func urgent(db *sql.DB) error {
	_, err := psql.Update("jobs").Set("state", "new").Where(sq.Eq{"priority": priorityHigh}).RunWith(db).Exec()
	return err
}
