package pgparse

import (
	"math/bits"
	"strings"
	"unsafe"
)

// A tiny lexer that knows just enough SQL (quotes, dollar quotes, comments)
// to find psql meta-commands and to skip whitespace and comments between
// statements. The real tokenising is Postgres' own scanner.

// skipSpaceComments returns the offset of the first byte at or after i that
// is neither whitespace nor inside a comment.
func skipSpaceComments(s string, i int) int {
	for i < len(s) {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			i = commentEnd(s, i)
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = blockCommentEnd(s, i)
		default:
			return i
		}
	}
	return i
}

// commentsIn lists the comments in s[from:to], which holds only whitespace
// and comments.
func commentsIn(s string, from, to int) []string {
	var out []string
	i := from
	for i < to {
		j := skipSpaceComments(s[:to], i)
		// Collect the comments skipped between i and j.
		k := i
		for k < j {
			switch {
			case s[k] == '-' && k+1 < j && s[k+1] == '-':
				e := commentEnd(s[:j], k)
				out = append(out, s[k:e])
				k = e
			case s[k] == '/' && k+1 < j && s[k+1] == '*':
				e := blockCommentEnd(s[:j], k)
				out = append(out, s[k:e])
				k = e
			default:
				k++
			}
		}
		if j >= to {
			break
		}
		i = j + 1
	}
	return out
}

// commentEnd returns the end of the `--` comment at s[i]: the next line
// feed or carriage return (which Postgres' scanner ends it at too), or the
// end of s.
func commentEnd(s string, i int) int {
	e := len(s)
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		e = i + j
	}
	if j := strings.IndexByte(s[i:e], '\r'); j >= 0 {
		e = i + j
	}
	return e
}

func lineEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(s)
}

// blockCommentEnd returns the offset just after the (nested) block comment
// starting at i.
func blockCommentEnd(s string, i int) int {
	depth := 0
	for i < len(s) {
		if s[i] == '/' && i+1 < len(s) && s[i+1] == '*' {
			depth++
			i += 2
			continue
		}
		if s[i] == '*' && i+1 < len(s) && s[i+1] == '/' {
			depth--
			i += 2
			if depth == 0 {
				return i
			}
			continue
		}
		i++
	}
	return len(s)
}

func isIdentByte(c byte) bool { return identByte[c] }

// identByte is isIdentByte's table: the lexers test every byte of a word.
var identByte = func() (t [256]bool) {
	for c := range t {
		t[c] = c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
	}
	return t
}()

// dollarTag returns the dollar-quote opening tag at s[i] ("$$", "$body$"),
// or "" when s[i] does not start one.
// It is called at the start of a token only: a `$` inside a word was taken
// by wordEnd.
func dollarTag(s string, i int) string {
	if s[i] != '$' {
		return ""
	}
	j := i + 1
	for j < len(s) && s[j] != '$' {
		c := s[j]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || (j > i+1 && c >= '0' && c <= '9')) {
			return ""
		}
		j++
	}
	if j >= len(s) {
		return ""
	}
	return s[i : j+1]
}

// wordEnd returns the end of the word at s[i]: an identifier or keyword
// (which takes `$`: a$$ is one name), a number or a $n parameter (which do
// not: 0$$ is 0 then a dollar quote, as in Postgres' scanner). Letters
// after a number continue it as one token (trailing junk).
func wordEnd(s string, i int) int {
	j := i
	switch {
	case s[i] >= '0' && s[i] <= '9':
		j = numberEnd(s, i)
	case s[i] == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
		j = numberEnd(s, i+1)
	}
	if j > i && j < len(s) && s[j] == '$' {
		return j
	}
	for j < len(s) && isIdentByte(s[j]) {
		j++
	}
	return j
}

// numberEnd returns the end of the digits (with `_` separators) and
// exponent of a number starting at s[i].
func numberEnd(s string, i int) int {
	j := i
	for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '_') {
		j++
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && s[k] >= '0' && s[k] <= '9' {
			for k < len(s) && s[k] >= '0' && s[k] <= '9' {
				k++
			}
			j = k
		}
	}
	return j
}

// blankMetaCommands replaces psql meta-command lines (first non-space
// character a backslash, outside any literal or comment) with spaces, keeping
// the line break, so offsets stay. The data lines after COPY … FROM stdin,
// up to the `\.` line (or the end of the file), are blanked too.
func blankMetaCommands(s string) string {
	if !backslashStartsLine(s) && !containsFold(s, "stdin") {
		return s
	}
	var b []byte
	blank := func(from, to int) {
		if b == nil {
			b = []byte(s)
		}
		for k := from; k < to; k++ {
			if b[k] != '\n' && b[k] != '\r' {
				b[k] = ' '
			}
		}
	}
	atLineStart := true
	stmtStart := 0
	for i := 0; i < len(s); {
		c := s[i]
		if identByte[c] && c != '$' && (c < '0' || c > '9') {
			// a name or keyword (most of the text): wordEnd's loop
			atLineStart = false
			for i++; i < len(s) && identByte[s[i]]; i++ {
			}
			continue
		}
		if c == ';' {
			if isCopyFromStdin(s[stmtStart:i]) {
				// The data starts on the next line.
				from := lineEnd(s, i)
				to := from
				for to < len(s) {
					e := lineEnd(s, to)
					if strings.TrimRight(s[to:e], "\r\n") == "\\." {
						to = e
						break
					}
					to = e
				}
				blank(from, to)
				i = to
				stmtStart = to
				atLineStart = true
				continue
			}
			stmtStart = i + 1
			atLineStart = false
			i++
			continue
		}
		if c == '\n' {
			atLineStart = true
			i++
			continue
		}
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' {
			i++
			continue
		}
		if atLineStart && c == '\\' {
			e := lineEnd(s, i)
			blank(i, e)
			i = e
			continue
		}
		atLineStart = false
		switch {
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			i = commentEnd(s, i) // the line break, if any, is next
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			i = blockCommentEnd(s, i)
		case c == '\'':
			escapes := i > 0 && (s[i-1] == 'e' || s[i-1] == 'E') && (i < 2 || !isIdentByte(s[i-2]))
			i = quoteEnd(s, i, '\'', escapes)
		case c == '"':
			i = quoteEnd(s, i, '"', false)
		case c == '$':
			if tag := dollarTag(s, i); tag != "" {
				if j := strings.Index(s[i+len(tag):], tag); j >= 0 {
					i += len(tag) + j + len(tag)
				} else {
					i = len(s)
				}
			} else {
				i++
			}
		case isIdentByte(c):
			i = wordEnd(s, i)
		default:
			i++
		}
	}
	if b == nil {
		return s
	}
	return unsafe.String(&b[0], len(b)) // b is not written again
}

// quoteEnd returns the offset just after the quoted literal starting at i.
func quoteEnd(s string, i int, q byte, escapes bool) int {
	i++
	for i < len(s) {
		c := s[i]
		if escapes && c == '\\' {
			i += 2
			continue
		}
		if c == q {
			if i+1 < len(s) && s[i+1] == q {
				i += 2
				continue
			}
			return i + 1
		}
		i++
	}
	return len(s)
}

// miniToken is one token of the tiny lexer: a word, a quoted literal or
// identifier, a dollar-quoted string, or one punctuation byte.
type miniToken struct {
	start, end int
	kind       byte // 'w' word or number, 'q' quoted, '$' dollar quote, else the byte itself
}

// nextToken returns the next significant token at or after i, skipping
// whitespace and comments; ok is false at the end of s.
func nextToken(s string, i int) (t miniToken, ok bool) {
	i = skipSpaceComments(s, i)
	if i >= len(s) {
		return t, false
	}
	c := s[i]
	switch {
	case c == '\'':
		escapes := i > 0 && (s[i-1] == 'e' || s[i-1] == 'E') && (i < 2 || !isIdentByte(s[i-2]))
		return miniToken{i, quoteEnd(s, i, '\'', escapes), 'q'}, true
	case c == '"':
		return miniToken{i, quoteEnd(s, i, '"', false), 'q'}, true
	case c == '$':
		if tag := dollarTag(s, i); tag != "" {
			if j := strings.Index(s[i+len(tag):], tag); j >= 0 {
				return miniToken{i, i + len(tag) + j + len(tag), '$'}, true
			}
			return miniToken{i, len(s), '$'}, true
		}
	}
	if isIdentByte(c) {
		j := wordEnd(s, i)
		// An E'…' / B'…' / X'…' / U&'…' prefix belongs to the literal.
		if j < len(s) && s[j] == '\'' {
			t, _ := nextToken(s, j)
			return miniToken{i, t.end, 'q'}, true
		}
		return miniToken{i, j, 'w'}, true
	}
	return miniToken{i, i + 1, c}, true
}

// sigExtent returns the first and last significant byte range of s[from:to]:
// leading and trailing whitespace, comments and semicolons are left out.
// start is -1 when there is nothing significant.
func sigExtent(s string, from, to int) (start, end int) {
	start, end = -1, -1
	for i := from; ; {
		t, ok := nextToken(s[:to], i)
		if !ok {
			break
		}
		i = t.end
		if t.kind == ';' {
			continue
		}
		if start < 0 {
			start = t.start
		}
		end = t.end
	}
	return start, end
}

// containsFold reports whether s contains the lower-case ASCII word w in any
// case. It runs on every file without psql meta-commands (for COPY … FROM
// stdin): it looks for w's first letter eight bytes at a time.
func containsFold(s, w string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	first := uint64(w[0]) * ones
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// x has a zero byte where s has w[0] in either case (c|0x20 is
		// w[0] only for w[0] and its upper case); m marks them (and, past
		// the first, perhaps a byte that is not: only a closer look).
		v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		x := (v | 0x20*ones) ^ first
		for m := (x - ones) &^ x & highs; m != 0; m &= m - 1 {
			if foldAt(s, i+bits.TrailingZeros64(m)>>3, w) {
				return true
			}
		}
	}
	for ; i < len(s); i++ {
		if foldAt(s, i, w) {
			return true
		}
	}
	return false
}

// foldAt reports whether s holds the lower-case ASCII word w at i, in any
// case.
func foldAt(s string, i int, w string) bool {
	if i+len(w) > len(s) {
		return false
	}
	for j := 0; j < len(w); j++ {
		if s[i+j]|0x20 != w[j] {
			return false
		}
	}
	return true
}

// isCopyFromStdin reports a COPY … FROM STDIN statement, whose data follows
// it in psql scripts and dumps.
func isCopyFromStdin(stmt string) bool {
	i := skipSpaceComments(stmt, 0)
	if len(stmt)-i < 4 || !strings.EqualFold(stmt[i:i+4], "copy") {
		return false
	}
	f := strings.Fields(strings.ToLower(stmt[i:]))
	for k := 0; k+1 < len(f); k++ {
		if f[k] == "from" && strings.HasPrefix(f[k+1], "stdin") {
			return true
		}
	}
	return false
}

// backslashStartsLine reports whether a line of s starts with a backslash
// after blanks (what a psql meta-command looks like; backslashes inside
// string literals are common and need no blanking).
func backslashStartsLine(s string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '\\')
		if j < 0 {
			return false
		}
		j += i
		k := j - 1
		for k >= 0 && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\f') {
			k--
		}
		if k < 0 || s[k] == '\n' {
			return true
		}
		i = j + 1
	}
}

// parsedExtent is sigExtent for a statement the parser accepted (from its
// raw statement's location and length), without lexing the whole statement
// when it can: its literals and comments end inside it, so when the last
// line of what is left after trailing blanks holds no comment (no `--`, no
// `*/`) and does not end in a semicolon, the last significant token ends
// where the blanks start. Anything else goes to sigExtent.
func parsedExtent(s string, from, to int) (start, end int) {
	s = s[:to]
	i := skipSpaceComments(s, from)
	for i < len(s) && s[i] == ';' {
		i = skipSpaceComments(s, i+1)
	}
	if i >= len(s) {
		return -1, -1
	}
	e := len(s)
	for e > i && isSpaceByte(s[e-1]) {
		e--
	}
	if s[e-1] == ';' {
		return sigExtent(s, i, to)
	}
	line := s[i:e]
	if k := strings.LastIndexByte(line, '\n'); k >= 0 {
		line = line[k+1:]
	}
	if strings.Contains(line, "--") || strings.Contains(line, "*/") {
		return sigExtent(s, i, to)
	}
	return i, e
}

// isSpaceByte is the white space skipSpaceComments skips.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
