package libs

// Database libraries rbcheck knows but does not read: their query
// builders and ORM calls are not turned into statements. The old code's
// calls into them are listed, and a release that changes anything the old
// code could use is unknown while they are (see Library.NotRead).

// Xorm is xorm (xorm.io/xorm and its predecessor github.com/go-xorm/xorm).
var Xorm = &Library{
	Name:         "xorm",
	NotRead:      "`Engine`/`Session` calls (`Insert`, `Find`, `Get`, `Update`, `Exec`, `SQL`, …)",
	NotReadPaths: []string{"xorm.io/xorm", "github.com/go-xorm/xorm"},
}

// Jet is go-jet's type-safe SQL builder and its generated table packages.
var Jet = &Library{
	Name:         "go-jet",
	NotRead:      "statements built from the generated tables (`SELECT(…).FROM(…)`, `INSERT(…)`) and `qrm`",
	NotReadPaths: []string{"github.com/go-jet/jet"},
}

// UpperDB is upper/db (upper.io/db.v3, github.com/upper/db/v4).
var UpperDB = &Library{
	Name:         "upper/db",
	NotRead:      "collection and SQL builder calls (`Collection(…).Find`, `SQL().Select`, …)",
	NotReadPaths: []string{"github.com/upper/db", "upper.io/db.v3", "upper.io/db.v2"},
}

// Dbr is gocraft/dbr.
var Dbr = &Library{
	Name:         "dbr",
	NotRead:      "session builders (`Select(…).From(…)`, `InsertInto`, `Update`, `DeleteFrom`, `SelectBySql`)",
	NotReadPaths: []string{"github.com/gocraft/dbr"},
}

// Goqu is doug-martin/goqu.
var Goqu = &Library{
	Name:         "goqu",
	NotRead:      "dataset builders (`goqu.From(…)`, `db.Insert(…)`, `Update`, `Delete`, `ScanStructs`)",
	NotReadPaths: []string{"github.com/doug-martin/goqu"},
}

// Gorp is go-gorp/gorp.
var Gorp = &Library{
	Name:         "gorp",
	NotRead:      "`DbMap` calls (`Insert`, `Update`, `Select`, `Exec`, …) and table mappings (`AddTableWithName`)",
	NotReadPaths: []string{"github.com/go-gorp/gorp", "gopkg.in/gorp.v1", "gopkg.in/gorp.v2"},
}

// Rel is go-rel/rel.
var Rel = &Library{
	Name:         "rel",
	NotRead:      "repository calls (`Insert`, `Find`, `FindAll`, `Update`, `Delete`) and its query builders",
	NotReadPaths: []string{"github.com/go-rel/rel"},
}

// Bob is stephenafamo/bob.
var Bob = &Library{
	Name:         "bob",
	NotRead:      "query builders (`psql.Select(…)`, `psql.Insert(…)`) and generated models",
	NotReadPaths: []string{"github.com/stephenafamo/bob"},
}

// SQLBuilder is huandu/go-sqlbuilder.
var SQLBuilder = &Library{
	Name:         "go-sqlbuilder",
	NotRead:      "builders (`sqlbuilder.Select(…)`, `NewInsertBuilder`, `Struct`)",
	NotReadPaths: []string{"github.com/huandu/go-sqlbuilder"},
}

// Reform is gopkg.in/reform.v1.
var Reform = &Library{
	Name:         "reform",
	NotRead:      "`Querier` calls (`Insert`, `FindByPrimaryKeyFrom`, `SelectAllFrom`, …) and generated views",
	NotReadPaths: []string{"gopkg.in/reform.v1", "github.com/go-reform/reform"},
}
