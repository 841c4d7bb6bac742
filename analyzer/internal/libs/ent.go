package libs

// Ent is entgo.io/ent's generated entity packages.
var Ent = &Library{
	Name: "ent",
	Model: Model{
		Doc: "generated `Table = \"users\"` and `Columns = []string{FieldID, …}` constants; edge tables from `XTable`/`XColumn`",
	},
}
