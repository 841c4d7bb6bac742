package libs

// Zdb is zgo.at/zdb (arp242/zdb, goatcounter's database layer): its
// functions take the statement as a string, with `?`, `$n` or `:name`
// placeholders.
var Zdb = &Library{
	Name:  "zdb",
	Paths: []string{"zgo.at/zdb"},
	Sinks: []Sink{
		// zdb.Exec(ctx, query, params…), and the same methods of zdb.DB
		{Methods: methods("Exec NumRows Query"), Arg: 1},
		{Methods: methods("Get Select InsertID"), Arg: 2},
		{Recvs: []string{"DB"}, Methods: methods("Exec NumRows Query"), Arg: 1},
		{Recvs: []string{"DB"}, Methods: methods("Get Select InsertID"), Arg: 2},
	},
	Builder:      "`ins := zdb.NewBulkInsert(ctx, \"t\", []string{cols…})` with its `ins.Values(…)` calls is `insert into \"t\" (cols) values (…)`, with the builder's constant `OnConflict` and `Returning` clauses (a table and columns that fold to constants; a []string literal or a variable holding one)",
	Notes:        "a query `\"load:name\"` is the file `name.sql` the code embeds (read there); `{{…}}` conditionals make a statement run-time SQL",
	NotRead:      "`NewBulkInsert` with a table or columns known only at run time (`zdb.NewBulkInsert(ctx, t.Table, t.Columns)`), and queries loaded by name (`\"load:name\"`) from a file the code does not embed as `.sql` (a `.gotxt` template)",
	NotReadCalls: []string{"NewBulkInsert"},
}
