package libs

// Beego is beego's ORM (v2 and v1).
var Beego = &Library{
	Name:  "beego",
	Paths: []string{"github.com/beego/beego/v2/client/orm", "github.com/astaxie/beego/orm"},
	Sinks: []Sink{
		{Recvs: beegoOrmers, Methods: methods("Raw"), Arg: 0},
		{Recvs: beegoOrmers, Methods: methods("RawWithCtx"), Arg: 1},
	},
	Shapes: []Shape{
		{"RawWithCtx", []ParamKind{PContext, PString}, 1},
	},
	Builder: "a struct with `orm` tags is a table only when the package registers it (`orm.RegisterModel(new(T))`, `…WithPrefix`, `…WithSuffix`), passes it to a table API (`QueryTable`, `Read`, `Insert`, `Update`, `Delete`…) or gives it a `TableName()`; other tagged structs hold raw query results",
	Model: Model{
		Tag:    "orm",
		Column: BeegoSnake,
		Table:  BeegoSnake,
		Doc:    "`orm:\"column(c)\"`; `rel(fk)` names `<field>_id`; table from `TableName()`, else snake_case (not pluralised)",
	},
}

var beegoOrmers = []string{"Ormer", "DQL", "DML", "TxOrmer", "QueryExecutor", "ormBase", "orm", "txOrm"}
