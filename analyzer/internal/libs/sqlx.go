package libs

import "strings"

// Sqlx is github.com/jmoiron/sqlx.
var Sqlx = &Library{
	Name:  "sqlx",
	Paths: []string{"github.com/jmoiron/sqlx"},
	Sinks: []Sink{
		{Recvs: sqlxRecvs, Methods: methods("Query QueryRow Exec Prepare Queryx QueryRowx MustExec NamedExec NamedQuery Preparex PrepareNamed"), Arg: 0},
		{Recvs: sqlxRecvs, Methods: methods("Get Select QueryContext QueryRowContext ExecContext PrepareContext QueryxContext QueryRowxContext MustExecContext NamedExecContext NamedQueryContext PreparexContext PrepareNamedContext"), Arg: 1},
		{Recvs: sqlxRecvs, Methods: methods("GetContext SelectContext"), Arg: 2},
		{Methods: methods("Get Select NamedExec NamedQuery"), Arg: 2},
		{Methods: methods("GetContext SelectContext NamedExecContext NamedQueryContext"), Arg: 3},
		{Methods: methods("MustExec In"), Arg: 1},
		{Methods: methods("Named"), Arg: 0},
		{Methods: methods("Rebind"), Arg: 1, Use: Pass},
		{Recvs: sqlxRecvs, Methods: methods("Rebind"), Arg: 0, Use: Pass},
	},
	Shapes: []Shape{
		{"Queryx", []ParamKind{PString}, 0},
		{"QueryRowx", []ParamKind{PString}, 0},
		{"MustExec", []ParamKind{PString}, 0},
		{"NamedExec", []ParamKind{PString, PAny}, 0},
		{"NamedQuery", []ParamKind{PString, PAny}, 0},
		{"Preparex", []ParamKind{PString}, 0},
		{"PrepareNamed", []ParamKind{PString}, 0},
		{"Get", []ParamKind{PAny, PString}, 1},
		{"Select", []ParamKind{PAny, PString}, 1},
		{"QueryxContext", []ParamKind{PContext, PString}, 1},
		{"QueryRowxContext", []ParamKind{PContext, PString}, 1},
		{"MustExecContext", []ParamKind{PContext, PString}, 1},
		{"NamedExecContext", []ParamKind{PContext, PString, PAny}, 1},
		{"NamedQueryContext", []ParamKind{PContext, PString, PAny}, 1},
		{"PreparexContext", []ParamKind{PContext, PString}, 1},
		{"GetContext", []ParamKind{PContext, PAny, PString}, 2},
		{"SelectContext", []ParamKind{PContext, PAny, PString}, 2},
	},
	Model: Model{
		Tag:    "db",
		Column: strings.ToLower,
		Doc:    "`db:\"col\"`; untagged fields are `strings.ToLower(Field)`; `-` skips; untagged embedded structs are flattened; no table of its own",
	},
	Notes: "`Rebind` passes its argument through; the query of `sqlx.In(q, …)` is `q`; the query `sqlx.Named` returns is analysed at `sqlx.Named`",
}

var sqlxRecvs = []string{"DB", "Tx", "Conn", "Stmt", "NamedStmt", "Ext", "Queryer", "Execer", "QueryerContext", "ExecerContext", "ExtContext"}
