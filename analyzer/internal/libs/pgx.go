package libs

import "strings"

// Pgx is github.com/jackc/pgx v4 and v5 (with pgxpool and pgconn).
var Pgx = &Library{
	Name: "pgx",
	Paths: []string{"github.com/jackc/pgx/v5", "github.com/jackc/pgx/v4", "github.com/jackc/pgx/v5/pgxpool",
		"github.com/jackc/pgx/v4/pgxpool", "github.com/jackc/pgconn", "github.com/jackc/pgx/v5/pgconn"},
	Sinks: []Sink{
		{Recvs: pgxRecvs, Methods: methods("Query QueryRow Exec"), Arg: 1},
		{Recvs: pgxRecvs, Methods: methods("Prepare"), Arg: 2},
		{Recvs: []string{"Batch"}, Methods: methods("Queue"), Arg: 0},
	},
	Shapes: []Shape{
		{"Query", []ParamKind{PContext, PString}, 1},
		{"QueryRow", []ParamKind{PContext, PString}, 1},
		{"Exec", []ParamKind{PContext, PString}, 1},
		{"Prepare", []ParamKind{PContext, PString, PString}, 2},
		{"Queue", []ParamKind{PString}, 0},
	},
	Builder: "`CopyFrom(ctx, pgx.Identifier{\"t\"}, []string{cols…}, src)` is `COPY \"t\" (cols) FROM STDIN`; `pgx.Identifier{…}.Sanitize()` folds to the quoted name",
	Notes:   "a `Query`/`Exec` whose text is a bare name runs a statement prepared under that name and is not listed",
}

var pgxRecvs = []string{"Conn", "Pool", "Tx", "PgConn", "dbTx", "Querier"}

// PgxV3 is github.com/jackc/pgx before v4, whose methods take no context.
var PgxV3 = &Library{
	Name:  "pgx",
	Title: "pgx v3",
	Paths: []string{"github.com/jackc/pgx"},
	Sinks: []Sink{
		{Recvs: []string{"Conn", "ConnPool", "Tx"}, Methods: methods("Query QueryRow Exec"), Arg: 0},
		{Recvs: []string{"Conn", "ConnPool", "Tx"}, Methods: methods("QueryEx QueryRowEx ExecEx Prepare"), Arg: 1},
		{Recvs: []string{"Conn", "ConnPool", "Tx"}, Methods: methods("PrepareEx"), Arg: 2},
		{Recvs: []string{"Batch"}, Methods: methods("Queue"), Arg: 0},
	},
	Builder: "`pgx.Identifier{…}.Sanitize()` folds to the quoted name",
}

// IsPgx reports whether p is an import path of pgx (any version).
func IsPgx(p string) bool { return Pgx.Has(p) || PgxV3.Has(p) }

// QuoteIdent quotes like pgx.Identifier.Sanitize: always, doubling
// embedded quotes and dropping NUL bytes.
func QuoteIdent(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
