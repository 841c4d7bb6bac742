package libs

// Squirrel is github.com/Masterminds/squirrel.
var Squirrel = &Library{
	Name:    "squirrel",
	Paths:   []string{"github.com/Masterminds/squirrel", "gopkg.in/Masterminds/squirrel.v1", "github.com/lann/squirrel"},
	Builder: "`Select(…).From(…)`, `Insert(…).Columns(…).Values(…)`/`SetMap`, `Update(…).Set(…)`/`SetMap`, `Delete(…)`, with `Where(sq.Eq{…})`, joins, `Prefix`/`Suffix`, sub-selects; builders kept in package variables of any file",
}
