// Package store runs its statements through the fragment builder qb.
package store

import (
	"context"
	"database/sql"

	"fragqb/qb"
)

type Find struct {
	Name *string
	IDs  []int
}

func list(ctx context.Context, db *sql.DB, workspace string, find *Find) {
	q := qb.Q().Space(`SELECT name, value FROM setting WHERE workspace = ?`, workspace)
	if find.Name != nil {
		q.And("name = ?", *find.Name)
	}
	query, args, err := q.ToSQL()
	if err != nil {
		return
	}
	db.QueryContext(ctx, query, args...) // want "setting select exact" "setting.name select exact" "setting.value select exact" "setting.workspace select exact"
}

func get(ctx context.Context, db *sql.DB, name string) {
	query, args, _ := qb.Q().Space("SELECT value FROM setting").Space("WHERE name = ?", name).ToSQL()
	db.QueryRowContext(ctx, query, args...) // want "setting select exact" "setting.value select exact" "setting.name select exact"
}

func reassigned(ctx context.Context, db *sql.DB) {
	q := qb.Q()
	q = q.Space("DELETE FROM audit_log")
	q = q.Space("WHERE created_ts < now()")
	query, args, _ := q.ToSQL()
	db.ExecContext(ctx, query, args...) // want "audit_log delete exact" "audit_log.created_ts select exact"
}

func nested(ctx context.Context, db *sql.DB, ws string) {
	sub := qb.Q().Space("SELECT project FROM project_member WHERE principal = ?", ws)
	q := qb.Q().Space("SELECT id FROM project WHERE resource_id IN (?)", sub).And("deleted = ??", false)
	query, args, _ := q.ToSQL()
	db.QueryContext(ctx, query, args...) // want "project select exact" "project.id select exact" "project.resource_id select exact" "project.deleted select exact" "project_member select exact" "project_member.project select exact" "project_member.principal select exact"
}

func jsonb(ctx context.Context, db *sql.DB) {
	query, args, _ := qb.Q().Space("SELECT name FROM setting WHERE value ?? 'maximumRoleExpiration'").ToSQL()
	db.QueryContext(ctx, query, args...) // want "setting select exact" "setting.name select exact" "setting.value select exact"
}

// addFilter appends to the builder it is given.
func addFilter(q *qb.Query) { q.And("deleted = false") }

func passedOn(ctx context.Context, db *sql.DB) {
	q := qb.Q().Space("SELECT id FROM instance WHERE true")
	addFilter(q)
	query, args, _ := q.ToSQL()
	db.QueryContext(ctx, query, args...) // want "instance select partial" "instance.id select partial"
}

func changed(ctx context.Context, db *sql.DB) {
	q := qb.Q().Space("SELECT id FROM instance WHERE id = ").Tag(3)
	query, args, _ := q.ToSQL()
	db.QueryContext(ctx, query, args...) // want "dynamic sql: the query builder returned by qb.Q\\(\\).Space\\(\"SELECT id FROM instance WHERE id = \"\\).Tag"
}

func other(ctx context.Context, db *sql.DB, o *qb.Other) {
	query, args := o.Build()
	db.QueryContext(ctx, query, args...) // want "dynamic sql: o.Build\\(\\) returns SQL built by qb.Other.Build, a query builder rbcheck does not read"
}

func param(ctx context.Context, db *sql.DB, q *qb.Query) {
	query, args, _ := q.ToSQL()
	db.QueryContext(ctx, query, args...) // want "dynamic sql: query builder q is a parameter"
}

func branches(ctx context.Context, db *sql.DB, workspace string) {
	var q *qb.Query
	if workspace != "" {
		q = qb.Q().Space("SELECT p.email FROM principal p JOIN policy pol ON pol.workspace = ?", workspace)
	} else {
		q = qb.Q().Space("SELECT p.name FROM principal p")
	}
	q.Space("ORDER BY p.created_at")
	sqlStr, args, _ := q.ToSQL()
	db.QueryContext(ctx, sqlStr, args...) // want "principal select exact" "principal.email select exact" "policy select exact" "policy.workspace select exact" "principal.created_at select exact" "principal.name select exact"
}

func nestedTable(ctx context.Context, db *sql.DB, table string) {
	q := qb.Q()
	q.Space("SELECT COALESCE(MAX(id), 0) FROM ? WHERE project = ?", qb.Q().Space(table), 1)
	query, args, _ := q.ToSQL()
	db.QueryRowContext(ctx, query, args...) // want "dynamic sql: parameter table"
}

func orderBy(ctx context.Context, db *sql.DB, byName bool) {
	q := qb.Q().Space("SELECT id FROM sheet WHERE true")
	if byName {
		q.Space("ORDER BY name")
	} else {
		q.Space("ORDER BY created_at DESC")
	}
	query, args, _ := q.ToSQL()
	db.QueryContext(ctx, query, args...) // want "sheet select exact" "sheet.id select exact" "sheet.name select exact" "sheet.created_at select exact"
}
