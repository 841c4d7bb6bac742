package libs

// Pop is github.com/gobuffalo/pop (Buffalo's ORM) and Ory's fork of it,
// github.com/ory/pop/v6 (the same API, used by Kratos, Hydra and Keto).
var Pop = &Library{
	Name:  "pop",
	Paths: []string{"github.com/gobuffalo/pop/v6", "github.com/gobuffalo/pop/v5", "github.com/gobuffalo/pop", "github.com/ory/pop/v6"},
	Sinks: []Sink{
		{Recvs: popRecvs, Methods: methods("RawQuery"), Arg: 0},
		{Recvs: popRecvs, Methods: methods("Where"), Use: Fragment, Clause: "where"},
		{Recvs: popRecvs, Methods: methods("Order"), Use: Fragment, Clause: "order"},
		{Recvs: popRecvs, Methods: methods("GroupBy"), Use: Fragment, Clause: "group"},
		{Recvs: popRecvs, Methods: methods("Having"), Use: Fragment, Clause: "having"},
	},
	Builder: "`tx.Where(\"col = ?\")`/`Q()`/`Select`/`Order`/`Join`… chains ending in `All`, `First`, `Last`, `Find`, `Count`, `Exists`; `Create`/`Update`/`Save` write every column of the model, `Destroy` deletes by id",
	Model: Model{
		Tag:    "db",
		Column: func(f string) string { return f },
		Table:  func(t string) string { return Plural(GormColumn(t)) },
		Doc:    "`db:\"col\"`; table from `TableName()` or `TableName(ctx)`, else the plural snake_case of the type (in a file importing pop)",
	},
}

var popRecvs = []string{"Connection", "Query"}
