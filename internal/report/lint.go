package report

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rbcheck/rbcheck/rules"
)

// WriteText prints one finding per line, `path:line:col: message (rule)`,
// then an indented help line, then a summary line.
func WriteText(w io.Writer, l *Lint) error { return WriteTextStyle(w, l, Style{}) }

// WriteTextStyle is WriteText with colours when st says so: positions in
// bold, each rule name in its severity's colour. Control characters in
// paths and messages are escaped (Escape) either way.
func WriteTextStyle(w io.Writer, l *Lint, st Style) error { return writeLint(w, "text", l, st) }

// writeLint prints l through a LintWriter, all at once.
func writeLint(w io.Writer, format string, l *Lint, st Style) error {
	lw, err := NewLintWriter(w, format, st, l.Files, l.Order, l.Root)
	if err != nil {
		return err
	}
	if err := lw.Add("", l.Findings, l.Errors); err != nil {
		return err
	}
	return lw.Close()
}

func position(file string, line, col int) string {
	return string(appendPosition(nil, file, line, col))
}

// appendPosition appends `file`, `file:line` or `file:line:col`.
func appendPosition(b []byte, file string, line, col int) []byte {
	b = append(b, file...)
	if file == "" || line <= 0 {
		return b
	}
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(line), 10)
	if col <= 0 {
		return b
	}
	b = append(b, ':')
	return strconv.AppendInt(b, int64(col), 10)
}

// oneLine keeps a message on one output line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}

// JSONFinding is one finding in the JSON output. The keys are stable.
type JSONFinding struct {
	Rule     string       `json:"rule"`
	Severity string       `json:"severity"`
	Effect   string       `json:"effect"`
	File     string       `json:"file"`
	Line     int          `json:"line"`
	Column   int          `json:"column"`
	Message  string       `json:"message"`
	Help     string       `json:"help"`
	Object   rules.Object `json:"object"`
	DocURL   string       `json:"doc_url"`
}

// JSONError is one syntax or file error in the JSON output.
type JSONError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// JSONSummary counts what the output holds; errors are counted as findings
// of severity error, as in the text summary.
type JSONSummary struct {
	Migrations int `json:"migrations"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Infos      int `json:"infos"`
}

// JSONLint is the whole JSON document. Syntax errors are listed under
// "errors" only, not under "findings".
type JSONLint struct {
	RbcheckVersion string        `json:"rbcheck_version"`
	Findings       []JSONFinding `json:"findings"`
	Errors         []JSONError   `json:"errors"`
	Summary        JSONSummary   `json:"summary"`
}

// JSON returns the JSON document for l.
func (l *Lint) JSON() *JSONLint {
	items := l.items()
	nerr := 0
	for i := range items {
		if items[i].isError {
			nerr++
		}
	}
	out := &JSONLint{RbcheckVersion: Version, Findings: make([]JSONFinding, 0, len(items)-nerr), Errors: make([]JSONError, 0, nerr)}
	for _, it := range items {
		if it.isError {
			out.Errors = append(out.Errors, JSONError{File: it.file, Line: it.line, Column: it.col, Message: it.message})
			continue
		}
		out.Findings = append(out.Findings, JSONFinding{
			Rule: it.rule, Severity: string(it.severity), Effect: string(it.effect),
			File: it.file, Line: it.line, Column: it.col, Message: it.message, Help: it.help,
			Object: *it.object, DocURL: RuleURL(it.rule),
		})
	}
	out.Summary = l.jsonSummary()
	return out
}

func (l *Lint) jsonSummary() JSONSummary {
	e, w, i := l.Counts()
	return JSONSummary{Migrations: l.Files, Errors: e, Warnings: w, Infos: i}
}

// WriteJSON prints l as one JSON document with one finding or error per
// line (indenting every key costs more than linting on large corpora). Each
// line holds exactly what encoding/json prints for a JSONFinding, JSONError
// or JSONSummary with HTML escaping off; appendJSONFinding and its siblings
// write it by hand because reflection dominated the time on large outputs.
func WriteJSON(w io.Writer, l *Lint) error { return writeLint(w, "json", l, Style{}) }

// appendJSONFinding appends the encoding/json form of a JSONFinding with
// these fields (DocURL is RuleURL(rule)); obj may be nil for a zero Object.
func appendJSONFinding(b []byte, rule, severity, effect, file string, line, col int, message, help string, obj *rules.Object) []byte {
	b = append(b, `{"rule":`...)
	b = appendJSONString(b, rule)
	b = append(b, `,"severity":`...)
	b = appendJSONString(b, severity)
	b = append(b, `,"effect":`...)
	b = appendJSONString(b, effect)
	b = append(b, `,"file":`...)
	b = appendJSONString(b, file)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(line), 10)
	b = append(b, `,"column":`...)
	b = strconv.AppendInt(b, int64(col), 10)
	b = append(b, `,"message":`...)
	b = appendJSONString(b, message)
	b = append(b, `,"help":`...)
	b = appendJSONString(b, help)
	b = append(b, `,"object":`...)
	if obj == nil {
		obj = &rules.Object{}
	}
	b = appendJSONObject(b, obj)
	b = append(b, `,"doc_url":"`...)
	// RuleURL(rule) escaped in three parts: DocsBaseURL and ".md" are
	// plain ASCII, so escaping the parts equals escaping the whole
	b = appendJSONStringBody(b, DocsBaseURL)
	b = appendJSONStringBody(b, rule)
	b = append(b, `.md"}`...)
	return b
}

// appendJSONObject appends the encoding/json form of a rules.Object
// (every key but "type" is omitted when empty).
func appendJSONObject(b []byte, o *rules.Object) []byte {
	b = append(b, `{"type":`...)
	b = appendJSONString(b, string(o.Type))
	for _, kv := range [...]struct{ key, val string }{
		{`,"schema":`, o.Schema},
		{`,"table":`, o.Table},
		{`,"column":`, o.Column},
		{`,"index":`, o.Index},
		{`,"constraint":`, o.Constraint},
		{`,"name":`, o.Name},
		{`,"value":`, o.Value},
		{`,"new_name":`, o.NewName},
	} {
		if kv.val != "" {
			b = append(b, kv.key...)
			b = appendJSONString(b, kv.val)
		}
	}
	if len(o.Columns) > 0 {
		b = append(b, `,"columns":[`...)
		for i, c := range o.Columns {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, c)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// appendJSONError appends the encoding/json form of e.
func appendJSONError(b []byte, e *JSONError) []byte {
	b = append(b, `{"file":`...)
	b = appendJSONString(b, e.File)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(e.Line), 10)
	b = append(b, `,"column":`...)
	b = strconv.AppendInt(b, int64(e.Column), 10)
	b = append(b, `,"message":`...)
	b = appendJSONString(b, e.Message)
	return append(b, '}')
}

// appendJSONSummary appends the encoding/json form of s.
func appendJSONSummary(b []byte, s *JSONSummary) []byte {
	b = append(b, `{"migrations":`...)
	b = strconv.AppendInt(b, int64(s.Migrations), 10)
	b = append(b, `,"errors":`...)
	b = strconv.AppendInt(b, int64(s.Errors), 10)
	b = append(b, `,"warnings":`...)
	b = strconv.AppendInt(b, int64(s.Warnings), 10)
	b = append(b, `,"infos":`...)
	b = strconv.AppendInt(b, int64(s.Infos), 10)
	return append(b, '}')
}

// appendJSONString appends s as a JSON string the way encoding/json does
// with SetEscapeHTML(false).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONStringBody(b, s)
	return append(b, '"')
}

const jsonHex = "0123456789abcdef"

// load64 reads the first eight bytes of s, little-endian (one load).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// notPlain8 is 0 when all eight bytes of x are jsonPlain: none is below
// 0x20, '"', '\\' or above 0x7f (the usual has-zero-byte bit tricks).
func notPlain8(x uint64) uint64 {
	return (x-ones8*0x20)&^x&highs8 | zeroByte8(x^(ones8*'"')) | zeroByte8(x^(ones8*'\\')) | x&highs8
}

const ones8, highs8 = 0x0101010101010101, 0x8080808080808080

// zeroByte8 is not 0 when a byte of v is 0.
func zeroByte8(v uint64) uint64 { return (v - ones8) & ^v & highs8 }

// jsonPlain marks the bytes appendJSONStringBody copies as they are: ASCII
// from space up, except `"` and `\`.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendJSONStringBody appends s escaped as encoding/json escapes string
// contents without HTML escaping: `"` and `\` and control characters are
// escaped (\b \f \n \r \t short, others as \u00XX), invalid UTF-8 bytes
// become \ufffd, U+2028 and U+2029 become \u2028 and \u2029, and
// everything else, <>& included, is copied.
func appendJSONStringBody(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		// skip plain bytes sixteen, then eight at a time
		for i+16 <= len(s) && notPlain8(load64(s[i:i+8]))|notPlain8(load64(s[i+8:i+16])) == 0 {
			i += 16
		}
		if i+8 <= len(s) && notPlain8(load64(s[i:i+8])) == 0 {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', jsonHex[c>>4], jsonHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', jsonHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// WriteGitHub prints GitHub Actions workflow commands, one per finding:
//
//	::error file=db/m/1.sql,line=3,col=1,title=rbcheck drop-column::message%0Ahelp: …
func WriteGitHub(w io.Writer, l *Lint) error { return writeLint(w, "github", l, Style{}) }

func githubLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "notice"
}

// WriteSARIF prints l as a SARIF 2.1.0 log that GitHub code scanning accepts.
func WriteSARIF(w io.Writer, l *Lint) error { return writeLint(w, "sarif", l, Style{}) }

// WriteMarkdown prints l as a GitHub-flavoured markdown table, for a job
// summary or a pull-request comment: a heading with the counts, then one
// row per finding or syntax error with its position, message, fix and rule.
func WriteMarkdown(w io.Writer, l *Lint) error { return writeLint(w, "markdown", l, Style{}) }
