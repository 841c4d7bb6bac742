// Package orm is a minimal stub of github.com/go-pg/pg/v10/orm for rbcheck's analyzer tests.
package orm

// Query is a go-pg ORM query.
type Query struct{}

func (q *Query) Where(condition string, params ...interface{}) *Query { return q }
func (q *Query) Column(columns ...string) *Query                      { return q }
func (q *Query) Select(values ...interface{}) error                   { return nil }
