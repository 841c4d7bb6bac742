package migrations

// FormatAuthelia is the format of this tool.
const FormatAuthelia Format = "authelia"

// Authelia's storage migrations: V{version}.{Name}[.{dialect}].up.sql and
// .down.sql (`V0001.Initial_Schema.postgres.up.sql`, `V0002.WebAuthn.up.sql`
// in a per-engine folder; `.all.` for every engine). Authelia runs an
// upgrade's migrations on Postgres in one transaction.
var authelia = register(&Tool{
	Format:   FormatAuthelia,
	Aliases:  []string{"v-up-down"},
	Names:    "V{version}.{Name}[.{dialect}].up.sql and .down.sql",
	Runner:   "Authelia's storage migrations",
	Parse:    parseAuthelia,
	Evidence: evidenceNames,
	Order:    40,
	Tx:       txWrapped,
	Pairs:    true,
})

func parseAuthelia(b string) (Name, bool) {
	s, ok := trimSQL(b)
	if !ok || len(s) < 2 || s[0] != 'V' {
		return Name{}, false
	}
	s, down, ok := cutDirection(s)
	if !ok {
		return Name{}, false
	}
	v := leadingDigits(s[1:])
	rest := s[1+len(v):]
	if v == "" || len(rest) < 2 || rest[0] != '.' {
		return Name{}, false
	}
	title := rest[1:]
	// the name has no dots; one engine may follow it
	if !oneDialectAtMost(title) {
		return Name{}, false
	}
	return Name{Version: v, Title: title, Down: down}, true
}
