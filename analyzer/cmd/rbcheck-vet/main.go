// Command rbcheck-vet runs rbcheck's Go analysis as a standalone checker or
// as a go vet tool:
//
//	go vet -vettool=$(which rbcheck-vet) -rbcheck.report-refs ./...
//	rbcheck-vet -report-refs ./...
//
// Without -report-refs it reports nothing (the analysis result is for
// programs that call it as a library).
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/rbcheck/rbcheck/analyzer"
)

func main() { singlechecker.Main(analyzer.Analyzer) }
