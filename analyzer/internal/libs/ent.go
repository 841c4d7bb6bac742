package libs

// Ent is entgo.io/ent's generated entity packages.
var Ent = &Library{
	Name: "ent",
	Model: Model{
		Doc: "generated `Table = \"users\"` and `Columns = []string{FieldID, …}` constants; edge tables from `XTable`/`XColumn`",
	},
	// The generated client (client.User.Create()…Save(ctx)) runs its
	// statements through entgo.io/ent/dialect/sql and sqlgraph: a package
	// importing them is ent's generated code (or code building ent
	// predicates by hand).
	NotRead:      "the generated client's builders (`Create`, `Query`, `Update`, `Delete`, …), which run their statements through `entgo.io/ent/dialect/sql`",
	NotReadPaths: []string{"entgo.io/ent/dialect/sql"},
}
