// Package report prints rbcheck's results: lint findings as text, JSON,
// SARIF 2.1.0 and GitHub workflow commands (lint*.go), and the release
// verdict (verdict*.go). The SARIF builder (sarif.go), the GitHub escaping
// (github.go) and the path helpers below are shared by both.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rbcheck/rbcheck/internal/migrations"
	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// Tool metadata used in SARIF and links.
const (
	ToolName = "rbcheck"
	ToolURI  = "https://github.com/rbcheck/rbcheck"
	// DocsBaseURL is where rule documentation lives: DocsBaseURL + "<rule>.md".
	DocsBaseURL = "https://github.com/rbcheck/rbcheck/blob/main/docs/rules/"
)

// Version is the tool version printed in SARIF; set by the CLI.
var Version = "dev"

// RuleURL returns the documentation link of a rule.
func RuleURL(rule string) string { return DocsBaseURL + rule + ".md" }

// Formats are the accepted --format values for lint.
var Formats = []string{"text", "json", "markdown", "sarif", "github"}

// RelPath returns p relative to root with forward slashes, for output.
// Relative paths are only cleaned; absolute paths outside root are
// returned as relative as filepath.Rel can make them, never absolute when
// root is on the same volume.
func RelPath(root, p string) string {
	if p == "" {
		return p
	}
	if filepath.IsAbs(p) && root != "" {
		if absRoot, err := filepath.Abs(root); err == nil {
			if r, err := filepath.Rel(absRoot, p); err == nil {
				p = r
			}
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// SyntaxErrorRule is the pseudo-rule under which syntax and encoding errors
// are reported; they are always errors.
const SyntaxErrorRule = rules.SyntaxErrorName

// syntaxRule documents SyntaxErrorRule for SARIF and `rbcheck explain`.
var syntaxRule = rules.Doc(SyntaxErrorRule)

// RuleDoc returns the markdown documentation of a rule or of a finding that
// is not a rule (rules.Markdown).
func RuleDoc(r *rules.Rule) string { return rules.Markdown(r) }

// SyntaxErrorRuleDoc returns the documentation of the syntax-error pseudo-rule.
func SyntaxErrorRuleDoc() *rules.Rule { return syntaxRule }

const syntaxHelp = "fix the statement so Postgres can parse it; rbcheck did not check it"

const unreadableHelp = "make it a regular, readable file inside the repository (a link may only point inside it), or exclude it; rbcheck did not check it"

// Unreadable reports whether an error message is a file or folder that
// could not be read (internal/migrations says "cannot read …"), rather than
// SQL that does not parse.
func Unreadable(msg string) bool { return strings.HasPrefix(msg, "cannot read") }

// Lint is a lint run's outcome, as the formatters print it.
type Lint struct {
	Findings []rules.Finding
	Errors   []*sqlast.ParseError // syntax and file errors
	// Files is the number of migration files checked.
	Files int
	// Order lists file paths in apply order; findings are sorted by it,
	// then by position. Files not in it sort after, by name.
	Order []string
	// Root makes absolute paths relative ("" leaves paths as they are).
	Root string
}

// item is a finding or an error, unified for printing.
type item struct {
	rule     string
	severity rules.Severity
	effect   rules.Effect
	file     string
	line     int
	col      int
	message  string
	help     string
	object   *rules.Object
	isError  bool
	rank     int // place of file in Order (1-based), len(Order)+1 when absent
}

// items merges findings and errors, sorted by file order then position.
func (l *Lint) items() []item {
	// Paths repeat (one file has many findings): make each relative once.
	rel := map[string]string{}
	relPath := func(p string) string {
		r, ok := rel[p]
		if !ok {
			r = RelPath(l.Root, p)
			rel[p] = r
		}
		return r
	}
	order := make(map[string]int, len(l.Order))
	for i, p := range l.Order {
		order[relPath(p)] = i + 1
	}
	rank := func(f string) int {
		if r, ok := order[f]; ok {
			return r
		}
		return len(order) + 1
	}
	findings := make([]item, 0, len(l.Findings))
	for i := range l.Findings {
		f := &l.Findings[i]
		file := relPath(f.Pos.File)
		findings = append(findings, item{
			rule: f.Rule, severity: f.Severity, effect: f.Effect,
			file: file, line: f.Pos.Line, col: f.Pos.Col,
			message: f.Message, help: f.Help, object: &f.Object, rank: rank(file),
		})
	}
	var errs []item
	for _, e := range l.Errors {
		if e == nil {
			continue
		}
		file := relPath(e.Pos.File)
		help := syntaxHelp
		if Unreadable(e.Msg) {
			help = unreadableHelp
		} else if strings.HasPrefix(e.Msg, migrations.TemplateNotRendered) {
			help = migrations.TemplateHelp
		}
		errs = append(errs, item{
			rule: SyntaxErrorRule, severity: rules.Error, effect: rules.NoEffect,
			file: file, line: e.Pos.Line, col: e.Pos.Col,
			message: e.Msg, help: help, isError: true, rank: rank(file),
		})
	}
	// The same order as a stable sort of findings followed by errors:
	// sort each part stably (the engine's findings usually are sorted
	// already), then merge them, findings first on ties.
	sortItems(findings)
	sortItems(errs)
	if len(errs) == 0 {
		return findings
	}
	out := make([]item, 0, len(findings)+len(errs))
	i, j := 0, 0
	for i < len(findings) && j < len(errs) {
		if itemLess(&errs[j], &findings[i]) {
			out = append(out, errs[j])
			j++
		} else {
			out = append(out, findings[i])
			i++
		}
	}
	out = append(out, findings[i:]...)
	return append(out, errs[j:]...)
}

func itemLess(a, b *item) bool {
	if a.file != b.file {
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.file < b.file
	}
	if a.line != b.line {
		return a.line < b.line
	}
	if a.col != b.col {
		return a.col < b.col
	}
	return a.rule < b.rule
}

// sortItems sorts items stably by itemLess, without moving anything when
// they are in order already.
func sortItems(items []item) {
	for k := 1; k < len(items); k++ {
		if itemLess(&items[k], &items[k-1]) {
			sort.SliceStable(items, func(i, j int) bool { return itemLess(&items[i], &items[j]) })
			return
		}
	}
}

// Counts returns how many findings (errors included) there are per severity.
func (l *Lint) Counts() (errs, warnings, infos int) {
	for _, f := range l.Findings {
		switch f.Severity {
		case rules.Error:
			errs++
		case rules.Warning:
			warnings++
		default:
			infos++
		}
	}
	for _, e := range l.Errors {
		if e != nil {
			errs++
		}
	}
	return
}

// Fails reports whether any finding or error is at or above failOn.
func (l *Lint) Fails(failOn rules.Severity) bool {
	for _, e := range l.Errors {
		if e != nil {
			return true
		}
	}
	for _, f := range l.Findings {
		if f.Severity.Rank() >= failOn.Rank() {
			return true
		}
	}
	return false
}

// Write prints l in the given format (one of Formats).
func Write(w io.Writer, format string, l *Lint) error { return WriteStyle(w, format, l, Style{}) }

// WriteStyle is Write with the text format decorated by st.
func WriteStyle(w io.Writer, format string, l *Lint, st Style) error {
	return writeLint(w, format, l, st)
}

func joinFormats() string { return strings.Join(Formats, ", ") }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Summary is the final line of the text output, e.g.
// "3 findings (2 errors, 1 warning) in 12 migrations".
func (l *Lint) Summary() string { return l.summaryStyle(Style{}) }

func (l *Lint) summaryStyle(st Style) string {
	e, w, i := l.Counts()
	return summaryLine(e, w, i, l.Files, st)
}

// summaryLine is the summary of a run over files migrations with these
// counts.
func summaryLine(e, w, i, files int, st Style) string {
	total := e + w + i
	where := "in " + plural(files, "migration", "migrations")
	if total == 0 {
		return st.Good("no findings") + " " + where
	}
	var parts []string
	if e > 0 {
		parts = append(parts, st.Severity("error", plural(e, "error", "errors")))
	}
	if w > 0 {
		parts = append(parts, st.Severity("warning", plural(w, "warning", "warnings")))
	}
	if i > 0 {
		parts = append(parts, st.Severity("info", plural(i, "info", "infos")))
	}
	return fmt.Sprintf("%s (%s) %s", plural(total, "finding", "findings"), strings.Join(parts, ", "), where)
}
