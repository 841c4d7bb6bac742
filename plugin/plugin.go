// Package plugin registers rbcheck as a golangci-lint v2 module plugin.
//
// Build a golangci-lint with it (scripts/build-golangci.sh, or
// golangci-lint custom with .custom-gcl.yml), then enable it in
// .golangci.yml:
//
//	linters:
//	  enable: [rbcheck]
//	  settings:
//	    custom:
//	      rbcheck:
//	        type: module
//	        settings:
//	          migrations: [db/migrations]
//	          retiring: [users.legacy_email]
//	          select-star: changed
//
// Settings (kebab-case) override .rbcheck.yaml: migrations,
// baseline-schema, retiring, select-star, pg-version, config,
// complete-schema, tag-pattern, search-path, templates. See
// docs/golangci-lint.md.
package plugin

import (
	"os"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/rbcheck/rbcheck/analyzer/migrationcheck"
)

func init() {
	register.Plugin("rbcheck", New)
}

// Plugin is the golangci-lint linter.
type Plugin struct {
	settings migrationcheck.Settings
}

// New decodes the settings (unknown keys are an error).
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[migrationcheck.Settings](conf)
	if err != nil {
		return nil, err
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns the migration-aware analyzer (it requires rbcheck's
// reference analyzer, which golangci-lint runs for it).
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	a, err := migrationcheck.New(p.settings)
	if err != nil {
		return nil, err
	}
	return []*analysis.Analyzer{a, inputsAnalyzer(p.settings)}, nil
}

// inputsAnalyzer does nothing; its name carries a hash of the migrations,
// configuration and release tag. golangci-lint keys its cache of a
// package's issues by the names of the linter's analyzers (and the Go
// files), so without it an edited migration would not invalidate issues
// cached from the previous run.
func inputsAnalyzer(s migrationcheck.Settings) *analysis.Analyzer {
	dir, err := os.Getwd()
	if err != nil {
		dir = "."
	}
	return &analysis.Analyzer{
		Name: "rbcheckinputs_" + migrationcheck.InputsKey(s, dir),
		Doc:  "rbcheckinputs carries a hash of rbcheck's non-Go inputs in its name, for golangci-lint's cache",
		Run:  func(*analysis.Pass) (any, error) { return nil, nil },
	}
}

// GetLoadMode asks for type information: the analysis resolves SQL sinks by
// their types.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
