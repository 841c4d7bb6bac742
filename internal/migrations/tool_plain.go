package migrations

import "strings"

// FormatPlain is the format of this tool.
const FormatPlain Format = "plain"

// plain: SQL files whose names start with a version — digits, dots or
// underscores between digit groups, an optional one-letter prefix
// (`001_init.sql`, `2024_01_31_users.sql`, `v2.1-add-index.sql`) — ordered
// by that version, each run as psql -f runs a file: statement by statement
// with autocommit; psql meta-commands (\set, \echo) are not SQL. This is
// what a folder of numbered files is taken for when no tool's names,
// annotations or configuration claim it.
var plain = register(&Tool{
	Format:   FormatPlain,
	Aliases:  []string{"sql", "numbered", "psql"},
	Names:    "{version}_{name}.sql (an optional letter before the version)",
	Runner:   "psql -f, or any runner applying numbered files in order",
	Parse:    parsePlain,
	Evidence: evidenceNumbered,
	Order:    1000,
	Split:    splitPlain,
	Tx:       txNone,
	// a template (`0003_users.sql.tmpl`, or zdb's `.gotxt` in a folder not
	// read as zdb's) is rendered by its runner; rbcheck does not render it
	Unreadable: templateMigrationUnreadable,
})

// templateExts are the extensions of SQL written as a Go template that a
// runner renders before it runs it.
var templateExts = []string{".gotxt", ".gotmpl", ".tmpl", ".tpl"}

// templateMigrationUnreadable says why a versioned SQL template
// (`2025-06-21-1-bots.gotxt`, `0003_users.sql.tmpl`) is a migration rbcheck
// cannot read, "" for any other file.
func templateMigrationUnreadable(b string) string {
	lower := strings.ToLower(b)
	for _, ext := range templateExts {
		if !strings.HasSuffix(lower, ext) {
			continue
		}
		stem := b[:len(b)-len(ext)]
		if !strings.HasSuffix(strings.ToLower(stem), ".sql") {
			stem += ".sql"
		}
		if _, ok := parsePlain(stem); ok {
			why := "SQL template (" + ext + "): its runner renders it with values or template functions rbcheck does not have, so the schema changes it makes are not checked"
			if ext == ".gotxt" {
				why += " (rbcheck renders .gotxt templates in a folder read as zdb's: format: zdb)"
			}
			return why
		}
	}
	return ""
}

func parsePlain(b string) (Name, bool) {
	s, ok := trimSQL(b)
	if !ok {
		return Name{}, false
	}
	_, v, rest, ok := leadingVersion(s)
	if !ok {
		return Name{}, false
	}
	if rest != "" {
		if c := rest[0]; c != '_' && c != '-' && c != '.' {
			return Name{}, false
		}
		rest = rest[1:]
	}
	return Name{Version: v, Title: rest}, true
}

func splitPlain(src string) splitResult {
	var r splitResult
	r.size(countLines(src))
	r.up.present = true
	rest := strings.TrimPrefix(src, bom)
	for i := range r.up.lines { // line by line, as init would split them
		l := rest
		if j := strings.IndexByte(rest, '\n'); j >= 0 {
			l, rest = rest[:j], rest[j+1:]
		}
		r.up.lines[i] = !psqlMetaCommand(l)
	}
	r.up.mode = txNone
	return r
}
