package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/rules"
)

// TestRulesCommand checks `rbcheck rules` lists every registered rule with
// its effect, severity, default and title, in text and JSON.
func TestRulesCommand(t *testing.T) {
	all := rules.All()
	if len(all) == 0 {
		t.Fatal("no rules registered")
	}
	var out, errb bytes.Buffer
	if code := Main(&Env{Stdout: &out, Stderr: &errb}, []string{"rules"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(out.String(), "\n")
	if !strings.HasPrefix(lines[0], "NAME") {
		t.Errorf("no header: %q", lines[0])
	}
	for i, r := range all {
		f := strings.Fields(lines[i+1])
		def := "off"
		if r.Default {
			def = "on"
		}
		if len(f) < 5 || f[0] != r.Name || f[1] != string(r.Effect) || f[2] != string(r.Severity) || f[3] != def ||
			strings.Join(f[4:], " ") != strings.Join(strings.Fields(r.Title), " ") {
			t.Errorf("line for %s is %q", r.Name, lines[i+1])
		}
	}

	out.Reset()
	if code := Main(&Env{Stdout: &out, Stderr: &errb}, []string{"rules", "--format", "json"}); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var got []ruleJSON
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(all) {
		t.Fatalf("%d rules in JSON, %d registered", len(got), len(all))
	}
	for i, r := range all {
		g := got[i]
		if g.Name != r.Name || g.Effect != string(r.Effect) || g.Severity != string(r.Severity) || g.Default != r.Default ||
			g.Title != r.Title || !strings.HasSuffix(g.DocURL, "/docs/rules/"+r.Name+".md") {
			t.Errorf("JSON for %s is %+v", r.Name, g)
		}
	}
}

// TestExplainEveryRule checks explain prints each rule's documentation.
func TestExplainEveryRule(t *testing.T) {
	for _, r := range append(rules.All(), nil) {
		name := "syntax-error"
		if r != nil {
			name = r.Name
		}
		var out, errb bytes.Buffer
		if code := Main(&Env{Stdout: &out, Stderr: &errb}, []string{"explain", name}); code != ExitOK {
			t.Errorf("explain %s: exit %d: %s", name, code, errb.String())
			continue
		}
		if !strings.Contains(out.String(), name) || out.Len() < 100 {
			t.Errorf("explain %s printed %q", name, out.String())
		}
	}
}
