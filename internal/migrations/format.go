package migrations

import (
	"regexp"
	"strings"
)

// Filename conventions of the supported tools.
var (
	// golang-migrate: {version}_{title}.up.sql / .down.sql
	reGolangMigrate = regexp.MustCompile(`^([0-9]+)_(.*)\.(up|down)\.sql$`)
	// Flyway: V1__x.sql, V1.2__x.sql, V1_1__x.sql, U1__x.sql, R__x.sql
	reFlyway  = regexp.MustCompile(`^([VU])([0-9]+(?:[._][0-9]+)*)__(.*)\.sql$`)
	reFlywayR = regexp.MustCompile(`^R__(.*)\.sql$`)
	// goose, dbmate, sql-migrate, tern, plain: a number (or timestamp) then
	// a name. sql-migrate and plain also accept a bare number.
	reNumbered = regexp.MustCompile(`^([0-9]+)(?:[_\-.](.*))?\.sql$`)
	// goose Go migrations: 00002_backfill.go (not tests)
	reGoMigration = regexp.MustCompile(`^[0-9]+_.+\.go$`)
)

// Content markers of the tools that annotate the file itself.
var (
	reGoose      = regexp.MustCompile(`(?im)^\s*--\s*\+goose\s+(up|down)\b`)
	reSQLMigrate = regexp.MustCompile(`(?im)^\s*--\s*\+migrate\s+(up|down)\b`)
	reDbmate     = regexp.MustCompile(`(?im)^\s*--\s*migrate:(up|down)\b`)
	reTern       = regexp.MustCompile(`(?im)^\s*----\s*create\s+above\s*/\s*drop\s+below\s*----\s*$`)
)

// ParseFormat maps a configuration value to a Format ("" when unknown).
// It accepts the tools' usual spellings: "migrate", "golang-migrate",
// "goose", "flyway", "dbmate", "sql-migrate", "tern", "plain".
func ParseFormat(s string) Format {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "golang-migrate", "migrate", "golang_migrate", "golangmigrate":
		return FormatGolangMigrate
	case "goose":
		return FormatGoose
	case "flyway":
		return FormatFlyway
	case "dbmate":
		return FormatDbmate
	case "sql-migrate", "sqlmigrate", "sql_migrate":
		return FormatSQLMigrate
	case "tern":
		return FormatTern
	case "plain", "sql", "numbered":
		return FormatPlain
	}
	return ""
}

// Formats lists every supported format.
var Formats = []Format{FormatGolangMigrate, FormatGoose, FormatFlyway, FormatDbmate, FormatSQLMigrate, FormatTern, FormatPlain}

// nameFormat is what a file name alone says about a file.
type nameFormat struct {
	format  Format // FormatGolangMigrate, FormatFlyway or FormatPlain (numbered)
	version string
	name    string
	kind    Kind
	down    bool   // golang-migrate .down.sql
	dialect string // engine named before the extension (dialect.go), "" for none
	// unversioned: a .sql file without a version, read as a migration
	// because it was named literally or selected by a file glob.
	unversioned bool
}

// classifyName recognises a migration file name; ok is false for files no
// supported tool would pick up.
func classifyName(base string) (nameFormat, bool) {
	nf, ok := classifyBase(base)
	if ok {
		nf.name, nf.dialect = splitDialect(nf.name)
	}
	return nf, ok
}

func classifyBase(base string) (nameFormat, bool) {
	if m := reGolangMigrate.FindStringSubmatch(base); m != nil {
		return nameFormat{format: FormatGolangMigrate, version: m[1], name: m[2], kind: Versioned, down: m[3] == "down"}, true
	}
	if m := reFlyway.FindStringSubmatch(base); m != nil {
		k := Versioned
		if m[1] == "U" {
			k = Undo
		}
		return nameFormat{format: FormatFlyway, version: strings.ReplaceAll(m[2], "_", "."), name: m[3], kind: k}, true
	}
	if m := reFlywayR.FindStringSubmatch(base); m != nil {
		return nameFormat{format: FormatFlyway, name: m[1], kind: Repeatable}, true
	}
	if m := reNumbered.FindStringSubmatch(base); m != nil {
		return nameFormat{format: FormatPlain, version: m[1], name: m[2], kind: Versioned}, true
	}
	return nameFormat{}, false
}

// contentFormat is the format the file's own markers name, "" for none.
func contentFormat(src string) Format {
	src = strings.TrimPrefix(src, bom)
	if !mayHaveMarker(src) {
		return "" // the multi-line regexps below cost a scan per line start
	}
	switch {
	case reGoose.MatchString(src):
		return FormatGoose
	case reSQLMigrate.MatchString(src):
		return FormatSQLMigrate
	case reDbmate.MatchString(src):
		return FormatDbmate
	case reTern.MatchString(src):
		return FormatTern
	}
	return ""
}

// CompareVersions orders two versions as the tools do: numerically part by
// part ("2" < "10", "1.2" < "1.10"), missing trailing parts count as zero
// ("1" == "1.0"), and a non-numeric part compares as text after numbers.
func CompareVersions(a, b string) int {
	pa := strings.FieldsFunc(a, isVersionSep)
	pb := strings.FieldsFunc(b, isVersionSep)
	for i := 0; i < len(pa) || i < len(pb); i++ {
		x, y := "0", "0"
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if c := compareNumeric(x, y); c != 0 {
			return c
		}
	}
	return 0
}

func isVersionSep(r rune) bool { return r == '.' || r == '_' }

// compareNumeric compares two decimal strings of any length by value; when
// either is not a number it compares as text (numbers first).
func compareNumeric(x, y string) int {
	nx, ny := allDigits(x), allDigits(y)
	switch {
	case nx && ny:
		x = strings.TrimLeft(x, "0")
		y = strings.TrimLeft(y, "0")
		if len(x) != len(y) {
			if len(x) < len(y) {
				return -1
			}
			return 1
		}
		return strings.Compare(x, y)
	case nx:
		return -1
	case ny:
		return 1
	}
	return strings.Compare(x, y)
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// mayHaveMarker reports whether src holds text every content marker needs:
// "+goose", "+migrate" or "migrate:" in any ASCII case, or "----". The
// marker regexps are case-insensitive, and (?i)s also matches U+017F (long
// s), the only non-ASCII rune that folds to a letter of these words, so a
// file holding it is passed on to the regexps too.
func mayHaveMarker(src string) bool {
	if strings.Contains(src, "----") || strings.Contains(src, "\u017f") {
		return true
	}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '+':
			rest := src[i+1:]
			if hasPrefixFold(rest, "goose") || hasPrefixFold(rest, "migrate") {
				return true
			}
		case ':':
			if i >= 7 && hasPrefixFold(src[i-7:i], "migrate") {
				return true
			}
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with the lower-case ASCII word w,
// ignoring ASCII case.
func hasPrefixFold(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != w[i] {
			return false
		}
	}
	return true
}
