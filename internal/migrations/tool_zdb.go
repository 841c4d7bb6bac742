package migrations

import "strings"

// FormatZdb is the format of this tool.
const FormatZdb Format = "zdb"

// zdb (zgo.at/zdb, arp242/goatcounter's `db/migrate`): a migration is a
// name, `2021-12-02-1-languages`, written as `{name}.sql` for every
// engine, as `{name}-postgres.sql` (`-postgresql.sql`) beside
// `{name}-sqlite.sql` (`-sqlite3`, `-maria`, `-mariadb`, `-mysql`) for
// one engine each, or as `{name}.gotxt`, an SQL template zdb renders for
// the engine it connects to (gotxt.go renders it for PostgreSQL). For
// PostgreSQL zdb runs the `-postgres.sql` file, else the `.gotxt`, else the
// `.sql`; each in a transaction, in the order of the names. The whole name
// is the migration's version: zdb records it in its version table.
var _ = register(&Tool{
	Format: FormatZdb,
	Names:  "{name}.sql, {name}-postgres.sql (beside {name}-sqlite.sql), {name}.gotxt; {name} starts with a version (`2021-12-02-1-languages`)",
	Runner: "zgo.at/zdb's Migrate (arp242/goatcounter)",
	Parse:  parseZdb,
	Claims: zdbClaims,
	// names with zdb's engine suffixes or a .gotxt template: more
	// specific than plain numbered files
	Evidence: evidenceClaimed,
	Order:    900,
	Tx:       txWrapped,
	Exts:     []string{".gotxt"},
	Render:   renderZdb,
})

// zdbEngines are the engine suffixes zdb's Migrate.List recognises.
var zdbEngines = []struct{ suffix, dialect string }{
	{"-postgres", dialectPostgres}, {"-postgresql", dialectPostgres},
	{"-sqlite3", "sqlite"}, {"-sqlite", "sqlite"},
	{"-mariadb", "mariadb"}, {"-maria", "mariadb"}, {"-mysql", "mysql"},
}

func parseZdb(b string) (Name, bool) {
	stem, gotxt := strings.CutSuffix(b, ".gotxt")
	if !gotxt {
		var ok bool
		if stem, ok = strings.CutSuffix(b, ".sql"); !ok {
			return Name{}, false
		}
	}
	n, ok := parsePlain(stem + ".sql")
	if !ok {
		return Name{}, false
	}
	if !gotxt {
		for _, e := range zdbEngines {
			if s, ok := strings.CutSuffix(stem, e.suffix); ok && s != "" {
				stem, n.Dialect = s, e.dialect
				n.Title = strings.TrimSuffix(n.Title, e.suffix)
				break
			}
		}
	}
	n.Version = stem
	if n.Dialect == "" {
		n.Dialect = dialectAll // zdb's names carry no `.dialect` word
	}
	return n, true
}

// zdbClaims: the folder holds a .gotxt migration, or one migration as a
// `-postgres.sql` and another engine's file, zdb's marks.
func zdbClaims(names []string, _ []*candidate) bool {
	pg := map[string]bool{}
	other := map[string]bool{}
	for _, b := range names {
		if strings.Contains(b, "/") {
			continue
		}
		n, ok := parseZdb(b)
		if !ok {
			continue
		}
		switch {
		case strings.HasSuffix(b, ".gotxt"):
			return true
		case n.Dialect == dialectPostgres:
			pg[n.Version] = true
		case otherEngine(n.Dialect):
			other[n.Version] = true
		}
	}
	for v := range pg {
		if other[v] {
			return true
		}
	}
	return false
}

// renderZdb renders a .gotxt file for PostgreSQL; rendered is false for a
// file zdb runs as written.
func renderZdb(name, src string) (out string, rendered bool, err *templateError) {
	if !strings.HasSuffix(name, ".gotxt") {
		return src, false, nil
	}
	out, err = renderGotxt(src)
	return out, true, err
}
