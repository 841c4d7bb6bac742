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
// -migrationcheck.tag-pattern, -migrationcheck.pg-version,
// -migrationcheck.search-path, -migrationcheck.templates.
//
// The reference analyzer is available too: -rbcheck.report-refs reports
// every table and column use (run only it with -rbcheck).
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/rbcheck/rbcheck/analyzer"
	"github.com/rbcheck/rbcheck/analyzer/migrationcheck"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-V=full" {
		printVersion()
		return
	}
	multichecker.Main(migrationcheck.Analyzer, analyzer.Analyzer)
}

// printVersion answers go vet's -V=full. go vet caches a package's vet
// result under the tool's build ID, so the ID includes a hash of the
// migrations, configuration and release tag seen from the working
// directory: an edited migration is then checked again instead of being
// answered from the cache.
func printVersion() {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, _ = io.Copy(h, f)
			_ = f.Close()
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	inputs := migrationcheck.InputsKey(migrationcheck.Settings{}, wd)
	fmt.Printf("%s version devel rbcheck buildID=%x-%s\n", filepath.Base(os.Args[0]), h.Sum(nil)[:16], inputs)
}
