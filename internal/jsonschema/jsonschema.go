// Package jsonschema is a minimal JSON Schema validator for rbcheck's
// tests: it checks the JSON outputs against docs/schema/*.json and SARIF
// against the SARIF 2.1.0 schema. It covers the keywords those schemas use
// (draft-04 to draft-07 alike): $ref (within a file, or to another file of
// the same set: "verdict.schema.json#/definitions/x"), type, properties,
// additionalProperties, required, items, enum, const, minimum, maximum,
// minItems, uniqueItems, pattern, minLength, anyOf, oneOf. format and
// other keywords are ignored, and the validator says so for none of them:
// it is a test helper, not a general validator.
package jsonschema

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
)

// Loader returns the content of a schema file by name.
type Loader func(name string) ([]byte, error)

// Validate checks doc (JSON) against the schema file name, loading it and
// the files it refers to with load. It returns the problems, each with its
// JSON path; nil means valid.
func Validate(load Loader, name string, doc []byte) []string {
	v := &validator{load: load, files: map[string]map[string]any{}}
	root, err := v.file(name)
	if err != nil {
		return []string{err.Error()}
	}
	var x any
	if err := json.Unmarshal(doc, &x); err != nil {
		return []string{"document: " + err.Error()}
	}
	errs := v.check(root, root, x, "$")
	return append(v.errs, errs...)
}

type validator struct {
	load  Loader
	files map[string]map[string]any
	errs  []string
}

func (v *validator) file(name string) (map[string]any, error) {
	if f, ok := v.files[name]; ok {
		return f, nil
	}
	data, err := v.load(name)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %v", name, err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("schema %s: %v", name, err)
	}
	v.files[name] = root
	// the file's own name for refs into it
	return root, nil
}

// resolve follows $ref: "#/a/b" in root, "file.json" or "file.json#/a/b"
// in another file.
func (v *validator) resolve(s, root map[string]any) (map[string]any, map[string]any) {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s, root
		}
		file, frag, _ := strings.Cut(ref, "#")
		if file != "" {
			r, err := v.file(file)
			if err != nil {
				v.errs = append(v.errs, err.Error())
				return map[string]any{}, root
			}
			root = r
		}
		var cur any = root
		for _, p := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			if p == "" {
				continue
			}
			m, ok := cur.(map[string]any)
			if !ok {
				v.errs = append(v.errs, "unresolvable $ref "+ref)
				return map[string]any{}, root
			}
			cur = m[p]
		}
		next, ok := cur.(map[string]any)
		if !ok {
			v.errs = append(v.errs, "unresolvable $ref "+ref)
			return map[string]any{}, root
		}
		s = next
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

// check validates x against s (of the schema file root) and returns the
// problems (nil when valid).
func (v *validator) check(s, root map[string]any, x any, at string) []string {
	s, root = v.resolve(s, root)
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
	if c, ok := s["const"]; ok && fmt.Sprint(c) != fmt.Sprint(x) {
		fail("%v is not %v", x, c)
	}
	if str, ok := x.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
		if m, ok := s["minLength"].(float64); ok && float64(len([]rune(str))) < m {
			fail("%q is shorter than %v", str, m)
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
				errs = append(errs, v.check(ps, root, val, at+"."+k)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("property %q not allowed", k)
				}
			case map[string]any:
				errs = append(errs, v.check(ap, root, val, at+"."+k)...)
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
				errs = append(errs, v.check(is, root, e, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	if anyOf, ok := s["anyOf"].([]any); ok {
		okOne := false
		for _, sub := range anyOf {
			if len(v.check(sub.(map[string]any), root, x, at)) == 0 {
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
			if len(v.check(sub.(map[string]any), root, x, at)) == 0 {
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
