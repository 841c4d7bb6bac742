// Package sarifschema validates SARIF logs against the SARIF 2.1.0 JSON
// schema (sarif-schema-2.1.0.json, as shipped in the MIT-licensed npm
// package @microsoft/jest-sarif; the schema itself is OASIS's). It is a
// test helper: a minimal JSON Schema draft-04 validator covering the
// keywords that schema uses.
package sarifschema

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
)

// Supported keywords: $ref (local), type, properties, additionalProperties,
// required, items, enum, minimum, maximum, minItems, uniqueItems, pattern,
// anyOf, oneOf. format is not checked.

//go:embed sarif-schema-2.1.0.json
var schemaJSON []byte

// Validate checks a SARIF document (JSON) against the SARIF 2.1.0 schema and
// returns the problems, each with its JSON path; nil means valid.
func Validate(doc []byte) []string {
	var root map[string]any
	if err := json.Unmarshal(schemaJSON, &root); err != nil {
		return []string{"schema: " + err.Error()}
	}
	var x any
	if err := json.Unmarshal(doc, &x); err != nil {
		return []string{"document: " + err.Error()}
	}
	v := &schemaValidator{root: root}
	errs := v.check(root, x, "$")
	return append(v.errs, errs...)
}

type schemaValidator struct {
	root map[string]any
	errs []string
}

func (v *schemaValidator) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		if !strings.HasPrefix(ref, "#/") {
			v.errs = append(v.errs, "unsupported $ref "+ref)
			return s
		}
		var cur any = v.root
		for _, p := range strings.Split(ref[2:], "/") {
			cur = cur.(map[string]any)[p]
		}
		s = cur.(map[string]any)
	}
}

func typeOK(t string, x any) bool {
	switch t {
	case "object":
		_, ok := x.(map[string]any)
		return ok
	case "array":
		_, ok := x.([]any)
		return ok
	case "string":
		_, ok := x.(string)
		return ok
	case "boolean":
		_, ok := x.(bool)
		return ok
	case "number":
		_, ok := x.(float64)
		return ok
	case "integer":
		f, ok := x.(float64)
		return ok && f == math.Trunc(f)
	case "null":
		return x == nil
	}
	return false
}

// check validates x against s and returns the problems (nil when valid).
func (v *schemaValidator) check(s map[string]any, x any, at string) []string {
	s = v.resolve(s)
	var errs []string
	fail := func(format string, a ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, a...)) }
	if t, ok := s["type"]; ok {
		match := false
		switch tt := t.(type) {
		case string:
			match = typeOK(tt, x)
		case []any:
			for _, e := range tt {
				match = match || typeOK(e.(string), x)
			}
		}
		if !match {
			fail("type %v expected, got %T", t, x)
			return errs
		}
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, c := range e {
			if fmt.Sprint(c) == fmt.Sprint(x) {
				found = true
			}
		}
		if !found {
			fail("%v not in enum %v", x, e)
		}
	}
	if f, ok := x.(float64); ok {
		if m, ok := s["minimum"].(float64); ok && f < m {
			fail("%v below minimum %v", f, m)
		}
		if m, ok := s["maximum"].(float64); ok && f > m {
			fail("%v above maximum %v", f, m)
		}
	}
	if str, ok := x.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
	}
	if obj, ok := x.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				fail("required property %q missing", r)
			}
		}
		for k, val := range obj {
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, v.check(ps, val, at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("property %q not allowed", k)
				}
			case map[string]any:
				errs = append(errs, v.check(ap, val, at+"."+k)...)
			}
		}
	}
	if arr, ok := x.([]any); ok {
		if m, ok := s["minItems"].(float64); ok && float64(len(arr)) < m {
			fail("fewer than %v items", m)
		}
		if u, ok := s["uniqueItems"].(bool); ok && u {
			seen := map[string]bool{}
			for _, e := range arr {
				b, _ := json.Marshal(e)
				if seen[string(b)] {
					fail("duplicate item %s", b)
				}
				seen[string(b)] = true
			}
		}
		if is, ok := s["items"].(map[string]any); ok {
			for i, e := range arr {
				errs = append(errs, v.check(is, e, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		okOne := false
		for _, sub := range anyOf {
			if len(v.check(sub.(map[string]any), x, at)) == 0 {
				okOne = true
			}
		}
		if !okOne {
			fail("matches none of anyOf")
		}
	}
	if one, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, sub := range one {
			if len(v.check(sub.(map[string]any), x, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			fail("matches %d of oneOf, want 1", n)
		}
	}
	return errs
}

func asList(x any) []any {
	l, _ := x.([]any)
	return l
}
