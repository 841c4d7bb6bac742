// Command rbcheck-vet runs rbcheck's Go-side checks as a go vet tool or a
// standalone checker:
//
//	go vet -vettool=$(command -v rbcheck-vet) ./...
//	rbcheck-vet ./...
//
// The migrationcheck analyzer reports, at the Go line, SQL that the
// repository's migrations have made unsafe (dropped or renamed tables and
// columns, retiring objects, SELECT * on changed tables, INSERTs missing a
// required column). It reads .rbcheck.yaml from the package directory or
// above; flags override it: -migrationcheck.config, -migrationcheck.migrations,
// -migrationcheck.baseline-schema, -migrationcheck.retiring,
// -migrationcheck.select-star, -migrationcheck.complete-schema,
// -migrationcheck.tag-pattern, -migrationcheck.pg-version.
//
// The reference analyzer is available too: -rbcheck.report-refs reports
// every table and column use (run only it with -rbcheck).
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/analyzer/migrationcheck"
)

func main() { multichecker.Main(migrationcheck.Analyzer, analyzer.Analyzer) }
