package jsonschema

import (
	"fmt"
	"strings"
	"testing"
)

var files = map[string]string{
	"a.json": `{"type": "object", "required": ["n", "k"], "additionalProperties": false,
		"properties": {
			"n": {"type": "integer", "minimum": 1, "maximum": 9},
			"k": {"$ref": "b.json#/definitions/kind"},
			"s": {"type": "string", "pattern": "^x", "minLength": 2},
			"l": {"type": "array", "items": {"$ref": "#/definitions/item"}, "minItems": 1, "uniqueItems": true},
			"o": {"oneOf": [{"type": "null"}, {"$ref": "b.json"}]},
			"c": {"const": "fixed"},
			"any": {"anyOf": [{"type": "boolean"}, {"type": "number"}]}
		},
		"definitions": {"item": {"type": "string"}}}`,
	"b.json": `{"type": "object", "required": ["z"], "properties": {"z": {"type": "boolean"}},
		"definitions": {"kind": {"enum": ["x", "y"]}}}`,
}

func load(name string) ([]byte, error) {
	if s, ok := files[name]; ok {
		return []byte(s), nil
	}
	return nil, fmt.Errorf("no file %s", name)
}

func TestValidate(t *testing.T) {
	ok := `{"n": 3, "k": "x", "s": "xy", "l": ["a", "b"], "o": {"z": true}, "c": "fixed", "any": 2}`
	if errs := Validate(load, "a.json", []byte(ok)); len(errs) > 0 {
		t.Fatalf("valid document refused: %v", errs)
	}
	if errs := Validate(load, "a.json", []byte(`{"n": 3, "k": "y", "o": null}`)); len(errs) > 0 {
		t.Fatalf("valid document refused: %v", errs)
	}
	for _, c := range []struct{ doc, want string }{
		{`{"k": "x"}`, `required property "n" missing`},
		{`{"n": 3, "k": "x", "extra": 1}`, `property "extra" not allowed`},
		{`{"n": 3.5, "k": "x"}`, "type integer expected"},
		{`{"n": 0, "k": "x"}`, "below minimum"},
		{`{"n": 10, "k": "x"}`, "above maximum"},
		{`{"n": 3, "k": "w"}`, "not in enum"},
		{`{"n": 3, "k": "x", "s": "ab"}`, "does not match"},
		{`{"n": 3, "k": "x", "s": "x"}`, "shorter than"},
		{`{"n": 3, "k": "x", "l": []}`, "fewer than"},
		{`{"n": 3, "k": "x", "l": ["a", "a"]}`, "duplicate item"},
		{`{"n": 3, "k": "x", "l": [1]}`, "$.l[0]: type string expected"},
		{`{"n": 3, "k": "x", "o": {}}`, "matches 0 of oneOf"},
		{`{"n": 3, "k": "x", "c": "other"}`, "is not fixed"},
		{`{"n": 3, "k": "x", "any": "s"}`, "matches none of anyOf"},
		{`{"n": 3,`, "document:"},
	} {
		errs := Validate(load, "a.json", []byte(c.doc))
		if !strings.Contains(strings.Join(errs, "\n"), c.want) {
			t.Errorf("%s: want %q, got %v", c.doc, c.want, errs)
		}
	}
	if errs := Validate(load, "missing.json", []byte(`{}`)); len(errs) == 0 {
		t.Error("a missing schema file is not an error")
	}
}
