package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rbcheck/rbcheck/rules"
)

// WriteText prints one finding per line, `path:line:col: message (rule)`,
// then an indented help line, then a summary line.
func WriteText(w io.Writer, l *Lint) error {
	bw := bufio.NewWriter(w)
	for _, it := range l.items() {
		if pos := position(it.file, it.line, it.col); pos != "" {
			fmt.Fprintf(bw, "%s: ", pos)
		}
		if it.isError {
			fmt.Fprintf(bw, "%s\n", oneLine(it.message))
		} else {
			fmt.Fprintf(bw, "%s (%s)\n", oneLine(it.message), it.rule)
		}
		if it.help != "" {
			fmt.Fprintf(bw, "  help: %s\n", oneLine(it.help))
		}
	}
	fmt.Fprintln(bw, l.Summary())
	return bw.Flush()
}

func position(file string, line, col int) string {
	switch {
	case file == "" || line <= 0:
		return file
	case col <= 0:
		return fmt.Sprintf("%s:%d", file, line)
	}
	return fmt.Sprintf("%s:%d:%d", file, line, col)
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
	Findings []JSONFinding `json:"findings"`
	Errors   []JSONError   `json:"errors"`
	Summary  JSONSummary   `json:"summary"`
}

// JSON returns the JSON document for l.
func (l *Lint) JSON() *JSONLint {
	out := &JSONLint{Findings: []JSONFinding{}, Errors: []JSONError{}}
	for _, it := range l.items() {
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
	e, w, i := l.Counts()
	out.Summary = JSONSummary{Migrations: l.Files, Errors: e, Warnings: w, Infos: i}
	return out
}

// WriteJSON prints l as one JSON document with one finding or error per
// line (indenting every key costs more than linting on large corpora).
func WriteJSON(w io.Writer, l *Lint) error {
	doc := l.JSON()
	bw := bufio.NewWriter(w)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	put := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	list := func(name string, n int, item func(int) any) error {
		if n == 0 {
			fmt.Fprintf(bw, "  %q: [],\n", name)
			return nil
		}
		fmt.Fprintf(bw, "  %q: [\n", name)
		for i := 0; i < n; i++ {
			bw.WriteString("    ")
			if err := put(item(i)); err != nil {
				return err
			}
			if i < n-1 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
		}
		bw.WriteString("  ],\n")
		return nil
	}
	bw.WriteString("{\n")
	if err := list("findings", len(doc.Findings), func(i int) any { return &doc.Findings[i] }); err != nil {
		return err
	}
	if err := list("errors", len(doc.Errors), func(i int) any { return &doc.Errors[i] }); err != nil {
		return err
	}
	bw.WriteString(`  "summary": `)
	if err := put(doc.Summary); err != nil {
		return err
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// WriteGitHub prints GitHub Actions workflow commands, one per finding:
//
//	::error file=db/m/1.sql,line=3,col=1,title=rbcheck drop-column::message%0Ahelp: …
func WriteGitHub(w io.Writer, l *Lint) error {
	bw := bufio.NewWriter(w)
	for _, it := range l.items() {
		msg := it.message
		if it.help != "" {
			msg += "\nhelp: " + it.help
		}
		var props []Prop
		if it.file != "" {
			props = append(props, Prop{"file", it.file})
		}
		if it.line > 0 && it.file != "" {
			props = append(props, Prop{"line", fmt.Sprint(it.line)})
		}
		if it.col > 0 && it.file != "" {
			props = append(props, Prop{"col", fmt.Sprint(it.col)})
		}
		props = append(props, Prop{"title", "rbcheck " + it.rule})
		fmt.Fprintln(bw, GitHubCommand(githubLevel(it.severity), props, msg))
	}
	return bw.Flush()
}

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
func WriteSARIF(w io.Writer, l *Lint) error {
	s := NewSARIF()
	for _, it := range l.items() {
		var r *rules.Rule
		if it.isError {
			r = syntaxRule
		} else if r = rules.Get(it.rule); r == nil {
			r = &rules.Rule{Name: it.rule, Title: it.rule, Severity: it.severity, Effect: it.effect}
		}
		msg := it.message
		if it.help != "" {
			msg += "\nhelp: " + it.help
		}
		s.AddResult(r, SARIFLevel(it.severity), msg, it.file, it.line, it.col)
	}
	return s.Write(w)
}
