// Package orm is a minimal stub of github.com/go-pg/pg/v10/orm for rbcheck's analyzer tests.
package orm

// Result is a statement result.
type Result interface{ RowsAffected() int }

// Query is a go-pg ORM query.
type Query struct{}

func (q *Query) Model(model ...interface{}) *Query                      { return q }
func (q *Query) Table(tables ...string) *Query                          { return q }
func (q *Query) TableExpr(expr string, params ...interface{}) *Query    { return q }
func (q *Query) Column(columns ...string) *Query                        { return q }
func (q *Query) ColumnExpr(expr string, params ...interface{}) *Query   { return q }
func (q *Query) Where(condition string, params ...interface{}) *Query   { return q }
func (q *Query) WhereOr(condition string, params ...interface{}) *Query { return q }
func (q *Query) WhereIn(where string, slice interface{}) *Query         { return q }
func (q *Query) WherePK() *Query                                        { return q }
func (q *Query) Join(join string, params ...interface{}) *Query         { return q }
func (q *Query) JoinOn(condition string, params ...interface{}) *Query  { return q }
func (q *Query) Order(orders ...string) *Query                          { return q }
func (q *Query) Limit(n int) *Query                                     { return q }
func (q *Query) Set(set string, params ...interface{}) *Query           { return q }
func (q *Query) Returning(s string, params ...interface{}) *Query       { return q }
func (q *Query) Relation(name string, apply ...func(*Query) (*Query, error)) *Query {
	return q
}
func (q *Query) Select(values ...interface{}) error           { return nil }
func (q *Query) Count() (int, error)                          { return 0, nil }
func (q *Query) Insert(values ...interface{}) (Result, error) { return nil, nil }
func (q *Query) Update(scan ...interface{}) (Result, error)   { return nil, nil }
func (q *Query) Delete(values ...interface{}) (Result, error) { return nil, nil }
