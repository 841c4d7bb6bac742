// Package pop is a minimal stub of github.com/gobuffalo/pop/v6 for rbcheck's analyzer tests.
package pop

// Connection is a database connection.
type Connection struct{}

// Query is a query being built.
type Query struct{}

// ConnectionDetails configures a connection; Unsafe opens its sqlx handle
// Unsafe (unknown columns ignored).
type ConnectionDetails struct {
	URL    string
	Unsafe bool
}

// NewConnection makes a connection.
func NewConnection(deets *ConnectionDetails) (*Connection, error) { return nil, nil }

func (c *Connection) Q() *Query                                                { return nil }
func (c *Connection) Where(stmt string, args ...interface{}) *Query            { return nil }
func (c *Connection) RawQuery(stmt string, args ...interface{}) *Query         { return nil }
func (c *Connection) Select(fields ...string) *Query                           { return nil }
func (c *Connection) Order(stmt string) *Query                                 { return nil }
func (c *Connection) Eager(fields ...string) *Connection                       { return c }
func (c *Connection) Find(model interface{}, id interface{}) error             { return nil }
func (c *Connection) First(model interface{}) error                            { return nil }
func (c *Connection) All(models interface{}) error                             { return nil }
func (c *Connection) Count(model interface{}) (int, error)                     { return 0, nil }
func (c *Connection) Create(model interface{}, excludeColumns ...string) error { return nil }
func (c *Connection) Update(model interface{}, excludeColumns ...string) error { return nil }
func (c *Connection) Save(model interface{}, excludeColumns ...string) error   { return nil }
func (c *Connection) Destroy(model interface{}) error                          { return nil }
func (q *Query) Where(stmt string, args ...interface{}) *Query                 { return q }
func (q *Query) RawQuery(stmt string, args ...interface{}) *Query              { return q }
func (q *Query) Select(fields ...string) *Query                                { return q }
func (q *Query) Order(stmt string) *Query                                      { return q }
func (q *Query) Join(table string, on string, args ...interface{}) *Query      { return q }
func (q *Query) Limit(limit int) *Query                                        { return q }
func (q *Query) First(model interface{}) error                                 { return nil }
func (q *Query) Last(model interface{}) error                                  { return nil }
func (q *Query) All(models interface{}) error                                  { return nil }
func (q *Query) Count(model interface{}) (int, error)                          { return 0, nil }
func (q *Query) Exists(model interface{}) (bool, error)                        { return false, nil }
func (q *Query) Exec() error                                                   { return nil }
func (q *Query) Delete(model interface{}) error                                { return nil }
