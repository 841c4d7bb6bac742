package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Style is how the text formats decorate their output. The zero Style is
// plain text, what a pipe or a file gets.
type Style struct {
	// Color adds ANSI colours: the verdict line, severities and rule
	// names, file:line positions.
	Color bool
}

// SGR codes. Each colour code is five bytes long, so that table cells
// coloured differently keep the same width for text/tabwriter.
const (
	sgrReset  = "\x1b[0m"
	sgrBold   = "\x1b[01m"
	sgrRed    = "\x1b[31m"
	sgrGreen  = "\x1b[32m"
	sgrYellow = "\x1b[33m"
	sgrCyan   = "\x1b[36m"
	sgrBRed   = "\x1b[1;31m"
	sgrBGreen = "\x1b[1;32m"
	sgrBYell  = "\x1b[1;33m"
)

func (s Style) paint(code, text string) string {
	if !s.Color || text == "" {
		return text
	}
	return code + text + sgrReset
}

// Pos paints a file:line:col position.
func (s Style) Pos(p string) string { return s.paint(sgrBold, p) }

// Severity paints text in the colour of severity sev (error, warning, info).
func (s Style) Severity(sev, text string) string {
	switch sev {
	case "error":
		return s.paint(sgrRed, text)
	case "warning":
		return s.paint(sgrYellow, text)
	}
	return s.paint(sgrCyan, text)
}

// Good, Bad and Warn paint a verdict or a table cell: green, red, yellow.
func (s Style) Good(text string) string { return s.paint(sgrGreen, text) }
func (s Style) Bad(text string) string  { return s.paint(sgrRed, text) }
func (s Style) Warn(text string) string { return s.paint(sgrYellow, text) }

// Heading paints a table heading or a label in bold.
func (s Style) Heading(text string) string { return s.paint(sgrBold, text) }

// Escape makes s safe to print on a terminal: control characters (C0 but
// tab, DEL, C1), the Unicode bidirectional controls and invalid UTF-8 are
// written as Go escapes (\x1b, \u202e), so that a file name or an SQL
// identifier cannot move the cursor, recolour, retitle the terminal or
// reorder what is shown. Line breaks are escaped too: use EscapeLines to
// keep them.
func Escape(s string) string { return escape(s, false) }

// EscapeLines is Escape keeping \n.
func EscapeLines(s string) string { return escape(s, true) }

func escape(s string, keepNL bool) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f || c == '\t' || keepNL && c == '\n' {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !unsafeRune(r, size) {
				i += size
				continue
			}
		}
		break
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c < 0x7f || c == '\t' || keepNL && c == '\n' {
				b.WriteByte(c)
			} else {
				switch c {
				case '\n':
					b.WriteString(`\n`)
				case '\r':
					b.WriteString(`\r`)
				default:
					fmt.Fprintf(&b, `\x%02x`, c)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, c)
		case unsafeRune(r, size):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune: C1 controls, bidirectional embeddings, overrides and
// isolates, the line and paragraph separators, and invalid UTF-8.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	}
	return false
}

// EscapeWriter escapes what is written through it (EscapeLines), for text
// written by code that does not escape its fields. It escapes per Write
// call: a multi-byte character split across two writes is escaped as
// invalid UTF-8, so write whole lines.
type EscapeWriter struct{ W io.Writer }

func (e EscapeWriter) Write(p []byte) (int, error) {
	s := EscapeLines(string(p))
	if _, err := io.WriteString(e.W, s); err != nil {
		return 0, err
	}
	return len(p), nil
}
