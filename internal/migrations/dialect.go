package migrations

import (
	"path"
	"strings"
)

// Dialect variants: tools that serve several databases from one folder
// (pop/fizz, Authelia's runner, …) put the engine in the name, before the
// direction and the extension: `20210410175418_users.postgres.up.sql`,
// `V0001.Initial_Schema.mysql.up.sql`, `V0001.Initial_Schema.all.down.sql`.

// Dialect classes of a name.
const (
	dialectNone     = ""         // the name says nothing: a migration for every engine
	dialectPostgres = "postgres" // postgres, postgresql, pg, pgsql
	dialectAll      = "all"      // explicitly every engine
)

// dialectWords maps the engine words seen in migration names to their
// class: Postgres, all, or another engine (kept as written).
func dialectClass(word string) (class string, ok bool) {
	w := strings.ToLower(word)
	switch w {
	case "postgres", "postgresql", "pg", "pgsql", "psql":
		return dialectPostgres, true
	case "all":
		return dialectAll, true
	case "mysql", "mariadb", "cockroach", "cockroachdb", "crdb", "mssql", "sqlserver",
		"oracle", "clickhouse", "tidb", "spanner", "h2", "hsqldb", "snowflake", "redshift":
		return w, true
	}
	if strings.HasPrefix(w, "sqlite") {
		return w, true
	}
	return "", false
}

// splitDialect takes the engine word off the end of a migration's name
// (what is left once the version, the direction and the extension are
// gone): "Initial_Schema.postgres" → ("Initial_Schema", "postgres"). The
// word must follow a dot and leave a name before it.
func splitDialect(name string) (rest, dialect string) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return name, dialectNone
	}
	if c, ok := dialectClass(name[i+1:]); ok {
		return name[:i], c
	}
	return name, dialectNone
}

// otherEngine reports whether a dialect class names an engine other than
// Postgres.
func otherEngine(d string) bool {
	return d != dialectNone && d != dialectPostgres && d != dialectAll
}

// oneDialectAtMost reports whether a name without dots is followed by at
// most one engine word: "users", "users.postgres", not "users.v2" or
// "a.b.mysql".
func oneDialectAtMost(title string) bool {
	if strings.IndexByte(title, '.') < 0 {
		return true
	}
	t, d := splitDialect(title)
	return d != dialectNone && strings.IndexByte(t, '.') < 0
}

// namesOtherEngine reports whether a file name carries another engine's
// word among its dot-separated parts after the first
// (`20190400000010000000_oauth2.cockroach.up.sql`, `x.mysql.autocommit.up.sql`).
func namesOtherEngine(name string) bool {
	parts := strings.Split(path.Base(name), ".")
	for _, p := range parts[1:] {
		if c, ok := dialectClass(p); ok && otherEngine(c) {
			return true
		}
	}
	return false
}
