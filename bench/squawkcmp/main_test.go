package main

import (
	"path/filepath"
	"testing"

	"github.com/rbcheck/rbcheck/rules"
)

// TestSnippetsParse checks the snippet file: every snippet names a squawk
// rule and existing rbcheck rules, and rbcheck reads it without errors.
func TestSnippetsParse(t *testing.T) {
	snips, err := parse(filepath.Join("snippets.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if len(snips) < 50 {
		t.Fatalf("only %d snippets", len(snips))
	}
	seen := map[string]bool{}
	for _, s := range snips {
		if seen[s.name] {
			t.Errorf("snippet %s appears twice", s.name)
		}
		seen[s.name] = true
		for _, r := range s.rbcheck {
			if rules.Get(r) == nil {
				t.Errorf("snippet %s names unknown rbcheck rule %q", s.name, r)
			}
		}
		fired, err := runRbcheck(s, false)
		if err != nil {
			t.Errorf("snippet %s: %v", s.name, err)
		}
		// rbcheck's default rules are meant to be right about every
		// snippet; a change that makes them wrong shows here.
		if fired != s.hazard {
			t.Errorf("snippet %s: rbcheck's default rules fire=%v, the snippet says hazard=%v", s.name, fired, s.hazard)
		}
	}
}
