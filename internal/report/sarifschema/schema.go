// Package sarifschema validates SARIF logs against the SARIF 2.1.0 JSON
// schema (sarif-schema-2.1.0.json, as shipped in the MIT-licensed npm
// package @microsoft/jest-sarif; the schema itself is OASIS's), with the
// test helper validator of internal/jsonschema.
package sarifschema

import (
	_ "embed"
	"fmt"

	"github.com/rbcheck/rbcheck/internal/jsonschema"
)

//go:embed sarif-schema-2.1.0.json
var schemaJSON []byte

// Validate checks a SARIF document (JSON) against the SARIF 2.1.0 schema and
// returns the problems, each with its JSON path; nil means valid.
func Validate(doc []byte) []string {
	return jsonschema.Validate(func(name string) ([]byte, error) {
		if name != "sarif" {
			return nil, fmt.Errorf("no schema %s", name)
		}
		return schemaJSON, nil
	}, "sarif", doc)
}
