// Package sqlx is a minimal stub of github.com/jmoiron/sqlx for rbcheck's analyzer tests.
package sqlx

import (
	"context"
	"database/sql"
)

const (
	UNKNOWN = iota
	QUESTION
	DOLLAR
	NAMED
	AT
)

type Queryer interface {
	Query(query string, args ...any) (*sql.Rows, error)
	Queryx(query string, args ...any) (*Rows, error)
	QueryRowx(query string, args ...any) *Row
}
type QueryerContext interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error)
	QueryRowxContext(ctx context.Context, query string, args ...any) *Row
}
type Execer interface {
	Exec(query string, args ...any) (sql.Result, error)
}
type ExecerContext interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}
type Ext interface {
	Queryer
	Execer
	DriverName() string
	Rebind(string) string
	BindNamed(string, any) (string, []any, error)
}
type ExtContext interface {
	QueryerContext
	ExecerContext
	DriverName() string
	Rebind(string) string
	BindNamed(string, any) (string, []any, error)
}
type Rows struct{ *sql.Rows }

func (*Rows) StructScan(dest any) error         { panic("stub") }
func (*Rows) MapScan(dest map[string]any) error { panic("stub") }
func (*Rows) SliceScan() ([]any, error)         { panic("stub") }

type Row struct{}

func (*Row) Scan(dest ...any) error            { panic("stub") }
func (*Row) StructScan(dest any) error         { panic("stub") }
func (*Row) MapScan(dest map[string]any) error { panic("stub") }
func (*Row) Err() error                        { panic("stub") }

type Stmt struct{ *sql.Stmt }

func (*Stmt) Get(dest any, args ...any) error    { panic("stub") }
func (*Stmt) Select(dest any, args ...any) error { panic("stub") }
func (*Stmt) Queryx(args ...any) (*Rows, error)  { panic("stub") }
func (*Stmt) QueryRowx(args ...any) *Row         { panic("stub") }

type NamedStmt struct{}

func (*NamedStmt) Exec(arg any) (sql.Result, error) { panic("stub") }
func (*NamedStmt) Get(dest any, arg any) error      { panic("stub") }
func (*NamedStmt) Select(dest any, arg any) error   { panic("stub") }
func (*NamedStmt) Queryx(arg any) (*Rows, error)    { panic("stub") }
func (*NamedStmt) Close() error                     { panic("stub") }

type DB struct{ *sql.DB }

func Open(driverName, dataSourceName string) (*DB, error)    { panic("stub") }
func MustOpen(driverName, dataSourceName string) *DB         { panic("stub") }
func Connect(driverName, dataSourceName string) (*DB, error) { panic("stub") }
func ConnectContext(ctx context.Context, driverName, dataSourceName string) (*DB, error) {
	panic("stub")
}
func MustConnect(driverName, dataSourceName string) *DB                               { panic("stub") }
func NewDb(db *sql.DB, driverName string) *DB                                         { panic("stub") }
func (*DB) Unsafe() *DB                                                               { panic("stub") }
func (*DB) DriverName() string                                                        { panic("stub") }
func (*DB) Rebind(query string) string                                                { panic("stub") }
func (*DB) BindNamed(query string, arg any) (string, []any, error)                    { panic("stub") }
func (*DB) Get(dest any, query string, args ...any) error                             { panic("stub") }
func (*DB) Select(dest any, query string, args ...any) error                          { panic("stub") }
func (*DB) GetContext(ctx context.Context, dest any, query string, args ...any) error { panic("stub") }
func (*DB) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	panic("stub")
}
func (*DB) Queryx(query string, args ...any) (*Rows, error) { panic("stub") }
func (*DB) QueryRowx(query string, args ...any) *Row        { panic("stub") }
func (*DB) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	panic("stub")
}
func (*DB) QueryRowxContext(ctx context.Context, query string, args ...any) *Row      { panic("stub") }
func (*DB) MustExec(query string, args ...any) sql.Result                             { panic("stub") }
func (*DB) MustExecContext(ctx context.Context, query string, args ...any) sql.Result { panic("stub") }
func (*DB) NamedExec(query string, arg any) (sql.Result, error)                       { panic("stub") }
func (*DB) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	panic("stub")
}
func (*DB) NamedQuery(query string, arg any) (*Rows, error) { panic("stub") }
func (*DB) NamedQueryContext(ctx context.Context, query string, arg any) (*Rows, error) {
	panic("stub")
}
func (*DB) Preparex(query string) (*Stmt, error)                                      { panic("stub") }
func (*DB) PreparexContext(ctx context.Context, query string) (*Stmt, error)          { panic("stub") }
func (*DB) PrepareNamed(query string) (*NamedStmt, error)                             { panic("stub") }
func (*DB) PrepareNamedContext(ctx context.Context, query string) (*NamedStmt, error) { panic("stub") }
func (*DB) Beginx() (*Tx, error)                                                      { panic("stub") }
func (*DB) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error)            { panic("stub") }
func (*DB) MustBegin() *Tx                                                            { panic("stub") }
func (*DB) MustBeginTx(ctx context.Context, opts *sql.TxOptions) *Tx                  { panic("stub") }
func (*DB) Connx(ctx context.Context) (*Conn, error)                                  { panic("stub") }

type Tx struct{ *sql.Tx }

func (*Tx) DriverName() string                                                        { panic("stub") }
func (*Tx) Rebind(query string) string                                                { panic("stub") }
func (*Tx) BindNamed(query string, arg any) (string, []any, error)                    { panic("stub") }
func (*Tx) Get(dest any, query string, args ...any) error                             { panic("stub") }
func (*Tx) Select(dest any, query string, args ...any) error                          { panic("stub") }
func (*Tx) GetContext(ctx context.Context, dest any, query string, args ...any) error { panic("stub") }
func (*Tx) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	panic("stub")
}
func (*Tx) Queryx(query string, args ...any) (*Rows, error) { panic("stub") }
func (*Tx) QueryRowx(query string, args ...any) *Row        { panic("stub") }
func (*Tx) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	panic("stub")
}
func (*Tx) QueryRowxContext(ctx context.Context, query string, args ...any) *Row      { panic("stub") }
func (*Tx) MustExec(query string, args ...any) sql.Result                             { panic("stub") }
func (*Tx) MustExecContext(ctx context.Context, query string, args ...any) sql.Result { panic("stub") }
func (*Tx) NamedExec(query string, arg any) (sql.Result, error)                       { panic("stub") }
func (*Tx) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	panic("stub")
}
func (*Tx) NamedQuery(query string, arg any) (*Rows, error) { panic("stub") }
func (*Tx) Preparex(query string) (*Stmt, error)            { panic("stub") }
func (*Tx) PrepareNamed(query string) (*NamedStmt, error)   { panic("stub") }

type Conn struct{ *sql.Conn }

func (*Conn) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	panic("stub")
}
func (*Conn) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	panic("stub")
}
func (*Conn) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error) {
	panic("stub")
}
func (*Conn) QueryRowxContext(ctx context.Context, query string, args ...any) *Row { panic("stub") }
func (*Conn) Rebind(query string) string                                           { panic("stub") }
func Get(q Queryer, dest any, query string, args ...any) error                     { panic("stub") }
func Select(q Queryer, dest any, query string, args ...any) error                  { panic("stub") }
func GetContext(ctx context.Context, q QueryerContext, dest any, query string, args ...any) error {
	panic("stub")
}
func SelectContext(ctx context.Context, q QueryerContext, dest any, query string, args ...any) error {
	panic("stub")
}
func NamedExec(e Ext, query string, arg any) (sql.Result, error) { panic("stub") }
func NamedQuery(e Ext, query string, arg any) (*Rows, error)     { panic("stub") }
func MustExec(e Execer, query string, args ...any) sql.Result    { panic("stub") }
func In(query string, args ...any) (string, []any, error)        { panic("stub") }
func Named(query string, arg any) (string, []any, error)         { panic("stub") }
func Rebind(bindType int, query string) string                   { panic("stub") }
func BindType(driverName string) int                             { panic("stub") }
