// Package analyzer finds every SQL statement a Go codebase runs and which
// tables and columns each one touches.
//
// It recognises the SQL argument of database/sql, pgx (v4 and v5), sqlx, gorm
// and bun calls, of any interface with the same method shape (such as sqlc's
// DBTX), and of wrapper functions that forward a string parameter to one of
// those (inferred across packages with analysis facts). Query text is folded
// from constants, concatenation, fmt.Sprintf, strings.Join and
// strings.Builder writes, and from the project's own query builders whose
// statement is the concatenation of the fragments their methods append
// (read from those methods' code); sqlc query constants and .sql files
// embedded with //go:embed are read too. A statement that is only partly constant is
// analysed from its constant fragments (confidence partial); one that cannot
// be resolved at all is listed as dynamic with the reason.
//
// Test code (_test.go files, testdata directories) is never release code and
// is skipped.
//
// The analyzer reports nothing by default, so it can run under go vet or
// golangci-lint without noise; with -rbcheck.report-refs it reports each
// table or column use as a diagnostic. Its Result holds the package's
// inventory.
package analyzer

// The library table of docs/go-analysis.md comes from analyzer/internal/libs.
//go:generate go run ./internal/libs/gendoc ../docs/go-analysis.md
