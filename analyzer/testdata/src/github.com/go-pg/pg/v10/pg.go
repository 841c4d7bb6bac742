// Package pg is a minimal stub of github.com/go-pg/pg/v10 for rbcheck's analyzer tests.
package pg

import "github.com/go-pg/pg/v10/orm"

// DB is a go-pg database handle.
type DB struct{}

// Model starts an ORM query.
func (db *DB) Model(model ...interface{}) *orm.Query { return &orm.Query{} }
