package migrations

import (
	"io/fs"
	"strings"
)

// FormatFlyway is the format of this tool.
const FormatFlyway Format = "flyway"

// Flyway: V{version}__{description}.sql (versioned), U{version}__… (undo),
// R__{description}.sql (repeatable, run after the versioned ones whenever
// they change, by description). Versions are dotted or underscored
// (V1_1 is 1.1) and compare numerically. Flyway runs a migration in a
// transaction unless one of its statements cannot run in one (it detects
// CREATE INDEX CONCURRENTLY, VACUUM, …) or the script's .sql.conf says
// executeInTransaction=false, and replaces ${name} placeholders first.
var flyway = register(&Tool{
	Format:   FormatFlyway,
	Names:    "V{version}__{description}.sql, U{version}__….sql, R__{description}.sql",
	Runner:   "Flyway",
	Parse:    parseFlyway,
	Evidence: evidenceNames,
	Order:    30,
	Tx:       txFlyway,
	Pairs:    true,
	Subst:    true,
	NoTx:     flywayConfNoTx,
})

func parseFlyway(b string) (Name, bool) {
	s, ok := trimSQL(b)
	if !ok || len(s) < 3 {
		return Name{}, false
	}
	if strings.HasPrefix(s, "R__") {
		return Name{Title: s[3:], Kind: Repeatable}, true
	}
	k := Versioned
	switch s[0] {
	case 'V':
	case 'U':
		k = Undo
	default:
		return Name{}, false
	}
	v := versionToken(s[1:])
	rest := s[1+len(v):]
	if v == "" || !strings.HasPrefix(rest, "__") {
		return Name{}, false
	}
	return Name{Version: strings.ReplaceAll(v, "_", "."), Title: rest[2:], Kind: k, Down: k == Undo}, true
}

// flywayConfNoTx reads a Flyway per-script configuration file.
func flywayConfNoTx(fsys fs.FS, rel string) bool {
	data, err := fs.ReadFile(fsys, rel+".conf")
	if err != nil {
		return false
	}
	for _, l := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(l, "=")
		if ok && strings.TrimSpace(k) == "executeInTransaction" && strings.EqualFold(strings.TrimSpace(v), "false") {
			return true
		}
	}
	return false
}
