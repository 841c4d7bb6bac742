package libs

// SQLBoiler is sqlboiler's generated models.
var SQLBoiler = &Library{
	Name: "sqlboiler",
	Model: Model{
		Doc: "generated `var UserTableColumns = struct{…}{ID: \"users.id\", …}` names the table and every column",
	},
	NotRead:      "the generated models' queries (`Insert`, `Update`, `All`, query mods `qm.Where`…) and `queries.Raw`",
	NotReadPaths: []string{"github.com/volatiletech/sqlboiler", "github.com/aarondl/sqlboiler"},
}
