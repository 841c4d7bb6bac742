package rules

import (
	_ "embed"
	"fmt"
	"strings"
)

// effectText explains an effect on rollback in one sentence.
func effectText(e Effect) string {
	switch e {
	case BreaksOldCode:
		return "**breaks old code**: once this runs, the previous release (the rollback target) fails or reads wrong data where it uses the object"
	case DataLoss:
		return "**data loss**: rolling the schema or the code back cannot bring the data back"
	case Locking:
		return "**locking**: deploy safety only; the statement blocks reads or writes while it runs, rollback is not affected"
	case NoEffect:
		return "**none**: style or hygiene, rollback is not affected"
	}
	return string(e)
}

// Markdown renders a rule's documentation page (docs/rules/<name>.md), or
// that of a finding that is not a rule (Pseudo).
func Markdown(r *Rule) string {
	ps := pseudoOf(r)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.Name)
	fmt.Fprintf(&b, "%s.\n\n", strings.TrimSuffix(strings.TrimSpace(r.Title), "."))
	b.WriteString("| | |\n|---|---|\n")
	if ps != nil {
		fmt.Fprintf(&b, "| Reported by | %s; not a rule, always on |\n", ps.reportedBy)
	}
	effect := effectText(r.Effect)
	if ps != nil && ps.effect != "" {
		effect = ps.effect
	}
	fmt.Fprintf(&b, "| Effect on rollback | %s |\n", effect)
	fmt.Fprintf(&b, "| Default severity | %s |\n", r.Severity)
	enabled := "yes"
	if !r.Default {
		enabled = "no (opt-in: `enable: [" + r.Name + "]` in `.rbcheck.yaml` or `--enable " + r.Name + "`)"
	}
	if ps == nil {
		fmt.Fprintf(&b, "| Enabled by default | %s |\n", enabled)
	}
	pg := r.PGVersions
	if pg == "" {
		pg = "all"
	}
	fmt.Fprintf(&b, "| Postgres versions | %s |\n", pg)
	fmt.Fprintf(&b, "| Since | rbcheck %s |\n\n", r.Since)
	if why := strings.TrimSpace(r.Why); why != "" {
		fmt.Fprintf(&b, "## Why\n\n%s\n\n", why)
	}
	writeExample(&b, "Bad", r.Bad)
	writeExample(&b, "Good", r.Good)
	if len(r.Fix) > 0 {
		b.WriteString("## How to make the change safely\n\n")
		for i, s := range r.Fix {
			fmt.Fprintf(&b, "%d. %s\n", i+1, strings.TrimSpace(s))
		}
		b.WriteString("\n")
	}
	writeBreaks(&b, r)
	b.WriteString("## Silencing it\n\n")
	if ps != nil {
		b.WriteString(ps.silencing + "\n")
		return b.String()
	}
	fmt.Fprintf(&b, "Put `-- rbcheck:ignore %s <reason>` on the line above the statement (or "+
		"`-- rbcheck:ignore-file %s <reason>` anywhere in the file), or disable the rule in `.rbcheck.yaml`. "+
		"The reason is required.\n", r.Name, r.Name)
	return b.String()
}

// writeExample renders an example; statements before a `-- migration` line
// are the existing schema the example assumes (as in rule fixtures).
func writeExample(b *strings.Builder, title, sql string) {
	sql = strings.TrimSpace(sql)
	if sql == "" {
		return
	}
	fmt.Fprintf(b, "## %s\n\n", title)
	if schema, mig, ok := strings.Cut(sql, "\n-- migration\n"); ok {
		fmt.Fprintf(b, "Given the existing schema\n\n```sql\n%s\n```\n\nthe migration\n\n", strings.TrimSpace(schema))
		sql = strings.TrimSpace(mig)
	}
	fmt.Fprintf(b, "```sql\n%s\n```\n\n", sql)
}

// IndexMarkdown renders docs/rules/README.md: a table of every rule.
func IndexMarkdown(rs []*Rule) string {
	var b strings.Builder
	b.WriteString("# rbcheck rules\n\n")
	b.WriteString("Generated from the rule definitions in `rules/` and `rules/index_notes.md` by `go test ./rules -run TestDocs -update`; do not edit by hand.\n\n")
	b.WriteString("Effects: **breaks-old-code** (the previous release fails once the migration ran), " +
		"**data-loss** (rolling back cannot restore the data), **locking** (deploy safety), **none** (hygiene).\n\n")
	b.WriteString("The breaks-old-code and data-loss rules stay quiet on objects that the checked migrations " +
		"created themselves (no deployed code can use them yet), and assume that an object they do not know " +
		"exists (without a baseline schema, every table is someone's table). Silence a reviewed finding with " +
		"`-- rbcheck:ignore RULE reason` above the statement or `-- rbcheck:ignore-file RULE reason`; " +
		"a directive that silences nothing is reported as [unused-ignore](unused-ignore.md).\n\n")
	b.WriteString("| Rule | Effect | Severity | Default | Postgres | Title |\n|---|---|---|---|---|---|\n")
	for _, r := range rs {
		def := "on"
		if !r.Default {
			def = "opt-in"
		}
		pg := r.PGVersions
		if pg == "" {
			pg = "all"
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s | %s | %s |\n", r.Name, r.Name, r.Effect, r.Severity, def,
			strings.ReplaceAll(pg, "|", "\\|"), strings.ReplaceAll(strings.TrimSuffix(r.Title, "."), "|", "\\|"))
	}
	b.WriteString("\n## Findings that are not rules\n\n")
	b.WriteString("Reported by the parser or by the release verdict itself; they cannot be enabled or disabled, " +
		"and `rbcheck explain NAME` prints their page like a rule's.\n\n")
	b.WriteString("| Finding | Effect | Severity | Reported by | Title |\n|---|---|---|---|---|\n")
	for _, p := range pseudos {
		r := p.rule
		effect := string(r.Effect)
		if p.effect != "" {
			effect = "unknown"
		}
		fmt.Fprintf(&b, "| [%s](%s.md) | %s | %s | %s | %s |\n", r.Name, r.Name, effect, r.Severity,
			strings.ReplaceAll(p.reportedBy, "|", "\\|"), strings.ReplaceAll(strings.TrimSuffix(r.Title, "."), "|", "\\|"))
	}
	b.WriteString("\nThe Go-side checks (golangci-lint plugin, `go vet -vettool`) have their own pages in [go/](go/).\n\n")
	b.WriteString(indexNotes)
	return b.String()
}

// indexNotes is the hand-written part of docs/rules/README.md: how the
// default rule set was chosen and how it compares with squawk's.
//
//go:embed index_notes.md
var indexNotes string

// writeBreaks renders what the release verdict does with the rule: its
// Break declarations.
func writeBreaks(b *strings.Builder, r *Rule) {
	if r.Effect != BreaksOldCode {
		return
	}
	b.WriteString("## In the release verdict\n\n")
	if len(r.Breaks) == 0 {
		b.WriteString("The rule declares no change of the release it is about, so the verdict lists its findings " +
			"but never blocks on them.\n\n")
		return
	}
	b.WriteString("The verdict judges the release by its net effect on the schema the previous release runs on " +
		"(see [architecture](../architecture.md)). This rule is about these changes, and the previous " +
		"release's code breaks where it has these uses:\n\n")
	b.WriteString("| When the release's net effect is … | the verdict looks in the old code for … |\n|---|---|\n")
	for _, br := range r.Breaks {
		when := br.Change.Text()
		if len(br.Cause) > 0 {
			var ops []string
			for _, c := range br.Cause {
				ops = append(ops, "`"+string(c)+"`")
			}
			when += ", made by " + strings.Join(ops, ", ")
		}
		if br.When != nil {
			when += " (see Why)"
		}
		var uses []string
		for _, u := range br.Uses {
			uses = append(uses, u.Text())
		}
		what := strings.Join(uses, "; ")
		if what == "" {
			what = "nothing: no use of old code is known to break (reported, never blocking)"
		}
		fmt.Fprintf(b, "| %s | %s |\n", when, what)
	}
	b.WriteString("\n")
}
