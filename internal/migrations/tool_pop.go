package migrations

import (
	"io/fs"
	"path"
	"strings"
)

// FormatPop is the format of this tool.
const FormatPop Format = "pop"

// pop (gobuffalo/pop, ory/x popx; fizz's SQL files):
// {version}_{name}[.{dialect}].up.sql and .down.sql, with an optional engine
// before the direction (`20210410175418000000_users.postgres.up.sql`); a
// file without one is for every engine. pop renders every file as a Go
// template before running it ({{ index .Options "Namespace" }}: see
// templates.go) and runs each migration in a transaction. Its names are
// golang-migrate's: a folder is pop's when one of its files names an
// engine, is a .fizz migration or holds a template. Ory's popx also runs
// `….autocommit.up.sql` outside a transaction.
var pop = register(&Tool{
	Format:     FormatPop,
	Aliases:    []string{"fizz", "gobuffalo-pop", "popx"},
	Names:      "{version}_{name}[.{dialect}].up.sql and .down.sql",
	Runner:     "pop / fizz (github.com/gobuffalo/pop, ory/x popx)",
	Parse:      parsePop,
	Claims:     popClaims,
	Evidence:   evidenceClaimed,
	Order:      10,
	Tx:         txWrapped,
	Pairs:      true,
	NoTx:       func(_ fs.FS, rel string) bool { return strings.Contains(path.Base(rel), ".autocommit.") },
	Unreadable: popUnreadable,
})

func parsePop(b string) (Name, bool) {
	n, ok := parseGolangMigrate(b)
	if !ok {
		return Name{}, false
	}
	n.Title = strings.TrimSuffix(n.Title, ".autocommit")
	// pop's name has no dots; one dot-separated engine may follow it
	if !oneDialectAtMost(n.Title) {
		return Name{}, false
	}
	return n, true
}

func popClaims(names []string, cands []*candidate) bool {
	for _, b := range names {
		if popUnreadable(b) != "" {
			return true
		}
		if n, ok := parsePop(b); ok {
			if _, d := splitDialect(n.Title); d != dialectNone {
				return true
			}
		}
	}
	for _, c := range cands {
		if c.template {
			return true
		}
	}
	return false
}

// popUnreadable: fizz migrations are pop's own language, not SQL.
func popUnreadable(b string) string {
	if !strings.HasSuffix(b, ".up.fizz") && !strings.HasSuffix(b, ".down.fizz") {
		return ""
	}
	if leadingDigits(b) == "" {
		return ""
	}
	return "fizz migration: rbcheck reads SQL migrations only, so what it changes is not checked"
}
