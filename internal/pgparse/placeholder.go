package pgparse

// Placeholder rewriting for queries written for database/sql drivers and sqlx
// that the Postgres parser does not accept as they are: `?` (MySQL/sqlx
// bindvars) and `:name` (sqlx named parameters) become `$n`.
//
// AnalyzeQuery calls this only after a plain parse failed, so valid
// Postgres SQL is never rewritten.
//
// `?` is also a jsonb operator (`data ? 'key'`, `?|`, `?&`). The heuristic:
// a `?` is a placeholder when it stands in a value position, that is when the
// token before it is not an operand. Operands are identifiers that are not
// value-introducing keywords (see qValueKeywords), quoted identifiers, string
// and number literals, parameters and closing brackets. `?|` and `?&` are
// always operators. So in `WHERE data ? 'a' AND id = ?` the first `?` follows
// the operand `data` (operator) and the second follows `=` (placeholder).
// Strings, quoted identifiers, dollar-quoted bodies and comments are skipped.
//
// `:name` is a named parameter when `:` is followed by a letter or `_` and
// is not part of a `::` cast.

import (
	"strconv"
	"strings"
)

// qEdit is one replacement: the bytes at old[oldPos:oldPos+oldLen] became
// new[newPos:newPos+newLen].
type qEdit struct {
	oldPos, oldLen int
	newPos, newLen int
}

// qMapOffset maps an offset in rewritten text back to the original.
func qMapOffset(edits []qEdit, p int) int {
	if p < 0 {
		return p
	}
	shift := 0
	for _, e := range edits {
		if p < e.newPos {
			break
		}
		if p < e.newPos+e.newLen {
			return e.oldPos
		}
		shift = (e.oldPos + e.oldLen) - (e.newPos + e.newLen)
	}
	return p + shift
}

// qValueKeywords are words after which a value, not an operator, follows.
var qValueKeywords = map[string]bool{
	"select": true, "where": true, "and": true, "or": true, "not": true, "in": true,
	"values": true, "set": true, "limit": true, "offset": true, "then": true, "else": true,
	"when": true, "between": true, "like": true, "ilike": true, "is": true, "returning": true,
	"by": true, "on": true, "having": true, "any": true, "all": true, "some": true,
	"case": true, "distinct": true, "from": true, "using": true, "similar": true, "to": true,
	"escape": true, "fetch": true, "first": true, "next": true, "return": true, "as": true,
	"with": true, "do": true, "exists": true, "array": true, "over": true, "filter": true,
	"into": true, "default": true, "update": true, "row": true, "asymmetric": true, "symmetric": true,
	"zone": true,
}

// qRewritePlaceholders rewrites `?` and `:name` placeholders to `$n`. It
// reports whether anything changed.
func qRewritePlaceholders(sql string) (string, []qEdit, bool) {
	var b strings.Builder
	var edits []qEdit
	n := 0
	named := map[string]int{}
	prevOperand := false
	emit := func(oldPos, oldLen int, repl string) {
		edits = append(edits, qEdit{oldPos: oldPos, oldLen: oldLen, newPos: b.Len(), newLen: len(repl)})
		b.WriteString(repl)
	}
	i := 0
	for i < len(sql) {
		c := sql[i]
		switch {
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				j = len(sql) - i
			}
			b.WriteString(sql[i : i+j])
			i += j
			continue
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			j := qSkipBlockComment(sql, i)
			b.WriteString(sql[i:j])
			i = j
			continue
		case c == '\'':
			escapes := i > 0 && (sql[i-1] == 'e' || sql[i-1] == 'E')
			j := qSkipString(sql, i, escapes)
			b.WriteString(sql[i:j])
			i = j
			prevOperand = true
			continue
		case c == '"':
			j := i + 1
			for j < len(sql) {
				if sql[j] == '"' {
					if j+1 < len(sql) && sql[j+1] == '"' {
						j += 2
						continue
					}
					j++
					break
				}
				j++
			}
			if j > len(sql) {
				j = len(sql)
			}
			b.WriteString(sql[i:j])
			i = j
			prevOperand = true
			continue
		case c == '$':
			j := i + 1
			for j < len(sql) && qIsIdentByte(sql[j]) && sql[j] != '$' {
				j++
			}
			if j < len(sql) && sql[j] == '$' && !(j > i+1 && qIsDigits(sql[i+1:j])) {
				// dollar quote $tag$ … $tag$
				tag := sql[i : j+1]
				end := strings.Index(sql[j+1:], tag)
				k := len(sql)
				if end >= 0 {
					k = j + 1 + end + len(tag)
				}
				b.WriteString(sql[i:k])
				i = k
				prevOperand = true
				continue
			}
			if j > i+1 && qIsDigits(sql[i+1:j]) {
				if v, err := strconv.Atoi(sql[i+1 : j]); err == nil && v > n {
					n = v
				}
			}
			b.WriteString(sql[i:j])
			i = j
			prevOperand = true
			continue
		case c == ':' && i+1 < len(sql) && sql[i+1] == ':':
			b.WriteString("::")
			i += 2
			prevOperand = false
			continue
		case c == ':' && i+1 < len(sql) && qIsIdentStart(sql[i+1]) && (i == 0 || sql[i-1] != ':'):
			j := i + 1
			for j < len(sql) && qIsIdentByte(sql[j]) && sql[j] != '$' {
				j++
			}
			name := sql[i+1 : j]
			num, ok := named[name]
			if !ok {
				n++
				num = n
				named[name] = num
			}
			emit(i, j-i, "$"+strconv.Itoa(num))
			i = j
			prevOperand = true
			continue
		case c == '?':
			next := byte(0)
			if i+1 < len(sql) {
				next = sql[i+1]
			}
			if (next == '|' && !(i+2 < len(sql) && sql[i+2] == '|')) || next == '&' || next == '-' || prevOperand {
				b.WriteByte(c)
				i++
				prevOperand = false
				continue
			}
			n++
			emit(i, 1, "$"+strconv.Itoa(n))
			i++
			prevOperand = true
			continue
		case qIsIdentStart(c):
			j := i + 1
			for j < len(sql) && qIsIdentByte(sql[j]) {
				j++
			}
			word := strings.ToLower(sql[i:j])
			b.WriteString(sql[i:j])
			i = j
			prevOperand = !qValueKeywords[word]
			continue
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(sql) && (qIsIdentByte(sql[j]) || sql[j] == '.') {
				j++
			}
			b.WriteString(sql[i:j])
			i = j
			prevOperand = true
			continue
		case c == ')' || c == ']':
			prevOperand = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			// whitespace keeps the previous token's class
		default:
			prevOperand = false
		}
		b.WriteByte(c)
		i++
	}
	if len(edits) == 0 {
		return sql, nil, false
	}
	return b.String(), edits, true
}

func qSkipBlockComment(sql string, i int) int {
	depth := 0
	for i < len(sql) {
		if sql[i] == '/' && i+1 < len(sql) && sql[i+1] == '*' {
			depth++
			i += 2
			continue
		}
		if sql[i] == '*' && i+1 < len(sql) && sql[i+1] == '/' {
			depth--
			i += 2
			if depth == 0 {
				return i
			}
			continue
		}
		i++
	}
	return len(sql)
}

// qSkipString returns the index just past the string literal starting at i.
func qSkipString(sql string, i int, escapes bool) int {
	j := i + 1
	for j < len(sql) {
		switch sql[j] {
		case '\\':
			if escapes {
				j += 2
				continue
			}
		case '\'':
			if j+1 < len(sql) && sql[j+1] == '\'' {
				j += 2
				continue
			}
			return j + 1
		}
		j++
	}
	return len(sql)
}

func qIsIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func qIsIdentByte(c byte) bool {
	return qIsIdentStart(c) || (c >= '0' && c <= '9') || c == '$'
}

func qIsDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
