package libs

// Beego is beego's ORM (v2 and v1).
var Beego = &Library{
	Name:  "beego",
	Paths: []string{"github.com/beego/beego/v2/client/orm", "github.com/astaxie/beego/orm"},
	Model: Model{
		Tag:    "orm",
		Column: BeegoSnake,
		Table:  BeegoSnake,
		Doc:    "`orm:\"column(c)\"`; `rel(fk)` names `<field>_id`; table from `TableName()`, else snake_case (not pluralised)",
	},
}
