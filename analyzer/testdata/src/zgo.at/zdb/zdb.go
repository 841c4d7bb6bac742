// Package zdb is a stub of zgo.at/zdb's API.
package zdb

import "context"

type DB interface {
	Exec(ctx context.Context, query string, params ...any) error
	NumRows(ctx context.Context, query string, params ...any) (int64, error)
	InsertID(ctx context.Context, idColumn, query string, params ...any) (int64, error)
	Get(ctx context.Context, dest any, query string, params ...any) error
	Select(ctx context.Context, dest any, query string, params ...any) error
	Query(ctx context.Context, query string, params ...any) (*Rows, error)
}

type Rows struct{}

type P map[string]any

type BulkInsert struct{}

func (*BulkInsert) Values(values ...any)     {}
func (*BulkInsert) Finish() error            { return nil }
func (*BulkInsert) OnConflict(c string)      {}
func (*BulkInsert) Returning(cols ...string) {}

func MustGetDB(ctx context.Context) DB                                        { return nil }
func Exec(ctx context.Context, query string, params ...any) error             { return nil }
func NumRows(ctx context.Context, query string, params ...any) (int64, error) { return 0, nil }
func Query(ctx context.Context, query string, params ...any) (*Rows, error)   { return nil, nil }
func Get(ctx context.Context, dest any, query string, params ...any) error    { return nil }
func Select(ctx context.Context, dest any, query string, params ...any) error { return nil }
func InsertID[T any](ctx context.Context, idColumn, query string, params ...any) (T, error) {
	var t T
	return t, nil
}
func NewBulkInsert(ctx context.Context, table string, columns []string) BulkInsert {
	return BulkInsert{}
}
