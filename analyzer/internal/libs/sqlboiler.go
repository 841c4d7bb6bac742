package libs

// SQLBoiler is sqlboiler's generated models.
var SQLBoiler = &Library{
	Name: "sqlboiler",
	Model: Model{
		Doc: "generated `var UserTableColumns = struct{…}{ID: \"users.id\", …}` names the table and every column",
	},
}
