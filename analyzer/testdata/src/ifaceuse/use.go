// Package ifaceuse runs SQL through another package's interfaces.
package ifaceuse

import (
	"context"
	"fmt"

	"ifacedb"
)

const grantsQuery = `select role_id from iam_role_grant_scope where %s`

type Repository struct {
	reader ifacedb.Reader
	writer ifacedb.Writer
	cache  ifacedb.Cache
	runner Runner
}

// Runner is implemented nowhere in view, but its Exec is shaped like a
// database call with a parameter named sql.
type Runner interface {
	Exec(ctx context.Context, sql string, args []any) error
}

func (r *Repository) Grants(ctx context.Context, anon bool) error {
	where := "principal_id = ?"
	if anon {
		where = "principal_id in ('u_anon', ?)"
	}
	query := fmt.Sprintf(grantsQuery, where)
	rows, err := r.reader.Query(ctx, query, []any{1}) // want "iam_role_grant_scope select exact \\(interface Reader.Query\\)" "iam_role_grant_scope.role_id select exact" "iam_role_grant_scope.principal_id select exact"
	if err != nil {
		return err
	}
	defer rows.Close()
	_, err = r.writer.Exec(ctx, "delete from iam_role where public_id = ?", []any{1}) // want "iam_role delete exact \\(interface Writer.Exec\\)" "iam_role.public_id select exact"
	if err != nil {
		return err
	}
	_ = r.runner.Exec(ctx, "update iam_scope set name = ?", []any{"x"}) // want "iam_scope update exact \\(interface Runner.Exec\\)" "iam_scope.name update exact"
	// ok twins: a cache key and a Runner string that is not SQL
	_ = r.cache.Exec(ctx, "select:iam_user", 60)
	return r.runner.Exec(ctx, "warm-up", nil)
}

// Run passes a text built at run time to Reader.Query, whose SQL
// parameter is named sql: it is listed as dynamic.
func (r *Repository) Run(ctx context.Context, query string) error {
	rows, err := r.reader.Query(ctx, query+r.suffix(), nil) // want "dynamic sql"
	if err != nil {
		return err
	}
	return rows.Close()
}

func (r *Repository) suffix() string { return fmt.Sprint(r.cache) }
