package cli

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/rbcheck/rbcheck/analyzer/migrationcheck"
	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/rules"
)

func init() {
	register(&Command{
		Name:  "rules",
		Short: "list the migration rules",
		Usage: "rbcheck rules [--format text|json]",
		Long: "Rules lists every migration rule with its effect on rollback, default severity, whether it is on by " +
			"default, and its title. rbcheck explain NAME prints one rule's documentation.",
		Examples: []string{"rbcheck rules", "rbcheck rules --format json"},
		Formats:  []string{"text", "json"},
		Run:      runRules,
	})
	register(&Command{
		Name:  "explain",
		Short: "print the documentation of a rule or of any finding rbcheck reports",
		Usage: "rbcheck explain NAME",
		Long: "Explain prints the documentation of NAME as markdown: the problem, a bad and a good example, and " +
			"the safe way to make the change. NAME is any name rbcheck prints after a finding: a migration rule " +
			"(rbcheck rules lists them), a finding of the parser or the release verdict (syntax-error, " +
			"modified-migration, select-star-column-set), or a Go-side check of the golangci-lint plugin and " +
			"rbcheck-vet (uses-removed-object, …; go/NAME picks the Go-side check when both have the name).",
		Args:     [][2]string{{"NAME", "a rule or finding name, e.g. drop-column"}},
		Examples: []string{"rbcheck explain drop-column", "rbcheck explain modified-migration", "rbcheck explain uses-removed-object"},
		Run:      runExplain,
	})
}

// ruleJSON is one rule in `rbcheck rules --format json`.
type ruleJSON struct {
	Name       string `json:"name"`
	Title      string `json:"title"`
	Effect     string `json:"effect"`
	Severity   string `json:"severity"`
	Default    bool   `json:"default"`
	PGVersions string `json:"pg_versions"`
	Since      string `json:"since"`
	DocURL     string `json:"doc_url"`
}

func runRules(env *Env, args []string) int {
	cmd := commands["rules"]
	var format string
	fset := cmd.flags(env, &format)
	if code, ok := fset.parse(args); !ok {
		return code
	}
	if fset.NArg() > 0 {
		return env.usageError(cmd, "rules takes no arguments; to read one rule run rbcheck explain %s", fset.Arg(0))
	}
	all := rules.All()
	switch format {
	case "json":
		out := []ruleJSON{}
		for _, r := range all {
			out = append(out, ruleJSON{
				Name: r.Name, Title: r.Title, Effect: string(r.Effect), Severity: string(r.Severity),
				Default: r.Default, PGVersions: r.PGVersions, Since: r.Since, DocURL: report.RuleURL(r.Name),
			})
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			env.Errorf("%s", err)
			return ExitError
		}
	case "text":
		tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tEFFECT\tSEVERITY\tDEFAULT\tTITLE")
		for _, r := range all {
			def := "off"
			if r.Default {
				def = "on"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, r.Effect, r.Severity, def, r.Title)
		}
		tw.Flush()
		fmt.Fprintf(env.Stdout, "\n%d rules; rbcheck explain RULE prints one rule's documentation\n", len(all))
		var other []string
		for _, r := range rules.Pseudo() {
			other = append(other, r.Name)
		}
		fmt.Fprintf(env.Stdout, "also reported, not rules: %s (rbcheck explain NAME)\n", strings.Join(other, ", "))
	}
	return ExitOK
}

func runExplain(env *Env, args []string) int {
	cmd := commands["explain"]
	fset := cmd.flags(env, nil)
	if code, ok := fset.parse(args); !ok {
		return code
	}
	if fset.NArg() != 1 {
		return env.usageError(cmd, "explain takes one name, got %d; rbcheck rules lists the rules", fset.NArg())
	}
	name := strings.TrimSpace(fset.Arg(0))
	docs := explainDocs(name)
	if len(docs) == 0 {
		env.Errorf("unknown rule or finding %q%s", name, didYouMean(name, explainNames()))
		return ExitError
	}
	for i, d := range docs {
		if i > 0 {
			fmt.Fprintln(env.Stdout)
		}
		if !strings.HasSuffix(d, "\n") {
			d += "\n"
		}
		fmt.Fprint(env.Stdout, d)
	}
	return ExitOK
}

// explainDocs returns the documentation pages of name: a migration rule or
// a finding that is not a rule (rules.Doc), and/or a Go-side check
// (migrationcheck; "go/NAME" asks for that one only).
func explainDocs(name string) []string {
	if goName, ok := strings.CutPrefix(name, "go/"); ok {
		if r := goRule(goName); r != nil {
			return []string{migrationcheck.Markdown(r)}
		}
		return nil
	}
	var out []string
	if r := rules.Doc(name); r != nil {
		md := report.RuleDoc(r)
		if goRule(name) != nil {
			md = strings.TrimRight(md, "\n") + "\n\nA Go-side check has the same name (it reports Go code, not migrations): rbcheck explain go/" + name + "\n"
			return []string{md}
		}
		out = append(out, md)
	}
	if r := goRule(name); r != nil {
		out = append(out, migrationcheck.Markdown(r))
	}
	return out
}

func goRule(name string) *migrationcheck.Rule {
	for _, r := range migrationcheck.Rules {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// explainNames lists every name explain knows.
func explainNames() []string {
	var names []string
	for _, r := range append(rules.All(), rules.Pseudo()...) {
		names = append(names, r.Name)
	}
	for _, r := range migrationcheck.Rules {
		names = append(names, r.Name)
	}
	return names
}
