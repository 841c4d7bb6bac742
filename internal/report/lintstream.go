package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/rbcheck/rbcheck/internal/sqlast"
	"github.com/rbcheck/rbcheck/rules"
)

// LintWriter prints a lint report while the files are being linted, so
// that memory follows the files in hand, not every finding of the run:
// each finding and error is printed as soon as nothing that sorts before
// it can come any more, and only what the formats need at the end is kept
// (the counts; JSON's errors, which follow its findings, SARIF's results,
// which follow the rules they use, and markdown's rows, which follow the
// counts, go to a spool file). The output is the same as Write's for the
// same findings and errors.
//
// Add a file's findings and errors after linting it, in the files'
// order (Order), then Close.
type LintWriter struct {
	w      *bufio.Writer
	format string
	st     Style
	files  int
	root   string

	order map[string]int // rank (1-based place in Order) of each relative path
	none  int            // the rank of a path not in Order
	// hold: Order names a path twice, so a later file's items may sort
	// among an earlier one's: everything is held until Close.
	hold bool

	heldF, heldE []item // not printed yet: they may sort after a later file's
	buf          []byte

	errs, warnings, infos int
	findings              int  // findings added
	maxRank               int  // highest severity rank of a finding
	hasErr                bool // an error (syntax, file) was added
	unreadable            *sqlast.ParseError

	// format state
	jsonFindings int    // findings printed so far (json)
	spool        *spool // json errors, sarif results, markdown rows
	sarif        *SARIF
	items        int // items printed so far
	err          error
}

// NewLintWriter returns a writer of format (one of Formats) to w for a
// run over files migration files, in order (the files' paths in apply
// order, as Lint.Order); root makes absolute paths relative, as Lint.Root.
func NewLintWriter(w io.Writer, format string, st Style, files int, order []string, root string) (*LintWriter, error) {
	switch format {
	case "":
		format = "text"
	case "text", "markdown", "json", "sarif", "github":
	default:
		return nil, fmt.Errorf("unknown format %q (known: %s)", format, joinFormats())
	}
	lw := &LintWriter{w: bufio.NewWriterSize(w, 64<<10), format: format, st: st, files: files, root: root,
		order: make(map[string]int, len(order))}
	for i, p := range order {
		r := RelPath(root, p)
		if _, dup := lw.order[r]; dup {
			lw.hold = true // and the last place counts, as in Lint.items
		}
		lw.order[r] = i + 1
	}
	lw.none = len(lw.order) + 1 // as in Lint.items, even with duplicates
	switch format {
	case "json":
		lw.spool = &spool{}
		lw.buf = append(lw.buf[:0], "{\n  \"rbcheck_version\": "...)
		lw.buf = appendJSONString(lw.buf, Version)
		lw.buf = append(lw.buf, ",\n"...)
		lw.write(lw.buf)
	case "sarif":
		lw.spool = &spool{}
		lw.sarif = NewSARIF()
	case "markdown":
		lw.spool = &spool{}
	}
	return lw, nil
}

func (lw *LintWriter) rank(file string) int {
	if r, ok := lw.order[file]; ok {
		return r
	}
	return lw.none
}

// Add takes the findings and errors of the file at path (a path of the
// order given to NewLintWriter; "" for what belongs to no file, such as
// bad options) and prints what can be printed. Findings and errors may
// name other files (a separate down file): they are printed in their
// place. It keeps no reference to the slices, only to their elements
// while they wait to be printed.
func (lw *LintWriter) Add(path string, findings []rules.Finding, errs []*sqlast.ParseError) error {
	rel := map[string]string{}
	relPath := func(p string) string {
		r, ok := rel[p]
		if !ok {
			r = RelPath(lw.root, p)
			rel[p] = r
		}
		return r
	}
	for i := range findings {
		f := &findings[i]
		file := relPath(f.Pos.File)
		switch f.Severity {
		case rules.Error:
			lw.errs++
		case rules.Warning:
			lw.warnings++
		default:
			lw.infos++
		}
		lw.findings++
		lw.maxRank = max(lw.maxRank, f.Severity.Rank())
		lw.heldF = append(lw.heldF, item{
			rule: f.Rule, severity: f.Severity, effect: f.Effect,
			file: file, line: f.Pos.Line, col: f.Pos.Col,
			message: f.Message, help: f.Help, object: &f.Object, rank: lw.rank(file),
		})
	}
	for _, e := range errs {
		if e == nil {
			continue
		}
		lw.errs++
		lw.hasErr = true
		file := relPath(e.Pos.File)
		help := syntaxHelp
		if Unreadable(e.Msg) {
			help = unreadableHelp
		}
		lw.heldE = append(lw.heldE, item{
			rule: SyntaxErrorRule, severity: rules.Error, effect: rules.NoEffect,
			file: file, line: e.Pos.Line, col: e.Pos.Col,
			message: e.Msg, help: help, isError: true, rank: lw.rank(file),
		})
		if Unreadable(e.Msg) && (lw.unreadable == nil || errLess(lw, e, lw.unreadable)) {
			lw.unreadable = e
		}
	}
	if path == "" || lw.hold {
		return lw.err
	}
	// What sorts up to this file is final: files come in order.
	lw.flush(lw.rank(RelPath(lw.root, path)))
	return lw.err
}

// errLess orders unreadable-file errors as the report does.
func errLess(lw *LintWriter, a, b *sqlast.ParseError) bool {
	ia := item{file: RelPath(lw.root, a.Pos.File), line: a.Pos.Line, col: a.Pos.Col}
	ib := item{file: RelPath(lw.root, b.Pos.File), line: b.Pos.Line, col: b.Pos.Col}
	ia.rank, ib.rank = lw.rank(ia.file), lw.rank(ib.file)
	return itemLess(&ia, &ib)
}

// flush prints the held items of rank up to upTo, in order: findings and
// errors each sorted stably, merged with findings first on ties (as
// Lint.items does).
func (lw *LintWriter) flush(upTo int) {
	take := func(held []item) (out, keep []item) {
		n := 0
		for i := range held {
			if held[i].rank <= upTo {
				n++
			}
		}
		if n == len(held) {
			return held, nil
		}
		out = make([]item, 0, n)
		for _, it := range held {
			if it.rank <= upTo {
				out = append(out, it)
			} else {
				keep = append(keep, it)
			}
		}
		return out, keep
	}
	var fs, es []item
	fs, lw.heldF = take(lw.heldF)
	es, lw.heldE = take(lw.heldE)
	sortItems(fs)
	sortItems(es)
	i, j := 0, 0
	for i < len(fs) || j < len(es) {
		if j < len(es) && (i == len(fs) || itemLess(&es[j], &fs[i])) {
			lw.print(&es[j])
			j++
		} else {
			lw.print(&fs[i])
			i++
		}
	}
	// let the printed items' strings go even when the slices are reused
	clear(fs)
	clear(es)
	if lw.heldF == nil && cap(fs) <= 1024 {
		lw.heldF = fs[:0]
	}
	if lw.heldE == nil && cap(es) <= 1024 {
		lw.heldE = es[:0]
	}
}

func (lw *LintWriter) write(b []byte) {
	if lw.err != nil {
		return
	}
	_, lw.err = lw.w.Write(b)
}

// print prints one item in the writer's format.
func (lw *LintWriter) print(it *item) {
	lw.items++
	b := lw.buf[:0]
	switch lw.format {
	case "text":
		b = appendTextItem(b, it, lw.st)
		lw.write(b)
	case "github":
		b = append(b, githubItem(it)...)
		b = append(b, '\n')
		lw.write(b)
	case "json":
		if it.isError {
			if lw.spool.n > 0 {
				b = append(b, ",\n"...)
			}
			b = append(b, "    "...)
			b = appendJSONError(b, &JSONError{File: it.file, Line: it.line, Column: it.col, Message: it.message})
			lw.spoolWrite(b)
			break
		}
		if lw.jsonFindings == 0 {
			b = append(b, "  \"findings\": [\n    "...)
		} else {
			b = append(b, ",\n    "...)
		}
		lw.jsonFindings++
		b = appendJSONFinding(b, it.rule, string(it.severity), string(it.effect), it.file, it.line, it.col, it.message, it.help, it.object)
		lw.write(b)
	case "sarif":
		if lw.spool.n > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        "...)
		var err error
		if b, err = appendSARIFResult(b, lw.sarif, it); err != nil && lw.err == nil {
			lw.err = err
		}
		lw.spoolWrite(b)
	case "markdown":
		b = appendMarkdownRow(b, it)
		lw.spoolWrite(b)
	}
	lw.buf = b
}

func (lw *LintWriter) spoolWrite(b []byte) {
	if _, err := lw.spool.Write(b); err != nil && lw.err == nil {
		lw.err = err
	}
}

// Close prints what was held and the end of the report (summary, counts,
// JSON's errors, SARIF's results).
func (lw *LintWriter) Close() error {
	lw.flush(int(^uint(0) >> 1))
	if lw.spool != nil {
		defer lw.spool.close()
	}
	if lw.err != nil {
		return lw.err
	}
	b := lw.buf[:0]
	switch lw.format {
	case "text":
		b = append(b, summaryLine(lw.errs, lw.warnings, lw.infos, lw.files, lw.st)...)
		b = append(b, '\n')
		lw.write(b)
	case "json":
		if lw.jsonFindings == 0 {
			b = append(b, "  \"findings\": [],\n"...)
		} else {
			b = append(b, "\n  ],\n"...)
		}
		if lw.spool.n == 0 {
			b = append(b, "  \"errors\": [],\n"...)
			lw.write(b)
		} else {
			b = append(b, "  \"errors\": [\n"...)
			lw.write(b)
			lw.copySpool()
			b = append(b[:0], "\n  ],\n"...)
			lw.write(b)
		}
		b = append(b[:0], `  "summary": `...)
		s := JSONSummary{Migrations: lw.files, Errors: lw.errs, Warnings: lw.warnings, Infos: lw.infos}
		b = appendJSONSummary(b, &s)
		b = append(b, "\n}\n"...)
		lw.write(b)
	case "sarif":
		// The log without results, the spooled results spliced into its
		// empty results list: "results": [] is the first such key, as no
		// JSON string holds an unescaped quote.
		var doc bytes.Buffer
		if err := lw.sarif.Write(&doc); err != nil {
			return err
		}
		key := []byte(`"results": [`)
		at := bytes.Index(doc.Bytes(), key)
		if at < 0 {
			return fmt.Errorf("internal error: no results list in the SARIF log")
		}
		at += len(key)
		lw.write(doc.Bytes()[:at])
		if lw.spool.n > 0 {
			lw.copySpool()
			lw.write([]byte("\n      "))
		}
		lw.write(doc.Bytes()[at:])
	case "markdown":
		icon := "✅"
		switch {
		case lw.errs > 0:
			icon = "⛔"
		case lw.warnings > 0:
			icon = "⚠️"
		}
		fmt.Fprintf(lw.w, "### %s rbcheck lint\n\n%s\n", icon, mdText(summaryLine(lw.errs, lw.warnings, lw.infos, lw.files, Style{})))
		if lw.items > 0 {
			fmt.Fprintln(lw.w, "\n| severity | where | finding | rule |\n|---|---|---|---|")
			lw.copySpool()
		}
	}
	if lw.err != nil {
		return lw.err
	}
	return lw.w.Flush()
}

func (lw *LintWriter) copySpool() {
	if lw.err != nil {
		return
	}
	lw.err = lw.spool.copyTo(lw.w)
}

// Counts returns how many findings (errors included) were added, per
// severity.
func (lw *LintWriter) Counts() (errs, warnings, infos int) { return lw.errs, lw.warnings, lw.infos }

// Fails reports whether any finding or error added is at or above failOn
// (an error always is).
func (lw *LintWriter) Fails(failOn rules.Severity) bool {
	return lw.hasErr || lw.findings > 0 && lw.maxRank >= failOn.Rank()
}

// Unreadable returns the first error (in report order) saying a file
// could not be read, nil when there was none.
func (lw *LintWriter) Unreadable() *sqlast.ParseError { return lw.unreadable }

// spool holds bytes to print later: in memory up to spoolMem, then in a
// temporary file (unlinked as soon as it is made, or else when closed;
// in memory again if none can be made).
type spool struct {
	mem []byte
	f   *os.File
	n   int64 // bytes written
	w   *bufio.Writer
}

// spoolMem is how much a spool holds in memory (a variable for the tests).
var spoolMem = 256 << 10

func (s *spool) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	if s.w == nil && len(s.mem)+len(p) > spoolMem {
		if f, err := os.CreateTemp("", "rbcheck-report-*"); err == nil {
			// unlinked at once where the system allows it, so a process
			// killed before close leaves nothing behind (close removes it
			// where it could not be)
			_ = os.Remove(f.Name())
			s.f = f
			s.w = bufio.NewWriterSize(f, 64<<10)
		}
	}
	if s.w != nil {
		return s.w.Write(p)
	}
	s.mem = append(s.mem, p...)
	return len(p), nil
}

// copyTo writes what the spool holds to w.
func (s *spool) copyTo(w io.Writer) error {
	if _, err := w.Write(s.mem); err != nil {
		return err
	}
	if s.f == nil {
		return nil
	}
	if err := s.w.Flush(); err != nil {
		return fmt.Errorf("report spool: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("report spool: %w", err)
	}
	_, err := io.Copy(w, s.f)
	return err
}

func (s *spool) close() {
	if s.f != nil {
		name := s.f.Name()
		_ = s.f.Close()
		_ = os.Remove(name)
		s.f = nil
	}
	s.mem = nil
}

// appendTextItem appends an item's text lines.
func appendTextItem(buf []byte, it *item, st Style) []byte {
	if it.file != "" {
		if st.Color {
			buf = append(buf, sgrBold...)
		}
		buf = appendPosition(buf, Escape(it.file), it.line, it.col)
		if st.Color {
			buf = append(buf, sgrReset...)
		}
		buf = append(buf, ':', ' ')
	}
	buf = append(buf, Escape(oneLine(it.message))...)
	if !it.isError {
		buf = append(buf, " ("...)
		buf = append(buf, st.Severity(string(it.severity), it.rule)...)
		buf = append(buf, ')')
	}
	buf = append(buf, '\n')
	if it.help != "" {
		buf = append(buf, "  help: "...)
		buf = append(buf, Escape(oneLine(it.help))...)
		buf = append(buf, '\n')
	}
	return buf
}

// githubItem is an item's workflow command.
func githubItem(it *item) string {
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
	return GitHubCommand(githubLevel(it.severity), props, msg)
}

// sarifRule is the rule an item is a result of.
func sarifRule(it *item) *rules.Rule {
	if it.isError {
		return syntaxRule
	}
	if r := rules.Get(it.rule); r != nil {
		return r
	}
	return &rules.Rule{Name: it.rule, Title: it.rule, Severity: it.severity, Effect: it.effect}
}

// appendSARIFResult appends an item's SARIF result as the log's encoder
// prints it inside the results list (indented four levels), adding its
// rule to s's driver when new.
func appendSARIFResult(b []byte, s *SARIF, it *item) ([]byte, error) {
	msg := it.message
	if it.help != "" {
		msg += "\nhelp: " + it.help
	}
	res := s.newResult(sarifRule(it), SARIFLevel(it.severity), msg, it.file, it.line, it.col)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("        ", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&res); err != nil {
		return b, err
	}
	return append(b, bytes.TrimSuffix(out.Bytes(), []byte("\n"))...), nil
}

// appendMarkdownRow appends an item's markdown table row.
func appendMarkdownRow(b []byte, it *item) []byte {
	msg := mdText(oneLine(it.message))
	if it.help != "" {
		msg += "<br>help: " + mdText(oneLine(it.help))
	}
	rule := fmt.Sprintf("[%s](%s)", it.rule, RuleURL(it.rule))
	return fmt.Appendf(b, "| %s | %s | %s | %s |\n", it.severity, mdCode(position(it.file, it.line, it.col)), msg, rule)
}
