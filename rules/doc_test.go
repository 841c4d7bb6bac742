package rules_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rbcheck/rbcheck/rules"
)

var update = flag.Bool("update", false, "rewrite docs/rules from the rule definitions")

const docsDir = "../docs/rules"

// TestDocs fails when docs/rules is stale; -update rewrites it.
func TestDocs(t *testing.T) {
	want := map[string]string{"README.md": rules.IndexMarkdown(rules.All())}
	for _, r := range append(rules.All(), rules.Pseudo()...) {
		want[r.Name+".md"] = rules.Markdown(r)
	}
	if *update {
		if err := os.MkdirAll(docsDir, 0o755); err != nil {
			t.Fatal(err)
		}
		old, _ := filepath.Glob(filepath.Join(docsDir, "*.md"))
		for _, p := range old {
			if _, ok := want[filepath.Base(p)]; !ok {
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
			}
		}
		for name, text := range want {
			if err := os.WriteFile(filepath.Join(docsDir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	const hint = "; run `go test ./rules -run TestDocs -update` to regenerate docs/rules"
	for name, text := range want {
		got, err := os.ReadFile(filepath.Join(docsDir, name))
		if err != nil {
			t.Errorf("docs/rules/%s is missing%s", name, hint)
			continue
		}
		if string(got) != text {
			t.Errorf("docs/rules/%s is stale%s", name, hint)
		}
	}
	have, _ := filepath.Glob(filepath.Join(docsDir, "*.md"))
	for _, p := range have {
		if _, ok := want[filepath.Base(p)]; !ok {
			t.Errorf("docs/rules/%s documents no registered rule%s", filepath.Base(p), hint)
		}
	}
}

func TestMarkdownSections(t *testing.T) {
	r := rules.Get("drop-column")
	if r == nil {
		t.Fatal("drop-column is not registered")
	}
	md := rules.Markdown(r)
	for _, s := range []string{"# drop-column", "Effect on rollback", "breaks old code", "Default severity | error",
		"Postgres versions | all", "rbcheck 0.1.0", "## Why", "## Bad", "```sql\nALTER TABLE users DROP COLUMN legacy_email;\n```",
		"## Good", "## How to make the change safely", "1. Release the code", "rbcheck:ignore drop-column"} {
		if !strings.Contains(md, s) {
			t.Errorf("drop-column page lacks %q:\n%s", s, md)
		}
	}
	md = rules.Markdown(rules.Get("drop-column-default"))
	if !strings.Contains(md, "Given the existing schema\n\n```sql\nCREATE TABLE orders") || !strings.Contains(md, "the migration\n\n```sql\nALTER TABLE orders") {
		t.Errorf("an example with a baseline is not split:\n%s", md)
	}
	idx := rules.IndexMarkdown(rules.All())
	if !strings.Contains(idx, "| [drop-column](drop-column.md) | breaks-old-code | error | on |") {
		t.Errorf("index lacks the drop-column row:\n%s", idx)
	}
}

// TestIndexNotesLinks checks that every rule page the hand-written part of
// docs/rules/README.md links to is a registered rule.
func TestIndexNotesLinks(t *testing.T) {
	idx := rules.IndexMarkdown(rules.All())
	_, notes, ok := strings.Cut(idx, "## How the default rule set was chosen")
	if !ok {
		t.Fatal("docs/rules/README.md lacks the section on the default rule set")
	}
	n := 0
	for _, m := range regexp.MustCompile(`\]\(([a-z0-9-]+)\.md\)`).FindAllStringSubmatch(notes, -1) {
		n++
		if rules.Get(m[1]) == nil {
			t.Errorf("docs/rules/README.md links to %s.md, which is not a rule", m[1])
		}
	}
	if n < 30 {
		t.Errorf("only %d rule links in the notes", n)
	}
}
