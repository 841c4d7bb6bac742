package pgx

import "context"

// Query methods of the pgx stub (rbcheck's call-site tests).

type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Close()
	Err() error
}

type Row interface{ Scan(dest ...any) error }

type CommandTag struct{}

type StatementDescription struct{ Name, SQL string }

type Batch struct{}

type QueuedQuery struct{}

func (b *Batch) Queue(query string, arguments ...any) *QueuedQuery { return &QueuedQuery{} }

type BatchResults interface{ Close() error }

func Connect(ctx context.Context, connString string) (*Conn, error) { return &Conn{}, nil }

func (c *Conn) Query(ctx context.Context, sql string, args ...any) (Rows, error) { return nil, nil }
func (c *Conn) QueryRow(ctx context.Context, sql string, args ...any) Row        { return nil }
func (c *Conn) Exec(ctx context.Context, sql string, arguments ...any) (CommandTag, error) {
	return CommandTag{}, nil
}
func (c *Conn) Prepare(ctx context.Context, name, sql string) (*StatementDescription, error) {
	return nil, nil
}
func (c *Conn) SendBatch(ctx context.Context, b *Batch) BatchResults { return nil }

// CollectableRow is a row CollectRows passes to a RowToFunc.
type CollectableRow interface{}

// RowToFunc maps a row to a T.
type RowToFunc[T any] func(row CollectableRow) (T, error)

// CollectRows maps every row with fn.
func CollectRows[T any](rows Rows, fn RowToFunc[T]) ([]T, error) { return nil, nil }

// RowToStructByName maps columns to T's fields by name.
func RowToStructByName[T any](row CollectableRow) (T, error) { var z T; return z, nil }
