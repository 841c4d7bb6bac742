package migrations

import "strings"

// FormatConcourse is the format of this tool.
const FormatConcourse Format = "concourse"

// concourse's migrator (atc/db/migration): golang-migrate's names,
// {version}_{title}.up.sql and .down.sql, beside Go migrations named the
// same way ({version}_{title}.up.go), each run in a transaction of its own.
// Unlike golang-migrate it runs every file whose version lies between the
// database's and the target's, so two files may share a version
// (1626194317_add_job_pauses_table.up.sql and
// 1626194317_add_pipeline_pauses_table.up.sql are two migrations). A folder
// is taken for it when it holds such a Go migration, a name golang-migrate
// never runs; else set `format: concourse`. Its Go migrations are recorded
// as not read (goose's Unreadable already names them).
var _ = register(&Tool{
	Format:      FormatConcourse,
	Names:       "{version}_{title}.up.sql and .down.sql, beside {version}_{title}.up.go",
	Runner:      "concourse's migrator (concourse/concourse atc/db/migration)",
	Parse:       parseGolangMigrate,
	Claims:      concourseClaims,
	Evidence:    evidenceClaimed,
	Order:       22,
	Tx:          txWrapped,
	Pairs:       true,
	SameVersion: true,
})

// concourseClaims: the folder holds a Go migration with a direction in its
// name (`1516643303_update_auth_providers.up.go`).
func concourseClaims(names []string, _ []*candidate) bool {
	for _, b := range names {
		if concourseGoMigration(b) {
			return true
		}
	}
	return false
}

// concourseGoMigration: `{digits}_{title}.up.go` or `.down.go`.
func concourseGoMigration(b string) bool {
	s, ok := strings.CutSuffix(b, ".go")
	if !ok {
		return false
	}
	s, _, ok = cutDirection(s)
	if !ok {
		return false
	}
	v := leadingDigits(s)
	return v != "" && len(s) > len(v)+1 && s[len(v)] == '_'
}
