package libs

// GoPg is github.com/go-pg/pg.
var GoPg = &Library{
	Name: "go-pg",
	Paths: []string{"github.com/go-pg/pg/v10", "github.com/go-pg/pg/v10/orm", "github.com/go-pg/pg/v9", "github.com/go-pg/pg/v9/orm",
		"github.com/go-pg/pg", "github.com/go-pg/pg/orm"},
	Builder: "`db.Model(&m)…` chains ending in `Select`, `Count`, `First`, `Insert`, `Update`, `Delete`…, bun's shape",
	Model: Model{
		Tag:    "pg",
		Column: BunUnderscore,
		Table:  func(t string) string { return Plural(BunUnderscore(t)) },
		Doc:    "`pg:\"col\"` (or `sql:`); table from a `tableName struct{}` field's tag, else the plural underscore form of the type",
	},
}
