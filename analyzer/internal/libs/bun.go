package libs

// Bun is github.com/uptrace/bun.
var Bun = &Library{
	Name:  "bun",
	Paths: []string{"github.com/uptrace/bun"},
	Sinks: []Sink{
		{Recvs: bunDBs, Methods: methods("NewRaw"), Arg: 0},
		{Recvs: bunDBs, Methods: methods("QueryContext ExecContext QueryRowContext"), Arg: 1},
		{Recvs: bunQueries, Methods: methods("TableExpr ModelTableExpr"), Use: Fragment, Clause: "from"},
		{Recvs: bunQueries, Methods: methods("ColumnExpr Returning"), Use: Fragment, Clause: "select"},
		{Recvs: bunQueries, Methods: methods("Where WhereOr JoinOn"), Use: Fragment, Clause: "where"},
		{Recvs: bunQueries, Methods: methods("Join"), Use: Fragment, Clause: "join"},
		{Recvs: bunQueries, Methods: methods("OrderExpr"), Use: Fragment, Clause: "order"},
		{Recvs: bunQueries, Methods: methods("GroupExpr"), Use: Fragment, Clause: "group"},
		{Recvs: bunQueries, Methods: methods("Having"), Use: Fragment, Clause: "having"},
		{Recvs: bunQueries, Methods: methods("Set"), Use: Fragment, Clause: "set"},
	},
	Shapes: []Shape{
		{"NewRaw", []ParamKind{PString}, 0},
	},
	Builder: "`NewSelect`/`NewInsert`/`NewUpdate`/`NewDelete` chains ending in `Scan`, `Exec`, `Count`, `Exists`…, with the model's columns and alias; an insert keeps its `On(\"CONFLICT …\")` and `Set` columns",
	Model: Model{
		Tag:    "bun",
		Column: BunUnderscore,
		Table:  func(t string) string { return Plural(BunUnderscore(t)) },
		Doc:    "`bun:\"col\"`; table from `bun.BaseModel` `bun:\"table:t,alias:a\"`, else the plural underscore form of the type",
	},
}

var (
	bunDBs     = []string{"DB", "Tx", "Conn", "IDB"}
	bunQueries = []string{"SelectQuery", "UpdateQuery", "DeleteQuery", "InsertQuery"}
)
