package libs

// DatabaseSQL is the standard library's database/sql.
var DatabaseSQL = &Library{
	Name:  "database/sql",
	Paths: []string{"database/sql"},
	Sinks: []Sink{
		{Recvs: []string{"DB", "Tx", "Conn"}, Methods: methods("Query QueryRow Exec Prepare"), Arg: 0},
		{Recvs: []string{"DB", "Tx", "Conn"}, Methods: methods("QueryContext QueryRowContext ExecContext PrepareContext"), Arg: 1},
	},
	Shapes: []Shape{
		{"Query", []ParamKind{PString}, 0},
		{"QueryRow", []ParamKind{PString}, 0},
		{"Exec", []ParamKind{PString}, 0},
		{"Prepare", []ParamKind{PString}, 0},
		{"QueryContext", []ParamKind{PContext, PString}, 1},
		{"QueryRowContext", []ParamKind{PContext, PString}, 1},
		{"ExecContext", []ParamKind{PContext, PString}, 1},
		{"PrepareContext", []ParamKind{PContext, PString}, 1},
	},
	Notes: "`*Stmt` methods take no SQL. Any other type's method with one of these names and parameter shapes is a sink too (sqlc's `DBTX`, a repository's own interface).",
}
