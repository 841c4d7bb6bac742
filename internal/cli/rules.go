package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/rbcheck/rbcheck/internal/report"
	"github.com/rbcheck/rbcheck/rules"
)

func init() {
	register(&Command{Name: "rules", Short: "list the migration rules", Run: runRules})
	register(&Command{Name: "explain", Short: "print a rule's documentation", Run: runExplain})
}

// ruleJSON is one rule in `rbcheck rules --format json`.
type ruleJSON struct {
	Name       string `json:"name"`
	Title      string `json:"title"`
	Effect     string `json:"effect"`
	Severity   string `json:"severity"`
	Default    bool   `json:"default"`
	PGVersions string `json:"pg_versions,omitempty"`
	Since      string `json:"since,omitempty"`
	DocURL     string `json:"doc_url"`
}

func runRules(env *Env, args []string) int {
	fset := pflag.NewFlagSet("rules", pflag.ContinueOnError)
	fset.SetOutput(env.Stderr)
	format := fset.String("format", "text", "output format: text or json")
	fset.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: rbcheck rules [--format text|json]")
		fmt.Fprint(env.Stderr, fset.FlagUsages())
	}
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	if fset.NArg() > 0 {
		env.Errorf("rules takes no arguments; to read one rule run rbcheck explain %s", fset.Arg(0))
		return ExitError
	}
	all := rules.All()
	switch *format {
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
	default:
		env.Errorf("unknown format %q (known: text, json)", *format)
		return ExitError
	}
	return ExitOK
}

func runExplain(env *Env, args []string) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprintln(env.Stderr, "usage: rbcheck explain RULE")
		return ExitOK
	}
	if len(args) != 1 {
		env.Errorf("explain takes one rule name; rbcheck rules lists them")
		return ExitError
	}
	name := strings.TrimSpace(args[0])
	r := rules.Get(name)
	if r == nil && name == report.SyntaxErrorRule {
		r = report.SyntaxErrorRuleDoc()
	}
	if r == nil {
		var names []string
		for _, x := range rules.All() {
			names = append(names, x.Name)
		}
		env.Errorf("unknown rule %q%s", name, didYouMean(name, names))
		return ExitError
	}
	md := report.RuleDoc(r)
	if !strings.HasSuffix(md, "\n") {
		md += "\n"
	}
	fmt.Fprint(env.Stdout, md)
	return ExitOK
}
