package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decode walks the YAML node tree into c, reporting unknown keys and wrong
// types with their positions, and records the position of every value.
func decode(data []byte, name string, c *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil // empty file: defaults
		}
		return yamlSyntaxError(name, err)
	}
	// A second document (after "---") would be silently ignored by a plain
	// Unmarshal: its keys would look configured and do nothing.
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
	case err != nil:
		return yamlSyntaxError(name, err)
	default:
		line := extra.Line
		if len(extra.Content) > 0 {
			line = extra.Content[0].Line
		}
		if line > 1 {
			line-- // the "---" that starts it
		}
		return &Error{Pos: Pos{File: name, Line: line, Column: 1},
			Msg: "a second YAML document: rbcheck reads one configuration document per file\nhelp: merge the documents into one and remove the \"---\" separator"}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil // empty file: defaults
	}
	d := &decoder{file: name, pos: c.pos, lines: strings.Split(string(data), "\n")}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil
	}
	d.value(root, reflect.ValueOf(c).Elem(), "")
	return errors.Join(d.errs...)
}

type decoder struct {
	file  string
	lines []string // the file's lines, to quote no more of a value than its first line
	pos   map[string]Pos
	errs  []error
}

func (d *decoder) at(n *yaml.Node) Pos { return Pos{File: d.file, Line: n.Line, Column: n.Column} }

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs = append(d.errs, &Error{Pos: d.at(n), Msg: fmt.Sprintf(format, args...)})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// label names the key in messages: the dotted path, or "the file" at the top.
func label(path string) string {
	if path == "" {
		return "the configuration"
	}
	return path
}

func (d *decoder) kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!int":
			return "a number"
		case "!!float":
			return fmt.Sprintf("the number %s", d.clip(n))
		case "!!bool":
			return "a boolean"
		case "!!null":
			return "nothing"
		}
		return fmt.Sprintf("the string %q", d.clip(n))
	}
	return "an unsupported value"
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if path != "" {
		d.pos[path] = d.at(n)
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // keep the default
	}
	switch v.Kind() {
	case reflect.Struct:
		if n.Kind == yaml.ScalarNode && v.Type() == reflect.TypeOf(MigrationDir{}) {
			// a migrations entry written as a plain path
			v.FieldByName("Path").SetString(n.Value)
			return
		}
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "%s must be a mapping, not %s", label(path), d.kindName(n))
			return
		}
		d.mapping(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "%s must be a list, not %s", label(path), d.kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, e := range n.Content {
			d.value(e, s.Index(i), join(path, strconv.Itoa(i)))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "%s must be a mapping, not %s", label(path), d.kindName(n))
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			e := reflect.New(v.Type().Elem()).Elem()
			d.value(val, e, join(path, k.Value))
			m.SetMapIndex(reflect.ValueOf(k.Value), e)
		}
		v.Set(m)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, "%s must be a string, not %s", label(path), d.kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		if n.Kind == yaml.ScalarNode && n.Tag == "!!float" && strings.Trim(n.Value, "+-0123456789") == "" {
			d.errorf(n, "%s %s is out of range", label(path), d.clip(n)) // yaml.v3 tags an int too large for int64 as float
			return
		}
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.errorf(n, "%s must be a whole number, not %s", label(path), d.kindName(n))
			return
		}
		i, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil {
			d.errorf(n, "%s must be a whole number, not %q", label(path), d.clip(n))
			return
		}
		v.SetInt(i)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.errorf(n, "%s must be true or false, not %s", label(path), d.kindName(n))
			return
		}
		b, err := strconv.ParseBool(strings.ToLower(n.Value))
		if err != nil {
			// YAML 1.1 spellings yaml.v3 still tags as bool
			switch strings.ToLower(n.Value) {
			case "yes", "on", "y":
				b = true
			case "no", "off", "n":
				b = false
			default:
				d.errorf(n, "%s must be true or false, not %q", label(path), d.clip(n))
				return
			}
		}
		v.SetBool(b)
	default:
		d.errorf(n, "%s has an unsupported type", label(path))
	}
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	fields := map[string]int{}
	var known []string
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("yaml")
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = i
		known = append(known, tag)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		idx, ok := fields[k.Value]
		if !ok {
			msg := fmt.Sprintf("unknown key %q", d.clip(k))
			if path != "" {
				msg += " in " + path
			}
			if s := Suggest(k.Value, known); len(s) > 0 {
				msg += fmt.Sprintf("; did you mean %q?", s[0])
			}
			msg += " (known: " + strings.Join(known, ", ") + ")"
			d.errorf(k, "%s", msg)
			continue
		}
		if seen[k.Value] {
			d.errorf(k, "key %q appears twice", join(path, d.clip(k)))
			continue
		}
		seen[k.Value] = true
		d.value(val, v.Field(idx), join(path, k.Value))
	}
}

// yamlSyntaxError turns yaml.v3's "yaml: line 3: …" into a positioned error.
func yamlSyntaxError(name string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if strings.HasPrefix(msg, "line ") {
		rest := msg[len("line "):]
		if i := strings.Index(rest, ":"); i > 0 {
			if l, e := strconv.Atoi(rest[:i]); e == nil {
				line = l
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	return &Error{Pos: Pos{File: name, Line: line, Column: 1}, Msg: "invalid YAML: " + msg}
}

// Suggest returns the candidates closest to name (edit distance at most a
// third of the name's length, at least 2), closest first.
func Suggest(name string, candidates []string) []string {
	type c struct {
		s string
		d int
	}
	var out []c
	limit := len(name) / 3
	if limit < 2 {
		limit = 2
	}
	for _, cand := range candidates {
		dist := levenshtein(name, cand)
		if dist <= limit || (len(name) >= 3 && strings.Contains(cand, name)) {
			out = append(out, c{cand, dist})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].d != out[j].d {
			return out[i].d < out[j].d
		}
		return out[i].s < out[j].s
	})
	res := make([]string, len(out))
	for i, x := range out {
		res[i] = x.s
	}
	return res
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// clip is the part of a node's value that stands on its first line (a
// multi-line plain scalar is folded into one value), clipped by Clip.
func (d *decoder) clip(n *yaml.Node) string {
	v := n.Value
	if n.Line >= 1 && n.Line <= len(d.lines) {
		rest := d.lines[n.Line-1]
		if c := n.Column - 1; c >= 0 && c <= len(rest) {
			rest = rest[c:]
		}
		if len(v) > len(rest) {
			v = v[:len(rest)] + "\n"
		}
	}
	return Clip(v)
}

// Clip shortens a value quoted in a message to its first line and 40
// characters: a message must not print a file beyond the offending line
// (a .rbcheck.yaml that links to a credentials file must not leak it).
func Clip(s string) string {
	cut := false
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s, cut = s[:i], true
	}
	if r := []rune(s); len(r) > 40 {
		s, cut = string(r[:40]), true
	}
	if cut {
		s += "…"
	}
	return s
}
