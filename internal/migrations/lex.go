package migrations

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// comment is one SQL comment found by scanComments.
type comment struct {
	Start, End int    // byte offsets in the source; End is exclusive
	Text       string // the comment without its `--` or `/* */` markers
	Line       bool   // a `--` line comment
	// Own is true when the comment is the first thing on its line (only
	// whitespace before it).
	Own bool
}

// scanComments finds the comments of a SQL text, skipping string literals,
// quoted identifiers and dollar-quoted bodies, so `--` inside a string or a
// function body is not a comment. It never fails: an unterminated literal or
// comment runs to the end of the text.
func scanComments(src string) []comment {
	var out []comment
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		switch {
		case c == '-' && i+1 < n && src[i+1] == '-':
			j := strings.IndexByte(src[i:], '\n')
			end := n
			if j >= 0 {
				end = i + j
			}
			text := strings.TrimSuffix(src[i+2:end], "\r")
			out = append(out, comment{Start: i, End: end, Text: text, Line: true, Own: ownLine(src, i)})
			i = end
		case c == '/' && i+1 < n && src[i+1] == '*':
			// Postgres block comments nest.
			depth := 0
			j := i
			for j < n {
				if src[j] == '/' && j+1 < n && src[j+1] == '*' {
					depth++
					j += 2
					continue
				}
				if src[j] == '*' && j+1 < n && src[j+1] == '/' {
					depth--
					j += 2
					if depth == 0 {
						break
					}
					continue
				}
				j++
			}
			text := src[i+2 : j]
			text = strings.TrimSuffix(text, "*/")
			out = append(out, comment{Start: i, End: j, Text: text, Own: ownLine(src, i)})
			i = j
		case c == '\'':
			i = skipQuoted(src, i, '\'')
		case c == '"':
			i = skipQuoted(src, i, '"')
		case c == '$':
			if tag, ok := dollarTag(src, i); ok {
				k := strings.Index(src[i+len(tag):], tag)
				if k < 0 {
					i = n
				} else {
					i = i + len(tag) + k + len(tag)
				}
			} else {
				i++
			}
		default:
			i++
		}
	}
	return out
}

// ownLine reports whether only blanks precede offset i on its line.
func ownLine(src string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch src[j] {
		case '\n':
			return true
		case ' ', '\t', '\r', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// skipQuoted returns the offset just after the literal starting at i, where
// a doubled quote is an escaped quote.
func skipQuoted(src string, i int, q byte) int {
	j := i + 1
	for j < len(src) {
		if src[j] == q {
			if j+1 < len(src) && src[j+1] == q {
				j += 2
				continue
			}
			return j + 1
		}
		j++
	}
	return len(src)
}

// dollarTag returns the `$tag$` starting at i when there is one. A `$`
// preceded by an identifier character is part of that identifier (or a
// parameter like $1) and starts no quote.
func dollarTag(src string, i int) (string, bool) {
	if i > 0 && isIdent(src[i-1]) {
		return "", false
	}
	j := i + 1
	for j < len(src) && src[j] != '$' {
		if !isIdent(src[j]) || (j == i+1 && src[j] >= '0' && src[j] <= '9') {
			return "", false
		}
		j++
	}
	if j >= len(src) {
		return "", false
	}
	return src[i : j+1], true
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// normalizeSQL drops comments and collapses runs of whitespace to one space,
// leaving string literals untouched, so the same statements written with
// other spacing or comments hash the same.
func normalizeSQL(s string) string {
	cs := scanComments(s)
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, c := range cs {
		b.WriteString(s[last:c.Start])
		b.WriteByte(' ')
		last = c.End
	}
	b.WriteString(s[last:])
	return strings.Join(strings.Fields(b.String()), " ")
}

// lineStarts returns the byte offset at which each line begins.
func lineStarts(src string) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// posAt converts a byte offset to a 1-based line and column.
func posAt(starts []int, off int) (line, col int) {
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, off - starts[lo] + 1
}

// appendNormalized appends normalizeSQL(s) to dst without the intermediate
// strings (hashFile calls it for every statement).
func appendNormalized(dst []byte, s string) []byte {
	cs := scanComments(s)
	pending, any := false, false
	seg := func(t string) {
		for i := 0; i < len(t); {
			c := t[i]
			var size int
			var space bool
			if c < utf8.RuneSelf && !asciiSpace(c) {
				// A run of ASCII non-space bytes in one append.
				j := i + 1
				for j < len(t) && t[j] < utf8.RuneSelf && !asciiSpace(t[j]) {
					j++
				}
				if pending {
					dst = append(dst, ' ')
					pending = false
				}
				dst = append(dst, t[i:j]...)
				any = true
				i = j
				continue
			}
			if c < utf8.RuneSelf {
				size, space = 1, true
			} else {
				var r rune
				r, size = utf8.DecodeRuneInString(t[i:])
				space = unicode.IsSpace(r)
			}
			if space {
				pending = any
			} else {
				if pending {
					dst = append(dst, ' ')
					pending = false
				}
				dst = append(dst, t[i:i+size]...)
				any = true
			}
			i += size
		}
	}
	last := 0
	for _, c := range cs {
		seg(s[last:c.Start])
		pending = any // the comment stands for a space
		last = c.End
	}
	seg(s[last:])
	return dst
}

// asciiSpace is strings.Fields' notion of an ASCII space.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}
