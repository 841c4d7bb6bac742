// Package bun is a minimal stub of github.com/uptrace/bun for rbcheck's analyzer tests.
package bun

import "context"

// BaseModel carries the table tag.
type BaseModel struct{}

// DB is a bun database handle.
type DB struct{}

// DBOption configures a DB.
type DBOption func(db *DB)

// NewDB makes a DB.
func NewDB(sqldb interface{}, dialect interface{}, opts ...DBOption) *DB { return &DB{} }

// WithDiscardUnknownColumns makes the DB's scans skip columns without a field.
func WithDiscardUnknownColumns() DBOption { return nil }

// Ident is a quoted identifier.
type Ident string

// Safe is raw SQL.
type Safe string

func (db *DB) NewSelect() *SelectQuery                            { return &SelectQuery{} }
func (db *DB) NewInsert() *InsertQuery                            { return &InsertQuery{} }
func (db *DB) NewUpdate() *UpdateQuery                            { return &UpdateQuery{} }
func (db *DB) NewDelete() *DeleteQuery                            { return &DeleteQuery{} }
func (db *DB) NewRaw(query string, args ...interface{}) *RawQuery { return &RawQuery{} }

// SelectQuery builds a SELECT.
type SelectQuery struct{}

func (q *SelectQuery) Model(model interface{}) *SelectQuery                     { return q }
func (q *SelectQuery) Table(tables ...string) *SelectQuery                      { return q }
func (q *SelectQuery) TableExpr(query string, args ...interface{}) *SelectQuery { return q }
func (q *SelectQuery) ModelTableExpr(query string, args ...interface{}) *SelectQuery {
	return q
}
func (q *SelectQuery) Column(columns ...string) *SelectQuery                     { return q }
func (q *SelectQuery) ColumnExpr(query string, args ...interface{}) *SelectQuery { return q }
func (q *SelectQuery) ExcludeColumn(columns ...string) *SelectQuery              { return q }
func (q *SelectQuery) Where(query string, args ...interface{}) *SelectQuery      { return q }
func (q *SelectQuery) WhereOr(query string, args ...interface{}) *SelectQuery    { return q }
func (q *SelectQuery) WherePK(cols ...string) *SelectQuery                       { return q }
func (q *SelectQuery) Join(join string, args ...interface{}) *SelectQuery        { return q }
func (q *SelectQuery) JoinOn(cond string, args ...interface{}) *SelectQuery      { return q }
func (q *SelectQuery) Group(columns ...string) *SelectQuery                      { return q }
func (q *SelectQuery) GroupExpr(group string, args ...interface{}) *SelectQuery  { return q }
func (q *SelectQuery) Having(having string, args ...interface{}) *SelectQuery    { return q }
func (q *SelectQuery) Order(orders ...string) *SelectQuery                       { return q }
func (q *SelectQuery) OrderExpr(query string, args ...interface{}) *SelectQuery  { return q }
func (q *SelectQuery) Limit(n int) *SelectQuery                                  { return q }
func (q *SelectQuery) Offset(n int) *SelectQuery                                 { return q }
func (q *SelectQuery) Relation(name string, apply ...func(*SelectQuery) *SelectQuery) *SelectQuery {
	return q
}
func (q *SelectQuery) Scan(ctx context.Context, dest ...interface{}) error { return nil }
func (q *SelectQuery) Count(ctx context.Context) (int, error)              { return 0, nil }
func (q *SelectQuery) Exists(ctx context.Context) (bool, error)            { return false, nil }

// InsertQuery builds an INSERT.
type InsertQuery struct{}

func (q *InsertQuery) Model(model interface{}) *InsertQuery                     { return q }
func (q *InsertQuery) Table(tables ...string) *InsertQuery                      { return q }
func (q *InsertQuery) Column(columns ...string) *InsertQuery                    { return q }
func (q *InsertQuery) Returning(query string, args ...interface{}) *InsertQuery { return q }
func (q *InsertQuery) On(s string, args ...interface{}) *InsertQuery            { return q }
func (q *InsertQuery) Set(query string, args ...interface{}) *InsertQuery       { return q }
func (q *InsertQuery) Exec(ctx context.Context, dest ...interface{}) (interface{}, error) {
	return nil, nil
}

// UpdateQuery builds an UPDATE.
type UpdateQuery struct{}

func (q *UpdateQuery) Model(model interface{}) *UpdateQuery                     { return q }
func (q *UpdateQuery) Table(tables ...string) *UpdateQuery                      { return q }
func (q *UpdateQuery) TableExpr(query string, args ...interface{}) *UpdateQuery { return q }
func (q *UpdateQuery) Column(columns ...string) *UpdateQuery                    { return q }
func (q *UpdateQuery) Set(query string, args ...interface{}) *UpdateQuery       { return q }
func (q *UpdateQuery) Where(query string, args ...interface{}) *UpdateQuery     { return q }
func (q *UpdateQuery) WherePK(cols ...string) *UpdateQuery                      { return q }
func (q *UpdateQuery) Returning(query string, args ...interface{}) *UpdateQuery { return q }
func (q *UpdateQuery) Exec(ctx context.Context, dest ...interface{}) (interface{}, error) {
	return nil, nil
}

// DeleteQuery builds a DELETE.
type DeleteQuery struct{}

func (q *DeleteQuery) Model(model interface{}) *DeleteQuery                     { return q }
func (q *DeleteQuery) Table(tables ...string) *DeleteQuery                      { return q }
func (q *DeleteQuery) TableExpr(query string, args ...interface{}) *DeleteQuery { return q }
func (q *DeleteQuery) Where(query string, args ...interface{}) *DeleteQuery     { return q }
func (q *DeleteQuery) WherePK(cols ...string) *DeleteQuery                      { return q }
func (q *DeleteQuery) Returning(query string, args ...interface{}) *DeleteQuery { return q }
func (q *DeleteQuery) Exec(ctx context.Context, dest ...interface{}) (interface{}, error) {
	return nil, nil
}

// RawQuery is raw SQL.
type RawQuery struct{}

func (q *RawQuery) Scan(ctx context.Context, dest ...interface{}) error { return nil }
