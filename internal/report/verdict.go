package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/rbcheck/rbcheck/internal/verdict"
	"github.com/rbcheck/rbcheck/rules"
)

// VerdictFormats are the accepted --format values for the release verdict.
var VerdictFormats = []string{"text", "json", "markdown", "sarif", "github"}

// Verdict prints a release verdict in one of VerdictFormats.
func Verdict(w io.Writer, format string, r *verdict.Result) error {
	return VerdictStyle(w, format, r, Style{})
}

// VerdictStyle is Verdict with the text format decorated by st.
func VerdictStyle(w io.Writer, format string, r *verdict.Result, st Style) error {
	switch format {
	case "", "text":
		return verdictText(w, r, st)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(VerdictJSON(r))
	case "markdown":
		return verdictMarkdown(w, r)
	case "sarif":
		return verdictSARIF(w, r)
	case "github":
		return verdictGitHub(w, r)
	}
	return fmt.Errorf("unknown format %q (known: %s)", format, strings.Join(VerdictFormats, ", "))
}

// Headline is the verdict's first line.
func Headline(r *verdict.Result) string {
	switch {
	case r.Verdict == verdict.Unknown:
		return fmt.Sprintf("unknown: rbcheck cannot say whether %s can be rolled back to %s: %s not read (%s)",
			r.New.Label, r.Old.Label, plural(len(r.Unread), "item was", "items were"), readSays(r))
	case r.Verdict == verdict.RollbackSafe:
		n := plural(r.NewMigrationCount, "new migration", "new migrations")
		return fmt.Sprintf("rollback-safe: %s can be rolled back to %s (%s, nothing the old code uses is broken)", r.New.Label, r.Old.Label, n)
	case r.Acknowledged:
		return fmt.Sprintf("roll-forward-only (acknowledged): %s cannot be rolled back to %s: %s code %s still runs, and the release says so", r.New.Label, r.Old.Label, plural(r.BlockingCount, "change breaks", "changes break"), r.Old.Label)
	}
	return fmt.Sprintf("roll-forward-only: %s cannot be rolled back to %s: %s code %s still runs", r.New.Label, r.Old.Label, plural(r.BlockingCount, "change breaks", "changes break"), r.Old.Label)
}

// readSays is what the read part of an unknown release shows.
func readSays(r *verdict.Result) string {
	if r.ReadVerdict == verdict.RollForwardOnly {
		return fmt.Sprintf("what was read is already roll-forward-only: %s", plural(r.BlockingCount, "change breaks", "changes break")) + " old code"
	}
	return "what was read breaks nothing the old code uses"
}

// unreadTitle introduces the list of unread items.
func unreadTitle(r *verdict.Result) string {
	if r.Verdict == verdict.Unknown {
		return "not read (the verdict is unknown until each is fixed, or --allow-unread is given):"
	}
	if r.Verdict == verdict.RollForwardOnly && onlyLibraries(r.Unread) {
		return "not read (they may break more of the old code; the verdict stands):"
	}
	return "not read (--allow-unread: the verdict covers only what was read):"
}

// onlyLibraries reports unread items that are all old-code calls into
// libraries rbcheck does not read.
func onlyLibraries(us []verdict.Unread) bool {
	for _, u := range us {
		if u.Kind != verdict.UnreadLibrary {
			return false
		}
	}
	return len(us) > 0
}

// headlineStyle paints the verdict word of the headline: green for
// rollback-safe, yellow when acknowledged or unknown, red otherwise.
func headlineStyle(r *verdict.Result, st Style) string {
	h := Escape(Headline(r))
	word, rest, ok := strings.Cut(h, ":")
	if !ok || !st.Color {
		return h
	}
	switch {
	case r.Verdict == verdict.RollbackSafe:
		word = st.paint(sgrBGreen, word)
	case r.Verdict == verdict.Unknown, r.Verdict == verdict.RollForwardOnly && r.Acknowledged:
		word = st.paint(sgrBYell, word)
	default:
		word = st.paint(sgrBRed, word)
	}
	return word + ":" + rest
}

// sqlSnippet keeps SQL on one short line.
func sqlSnippet(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 140 {
		s = s[:137] + "..."
	}
	return s
}

// siteText is what an old-code line shows: the SQL, or how an ORM maps it.
// siteGroup is the old-code sites at one position: the statements a query
// builder kept in a package variable (the position) yields where each
// call completes and runs it. One line says them all, naming those calls.
type siteGroup struct {
	verdict.Site // the first
	n            int
	at           []string
}

// groupSites groups consecutive sites at the same position (Evidence
// lists them sorted by position).
func groupSites(ss []verdict.Site) []siteGroup {
	var out []siteGroup
	for _, s := range ss {
		if n := len(out); n > 0 && out[n-1].File == s.File && out[n-1].Line == s.Line && out[n-1].Col == s.Col {
			out[n-1].n++
			out[n-1].at = appendNew(out[n-1].at, s.At)
			continue
		}
		out = append(out, siteGroup{Site: s, n: 1, at: appendNew(nil, s.At)})
	}
	return out
}

func appendNew(to, xs []string) []string {
	for _, x := range xs {
		if !slices.Contains(to, x) {
			to = append(to, x)
		}
	}
	return to
}

// suffix says what a group's one line stands for: the calls that
// complete and run a builder kept in a package variable (" (completed
// and run at a.go:12, b.go:40)"), or how many statements share the
// position (" (3 statements here)").
func (g siteGroup) suffix() string {
	switch {
	case len(g.at) > 0:
		return " (completed and run at " + strings.Join(g.at, ", ") + ")"
	case g.n > 1:
		return " (" + plural(g.n, "statement", "statements") + " here)"
	}
	return ""
}

func siteText(s verdict.Site) string {
	if s.SQL != "" {
		return sqlSnippet(s.SQL)
	}
	if s.Kind == "model" {
		return "struct field mapped by " + s.Via
	}
	return "(" + s.Via + ")"
}

func verdictText(w io.Writer, r *verdict.Result, st Style) error {
	bw := bufio.NewWriter(w)
	pos := func(file string, line, col int) string { return st.Pos(Escape(position(file, line, col))) }
	fmt.Fprintln(bw, headlineStyle(r, st))
	if len(r.Unread) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, st.Warn(unreadTitle(r)))
		for _, u := range r.Unread {
			where := position(u.File, u.Line, u.Col)
			if where == "" {
				fmt.Fprintf(bw, "  %s (%s)\n", Escape(oneLine(u.Reason)), u.Kind)
			} else {
				fmt.Fprintf(bw, "  %s: %s (%s)\n", st.Pos(Escape(where)), Escape(oneLine(u.Reason)), u.Kind)
			}
			fmt.Fprintf(bw, "    help: %s\n", Escape(oneLine(u.Help)))
		}
	}
	downs := map[string]verdict.MigrationInfo{}
	for _, m := range r.Migrations {
		downs[m.Path] = m
	}
	var blocking, other []verdict.Item
	for _, it := range r.Findings {
		if it.Blocking {
			blocking = append(blocking, it)
		} else {
			other = append(other, it)
		}
	}
	for _, it := range blocking {
		fmt.Fprintln(bw)
		tag := ""
		if it.Acknowledged {
			tag = " " + st.Warn("[acknowledged: "+Escape(oneLine(it.AckReason))+"]")
		}
		rule := st.Severity("error", it.Rule)
		if it.Acknowledged {
			rule = st.Warn(it.Rule)
		}
		fmt.Fprintf(bw, "%s: %s (%s)%s\n", pos(it.Pos.File, it.Pos.Line, it.Pos.Col), Escape(oneLine(it.Message)), rule, tag)
		for _, g := range groupSites(it.Evidence.Confirmed) {
			fmt.Fprintf(bw, "  old code: %s: %s%s\n", pos(g.File, g.Line, g.Col), Escape(siteText(g.Site)), Escape(g.suffix()))
		}
		for _, g := range groupSites(it.Evidence.Possible) {
			fmt.Fprintf(bw, "  maybe:    %s: %s (%s)%s\n", pos(g.File, g.Line, g.Col), Escape(siteText(g.Site)), Escape(g.Confidence), Escape(g.suffix()))
		}
		if it.Evidence.Why != "" {
			fmt.Fprintf(bw, "  why: %s\n", Escape(oneLine(it.Evidence.Why)))
		}
		if len(it.Recipe) > 0 {
			fmt.Fprintln(bw, "  safe way (expand/contract):")
			for i, step := range it.Recipe {
				fmt.Fprintf(bw, "    %d. %s\n", i+1, Escape(oneLine(step)))
			}
		}
		if m, ok := downs[it.Pos.File]; ok && m.Down != "" && m.Down != "restoring" {
			fmt.Fprintf(bw, "  schema rollback: %s: %s\n", m.Down, Escape(oneLine(m.DownNote)))
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(bw, "\n"+st.Warn("warnings:"))
		for _, wn := range r.Warnings {
			fmt.Fprintf(bw, "  %s\n", Escape(oneLine(wn.Message)))
		}
	}
	if len(other) > 0 {
		fmt.Fprintln(bw, "\nother findings (they do not decide the rollback verdict):")
		for _, it := range other {
			fmt.Fprintf(bw, "  %s: %s (%s)\n", pos(it.Pos.File, it.Pos.Line, it.Pos.Col), Escape(oneLine(it.Message)), st.Severity(string(it.Severity), it.Rule))
		}
	}
	// Syntax errors of new migrations are listed as not read already.
	listed := map[string]bool{}
	for _, u := range r.Unread {
		if u.Kind == verdict.UnreadSyntax {
			listed[position(u.File, u.Line, u.Col)] = true
		}
	}
	var errs []string
	for _, e := range r.Errors {
		if p := position(e.Pos.File, e.Pos.Line, e.Pos.Col); !listed[p] {
			errs = append(errs, fmt.Sprintf("  %s: %s", pos(e.Pos.File, e.Pos.Line, e.Pos.Col), Escape(oneLine(e.Msg))))
		}
	}
	if len(errs) > 0 {
		fmt.Fprintln(bw, "\n"+st.Bad("errors:"))
		for _, e := range errs {
			fmt.Fprintln(bw, e)
		}
	}
	var news []string
	for _, m := range r.Migrations {
		if m.New {
			news = append(news, Escape(m.Path))
		}
	}
	fmt.Fprintf(bw, "\n%s in this release", plural(len(news), "new migration", "new migrations"))
	if len(news) > 0 {
		fmt.Fprintf(bw, ": %s", strings.Join(news, ", "))
	}
	fmt.Fprintf(bw, "; %s read in %s\n", plural(r.OldCodeSites, "SQL statement", "SQL statements"), Escape(r.Old.Label))
	return bw.Flush()
}

// JSONReference is an old-code site in the verdict JSON.
type JSONReference struct {
	File       string `json:"file"`
	Line       int    `json:"line"`
	Column     int    `json:"column"`
	SQL        string `json:"sql"`
	Kind       string `json:"kind"`
	Confidence string `json:"confidence"`
	Via        string `json:"via"` // the library or wrapper the SQL went through, "" when direct
}

// JSONVerdictFinding is a finding in the verdict JSON: the lint keys plus
// the verdict's.
type JSONVerdictFinding struct {
	JSONFinding
	Blocking     bool            `json:"blocking"`
	Acknowledged bool            `json:"acknowledged"`
	AckReason    string          `json:"acknowledged_reason"`
	References   []JSONReference `json:"references"`
	Possible     []JSONReference `json:"possible_references"`
	Why          string          `json:"why"`
	Fix          []string        `json:"fix"`
}

// JSONWarning is something the verdict could not decide and says so: a
// site of partial or run-time SQL that may use what the release changes.
type JSONWarning struct {
	Message string         `json:"message"`
	File    string         `json:"file"`
	Line    int            `json:"line"`
	Site    *JSONReference `json:"site"` // the old-code site, null when there is none
}

// JSONMigration is a migration of the new release in the verdict JSON.
// Every key is always present.
type JSONMigration struct {
	Path     string `json:"path"`
	Version  string `json:"version"`
	New      bool   `json:"new"`      // not in the old release: the release applies it
	Modified bool   `json:"modified"` // in the old release, and edited since (modified-migration)
	// Down is the schema rollback of a new migration: "missing",
	// "restoring" or "lossy"; "" for a migration that is not new.
	Down     string `json:"down"`
	DownNote string `json:"down_note"` // why Down is what it is ("" when Down is "")
}

// JSONUnread is something the verdict did not read (it is unknown until
// each is fixed, or --allow-unread). Every key is always present.
type JSONUnread struct {
	Kind   string `json:"kind"` // syntax-error, no-migrations, unrecognised-file, …: rbcheck explain KIND
	File   string `json:"file"` // "" when the item is not one file
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Reason string `json:"reason"`
	Help   string `json:"help"`
}

// JSONVerdict is the stable verdict JSON.
type JSONVerdict struct {
	RbcheckVersion string               `json:"rbcheck_version"`
	Old            string               `json:"old"`
	New            string               `json:"new"`
	OldCommit      string               `json:"old_commit"`
	NewCommit      string               `json:"new_commit"`
	Verdict        string               `json:"verdict"`
	ReadVerdict    string               `json:"read_verdict"`
	Acknowledged   bool                 `json:"acknowledged"`
	Unread         []JSONUnread         `json:"unread"`
	Migrations     []JSONMigration      `json:"migrations"`
	Findings       []JSONVerdictFinding `json:"findings"`
	Warnings       []JSONWarning        `json:"warnings"`
	Errors         []JSONError          `json:"errors"`
}

func refs(sites []verdict.Site) []JSONReference {
	out := []JSONReference{}
	for _, s := range sites {
		out = append(out, JSONReference{File: s.File, Line: s.Line, Column: s.Col, SQL: s.SQL, Kind: string(s.Kind), Confidence: s.Confidence, Via: s.Via})
	}
	return out
}

// VerdictJSON converts a result to its JSON form.
func VerdictJSON(r *verdict.Result) *JSONVerdict {
	j := &JSONVerdict{
		RbcheckVersion: Version,
		Old:            r.Old.Label, New: r.New.Label, OldCommit: r.Old.Commit, NewCommit: r.New.Commit,
		Verdict: r.Verdict, ReadVerdict: r.ReadVerdict, Acknowledged: r.Acknowledged, Unread: []JSONUnread{},
		Migrations: []JSONMigration{}, Findings: []JSONVerdictFinding{}, Warnings: []JSONWarning{}, Errors: []JSONError{},
	}
	for _, w := range r.Warnings {
		jw := JSONWarning{Message: w.Message, File: w.File, Line: w.Line}
		if w.Site != nil {
			ref := refs([]verdict.Site{*w.Site})[0]
			jw.Site = &ref
			if jw.File == "" {
				jw.File, jw.Line = ref.File, ref.Line
			}
		}
		j.Warnings = append(j.Warnings, jw)
	}
	for _, u := range r.Unread {
		j.Unread = append(j.Unread, JSONUnread{Kind: u.Kind, File: u.File, Line: u.Line, Column: u.Col, Reason: u.Reason, Help: u.Help})
	}
	if j.ReadVerdict == "" {
		j.ReadVerdict = j.Verdict
	}
	for _, m := range r.Migrations {
		j.Migrations = append(j.Migrations, JSONMigration{Path: m.Path, Version: m.Version, New: m.New, Modified: m.Modified, Down: m.Down, DownNote: m.DownNote})
	}
	for _, it := range r.Findings {
		f := JSONVerdictFinding{
			JSONFinding: JSONFinding{
				Rule: it.Rule, Severity: string(it.Severity), Effect: string(it.Effect),
				File: it.Pos.File, Line: it.Pos.Line, Column: it.Pos.Col,
				Message: it.Message, Help: it.Help, Object: it.Object, DocURL: RuleURL(it.Rule),
			},
			Blocking: it.Blocking, Acknowledged: it.Acknowledged, AckReason: it.AckReason,
			References: refs(it.Evidence.Confirmed), Possible: refs(it.Evidence.Possible), Why: it.Evidence.Why, Fix: it.Recipe,
		}
		if f.Fix == nil {
			f.Fix = []string{}
		}
		j.Findings = append(j.Findings, f)
	}
	for _, e := range r.Errors {
		j.Errors = append(j.Errors, JSONError{File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Msg})
	}
	return j
}

// mdText makes s plain text in markdown, inside a table cell too: no
// emphasis, links, HTML or column breaks, no control characters.
func mdText(s string) string { return mdTextEscaper.Replace(Escape(oneLine(s))) }

var mdTextEscaper = strings.NewReplacer(
	"\\", "\\\\", "|", "\\|", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]",
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "~", "\\~", "#", "\\#",
)

// mdCode puts s in a code span that survives a table cell; "" stays "".
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	return "`" + strings.NewReplacer("`", "'", "|", "\\|").Replace(Escape(oneLine(s))) + "`"
}

func mdEscape(s string) string { return mdText(s) }

func verdictMarkdown(w io.Writer, r *verdict.Result) error {
	bw := bufio.NewWriter(w)
	icon := "✅"
	switch {
	case r.Verdict == verdict.Unknown:
		icon = "❓"
	case r.Verdict == verdict.RollForwardOnly:
		icon = "⛔"
		if r.Acknowledged {
			icon = "⚠️"
		}
	}
	fmt.Fprintf(bw, "### %s rbcheck: `%s`\n\n%s\n", icon, r.Verdict, mdText(Headline(r)))
	if len(r.Unread) > 0 {
		fmt.Fprintf(bw, "\n**%s**\n\n| where | what was not read | how to fix it |\n|---|---|---|\n", strings.TrimSuffix(unreadTitle(r), ":"))
		for _, u := range r.Unread {
			where := "—"
			if u.File != "" {
				where = mdCode(position(u.File, u.Line, u.Col))
			}
			fmt.Fprintf(bw, "| %s | %s (%s) | %s |\n", where, mdEscape(u.Reason), u.Kind, mdEscape(u.Help))
		}
	}
	var blocking []verdict.Item
	for _, it := range r.Findings {
		if it.Blocking {
			blocking = append(blocking, it)
		}
	}
	if len(blocking) > 0 {
		fmt.Fprintln(bw, "\n| migration | change | old code that breaks |\n|---|---|---|")
		for _, it := range blocking {
			var sites []string
			for _, g := range groupSites(it.Evidence.Confirmed) {
				sites = append(sites, mdCode(position(g.File, g.Line, 0))+mdEscape(g.suffix()))
			}
			msg := mdEscape(it.Message)
			if it.Acknowledged {
				msg += " (acknowledged: " + mdEscape(it.AckReason) + ")"
			}
			fmt.Fprintf(bw, "| %s | %s ([%s](%s)) | %s |\n", mdCode(position(it.Pos.File, it.Pos.Line, 0)), msg, it.Rule, RuleURL(it.Rule), strings.Join(sites, "<br>"))
		}
		for _, it := range blocking {
			if len(it.Recipe) == 0 {
				continue
			}
			fmt.Fprintf(bw, "\n<details><summary>safe way for <code>%s</code> (%s)</summary>\n\n", mdEscape(objectText(it.Object)), it.Rule)
			for i, s := range it.Recipe {
				fmt.Fprintf(bw, "%d. %s\n", i+1, mdText(s))
			}
			fmt.Fprintln(bw, "\n</details>")
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintln(bw, "\n**warnings**")
		for _, wn := range r.Warnings {
			fmt.Fprintf(bw, "- %s\n", mdEscape(wn.Message))
		}
	}
	var others int
	for _, it := range r.Findings {
		if !it.Blocking {
			others++
		}
	}
	if others > 0 {
		fmt.Fprintf(bw, "\n<details><summary>%s that do not decide the verdict</summary>\n\n", plural(others, "other finding", "other findings"))
		for _, it := range r.Findings {
			if !it.Blocking {
				fmt.Fprintf(bw, "- %s %s (%s)\n", mdCode(position(it.Pos.File, it.Pos.Line, 0)), mdEscape(it.Message), it.Rule)
			}
		}
		fmt.Fprintln(bw, "\n</details>")
	}
	return bw.Flush()
}

func objectText(o rules.Object) string {
	switch {
	case o.Column != "":
		return o.Table + "." + o.Column
	case o.Table != "":
		return o.Table
	}
	return o.Name
}

func verdictRule(name string) *rules.Rule {
	if r := rules.Doc(name); r != nil {
		return r
	}
	return &rules.Rule{Name: name, Title: name, Severity: rules.Warning, Default: true}
}

// unreadRule is the SARIF rule of what the verdict did not read.
var unreadRule = &rules.Rule{Name: "unread", Title: "rbcheck could not read a file the release changes, so the verdict cannot vouch for it", Severity: rules.Error, Default: true,
	Why: "A migration that does not parse, a configured folder that selects nothing, a .sql file of no known format or old code that could not be analysed is not checked, nor are the old code's calls into a database library rbcheck does not read (ent's builders, xorm, goqu…) when the release changes what they could use: the release verdict is unknown until it is fixed (an exclude, a format, a template value) or --allow-unread is given."}

// UnreadDocURL documents the unknown verdict.
const UnreadDocURL = "https://github.com/rbcheck/rbcheck/blob/main/docs/release-verdict.md#unknown-what-was-not-read"

func verdictSARIF(w io.Writer, r *verdict.Result) error {
	s := NewSARIF()
	for _, u := range r.Unread {
		level := "error"
		if r.Verdict != verdict.Unknown {
			level = "warning" // --allow-unread
		}
		s.AddResult(unreadRule, level, u.Reason+"\nhelp: "+u.Help, u.File, u.Line, u.Col)
		d := &s.Log.Runs[0].Tool.Driver.Rules[s.Rule(unreadRule)]
		d.HelpURI = UnreadDocURL
		d.Help = &SARIFMessage{Text: unreadRule.Why + "\n" + UnreadDocURL}
	}
	for _, it := range r.Findings {
		level := SARIFLevel(it.Severity)
		msg := it.Message
		if it.Effect == rules.BreaksOldCode {
			if it.Blocking && !it.Acknowledged {
				level = "error"
			} else if !it.Blocking {
				level = "note"
			}
			if len(it.Evidence.Confirmed) > 0 {
				msg += fmt.Sprintf(": %s still uses it at %s:%d", r.Old.Label, it.Evidence.Confirmed[0].File, it.Evidence.Confirmed[0].Line)
			}
		}
		s.AddResult(verdictRule(it.Rule), level, msg, it.Pos.File, it.Pos.Line, it.Pos.Col)
	}
	return s.Write(w)
}

func verdictGitHub(w io.Writer, r *verdict.Result) error {
	bw := bufio.NewWriter(w)
	for _, u := range r.Unread {
		level := "error"
		if r.Verdict != verdict.Unknown {
			level = "warning"
		}
		props := []Prop{{"title", "rbcheck: not read (" + u.Kind + ")"}}
		if u.File != "" {
			props = []Prop{{"file", u.File}, {"line", fmt.Sprint(max(u.Line, 1))}, {"col", fmt.Sprint(max(u.Col, 1))}, props[0]}
		}
		fmt.Fprintln(bw, GitHubCommand(level, props, u.Reason+"\nhelp: "+u.Help))
	}
	for _, it := range r.Findings {
		level := githubLevel(it.Severity)
		if it.Effect == rules.BreaksOldCode {
			switch {
			case it.Blocking && !it.Acknowledged:
				level = "error"
			case !it.Blocking:
				level = "notice"
			default:
				level = "warning"
			}
		}
		msg := it.Message
		for _, s := range it.Evidence.Confirmed {
			msg += fmt.Sprintf("\nold code: %s:%d: %s", s.File, s.Line, sqlSnippet(s.SQL))
		}
		if it.Help != "" {
			msg += "\nhelp: " + it.Help
		}
		fmt.Fprintln(bw, GitHubCommand(level, []Prop{
			{"file", it.Pos.File}, {"line", fmt.Sprint(it.Pos.Line)}, {"col", fmt.Sprint(it.Pos.Col)},
			{"title", "rbcheck " + it.Rule},
		}, msg))
	}
	headLevel := "notice"
	if r.Verdict == verdict.Unknown {
		headLevel = "error"
	}
	fmt.Fprintln(bw, GitHubCommand(headLevel, []Prop{{"title", "rbcheck verdict"}}, Headline(r)))
	return bw.Flush()
}
