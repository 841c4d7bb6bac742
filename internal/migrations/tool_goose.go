package migrations

import "strings"

// FormatGoose is the format of this tool.
const FormatGoose Format = "goose"

// goose: {version}_{title}.sql with `-- +goose Up` / `-- +goose Down`
// annotations (and StatementBegin/End around statements holding
// semicolons), ordered by version. Each part runs in a transaction unless
// the file says `-- +goose NO TRANSACTION`; after `-- +goose ENVSUB ON`
// ${VAR} placeholders are replaced. goose also runs Go migrations
// (00002_backfill.go), which rbcheck cannot read.
var goose = register(&Tool{
	Format:     FormatGoose,
	Names:      "{version}_{title}.sql with -- +goose Up / Down",
	Runner:     "goose (github.com/pressly/goose)",
	Parse:      numbered,
	Marker:     gooseMarker,
	Order:      50,
	Split:      splitGoose,
	Tx:         txWrapped,
	Unreadable: gooseUnreadable,
})

func gooseMarker(line string) bool { return upDownAnnotation(line, "+goose") }

func gooseUnreadable(b string) string {
	if goMigrationName(b) {
		return "Go migration: rbcheck does not run Go code, so the schema changes it makes are not checked"
	}
	return ""
}

func splitGoose(src string) splitResult {
	var r splitResult
	lines := r.init(src)
	envsub := false
	splitAnnotated(&r, lines, "+goose", "-- +goose", false, func(s string) (int, bool, bool) {
		cmd, noTx, ok := gooseCmd(s)
		if cmd == cmdIgnore {
			f := strings.Fields(strings.ToLower(s))
			envsub = envsub || (len(f) > 1 && f[1] == "on")
		}
		return cmd, noTx, ok
	})
	if envsub {
		r.up.subst, r.down.subst = true, true
	}
	return r
}

func gooseCmd(s string) (cmd int, noTx bool, ok bool) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return 0, false, false
	}
	switch f[0] {
	case "up":
		return cmdUp, false, true
	case "down":
		return cmdDown, false, true
	case "statementbegin":
		return cmdBegin, false, true
	case "statementend":
		return cmdEnd, false, true
	case "no":
		if len(f) > 1 && f[1] == "transaction" {
			return cmdNoTx, true, true
		}
	case "envsub":
		return cmdIgnore, false, true
	}
	return 0, false, false
}
