package analyzer

// Minimal declarations of the standard library's context and database/sql
// and of pgx, pgxpool and sqlx, type-checked from source by the fast
// driver in place of the real packages (which it never loads). They give
// the receivers of database calls their types, so sinks are recognised by
// type as under the Analyzer, not by method name alone. Only the
// signatures matter; a use of anything not declared here is a type error
// the fast driver ignores.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
)

const stubContext = `package context
type Context interface {
	Done() <-chan struct{}
	Err() error
	Value(key any) any
}
type CancelFunc func()
func Background() Context
func TODO() Context
func WithCancel(parent Context) (Context, CancelFunc)
func WithTimeout(parent Context, d any) (Context, CancelFunc)
func WithDeadline(parent Context, d any) (Context, CancelFunc)
func WithValue(parent Context, key, val any) Context
`

const stubSQL = `package sql
import "context"
var ErrNoRows, ErrTxDone, ErrConnDone error
type Result interface {
	LastInsertId() (int64, error)
	RowsAffected() (int64, error)
}
type Scanner interface{ Scan(src any) error }
type TxOptions struct{ ReadOnly bool }
type NullString struct{ String string; Valid bool }
type NullInt64 struct{ Int64 int64; Valid bool }
type NullInt32 struct{ Int32 int32; Valid bool }
type NullBool struct{ Bool bool; Valid bool }
type NullFloat64 struct{ Float64 float64; Valid bool }
type Rows struct{}
func (*Rows) Next() bool
func (*Rows) NextResultSet() bool
func (*Rows) Scan(dest ...any) error
func (*Rows) Close() error
func (*Rows) Err() error
func (*Rows) Columns() ([]string, error)
type Row struct{}
func (*Row) Scan(dest ...any) error
func (*Row) Err() error
type Stmt struct{}
func (*Stmt) Exec(args ...any) (Result, error)
func (*Stmt) ExecContext(ctx context.Context, args ...any) (Result, error)
func (*Stmt) Query(args ...any) (*Rows, error)
func (*Stmt) QueryContext(ctx context.Context, args ...any) (*Rows, error)
func (*Stmt) QueryRow(args ...any) *Row
func (*Stmt) QueryRowContext(ctx context.Context, args ...any) *Row
func (*Stmt) Close() error
type DB struct{}
func Open(driverName, dataSourceName string) (*DB, error)
func (*DB) Query(query string, args ...any) (*Rows, error)
func (*DB) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error)
func (*DB) QueryRow(query string, args ...any) *Row
func (*DB) QueryRowContext(ctx context.Context, query string, args ...any) *Row
func (*DB) Exec(query string, args ...any) (Result, error)
func (*DB) ExecContext(ctx context.Context, query string, args ...any) (Result, error)
func (*DB) Prepare(query string) (*Stmt, error)
func (*DB) PrepareContext(ctx context.Context, query string) (*Stmt, error)
func (*DB) Begin() (*Tx, error)
func (*DB) BeginTx(ctx context.Context, opts *TxOptions) (*Tx, error)
func (*DB) Conn(ctx context.Context) (*Conn, error)
func (*DB) Close() error
func (*DB) Ping() error
func (*DB) PingContext(ctx context.Context) error
func (*DB) SetMaxOpenConns(n int)
func (*DB) SetMaxIdleConns(n int)
type Tx struct{}
func (*Tx) Query(query string, args ...any) (*Rows, error)
func (*Tx) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error)
func (*Tx) QueryRow(query string, args ...any) *Row
func (*Tx) QueryRowContext(ctx context.Context, query string, args ...any) *Row
func (*Tx) Exec(query string, args ...any) (Result, error)
func (*Tx) ExecContext(ctx context.Context, query string, args ...any) (Result, error)
func (*Tx) Prepare(query string) (*Stmt, error)
func (*Tx) PrepareContext(ctx context.Context, query string) (*Stmt, error)
func (*Tx) Stmt(s *Stmt) *Stmt
func (*Tx) StmtContext(ctx context.Context, s *Stmt) *Stmt
func (*Tx) Commit() error
func (*Tx) Rollback() error
type Conn struct{}
func (*Conn) QueryContext(ctx context.Context, query string, args ...any) (*Rows, error)
func (*Conn) QueryRowContext(ctx context.Context, query string, args ...any) *Row
func (*Conn) ExecContext(ctx context.Context, query string, args ...any) (Result, error)
func (*Conn) PrepareContext(ctx context.Context, query string) (*Stmt, error)
func (*Conn) BeginTx(ctx context.Context, opts *TxOptions) (*Tx, error)
func (*Conn) Close() error
`

const stubPgx = `package pgx
import "context"
var ErrNoRows error
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Values() ([]any, error)
	Close()
	Err() error
}
type Row interface{ Scan(dest ...any) error }
type CommandTag struct{}
func (CommandTag) RowsAffected() int64
type StatementDescription struct{ Name, SQL string }
type Identifier []string
func (Identifier) Sanitize() string
type NamedArgs map[string]any
type CopyFromSource interface {
	Next() bool
	Values() ([]any, error)
	Err() error
}
func CopyFromRows(rows [][]any) CopyFromSource
type TxOptions struct{}
type Batch struct{}
type QueuedQuery struct{}
func (*Batch) Queue(query string, arguments ...any) *QueuedQuery
func (*Batch) Len() int
type BatchResults interface {
	Exec() (CommandTag, error)
	Query() (Rows, error)
	QueryRow() Row
	Close() error
}
type Conn struct{}
func Connect(ctx context.Context, connString string) (*Conn, error)
func (*Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error)
func (*Conn) QueryRow(ctx context.Context, sql string, args ...any) Row
func (*Conn) Exec(ctx context.Context, sql string, arguments ...any) (CommandTag, error)
func (*Conn) Prepare(ctx context.Context, name, sql string) (*StatementDescription, error)
func (*Conn) SendBatch(ctx context.Context, b *Batch) BatchResults
func (*Conn) Begin(ctx context.Context) (Tx, error)
func (*Conn) BeginTx(ctx context.Context, opts TxOptions) (Tx, error)
func (*Conn) CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error)
func (*Conn) Close(ctx context.Context) error
func (*Conn) Ping(ctx context.Context) error
type Tx interface {
	Query(ctx context.Context, sql string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) Row
	Exec(ctx context.Context, sql string, arguments ...any) (CommandTag, error)
	Prepare(ctx context.Context, name, sql string) (*StatementDescription, error)
	SendBatch(ctx context.Context, b *Batch) BatchResults
	CopyFrom(ctx context.Context, tableName Identifier, columnNames []string, rowSrc CopyFromSource) (int64, error)
	Begin(ctx context.Context) (Tx, error)
	Commit(ctx context.Context) error
	Rollback(ctx context.Context) error
}
`

const stubPgxpool = `package pgxpool
import (
	"context"
	pgx "PGX"
)
type Config struct{}
func ParseConfig(connString string) (*Config, error)
func New(ctx context.Context, connString string) (*Pool, error)
func NewWithConfig(ctx context.Context, config *Config) (*Pool, error)
func Connect(ctx context.Context, connString string) (*Pool, error)
func ConnectConfig(ctx context.Context, config *Config) (*Pool, error)
type Conn struct{ *pgx.Conn }
func (*Conn) Release()
type Pool struct{}
func (*Pool) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
func (*Pool) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
func (*Pool) Exec(ctx context.Context, sql string, arguments ...any) (pgx.CommandTag, error)
func (*Pool) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
func (*Pool) Begin(ctx context.Context) (pgx.Tx, error)
func (*Pool) BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
func (*Pool) CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error)
func (*Pool) Acquire(ctx context.Context) (*Conn, error)
func (*Pool) Close()
func (*Pool) Ping(ctx context.Context) error
`

const stubSqlx = `package sqlx
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
func (*Rows) StructScan(dest any) error
func (*Rows) MapScan(dest map[string]any) error
func (*Rows) SliceScan() ([]any, error)
type Row struct{}
func (*Row) Scan(dest ...any) error
func (*Row) StructScan(dest any) error
func (*Row) MapScan(dest map[string]any) error
func (*Row) Err() error
type Stmt struct{ *sql.Stmt }
func (*Stmt) Get(dest any, args ...any) error
func (*Stmt) Select(dest any, args ...any) error
func (*Stmt) Queryx(args ...any) (*Rows, error)
func (*Stmt) QueryRowx(args ...any) *Row
type NamedStmt struct{}
func (*NamedStmt) Exec(arg any) (sql.Result, error)
func (*NamedStmt) Get(dest any, arg any) error
func (*NamedStmt) Select(dest any, arg any) error
func (*NamedStmt) Queryx(arg any) (*Rows, error)
func (*NamedStmt) Close() error
type DB struct{ *sql.DB }
func Open(driverName, dataSourceName string) (*DB, error)
func MustOpen(driverName, dataSourceName string) *DB
func Connect(driverName, dataSourceName string) (*DB, error)
func ConnectContext(ctx context.Context, driverName, dataSourceName string) (*DB, error)
func MustConnect(driverName, dataSourceName string) *DB
func NewDb(db *sql.DB, driverName string) *DB
func (*DB) Unsafe() *DB
func (*Tx) Unsafe() *Tx
func (*DB) DriverName() string
func (*DB) Rebind(query string) string
func (*DB) BindNamed(query string, arg any) (string, []any, error)
func (*DB) Get(dest any, query string, args ...any) error
func (*DB) Select(dest any, query string, args ...any) error
func (*DB) GetContext(ctx context.Context, dest any, query string, args ...any) error
func (*DB) SelectContext(ctx context.Context, dest any, query string, args ...any) error
func (*DB) Queryx(query string, args ...any) (*Rows, error)
func (*DB) QueryRowx(query string, args ...any) *Row
func (*DB) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error)
func (*DB) QueryRowxContext(ctx context.Context, query string, args ...any) *Row
func (*DB) MustExec(query string, args ...any) sql.Result
func (*DB) MustExecContext(ctx context.Context, query string, args ...any) sql.Result
func (*DB) NamedExec(query string, arg any) (sql.Result, error)
func (*DB) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error)
func (*DB) NamedQuery(query string, arg any) (*Rows, error)
func (*DB) NamedQueryContext(ctx context.Context, query string, arg any) (*Rows, error)
func (*DB) Preparex(query string) (*Stmt, error)
func (*DB) PreparexContext(ctx context.Context, query string) (*Stmt, error)
func (*DB) PrepareNamed(query string) (*NamedStmt, error)
func (*DB) PrepareNamedContext(ctx context.Context, query string) (*NamedStmt, error)
func (*DB) Beginx() (*Tx, error)
func (*DB) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error)
func (*DB) MustBegin() *Tx
func (*DB) MustBeginTx(ctx context.Context, opts *sql.TxOptions) *Tx
func (*DB) Connx(ctx context.Context) (*Conn, error)
type Tx struct{ *sql.Tx }
func (*Tx) DriverName() string
func (*Tx) Rebind(query string) string
func (*Tx) BindNamed(query string, arg any) (string, []any, error)
func (*Tx) Get(dest any, query string, args ...any) error
func (*Tx) Select(dest any, query string, args ...any) error
func (*Tx) GetContext(ctx context.Context, dest any, query string, args ...any) error
func (*Tx) SelectContext(ctx context.Context, dest any, query string, args ...any) error
func (*Tx) Queryx(query string, args ...any) (*Rows, error)
func (*Tx) QueryRowx(query string, args ...any) *Row
func (*Tx) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error)
func (*Tx) QueryRowxContext(ctx context.Context, query string, args ...any) *Row
func (*Tx) MustExec(query string, args ...any) sql.Result
func (*Tx) MustExecContext(ctx context.Context, query string, args ...any) sql.Result
func (*Tx) NamedExec(query string, arg any) (sql.Result, error)
func (*Tx) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error)
func (*Tx) NamedQuery(query string, arg any) (*Rows, error)
func (*Tx) Preparex(query string) (*Stmt, error)
func (*Tx) PrepareNamed(query string) (*NamedStmt, error)
type Conn struct{ *sql.Conn }
func (*Conn) GetContext(ctx context.Context, dest any, query string, args ...any) error
func (*Conn) SelectContext(ctx context.Context, dest any, query string, args ...any) error
func (*Conn) QueryxContext(ctx context.Context, query string, args ...any) (*Rows, error)
func (*Conn) QueryRowxContext(ctx context.Context, query string, args ...any) *Row
func (*Conn) Rebind(query string) string
func Get(q Queryer, dest any, query string, args ...any) error
func Select(q Queryer, dest any, query string, args ...any) error
func GetContext(ctx context.Context, q QueryerContext, dest any, query string, args ...any) error
func SelectContext(ctx context.Context, q QueryerContext, dest any, query string, args ...any) error
func NamedExec(e Ext, query string, arg any) (sql.Result, error)
func NamedQuery(e Ext, query string, arg any) (*Rows, error)
func MustExec(e Execer, query string, args ...any) sql.Result
func In(query string, args ...any) (string, []any, error)
func Named(query string, arg any) (string, []any, error)
func Rebind(bindType int, query string) string
func BindType(driverName string) int
`

// stubSources maps import paths to declaration stubs.
var stubSources = map[string]string{
	"context":                         stubContext,
	"database/sql":                    stubSQL,
	"github.com/jackc/pgx/v5":         stubPgx,
	"github.com/jackc/pgx/v4":         stubPgx,
	"github.com/jackc/pgx/v5/pgxpool": strings.Replace(stubPgxpool, "PGX", "github.com/jackc/pgx/v5", 1),
	"github.com/jackc/pgx/v4/pgxpool": strings.Replace(stubPgxpool, "PGX", "github.com/jackc/pgx/v4", 1),
	"github.com/jmoiron/sqlx":         stubSqlx,
}

// checkStub type-checks a stub with imp resolving its imports. Function
// declarations without bodies are fine for go/types.
func checkStub(path, src string, imp types.Importer) *types.Package {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path+"/stub.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	conf := types.Config{Importer: imp, Error: func(error) {}}
	pkg, _ := conf.Check(path, fset, []*ast.File{f}, nil)
	return pkg
}
