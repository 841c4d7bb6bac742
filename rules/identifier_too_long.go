package rules

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rbcheck/rbcheck/internal/sqlast"
)

func init() {
	register(&Rule{
		Name:       "identifier-too-long",
		Title:      "Identifiers longer than 63 bytes are silently truncated",
		Effect:     NoEffect,
		Severity:   Warning,
		Since:      "0.1.0",
		PGVersions: "all",
		Why: "Postgres names are at most 63 bytes (NAMEDATALEN - 1). A longer table, column, index or " +
			"constraint name is cut to 63 bytes with only a NOTICE, which migration tools do not " +
			"show: the object gets a different name than the migration (and the application, the ORM " +
			"or a later `DROP INDEX`) uses, and two long names that share their first 63 bytes " +
			"collide. Multi-byte characters count by their UTF-8 bytes. On by default: the truncation " +
			"is never what the author meant. The rule reads the statement text itself, because the " +
			"parser already truncates the names it returns.",
		Bad:  "CREATE INDEX orders_customer_id_created_at_status_shipping_country_partial_idx ON orders (customer_id);",
		Good: "CREATE INDEX orders_customer_created_status_country_idx ON orders (customer_id);",
		Fix: []string{
			"Shorten the name to 63 bytes or fewer.",
			"If an object already exists under the truncated name, refer to it by that name.",
		},
		Default: true,
		Check:   checkIdentifierTooLong,
	})
}

// itlMax is NAMEDATALEN - 1.
const itlMax = 63

func checkIdentifierTooLong(c *Context) {
	text := c.Stmt.Text
	if !itlMayHaveLong(text) {
		return
	}
	var seen map[string]bool // allocated for the rare statement with a long name
	itlScan(text, func(off int, ident string) {
		if len(ident) <= itlMax || seen[ident] {
			return
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		seen[ident] = true
		cut := itlClip(ident)
		c.Report(itlPos(c.Stmt, off), Object{Type: sqlast.ObjOther, Name: ident},
			"identifier "+lkQ(ident)+" is "+strconv.Itoa(len(ident))+" bytes long; postgres silently truncates it to "+lkQ(cut),
			"shorten the name to at most 63 bytes")
	})
}

// itlClip cuts s to at most 63 bytes on a UTF-8 character boundary.
func itlClip(s string) string {
	n := itlMax
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// itlPos converts a byte offset in st.Text to a file position.
func itlPos(st *sqlast.Stmt, off int) sqlast.Pos {
	p := st.Pos
	if off < 0 || off > len(st.Text) || p.Line == 0 {
		return p
	}
	before := st.Text[:off]
	if nl := strings.Count(before, "\n"); nl > 0 {
		p.Line += nl
		p.Col = off - strings.LastIndexByte(before, '\n')
	} else {
		p.Col += off
	}
	p.Offset += off
	return p
}

func itlIdentStart(b byte) bool {
	return b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b >= 0x80
}

func itlIdentCont(b byte) bool {
	return itlIdentStart(b) || (b >= '0' && b <= '9') || b == '$'
}

// itlScan calls fn with the byte offset and the (case-folded, unescaped)
// text of every identifier in sql, skipping comments, string literals and
// dollar-quoted bodies.
func itlScan(sql string, fn func(off int, ident string)) {
	i, n := 0, len(sql)
	for i < n {
		b := sql[i]
		switch {
		case b == '-' && i+1 < n && sql[i+1] == '-':
			for i < n && sql[i] != '\n' {
				i++
			}
		case b == '/' && i+1 < n && sql[i+1] == '*':
			depth := 0
			for i < n {
				if i+1 < n && sql[i] == '/' && sql[i+1] == '*' {
					depth++
					i += 2
					continue
				}
				if i+1 < n && sql[i] == '*' && sql[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
					continue
				}
				i++
			}
		case b == '\'':
			i = itlSkipString(sql, i, false)
		case (b == 'e' || b == 'E') && i+1 < n && sql[i+1] == '\'':
			i = itlSkipString(sql, i+1, true)
		case b == '"' || ((b == 'u' || b == 'U') && i+2 < n && sql[i+1] == '&' && sql[i+2] == '"'):
			start := i
			if b != '"' {
				i += 2
			}
			i++
			// The name is the text between the quotes unless it holds a
			// doubled quote (then it is built without the doubling).
			from, doubled := i, false
			var sb strings.Builder
			for i < n {
				if sql[i] == '"' {
					if i+1 < n && sql[i+1] == '"' {
						if !doubled {
							doubled = true
							sb.WriteString(sql[from:i])
						}
						sb.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				if doubled {
					sb.WriteByte(sql[i])
				}
				i++
			}
			switch {
			case doubled:
				fn(start, sb.String())
			case i > from && sql[i-1] == '"':
				fn(start, sql[from:i-1])
			default: // unterminated
				fn(start, sql[from:i])
			}
		case b == '$':
			// $n parameter or $tag$ … $tag$ dollar quote.
			j := i + 1
			for j < n && itlIdentCont(sql[j]) && sql[j] != '$' {
				j++
			}
			if j < n && sql[j] == '$' && (j == i+1 || !(sql[i+1] >= '0' && sql[i+1] <= '9')) {
				tag := sql[i : j+1]
				end := strings.Index(sql[j+1:], tag)
				if end < 0 {
					return
				}
				i = j + 1 + end + len(tag)
			} else {
				i = j
			}
		case itlIdentStart(b):
			start := i
			for i < n && itlIdentCont(sql[i]) {
				i++
			}
			fn(start, itlLowerASCII(sql[start:i]))
		case b >= '0' && b <= '9':
			for i < n && (itlIdentCont(sql[i]) || sql[i] == '.') {
				i++
			}
		default:
			i++
		}
	}
}

// itlSkipString returns the offset just after the string literal whose
// opening quote is at i.
func itlSkipString(sql string, i int, backslash bool) int {
	n := len(sql)
	i++
	for i < n {
		switch sql[i] {
		case '\\':
			if backslash {
				i += 2
				continue
			}
		case '\'':
			if i+1 < n && sql[i+1] == '\'' {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return n
}

// itlLowerASCII folds A-Z only, as Postgres does for UTF-8 identifiers.
func itlLowerASCII(s string) string {
	if !itlHasUpper(s) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func itlHasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// itlMayHaveLong is false when text cannot hold an identifier longer than
// itlMax: no double quote (a quoted name may hold anything) and no run of
// more than itlMax bytes that can be part of a name. Most statements are
// ruled out without the scan above, and without looking at most of their
// bytes: a run of more than itlMax name bytes covers one of every
// itlMax+1 consecutive offsets, so it looks at every (itlMax+1)th byte
// and, at a name byte, measures the run around it.
func itlMayHaveLong(text string) bool {
	if strings.IndexByte(text, '"') >= 0 {
		return true
	}
	n := len(text)
	for i := itlMax; i < n; {
		if !itlNameByte[text[i]] {
			i += itlMax + 1
			continue
		}
		start, end := i, i+1
		for start > 0 && itlNameByte[text[start-1]] {
			start--
		}
		for end < n && itlNameByte[text[end]] {
			end++
		}
		if end-start > itlMax {
			return true
		}
		// text[end] is not a name byte: the next run starts after it.
		i = end + itlMax + 1
	}
	return false
}

// itlNameByte: the bytes a run of name characters is made of (letters,
// digits, _, $ and every byte of a multi-byte character).
var itlNameByte = func() (t [256]bool) {
	for b := range 256 {
		t[b] = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '$' || b >= 0x80
	}
	return t
}()
