package migrations

// FormatGolangMigrate is the format of this tool.
const FormatGolangMigrate Format = "golang-migrate"

// golang-migrate: {version}_{title}.up.sql and {version}_{title}.down.sql,
// one file per direction, ordered by version. It sends a file's whole text
// as one query string, so several statements run as one implicit
// transaction and a single statement runs alone.
var golangMigrate = register(&Tool{
	Format:   FormatGolangMigrate,
	Aliases:  []string{"migrate", "golang_migrate", "golangmigrate"},
	Names:    "{version}_{title}.up.sql and .down.sql",
	Runner:   "golang-migrate (github.com/golang-migrate/migrate)",
	Parse:    parseGolangMigrate,
	Evidence: evidenceNames,
	Order:    20,
	Tx:       txImplicit,
	Pairs:    true,
})

func parseGolangMigrate(b string) (Name, bool) {
	s, ok := trimSQL(b)
	if !ok {
		return Name{}, false
	}
	s, down, ok := cutDirection(s)
	if !ok {
		return Name{}, false
	}
	v := leadingDigits(s)
	if v == "" || len(s) == len(v) || s[len(v)] != '_' {
		return Name{}, false
	}
	return Name{Version: v, Title: s[len(v)+1:], Down: down}, true
}
