package migrations

import "strings"

// FormatMaragu is the format of this tool.
const FormatMaragu Format = "maragu-migrate"

// maragu-migrate (github.com/maragudk/migrate, maragu.dev/migrate; harness'
// Gitness): every file whose name matches `^([\w-]+).up.sql$` runs, in the
// byte order of the names, each in a transaction, and the whole stem is the
// version: `0122_a.up.sql` and `0122_b.up.sql` are two migrations, and as
// the dot of the pattern stands for any character, `0021_x_up.sql` is the
// up file of version `0021_x` too. rbcheck orders the stems as it orders
// versions (digit groups by value), which is the tool's order whenever
// the numbers are zero-padded to one width. Its names look like
// golang-migrate's: a folder is taken for it only when it holds a name
// only this tool's pattern fits (`0021_x_up.sql`), which golang-migrate
// would not run; else set `format: maragu-migrate`.
var _ = register(&Tool{
	Format:   FormatMaragu,
	Aliases:  []string{"maragu", "maragudk", "maragudk-migrate"},
	Names:    "{version}.up.sql and {version}.down.sql, the whole stem the version",
	Runner:   "maragudk/migrate (github.com/maragudk/migrate)",
	Parse:    parseMaragu,
	Claims:   maraguClaims,
	Evidence: evidenceClaimed,
	Order:    25,
	Tx:       txWrapped,
	Pairs:    true,
})

// parseMaragu follows the tool's patterns `^([\w-]+).up.sql$` and
// `^([\w-]+).down.sql` (case-sensitive, any one character before the
// direction).
func parseMaragu(b string) (Name, bool) {
	for _, d := range []struct {
		suffix string
		down   bool
	}{{"up.sql", false}, {"down.sql", true}} {
		if !strings.HasSuffix(b, d.suffix) || len(b) < len(d.suffix)+2 {
			continue
		}
		stem := b[:len(b)-len(d.suffix)-1]
		if !wordChars(stem) {
			continue
		}
		return Name{Version: stem, Down: d.down}, true
	}
	return Name{}, false
}

// wordChars reports whether s is one or more of [A-Za-z0-9_-].
func wordChars(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && !isLetter(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// maraguClaims: the folder holds a name only this tool runs
// (`0021_x_up.sql`), with a separator (`_` or `-`) before the direction:
// a plain numbered file whose name merely ends in up.sql or down.sql
// (`0187_test_setup.sql`, `0003_user_group.sql`, `0009_cleanup.sql`)
// fits the tool's pattern too, but says nothing of the folder's tool.
// Two up files of one numbered version are not enough: golang-migrate
// refuses such a folder, and that error is worth keeping for its users.
func maraguClaims(names []string, _ []*candidate) bool {
	for _, b := range names {
		n, ok := parseMaragu(b)
		if !ok {
			continue
		}
		if sep := b[len(n.Version)]; sep != '_' && sep != '-' && sep != '.' {
			continue
		}
		if _, ok := parseGolangMigrate(b); !ok {
			return true
		}
	}
	return false
}
