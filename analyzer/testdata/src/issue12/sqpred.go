package issue12

import (
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// A squirrel predicate built by a constructor and kept in a field.
type userFilter struct{ pred sq.Sqlizer }

func byTeam(team int64) userFilter { return userFilter{pred: sq.Eq{"team_id": team}} }

func listMembers(db *sql.DB, d userFilter) {
	q, args, _ := sq.Select("id").From("members").Where(d.pred).ToSql() // want "members select exact \\(squirrel\\)" "members.id select exact" "members.team_id select exact"
	db.Query(q, args...)
}

// A CTE builder passed to Prefix: inlined for its `?`.
func recentOrders(db *sql.DB) {
	cte := sq.Select("id").From("orders").Where("created_at > now() - interval '1 day'")
	q, args, _ := sq.Select("id").Prefix("WITH recent AS (?)", cte).From("recent").ToSql() // want "orders select exact \\(squirrel\\)" "orders.id select exact" "orders.created_at select exact"
	db.Query(q, args...)
}

var _ = byTeam

// Predicates of another file: a package variable and a field a
// constructor of that file fills.
func listActive(db *sql.DB, f roleFilter) {
	q, args, _ := sq.Select("id").From("members").Where(activeMembers).Where(f.pred).ToSql() // want "members select exact \\(squirrel\\)" "members.id select exact" "members.state select exact" "members.role select exact"
	db.Query(q, args...)
}
