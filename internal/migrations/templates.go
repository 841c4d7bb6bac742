package migrations

import "strings"

// Go-template placeholders in migration text: pop renders every migration
// as a text/template (`{{ index .Options "Namespace" }}.users`), and teams
// that run migrations through their own templates write the same. rbcheck
// does not execute templates: each action is replaced by the configured
// value of its name (Options.Templates; "" when not configured), before the
// text is split and parsed, keeping every position of the file: a value
// shorter than its action is padded with blanks before it, so the line and
// column of every later token stay as written (a longer value shifts the
// columns of the rest of its line only). An empty value that qualifies a
// name takes its dot along (`{{…}}.users` is `users`). In a quoted literal
// the padding goes after the closing quote, so the literal holds the value
// alone ('{{…}}' is '', and 'DROP INDEX {{…}}.i' is 'DROP INDEX i', as
// SQL run by EXECUTE needs). Control actions ({{ if }}, {{ end }}, comments)
// become blanks.

// maxAction bounds the length of an action's text.
const maxAction = 300

// templateAction returns the end (exclusive) of a Go-template action that
// starts at i (`{{`), -1 when the text there is not one: a `{{` … `}}` pair
// on one line (comments may span lines) whose inside reads like a template
// pipeline, not like SQL (`'{{1,2},{3,4}}'` is an array literal).
func templateAction(src string, i int) int {
	if i+1 >= len(src) || src[i] != '{' || src[i+1] != '{' {
		return -1
	}
	k := strings.Index(src[i+2:], "}}")
	if k < 0 || k > maxAction {
		return -1
	}
	inner := src[i+2 : i+2+k]
	t := trimAction(inner)
	if strings.HasPrefix(t, "/*") {
		if !strings.HasSuffix(t, "*/") {
			return -1
		}
		return i + 2 + k + 2
	}
	if t == "" || strings.IndexByte(inner, '\n') >= 0 {
		return -1
	}
	switch c := t[0]; {
	case c == '.', c == '$', c == '"', c == '(', c == '`', isLetter(c):
	default:
		return -1
	}
	decl := strings.Contains(t, ":=")
	inQ := byte(0)
	for j := 0; j < len(t); j++ {
		c := t[j]
		switch {
		case inQ != 0:
			if c == '\\' {
				j++
			} else if c == inQ {
				inQ = 0
			}
		case c == '"' || c == '`':
			inQ = c
		case c == '{' || c == '}' || c == ';' || c == '\'':
			return -1
		case c == ',' && !decl:
			return -1
		}
	}
	return i + 2 + k + 2
}

// trimAction takes the trim markers and blanks off an action's inside.
func trimAction(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "- ") || s == "-" {
		s = s[1:]
	}
	if strings.HasSuffix(s, " -") {
		s = s[:len(s)-1]
	}
	return strings.TrimSpace(s)
}

// hasTemplate reports whether src holds a Go-template action.
func hasTemplate(src string) bool {
	for i := strings.Index(src, "{{"); i >= 0; {
		if templateAction(src, i) >= 0 {
			return true
		}
		j := strings.Index(src[i+1:], "{{")
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// templateControl are the actions that print nothing.
var templateControl = map[string]bool{
	"if": true, "else": true, "end": true, "range": true, "with": true, "define": true,
	"template": true, "block": true, "break": true, "continue": true,
}

// actionValue returns what an action (its inside) is replaced by, and
// whether it prints a value at all (control actions and comments do not).
// The name of an action is its last quoted string (`index .Options
// "Namespace"`), else the last field of its last field chain (`.Namespace`,
// `.Options.Namespace`, `$ns`); values holds names, or whole actions.
func actionValue(inner string, values map[string]string) (string, bool) {
	t := trimAction(inner)
	if strings.HasPrefix(t, "/*") {
		return "", false
	}
	first := t
	if i := strings.IndexAny(t, " \t("); i >= 0 {
		first = t[:i]
	}
	if templateControl[first] || strings.Contains(t, ":=") {
		return "", false
	}
	if v, ok := values[t]; ok {
		return v, true
	}
	name := actionName(t)
	if v, ok := values[name]; ok {
		return v, true
	}
	for k, v := range values {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", true
}

// actionName is the name an action is looked up by.
func actionName(t string) string {
	// the last quoted string
	if j := strings.LastIndexByte(t, '"'); j > 0 {
		if i := strings.LastIndexByte(t[:j], '"'); i >= 0 {
			return t[i+1 : j]
		}
	}
	// the last identifier after a '.' or '$'
	end := len(t)
	for end > 0 && !isIdentByte(t[end-1]) {
		end--
	}
	start := end
	for start > 0 && isIdentByte(t[start-1]) {
		start--
	}
	return t[start:end]
}

func isIdentByte(c byte) bool { return c == '_' || isLetter(c) || isDigit(c) }

// renderTemplates replaces the Go-template actions of src as the package
// comment above says; changed is false when src has none.
func renderTemplates(src string, values map[string]string) (out string, changed bool) {
	if !strings.Contains(src, "{{") {
		return src, false
	}
	var b strings.Builder
	b.Grow(len(src))
	last := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '{':
			e := templateAction(src, i)
			if e < 0 {
				i++
				continue
			}
			b.WriteString(src[last:i])
			last = renderAction(&b, src, i, e, values)
			i, changed = last, true
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				i = len(src)
			} else {
				i += j
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				i = len(src)
			} else {
				i += 2 + j + 2
			}
		case c == '\'' || c == '"':
			j := skipQuoted(src, i, c)
			lit := src[i:j]
			if hasTemplate(lit) {
				b.WriteString(src[last:i])
				renderLiteral(&b, lit, values)
				last, changed = j, true
			}
			i = j
		default:
			i++
		}
	}
	if !changed {
		return src, false
	}
	b.WriteString(src[last:])
	return b.String(), true
}

// renderAction writes the replacement of the action src[i:e] and returns
// where the copy of src resumes. An empty value takes the dot that follows
// it along.
func renderAction(b *strings.Builder, src string, i, e int, values map[string]string) int {
	v, prints := actionValue(src[i+2:e-2], values)
	end := e
	if prints && v == "" && end < len(src) && src[end] == '.' {
		end++
	}
	blank(b, src[i:end], len(v))
	b.WriteString(v)
	return end
}

// blank writes len(span)-keep blanks, keeping the newlines of span (a
// comment action may span lines).
func blank(b *strings.Builder, span string, keep int) {
	for i := 0; i < len(span)-keep; i++ {
		if span[i] == '\n' {
			b.WriteByte('\n')
		} else {
			b.WriteByte(' ')
		}
	}
}

// renderLiteral writes a quoted literal (quotes included) with its actions
// replaced by their values and the freed room after the closing quote; a
// literal spanning lines, or one that grows, is padded in place.
func renderLiteral(b *strings.Builder, lit string, values map[string]string) {
	var r strings.Builder
	last := 0
	for i := 0; i < len(lit); {
		e := templateAction(lit, i)
		if e < 0 {
			i++
			continue
		}
		r.WriteString(lit[last:i])
		v, prints := actionValue(lit[i+2:e-2], values)
		r.WriteString(v)
		if prints && v == "" && e < len(lit) && lit[e] == '.' {
			e++ // SQL in a literal (EXECUTE '…'): the same name rule
		}
		last, i = e, e
	}
	r.WriteString(lit[last:])
	if strings.IndexByte(lit, '\n') >= 0 || r.Len() > len(lit) {
		// in place, as in code
		last = 0
		for i := 0; i < len(lit); {
			e := templateAction(lit, i)
			if e < 0 {
				i++
				continue
			}
			b.WriteString(lit[last:i])
			last = renderAction(b, lit, i, e, values)
			i = last
		}
		b.WriteString(lit[last:])
		return
	}
	b.WriteString(r.String())
	for i := r.Len(); i < len(lit); i++ {
		b.WriteByte(' ')
	}
}
