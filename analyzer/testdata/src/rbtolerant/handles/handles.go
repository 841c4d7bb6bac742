// Package handles makes database handles whose mappers skip unknown
// columns (or not); the packages that import it query through them.
package handles

import (
	"context"

	"github.com/jmoiron/sqlx"
	"github.com/uptrace/bun"
)

// Lax skips result columns that have no field.
var Lax = bun.NewDB(nil, nil, bun.WithDiscardUnknownColumns()) // want Lax:`tolerant mapper: bun.WithDiscardUnknownColumns\(\)`

// Strict rejects them (bun's default).
var Strict = bun.NewDB(nil, nil)

// Mixed is given a tolerant handle and a strict one: not known to skip.
var Mixed = bun.NewDB(nil, nil, bun.WithDiscardUnknownColumns())

func init() { Mixed = bun.NewDB(nil, nil) }

// Store holds handles in fields: an exported field may be set by
// another package, so only the package's own uses of db know it.
type Store struct {
	db *bun.DB // want db:`tolerant mapper: bun.WithDiscardUnknownColumns\(\)`
	DB *bun.DB
	X  *sqlx.DB
}

// NewStore is the only writer of Store.db; X comes from the caller.
func NewStore(x *sqlx.DB) *Store {
	db := bun.NewDB(nil, nil, bun.WithDiscardUnknownColumns())
	return &Store{db: db, DB: db, X: x}
}

type row struct{ ID int64 }

// Row reads through the package's own field.
func (s *Store) Row(ctx context.Context) {
	var r row
	s.db.NewRaw("SELECT * FROM t").Scan(ctx, &r) // want `result: by-name bun Scan, skips unknown columns \(bun.WithDiscardUnknownColumns\(\)\)`
	s.DB.NewRaw("SELECT * FROM t").Scan(ctx, &r) // want `result: by-name bun Scan, strict`
}

// Unsafe is an sqlx handle that skips unknown columns.
var Unsafe = sqlx.NewDb(nil, "postgres").Unsafe() // want Unsafe:`tolerant mapper: sqlx Unsafe\(\)`
