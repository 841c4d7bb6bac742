package libs

// Gorm is gorm v2 (gorm.io/gorm) and v1 (github.com/jinzhu/gorm).
var Gorm = &Library{
	Name:  "gorm",
	Paths: []string{"gorm.io/gorm", "github.com/jinzhu/gorm"},
	Sinks: []Sink{
		{Recvs: []string{"DB"}, Methods: methods("Raw Exec"), Arg: 0},
		{Recvs: []string{"DB"}, Methods: methods("Table"), Arg: 0, Use: Table},
		{Recvs: []string{"DB"}, Methods: methods("Where Or Not"), Use: Fragment, Clause: "where"},
		{Recvs: []string{"DB"}, Methods: methods("Select Pluck"), Use: Fragment, Clause: "select"},
		{Recvs: []string{"DB"}, Methods: methods("Joins"), Use: Fragment, Clause: "join"},
		{Recvs: []string{"DB"}, Methods: methods("Order"), Use: Fragment, Clause: "order"},
		{Recvs: []string{"DB"}, Methods: methods("Having"), Use: Fragment, Clause: "having"},
		{Recvs: []string{"DB"}, Methods: methods("Group"), Use: Fragment, Clause: "group"},
		{Recvs: []string{"DB"}, Methods: methods("Update"), Use: Fragment, Clause: "set"},
	},
	Shapes: []Shape{
		{"Raw", []ParamKind{PString}, 0},
	},
	Builder: "`db.Table(…)`/`Model(&T{})`…`Where`/`Select`/`Joins`/`Order`… chains ending in `Find`, `First`, `Take`, `Scan`, `Pluck`, `Count`, `Update(s)`, `Delete`; `Create`/`CreateInBatches` insert and `Save` updates every column of the model",
	Model: Model{
		Tag:    "gorm",
		Column: GormColumn,
		Table:  func(t string) string { return Plural(GormColumn(t)) },
		Doc:    "`gorm:\"column:c\"`; untagged fields are snake_case with initialisms kept whole (`UserID` → `user_id`); table from `TableName()`, else the plural snake_case of the type",
	},
}
