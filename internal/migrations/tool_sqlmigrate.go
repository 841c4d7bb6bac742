package migrations

import "strings"

// FormatSQLMigrate is the format of this tool.
const FormatSQLMigrate Format = "sql-migrate"

// sql-migrate (github.com/rubenv/sql-migrate): {version}_{title}.sql with
// `-- +migrate Up` / `-- +migrate Down` annotations (several sections of one
// direction are one part: convoy's `-- +migrate Up notransaction` after a
// transactional `-- +migrate Up`); a part runs in a transaction unless one
// of its annotations says `notransaction`.
var sqlMigrate = register(&Tool{
	Format:  FormatSQLMigrate,
	Aliases: []string{"sqlmigrate", "sql_migrate"},
	Names:   "{version}_{title}.sql with -- +migrate Up / Down",
	Runner:  "sql-migrate (github.com/rubenv/sql-migrate)",
	Parse:   numbered,
	Marker:  func(line string) bool { return upDownAnnotation(line, "+migrate") },
	Order:   60,
	Split: func(src string) splitResult {
		var r splitResult
		lines := r.init(src)
		splitAnnotated(&r, lines, "+migrate", "-- +migrate", true, sqlMigrateCmd)
		return r
	},
	Tx: txWrapped,
})

func sqlMigrateCmd(s string) (cmd int, noTx bool, ok bool) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return 0, false, false
	}
	noTx = len(f) > 1 && f[1] == "notransaction"
	switch f[0] {
	case "up":
		return cmdUp, noTx, true
	case "down":
		return cmdDown, noTx, true
	case "statementbegin":
		return cmdBegin, false, true
	case "statementend":
		return cmdEnd, false, true
	}
	return 0, false, false
}
